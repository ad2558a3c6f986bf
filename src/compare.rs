//! Multi-article comparison: split a pasted text into articles, analyse each, and compare who
//! speaks in each, which quotations appear in more than one, and which entities only one
//! article mentions.
//!
//! - [`split_articles`] splits on separator lines: a line holding nothing but three or more
//!   `-`, three or more `=`, or three or more `*` (spaces between them allowed: `* * *`).
//! - [`compare`] takes `(name, analysis, text)` triples and returns a [`Comparison`] (serde).
//! - [`analyze_articles`] does both steps' first half: split and analyse.
//!
//! Quotation matching is tolerant: texts are normalised (case folded, curly and straight marks
//! and all punctuation dropped, whitespace collapsed) and cut into word 3-shingles; quotations
//! sharing a shingle are candidates (an inverted index, so the work stays linear in the text
//! for ordinary input); a candidate pair matches when one normalised text contains the other,
//! or when their word sets overlap by at least [`OVERLAP`] of the smaller set. Identical
//! normalised texts always match. See `docs/entities.md`.

use crate::contract::{Analysis, Kind};
use crate::entities::{country_of, name_key};
use crate::values::is_named;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// Share of the smaller word set two quotations must have in common to match.
pub const OVERLAP: f64 = 0.8;
/// Quotations with fewer normalised words than this are not compared (too generic).
pub const MIN_WORDS: usize = 3;
/// Shingles shared by more quotations than this are ignored as candidates (too common).
const MAX_POSTING: usize = 64;

/// One article cut from a pasted text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticlePart<'t> {
    /// Its first non-empty line (shortened to 80 characters), or "Article N".
    pub name: String,
    /// Its text, without the separator lines.
    pub text: &'t str,
    /// Byte offset of `text` in the pasted text.
    pub start: usize,
    /// Code-point offset of `text` in the pasted text.
    pub start_char: usize,
}

/// True for a separator line: only `-` (3+), only `=` (3+), or only `*` (3+) and spaces.
pub fn is_separator(line: &str) -> bool {
    let t = line.trim();
    let count = |c: char| t.chars().filter(|&x| x == c).count();
    (count('-') >= 3 && t.chars().all(|c| c == '-'))
        || (count('=') >= 3 && t.chars().all(|c| c == '='))
        || (count('*') >= 3 && t.chars().all(|c| c == '*' || c == ' ' || c == '\t'))
}

/// Splits a pasted text into articles at separator lines ([`is_separator`]). Parts with no
/// text are dropped; text without separators is one article.
pub fn split_articles<'t>(text: &'t str) -> Vec<ArticlePart<'t>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut pos = 0;
    let mut chars_before = 0;
    let mut start_char = 0;
    let push = |a: usize, b: usize, start_char: usize, out: &mut Vec<ArticlePart<'t>>| {
        let part = &text[a..b];
        if part.trim().is_empty() {
            return;
        }
        let n = out.len() + 1;
        let name = part
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .map(|l| {
                if l.chars().count() > 80 {
                    let mut s: String = l.chars().take(79).collect();
                    s.push('…');
                    s
                } else {
                    l.to_string()
                }
            })
            .unwrap_or_else(|| format!("Article {n}"));
        out.push(ArticlePart {
            name,
            text: part,
            start: a,
            start_char,
        });
    };
    for line in text.split_inclusive('\n') {
        let line_chars = line.chars().count();
        if is_separator(line) {
            push(start, pos, start_char, &mut out);
            start = pos + line.len();
            start_char = chars_before + line_chars;
        }
        pos += line.len();
        chars_before += line_chars;
    }
    push(start, text.len(), start_char, &mut out);
    out
}

/// Splits a pasted text ([`split_articles`]) and analyses each article: the input of
/// [`compare`].
pub fn analyze_articles(text: &str) -> Vec<(String, Analysis, String)> {
    split_articles(text)
        .into_iter()
        .map(|p| (p.name, crate::analyze(p.text), p.text.to_string()))
        .collect()
}

