//! Fixed word lists looked up once per token or more ("is this a title?", "a pronoun?"), by
//! attribution and entities; and name keys ([`name_key`]), the normalised form of a name that
//! the NER stage's first grouping and the entity stage both match on.
//!
//! A plain slice scan compares a word with every entry; on a long document the stages ask such
//! questions millions of times, and most words are in none of the lists. [`WordList`] keeps,
//! next to the entries, a 2,048-bit filter of their hashes, computed at compile time: a word
//! whose bit is clear is turned away after hashing its bytes, and only the rest (the entries
//! and about one word in thirty of the others, for a list of 70) are compared with the entries.

/// Bits in a list's filter.
const FILTER_BITS: usize = 2048;

/// A fixed list of lower-case words with an O(1) pre-check (declare lists as `static` items).
pub struct WordList {
    words: &'static [&'static str],
    /// Bit `hash(w) % FILTER_BITS` set for every entry `w`.
    filter: [u64; FILTER_BITS / 64],
}

/// The word's FNV-1a hash, folded to a filter position.
const fn slot(w: &[u8]) -> usize {
    fold(crate::fnv::extend(crate::fnv::OFFSET, w))
}

/// A word hash folded to a filter position.
const fn fold(h: u64) -> usize {
    ((h ^ (h >> 29)) as usize) % FILTER_BITS
}

impl WordList {
    /// Builds the list and its filter at compile time.
    pub const fn new(words: &'static [&'static str]) -> Self {
        let mut filter = [0u64; FILTER_BITS / 64];
        let mut i = 0;
        while i < words.len() {
            let b = slot(words[i].as_bytes());
            filter[b / 64] |= 1 << (b % 64);
            i += 1;
        }
        WordList { words, filter }
    }

    /// Whether `word` is one of the entries (byte-wise equality, like `<[&str]>::contains`).
    #[inline]
    pub fn contains<S: AsRef<str>>(&self, word: S) -> bool {
        let w = word.as_ref().as_bytes();
        let b = slot(w);
        self.filter[b / 64] & (1 << (b % 64)) != 0 && self.words.iter().any(|e| e.as_bytes() == w)
    }

    /// Whether `word` lower-cased (as `str::to_lowercase` does it) is one of the entries; an
    /// ASCII word is compared byte by byte without building its lower-case copy.
    #[inline]
    pub fn contains_lower(&self, word: &str) -> bool {
        if !word.is_ascii() {
            return self.contains(word.to_lowercase());
        }
        let w = word.as_bytes();
        let h = w.iter().fold(crate::fnv::OFFSET, |h, &b| {
            crate::fnv::extend_byte(h, b.to_ascii_lowercase())
        });
        let b = fold(h);
        self.filter[b / 64] & (1 << (b % 64)) != 0
            && self.words.iter().any(|e| {
                e.len() == w.len() && e.bytes().zip(w).all(|(x, &y)| x == y.to_ascii_lowercase())
            })
    }

    /// The entries, in the order they were written.
    pub fn words(&self) -> &'static [&'static str] {
        self.words
    }
}

/// The normalised form of a name used for matching: lower case, curly apostrophes
/// straightened, periods dropped ("U.S." → "us"), whitespace collapsed.
pub fn name_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_name_key(s, &mut out);
    out
}

/// Appends [`name_key`] of `s` to `out` (which may already hold text), so that a caller
/// can reuse one buffer instead of allocating a string per name.
pub fn push_name_key(s: &str, out: &mut String) {
    let start = out.len();
    for word in s.split_whitespace() {
        if out.len() > start {
            out.push(' ');
        }
        if word.is_ascii() {
            // The common case, byte by byte (the same mapping as below).
            for b in word.bytes() {
                match b {
                    b'`' => out.push('\''),
                    b'.' => {}
                    _ => out.push(char::from(b.to_ascii_lowercase())),
                }
            }
            continue;
        }
        for c in word.chars() {
            match c {
                '’' | '‘' | '`' => out.push('\''),
                '.' => {}
                _ => out.extend(c.to_lowercase()),
            }
        }
    }
}

/// Titles and nouns, lower-case, that state that a person is a man ("Mr.", "congressman").
pub static MALE_WORDS: &[&str] = &[
    "mr",
    "mr.",
    "king",
    "prince",
    "father",
    "son",
    "brother",
    "husband",
    "congressman",
    "chairman",
    "businessman",
    "spokesman",
    "sir",
    "lord",
    "uncle",
    "boyfriend",
    "man",
    "grandfather",
    "nephew",
    "duke",
];
/// Titles and nouns that state that a person is a woman (the speaker ranker and the sourcing
/// stage read both lists).
pub static FEMALE_WORDS: &[&str] = &[
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "miss",
    "queen",
    "princess",
    "mother",
    "daughter",
    "sister",
    "wife",
    "congresswoman",
    "chairwoman",
    "businesswoman",
    "spokeswoman",
    "lady",
    "dame",
    "aunt",
    "girlfriend",
    "woman",
    "grandmother",
    "niece",
    "duchess",
    "madam",
];

#[cfg(test)]
mod tests {
    use super::WordList;

    const LIST: WordList = WordList::new(&["he", "she", "spokesperson", "", "gen.", "ﬁrst’s"]);

    #[test]
    fn finds_exactly_the_entries() {
        for w in ["he", "she", "spokesperson", "", "gen.", "ﬁrst’s"] {
            assert!(LIST.contains(w), "{w}");
        }
        for w in [
            "h",
            "hE",
            "the",
            "spokesperso",
            "gen",
            "ﬁrst's",
            "سے",
            "😀",
            "she ",
        ] {
            assert!(!LIST.contains(w), "{w}");
        }
        assert_eq!(LIST.words().len(), 6);
    }

    #[test]
    fn agrees_with_a_slice_scan_on_long_and_non_ascii_words() {
        let long = "x".repeat(80);
        let list: &'static [&'static str] = Box::leak(Box::new([
            "ab",
            Box::leak(long.clone().into_boxed_str()) as &str,
            "ü",
        ]));
        let wl = WordList::new(list);
        for w in ["ab", long.as_str(), "ü", "u", &"x".repeat(81), "a", "b"] {
            assert_eq!(wl.contains(w), list.contains(&w), "{w}");
        }
    }

    #[test]
    fn contains_lower_is_contains_of_the_lower_cased_word() {
        for w in [
            "He",
            "HE",
            "she",
            "Spokesperson",
            "GEN.",
            "Gen",
            "ﬁrst’s",
            "ﬁRST’S",
            "Ü",
            "the",
            "",
            "İ",
            "سے",
            "😀",
            "She ",
        ] {
            assert_eq!(
                LIST.contains_lower(w),
                LIST.contains(w.to_lowercase()),
                "{w}"
            );
        }
    }
}
