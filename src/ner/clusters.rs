//! Word clusters: a binary tree over the words of raw text, learned by `train-ner clusters`
//! (native only, by `learn_clusters` in `crates/quotelens-train`, which the runtime does not depend on) and compiled into the model. A word's cluster is its path
//! from the root (a bit string); the tagger uses prefixes of it as features, so that words
//! used alike ("Tuesday" and "Friday", "Sharif" and "Zardari") share weights even when one
//! of them is rare in the labelled data.
//!
//! The table is text, one line per leaf: the path as `0`/`1` characters, a tab, and the
//! leaf's words (lower-cased, digits folded to `0`, see [`super::features::lower_form`])
//! separated by spaces. It is keyed at run time by the words' lower-form hashes, so a lookup
//! is one hash probe per distinct word (the tagger caches it with the word's other facts).

use super::features::{self, HashedMap, TokInfo};

pub use super::paths::{depth, pack, prefix, MAX_DEPTH};

/// The word → path table.
#[derive(Debug, Default, Clone)]
pub struct Clusters {
    words: HashedMap<u64>,
    leaves: usize,
}

impl Clusters {
    /// Parses the table's text (lines `path<TAB>word word …`); malformed lines are skipped.
    pub fn parse(text: &str) -> Clusters {
        let mut c = Clusters::default();
        for line in text.lines() {
            let Some((path, words)) = line.split_once('\t') else {
                continue;
            };
            if path.len() > 64 || !path.bytes().all(|b| b == b'0' || b == b'1') {
                continue;
            }
            let len = path.len() as u32;
            let bits = path
                .bytes()
                .take(MAX_DEPTH as usize)
                .fold(0u64, |acc, b| acc << 1 | (b - b'0') as u64);
            let packed = pack(bits, len);
            c.leaves += 1;
            for w in words.split(' ').filter(|w| !w.is_empty()) {
                c.words.insert(features::lower_hash(w), packed);
            }
        }
        c
    }

    /// Number of words with a cluster.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True when the table is empty (a model trained without clusters).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Number of leaves (lines of the table).
    pub fn leaves(&self) -> usize {
        self.leaves
    }

    /// The packed path of the word with lower-form hash `lower` (0 if it has none).
    #[inline]
    pub fn get(&self, lower: u64) -> u64 {
        self.words.get(&lower).copied().unwrap_or(0)
    }

    /// Sets [`TokInfo::cluster`] of every token.
    pub fn mark(&self, infos: &mut [TokInfo]) {
        for t in infos {
            t.cluster = self.get(t.lower);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_of_packed_paths() {
        let p = pack(0b1011_0110, 8);
        assert_eq!(prefix(p, 4), pack(0b1011, 4));
        assert_eq!(prefix(p, 6), pack(0b10_1101, 6));
        assert_eq!(prefix(p, 10), p);
        assert_eq!(prefix(0, 4), 0);
        // The root's empty path is not "no cluster".
        assert_ne!(pack(0, 0), 0);
        assert_ne!(prefix(pack(0, 0), 4), prefix(pack(0, 1), 4));
    }

    #[test]
    fn table_parses_and_skips_malformed_lines() {
        let c = Clusters::parse("0110\tfriday monday\n111\tlondon\nxx\tbad\nno tab\n\t\n");
        assert_eq!(c.len(), 3);
        assert_eq!(c.get(features::lower_hash("Friday")), pack(0b0110, 4));
        assert_eq!(c.get(features::lower_hash("LONDON")), pack(0b111, 3));
        assert_eq!(c.get(features::lower_hash("bad")), 0);
        assert_eq!(c.get(features::lower_hash("paris")), 0);
    }
}