/// The comparison of several articles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Comparison {
    /// One summary per article, in input order.
    pub articles: Vec<ArticleSummary>,
    /// Quotations that appear (tolerantly matched) in more than one article.
    pub shared_quotes: Vec<SharedQuote>,
    /// Named entities that several articles mention, matched by name or alias.
    pub shared_entities: Vec<SharedEntity>,
    /// Named entities that only one article mentions.
    pub unique_entities: Vec<EntityRef>,
}

/// Who speaks in one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleSummary {
    /// The article's name, as given.
    pub name: String,
    /// Number of attributed quotations (not scare quotes).
    pub quote_count: usize,
    /// Speakers, most quoted first.
    pub speakers: Vec<SpeakerSummary>,
}

/// One speaker of one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpeakerSummary {
    /// The entity's name when linked, else the speaker name.
    pub name: String,
    /// Entity id in that article's analysis, when linked.
    pub entity: Option<usize>,
    /// True for unnamed sources.
    pub anonymous: bool,
    /// Ids of the quotations (in that article's analysis).
    pub quotes: Vec<usize>,
}

/// One quotation in one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteRef {
    /// Index of the article in the input.
    pub article: usize,
    /// Quote id in that article's analysis.
    pub quote: usize,
    /// Its speaker's name there, if any.
    pub speaker: Option<String>,
}

/// A quotation found in several articles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SharedQuote {
    /// The longest version's text.
    pub text: String,
    /// Every occurrence, in article order (several per article possible).
    pub occurrences: Vec<QuoteRef>,
}

/// One entity of one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityRef {
    /// Index of the article in the input.
    pub article: usize,
    /// Entity id in that article's analysis.
    pub entity: usize,
    /// Its name.
    pub name: String,
    /// Its type.
    #[serde(rename = "type")]
    pub entity_type: String,
}

/// An entity that several articles mention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SharedEntity {
    /// The longest name among its occurrences.
    pub name: String,
    /// Its type (of the first occurrence).
    #[serde(rename = "type")]
    pub entity_type: String,
    /// Every occurrence, in article order.
    pub occurrences: Vec<EntityRef>,
}

/// Union-find over `n` nodes.
struct Sets(Vec<usize>);

impl Sets {
    fn new(n: usize) -> Self {
        Sets((0..n).collect())
    }
    fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.0[ra.max(rb)] = ra.min(rb);
        }
    }
}

