//! Tagging tokens: the pipeline's UAX #29 tokens, reshaped to look like the Penn Treebank style
//! tokens of the training corpora.
//!
//! - A word and the period right after it become one token when the word is a title or
//!   abbreviation ("Gen.", "Corp."), a single capital ("F.") or a dotted acronym ("U.S.").
//! - A possessive or negation clitic is split off: "Pakistan’s" → "Pakistan" + "’s",
//!   "don't" → "do" + "n't".
//!
//! Training applies the same function to every corpus token, so the model sees the same
//! pieces at training and at run time (hyphenated words, for instance, are split by UAX #29
//! in both).

use crate::types::{Span, Token, TokenKind};

/// Lower-case words that keep a following period ("Gen." "Corp." "Sept.").
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cpt", "sgt", "cpl", "pvt",
    "adm", "cmdr", "brig", "gov", "sen", "rep", "rev", "fr", "st", "jr", "sr", "hon", "pres",
    "supt", "insp", "amb", "messrs", "mme", "mlle", "inc", "corp", "co", "ltd", "bros", "no", "vs",
    "etc", "dept", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "ave", "blvd", "mt", "ft", "lieut",
    "sec", "atty", "calif", "ariz", "conn", "fla", "ill", "mass", "mich", "minn", "penn", "tenn",
    "tex", "va", "wash", "wis", "md", "ga", "la", "ky", "mo", "ala", "colo", "del", "ind", "kan",
    "nev", "okla", "ore", "vt", "wyo", "neb", "ariz", "sgt", "gens", "reps", "sens", "plc",
];

/// Splits `text[span]` (a string that is not yet tokenized) into raw tokens the way the
/// pipeline's tokenizer does ([`crate::text::tokenize`]).
pub fn raw_tokens(text: &str, span: Span, out: &mut Vec<Token>) {
    crate::text::tokenize(text, span, out);
}

fn is_abbreviation(word: &str) -> bool {
    let mut chars = word.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => return c.is_uppercase(),
        (None, _) => return false,
        _ => {}
    }
    if word.len() <= 6 {
        let mut buf = [0u8; 6];
        let mut ascii = true;
        for (i, b) in word.bytes().enumerate() {
            if !b.is_ascii_alphabetic() {
                ascii = false;
                break;
            }
            buf[i] = b.to_ascii_lowercase();
        }
        if ascii {
            // `buf` holds lower-case ASCII only, so this is valid UTF-8.
            let lower = std::str::from_utf8(&buf[..word.len()]).unwrap_or("");
            if ABBREVIATIONS.contains(&lower) {
                return true;
            }
        }
    }
    // Dotted acronyms: "U.S", "U.N", "p.m", "Ph.D".
    word.contains('.') && word.chars().filter(|c| c.is_alphabetic()).count() <= 4
}

/// Length in bytes of a trailing clitic ("’s", "'s", "n't", "n’t") to split off `word`.
fn clitic_len(word: &str) -> usize {
    // Every clitic ends in "s" or "t" after an apostrophe (its last byte 0x99 in "’"): most
    // words are out after two bytes.
    match word.as_bytes() {
        [.., b'\'' | 0x99, b's' | b'S' | b't' | b'T'] => {}
        _ => return 0,
    }
    let lower_ends = |suffix: &str| {
        word.len() > suffix.len()
            && word.is_char_boundary(word.len() - suffix.len())
            && word[word.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
    };
    for suffix in ["n't", "n’t"] {
        if lower_ends(suffix) && word.len() > suffix.len() + 1 {
            return suffix.len();
        }
    }
    for suffix in ["'s", "’s"] {
        if lower_ends(suffix) {
            return suffix.len();
        }
    }
    0
}

/// Reshapes raw tokens into tagging tokens (see the module documentation), appending spans
/// to `out`.
pub fn tagging_tokens(text: &str, raw: &[Token], out: &mut Vec<Span>) {
    let mut i = 0;
    while i < raw.len() {
        let tok = raw[i];
        let word = &text[tok.span().start..tok.span().end];
        if tok.kind() == TokenKind::Word {
            if let Some(next) = raw.get(i + 1) {
                if next.span().start == tok.span().end
                    && next.span().end == next.span().start + 1
                    && text.as_bytes().get(next.span().start) == Some(&b'.')
                    && is_abbreviation(word)
                {
                    out.push(Span::new(tok.span().start, next.span().end));
                    i += 2;
                    continue;
                }
            }
            let clitic = clitic_len(word);
            if clitic > 0 {
                let cut = tok.span().end - clitic;
                out.push(Span::new(tok.span().start, cut));
                out.push(Span::new(cut, tok.span().end));
                i += 1;
                continue;
            }
        }
        // A detached clitic ("Jackson 's", as the corpora write it) is one token, like the
        // clitic split off "Jackson's" above.
        if matches!(word, "'" | "’") {
            if let Some(next) = raw.get(i + 1) {
                let nw = &text[next.span().start..next.span().end];
                if next.span().start == tok.span().end && matches!(nw, "s" | "S") {
                    out.push(Span::new(tok.span().start, next.span().end));
                    i += 2;
                    continue;
                }
            }
        }
        out.push(tok.span());
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Vec<&str> {
        let mut raw = Vec::new();
        raw_tokens(text, Span::new(0, text.len()), &mut raw);
        let mut out = Vec::new();
        tagging_tokens(text, &raw, &mut out);
        out.iter().map(|s| s.slice(text)).collect()
    }

    #[test]
    fn possessives_and_negation_split() {
        assert_eq!(pieces("Pakistan’s army"), ["Pakistan", "’s", "army"]);
        assert_eq!(pieces("KHAN'S don't"), ["KHAN", "'S", "do", "n't"]);
        assert_eq!(pieces("Jackson 's"), ["Jackson", "'s"]);
    }

    #[test]
    fn titles_and_acronyms_keep_their_period() {
        assert_eq!(
            pieces("Lt. Gen. Ahmed Sharif of the U.S. said."),
            ["Lt.", "Gen.", "Ahmed", "Sharif", "of", "the", "U.S.", "said", "."]
        );
    }

    #[test]
    fn hyphens_split() {
        assert_eq!(
            pieces("Tehreek-e-Taliban Pakistan"),
            ["Tehreek", "-", "e", "-", "Taliban", "Pakistan"]
        );
    }
}
