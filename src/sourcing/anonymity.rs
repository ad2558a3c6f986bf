//! Why an unnamed source is not named, when the text says: "who spoke on condition of
//! anonymity because they were not authorised to discuss the talks", "who asked not to be named
//! for fear of reprisal", "an official not permitted to speak publicly".
//!
//! Read in the sentence of the source's mention. A stated reason follows a phrase that grants
//! anonymity ("on condition of anonymity", "asked not to be named", "speaking anonymously") and
//! opens with "because", "for fear", "to discuss"…; a missing authorisation ("not authorized
//! to…") is a reason wherever it stands in that sentence. The reason runs to the end of its
//! clause (a comma, a dash, a closing mark or the sentence's end).

use crate::types::{Document, Span};

/// Phrases that grant or ask for anonymity (lower-case).
const GRANTS: &[&str] = &[
    "anonymity",
    "anonymously",
    "condition that he not be",
    "condition that she not be",
    "condition that they not be",
    "condition they not be",
    "condition he not be",
    "condition she not be",
    "to be named",
    "to be identified",
    "without being named",
    "without being identified",
    "without attribution",
];

/// Words that open a stated reason right after a grant (lower-case, with their space).
const OPENERS: &[&str] = &[
    "because ",
    "since ",
    "as they ",
    "as he ",
    "as she ",
    "as the ",
    "for fear ",
    "out of fear ",
    "fearing ",
    "to discuss ",
    "to describe ",
    "to talk ",
    "to speak ",
    "to detail ",
    "to share ",
    "to reveal ",
    "to comment ",
    "to offer ",
    "to provide ",
    "to give ",
    "to avoid ",
    "to protect ",
    "in order to ",
    "so as to ",
    "given the ",
];

/// A missing authorisation: a reason wherever it stands (lower-case).
const UNAUTHORISED: &[&str] = &[
    "not authorized to",
    "not authorised to",
    "not permitted to",
    "not allowed to",
    "not cleared to",
    "not empowered to",
    "no authority to",
    "unauthorized to",
    "unauthorised to",
    "lacked authority to",
    "lack authority to",
    "because of the sensitivity",
    "because of the sensitive nature",
];

/// How far after a grant a reason may open, in bytes.
const REACH: usize = 40;

/// The stated reason why the unnamed source mentioned at `mention` is not named, if the
/// mention's sentence gives one. A reason ends before any of `stops` (the quotation's cue and
/// content: "an official not permitted to speak warned that…").
pub fn reason(doc: &Document, mention: Span, stops: &[Span]) -> Option<Span> {
    let s = doc.sentence_at(mention.start)?;
    let sentence = doc.sentences[s].span();
    // ASCII lower-casing keeps every byte offset.
    let lower = doc.slice(sentence).to_ascii_lowercase();
    // A reason from byte `i` whose opening words (`keep` bytes: "not authorized to") no stop
    // may cut: "…who was not authorized to speak" may itself have been taken for a relation.
    let at = |i: usize, keep: usize| {
        let start = sentence.start + i;
        let mut end = sentence.start + clause_end(&lower, i);
        for stop in stops.iter().filter(|s| s.start >= start + keep) {
            end = end.min(stop.start);
        }
        let words = doc.slice(Span::new(start, end)).trim_end();
        Span::new(start, start + words.len())
    };
    for grant in GRANTS {
        for (g, _) in lower.match_indices(grant) {
            if !word_start(&lower, g) {
                continue;
            }
            let after = g + grant.len();
            let mut end = (after + REACH).min(lower.len());
            while !lower.is_char_boundary(end) {
                end -= 1;
            }
            let window = &lower[after..end];
            if let Some(i) = OPENERS
                .iter()
                .filter_map(|o| window.find(o).filter(|&i| word_start(&lower, after + i)))
                .min()
            {
                return Some(at(after + i, 0));
            }
        }
    }
    UNAUTHORISED
        .iter()
        .filter_map(|u| {
            lower
                .find(u)
                .filter(|&i| word_start(&lower, i))
                .map(|i| (i, u.len()))
        })
        .min()
        .map(|(i, len)| at(i, len))
}

/// True when byte `i` of `s` starts a word.
fn word_start(s: &str, i: usize) -> bool {
    s[..i]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric())
}

/// Where the clause that starts at byte `i` of `s` ends: before a comma, semicolon, colon,
/// dash, bracket or quotation mark, else before the sentence's final punctuation.
fn clause_end(s: &str, i: usize) -> usize {
    let rest = &s[i..];
    let stop = rest
        .char_indices()
        .find(|&(_, c)| matches!(c, ',' | ';' | ':' | '—' | '–' | '(' | ')' | '"' | '“' | '”'))
        .map_or(rest.len(), |(k, _)| k);
    let end = i + stop;
    i + s[i..end].trim_end_matches(['.', '!', '?', ' ', '-']).len()
}