/// Normalised words of a quotation: lower case, letters and digits only (apostrophes inside
/// words dropped, every other mark a separator).
pub fn quote_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            cur.extend(c.to_lowercase());
        } else if matches!(c, '\'' | '’' | '‘' | 'ʼ') && !cur.is_empty() {
            // "don't" → "dont"
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn fnv(words: &[String]) -> u64 {
    words.iter().fold(crate::fnv::OFFSET, |h, w| {
        crate::fnv::extend(crate::fnv::extend(h, w.as_bytes()), b" ")
    })
}

/// True when two normalised quotations match: one contains the other, or their word sets
/// overlap by at least [`OVERLAP`] of the smaller one.
pub fn quotes_match(a: &[String], b: &[String]) -> bool {
    if a.len() < MIN_WORDS || b.len() < MIN_WORDS {
        return false;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let padded = |w: &[String]| format!(" {} ", w.join(" "));
    if padded(long).contains(&padded(short)) {
        return true;
    }
    let sa: HashSet<&str> = short.iter().map(String::as_str).collect();
    let sb: HashSet<&str> = long.iter().map(String::as_str).collect();
    let common = sa.intersection(&sb).count();
    let smaller = sa.len().min(sb.len()).max(1);
    common as f64 / smaller as f64 >= OVERLAP
}

/// Compares analysed articles, given as `(name, analysis, text)`.
pub fn compare(articles: &[(String, Analysis, String)]) -> Comparison {
    let mut cmp = Comparison::default();
    // Speakers per article.
    for (name, a, _) in articles {
        let mut speakers: Vec<SpeakerSummary> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut quote_count = 0;
        for q in &a.quotes {
            if q.kind == Kind::Scare {
                continue;
            }
            let Some(sp) = &q.speaker else { continue };
            quote_count += 1;
            let ent = sp.entity.and_then(|e| a.entities.get(e).map(|x| (e, x)));
            let (key, display) = match ent {
                Some((e, x)) => (format!("e{e}"), x.name.clone()),
                None => (format!("n{}", name_key(&sp.name)), sp.name.clone()),
            };
            let i = *index.entry(key).or_insert_with(|| {
                speakers.push(SpeakerSummary {
                    name: display,
                    entity: ent.map(|(e, _)| e),
                    anonymous: sp.anonymous,
                    quotes: Vec::new(),
                });
                speakers.len() - 1
            });
            speakers[i].quotes.push(q.id);
        }
        // Most quoted first; stable, so ties keep order of appearance.
        speakers.sort_by_key(|s| std::cmp::Reverse(s.quotes.len()));
        cmp.articles.push(ArticleSummary {
            name: name.clone(),
            quote_count,
            speakers,
        });
    }
    cmp.shared_quotes = shared_quotes(articles);
    let (shared, unique) = entity_overlap(articles);
    cmp.shared_entities = shared;
    cmp.unique_entities = unique;
    cmp
}

fn shared_quotes(articles: &[(String, Analysis, String)]) -> Vec<SharedQuote> {
    // Nodes: (article, quote id, words).
    let mut nodes: Vec<(usize, usize, Vec<String>)> = Vec::new();
    for (ai, (_, a, _)) in articles.iter().enumerate() {
        for q in &a.quotes {
            if q.kind == Kind::Scare {
                continue;
            }
            let w = quote_words(&q.text);
            if w.len() >= MIN_WORDS {
                nodes.push((ai, q.id, w));
            }
        }
    }
    let mut postings: HashMap<u64, Vec<usize>> = HashMap::new();
    let shingles = |w: &[String]| -> Vec<u64> {
        let k = 3.min(w.len());
        let mut v: Vec<u64> = w.windows(k).map(fnv).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let node_shingles: Vec<Vec<u64>> = nodes.iter().map(|n| shingles(&n.2)).collect();
    for (i, sh) in node_shingles.iter().enumerate() {
        for &h in sh {
            postings.entry(h).or_default().push(i);
        }
    }
    let mut sets = Sets::new(nodes.len());
    // Identical normalised texts match outright (also when too many share a shingle).
    let mut exact: HashMap<&[String], usize> = HashMap::new();
    for (i, n) in nodes.iter().enumerate() {
        let first = *exact.entry(n.2.as_slice()).or_insert(i);
        sets.union(first, i);
    }
    let mut tried: HashSet<(usize, usize)> = HashSet::new();
    for (i, sh) in node_shingles.iter().enumerate() {
        for h in sh {
            let Some(p) = postings.get(h) else { continue };
            if p.len() > MAX_POSTING {
                continue;
            }
            for &j in p {
                if j <= i || nodes[j].0 == nodes[i].0 || !tried.insert((i, j)) {
                    continue;
                }
                if quotes_match(&nodes[i].2, &nodes[j].2) {
                    sets.union(i, j);
                }
            }
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..nodes.len() {
        let r = sets.find(i);
        groups.entry(r).or_default().push(i);
    }
    let mut out: Vec<(usize, SharedQuote)> = Vec::new();
    for (root, members) in groups {
        let arts: HashSet<usize> = members.iter().map(|&m| nodes[m].0).collect();
        if arts.len() < 2 {
            continue;
        }
        let mut text = String::new();
        let mut occurrences = Vec::new();
        for &m in &members {
            let (ai, qi, _) = &nodes[m];
            let Some(q) = articles[*ai].1.quotes.iter().find(|q| q.id == *qi) else {
                continue;
            };
            if q.text.chars().count() > text.chars().count() {
                text = q.text.clone();
            }
            occurrences.push(QuoteRef {
                article: *ai,
                quote: *qi,
                speaker: q.speaker.as_ref().map(|s| {
                    s.entity
                        .and_then(|e| articles[*ai].1.entities.get(e))
                        .map_or_else(|| s.name.clone(), |e| e.name.clone())
                }),
            });
        }
        occurrences.sort_by_key(|o| (o.article, o.quote));
        out.push((root, SharedQuote { text, occurrences }));
    }
    out.sort_by_key(|(root, _)| *root);
    out.into_iter().map(|(_, q)| q).collect()
}

/// Matching keys of an entity: its name, its aliases (not single-word person aliases: a bare
/// surname is too weak across articles), and its country.
fn entity_keys(e: &crate::contract::Entity) -> Vec<String> {
    let mut keys = vec![name_key(&e.name)];
    for a in &e.aliases {
        if e.entity_type == "PERSON" && !a.contains(' ') {
            continue;
        }
        keys.push(name_key(a));
    }
    if let Some(c) = country_of(&e.name) {
        keys.push(name_key(c));
    }
    keys.retain(|k| !k.is_empty());
    keys.sort();
    keys.dedup();
    keys
}

fn entity_overlap(articles: &[(String, Analysis, String)]) -> (Vec<SharedEntity>, Vec<EntityRef>) {
    let mut nodes: Vec<EntityRef> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut links: Vec<(usize, usize)> = Vec::new();
    for (ai, (_, a, _)) in articles.iter().enumerate() {
        for e in &a.entities {
            if !is_named(&e.entity_type) {
                continue;
            }
            let n = nodes.len();
            nodes.push(EntityRef {
                article: ai,
                entity: e.id,
                name: e.name.clone(),
                entity_type: e.entity_type.clone(),
            });
            for k in entity_keys(e) {
                match by_key.get(&k) {
                    Some(&m) => links.push((m, n)),
                    None => {
                        by_key.insert(k, n);
                    }
                }
            }
        }
    }
    let mut sets = Sets::new(nodes.len());
    for (a, b) in links {
        sets.union(a, b);
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of: HashMap<usize, usize> = HashMap::new();
    for i in 0..nodes.len() {
        let r = sets.find(i);
        let g = *group_of.entry(r).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(i);
    }
    let mut shared = Vec::new();
    let mut unique = Vec::new();
    for g in groups {
        let arts: HashSet<usize> = g.iter().map(|&i| nodes[i].article).collect();
        if arts.len() < 2 {
            unique.extend(g.iter().map(|&i| nodes[i].clone()));
            continue;
        }
        let occ: Vec<EntityRef> = g.iter().map(|&i| nodes[i].clone()).collect();
        let name = occ
            .iter()
            .map(|o| o.name.clone())
            .max_by_key(|n| n.chars().count())
            .unwrap_or_default();
        shared.push(SharedEntity {
            name,
            entity_type: occ[0].entity_type.clone(),
            occurrences: occ,
        });
    }
    unique.sort_by_key(|u| (u.article, u.entity));
    (shared, unique)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators() {
        assert!(is_separator("---"));
        assert!(is_separator("  =====  \n"));
        assert!(is_separator("* * *"));
        assert!(is_separator("***"));
        assert!(!is_separator("--"));
        assert!(!is_separator("- - -"));
        assert!(!is_separator("--- end"));
        assert!(!is_separator(""));
    }

    #[test]
    fn splits_and_offsets() {
        let t = "One\nbody é\n---\nTwo\ntext\n* * *\n\n";
        let parts = split_articles(t);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name, "One");
        assert_eq!(parts[1].name, "Two");
        assert_eq!(&t[parts[1].start..parts[1].start + 3], "Two");
        assert_eq!(parts[1].start_char, t[..parts[1].start].chars().count());
        assert_eq!(split_articles("").len(), 0);
        assert_eq!(split_articles("---\n---").len(), 0);
    }

    #[test]
    fn tolerant_quote_matching() {
        let a = quote_words("“We will not back down,” ");
        let b = quote_words("we will NOT back down");
        assert!(quotes_match(&a, &b));
        let c = quote_words("They said: we will not back down, whatever happens next");
        assert!(quotes_match(&a, &c));
        let d = quote_words("Nothing in common here at all");
        assert!(!quotes_match(&a, &d));
        assert!(!quotes_match(&quote_words("yes"), &quote_words("yes")));
        assert_eq!(quote_words("don’t stop"), vec!["dont", "stop"]);
    }
}
