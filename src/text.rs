//! Stage 1: text → paragraphs, tokens and sentences.
//!
//! - **Paragraphs.** A line break ends a paragraph. The exception is hard-wrapped text (plain-text
//!   e-mail, wire copy at 70 columns): a block of three or more lines between blank lines, whose
//!   lines are all of wrap length, is one paragraph.
//! - **Tokens** come from Unicode word boundaries (UAX #29, the `unicode-segmentation` crate), so
//!   "don't", "Taliban’s", "3.5" stay whole in every script; whitespace is dropped.
//! - **Sentences** end at `.`, `!`, `?`, `…` (with any closing quotes or brackets after them)
//!   when the next token could start a sentence. A period after a title or abbreviation
//!   ("Lt. Gen.", "Dr.", "Sept."), a single initial ("John F. Kennedy") or a dotted acronym
//!   ("U.S.") does not end one, unless, for an acronym, a typical sentence opener follows.

use crate::types::{Document, Paragraph, Sentence, Span, Token, TokenKind};
use unicode_segmentation::UnicodeSegmentation;

/// Runs the stage: fills `paragraphs`, `tokens` and `sentences`.
pub fn segment(doc: &mut Document) {
    let paragraph_spans = paragraphs(doc.text);
    for span in paragraph_spans {
        let first_token = doc.tokens.len();
        tokenize_into(doc.text, span, &mut doc.tokens);
        let first_sentence = doc.sentences.len();
        let paragraph = doc.paragraphs.len();
        split_sentences(doc, first_token, paragraph);
        doc.paragraphs.push(Paragraph {
            span,
            sentences: first_sentence..doc.sentences.len(),
        });
    }
    // The token list lives through every later stage; give back the growth slack (up to half
    // of it) now, before the other stages allocate.
    doc.tokens.shrink_to_fit();
    doc.sentences.shrink_to_fit();
    doc.paragraphs.shrink_to_fit();
}

/// Lines of at most this many code points, and at least [`WRAP_MIN`], look hard-wrapped.
const WRAP_MAX: usize = 100;
const WRAP_MIN: usize = 35;

/// Splits `text` into paragraph spans, trimmed of surrounding whitespace.
pub fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut block: Vec<Span> = Vec::new(); // non-blank lines of the current block
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            flush_block(text, &mut block, &mut out);
        } else {
            block.push(Span::new(start, start + content.len()));
        }
    }
    flush_block(text, &mut block, &mut out);
    out
}

fn flush_block(text: &str, block: &mut Vec<Span>, out: &mut Vec<Span>) {
    if block.is_empty() {
        return;
    }
    let width = |s: &Span| s.slice(text).trim().chars().count();
    let wrapped = block.len() >= 3
        && block[..block.len() - 1]
            .iter()
            .all(|l| (WRAP_MIN..=WRAP_MAX).contains(&width(l)))
        && width(&block[block.len() - 1]) <= WRAP_MAX;
    if wrapped {
        let span = Span::new(block[0].start, block[block.len() - 1].end);
        out.push(trim(text, span));
    } else {
        out.extend(block.iter().map(|&l| trim(text, l)));
    }
    block.clear();
}

/// Shrinks a span to exclude leading and trailing whitespace.
pub fn trim(text: &str, span: Span) -> Span {
    let s = span.slice(text);
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead == s.len() {
        return Span::new(span.start, span.start);
    }
    Span::new(span.start + lead, span.end - trail)
}

/// True for characters that quotelens treats as quotation marks or apostrophes.
pub fn is_quote_char(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '\u{2018}'
            ..='\u{201F}' | '«' | '»' | '‹' | '›' | '「' | '」' | '『' | '』' | '＂' | '`'
    )
}

/// Tokenizes `text[span]` exactly as [`segment`] does, appending to `tokens` (the NER trainer
/// splits corpus tokens with it so training and tagging see the same pieces).
pub fn tokenize(text: &str, span: Span, tokens: &mut Vec<Token>) {
    tokenize_into(text, span, tokens);
}

fn tokenize_into(text: &str, span: Span, tokens: &mut Vec<Token>) {
    // UAX #29 always breaks before a run of spaces, and a run of spaces joins nothing after it
    // but combining marks, which stay inside the chunk. So chunks from the start of one run of
    // spaces to the next segment independently: ASCII chunks with the rules below (the same
    // boundaries as the crate, tested against it, without its table lookups), others with the
    // crate.
    let slice = span.slice(text);
    let bytes = slice.as_bytes();
    let mut chunk = 0;
    while chunk < bytes.len() {
        let mut end = chunk + bytes[chunk..].iter().take_while(|&&b| b == b' ').count();
        let mut ascii = true;
        while end < bytes.len() && bytes[end] != b' ' {
            ascii &= bytes[end].is_ascii();
            end += 1;
        }
        let piece = &slice[chunk..end];
        let start = span.start + chunk;
        if ascii {
            let mut i = 0;
            while i < piece.len() {
                let e = ascii_word_end(piece.as_bytes(), i);
                push_piece(start + i, &piece[i..e], tokens);
                i = e;
            }
        } else {
            for (offset, word) in piece.split_word_bound_indices() {
                push_piece(start + offset, word, tokens);
            }
        }
        chunk = end;
    }
}

/// Appends the token(s) of one UAX #29 word-boundary piece starting at byte `start`.
fn push_piece(start: usize, word: &str, tokens: &mut Vec<Token>) {
    let first = match word.chars().next() {
        Some(c) => c,
        None => return,
    };
    if first.is_whitespace() {
        return;
    }
    let kind = if first.is_numeric() {
        TokenKind::Number
    } else if word.chars().any(char::is_alphanumeric) {
        TokenKind::Word
    } else if word.chars().count() == 1 && is_quote_char(first) {
        TokenKind::QuoteMark
    } else {
        TokenKind::Punct
    };
    // UAX #29 keeps runs like "!!" or "—…" together only rarely; split multi-char
    // punctuation so each mark is its own token (quote detection relies on that).
    if kind == TokenKind::Punct && word.chars().count() > 1 {
        for (i, c) in word.char_indices() {
            let kind = if is_quote_char(c) {
                TokenKind::QuoteMark
            } else {
                TokenKind::Punct
            };
            tokens.push(Token::new(
                Span::new(start + i, start + i + c.len_utf8()),
                kind,
            ));
        }
    } else {
        tokens.push(Token::new(Span::new(start, start + word.len()), kind));
    }
}

/// UAX #29 word-break classes of the ASCII characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AsciiClass {
    /// A–Z, a–z (ALetter).
    Letter,
    /// 0–9 (Numeric).
    Digit,
    /// `_` (ExtendNumLet).
    Connector,
    /// `:` (MidLetter): joins letters only.
    MidLetter,
    /// `,` `;` (MidNum): joins digits only.
    MidNum,
    /// `.` (MidNumLet) and `'` (Single_Quote): join letters or digits.
    MidBoth,
    /// A space run (WSegSpace) stays one piece; so does CR LF.
    Space,
    /// Everything else: a piece of its own.
    Other,
}

fn ascii_class(b: u8) -> AsciiClass {
    match b {
        b'a'..=b'z' | b'A'..=b'Z' => AsciiClass::Letter,
        b'0'..=b'9' => AsciiClass::Digit,
        b'_' => AsciiClass::Connector,
        b':' => AsciiClass::MidLetter,
        b',' | b';' => AsciiClass::MidNum,
        b'.' | b'\'' => AsciiClass::MidBoth,
        b' ' => AsciiClass::Space,
        _ => AsciiClass::Other,
    }
}

/// End of the UAX #29 word-boundary piece of ASCII `bytes` that starts at `i` (rules WB3,
/// WB3d, WB5–WB13b restricted to ASCII; the other rules concern no ASCII character).
fn ascii_word_end(bytes: &[u8], i: usize) -> usize {
    use AsciiClass::*;
    let word = |c: AsciiClass| matches!(c, Letter | Digit | Connector);
    match ascii_class(bytes[i]) {
        Space => i + bytes[i..].iter().take_while(|&&b| b == b' ').count(),
        _ if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') => i + 2,
        Other | MidLetter | MidNum | MidBoth => i + 1,
        mut prev => {
            let mut j = i + 1;
            while j < bytes.len() {
                let c = ascii_class(bytes[j]);
                if word(c) {
                    // WB5, WB8–WB10, WB13a, WB13b: letters, digits and `_` join each other.
                    prev = c;
                    j += 1;
                    continue;
                }
                let next = bytes.get(j + 1).map(|&b| ascii_class(b));
                let joins = match (prev, c, next) {
                    // WB6, WB7: letter (: . ') letter.
                    (Letter, MidLetter | MidBoth, Some(Letter)) => true,
                    // WB11, WB12: digit (, ; . ') digit.
                    (Digit, MidNum | MidBoth, Some(Digit)) => true,
                    _ => false,
                };
                if !joins {
                    break;
                }
                prev = next.unwrap_or(prev);
                j += 2;
            }
            j
        }
    }
}

/// Titles and abbreviations after which a period does not end a sentence (lower-cased).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cpt", "sgt", "cpl", "pvt",
    "adm", "cmdr", "brig", "gov", "sen", "rep", "rev", "fr", "st", "jr", "sr", "hon", "pres",
    "supt", "insp", "amb", "messrs", "mme", "mlle", "inc", "corp", "co", "ltd", "bros", "no",
    "nos", "vs", "v", "etc", "approx", "dept", "est", "fig", "vol", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu",
    "thurs", "fri", "sat", "sun", "ave", "blvd", "rd", "mt", "ft", "e.g", "i.e", "a.m", "p.m",
    "al", "cf", "gen", "lieut", "sec", "secy", "atty", "ph.d", "m.d",
];

/// Words that typically open a sentence; after "U.S." they signal a real boundary.
const SENTENCE_OPENERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "But",
    "And",
    "In",
    "On",
    "At",
    "This",
    "That",
    "These",
    "Those",
    "His",
    "Her",
    "Their",
    "Its",
    "Our",
    "There",
    "When",
    "While",
    "After",
    "Before",
    "However",
    "Meanwhile",
    "According",
    "Officials",
    "If",
    "As",
    "So",
    "Yet",
];

fn is_terminal(s: &str) -> bool {
    matches!(s, "." | "!" | "?" | "…" | "؟" | "۔" | "。" | "！" | "？")
}

fn is_closing_punct(s: &str) -> bool {
    matches!(
        s,
        "\"" | "'" | "”" | "’" | "»" | "›" | "」" | "』" | ")" | "]" | "}"
    )
}

/// True when the period token at `i` belongs to an abbreviation rather than ending a sentence.
fn period_is_abbreviation(text: &str, tokens: &[Token], i: usize) -> bool {
    let Some(prev) = i.checked_sub(1).map(|p| tokens[p]) else {
        return false;
    };
    if prev.span().end != tokens[i].span().start || prev.kind() != TokenKind::Word {
        return false;
    }
    let word = prev.span().slice(text);
    let lower = word.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        // "No." only abbreviates before a number ("No. 10").
        if lower == "no" || lower == "nos" {
            return tokens
                .get(i + 1)
                .is_some_and(|t| t.kind() == TokenKind::Number);
        }
        return true;
    }
    let mut chars = word.chars();
    let single_initial =
        matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase());
    if single_initial {
        return true;
    }
    // Dotted acronyms ("U.S", "U.N", "D.C"): a boundary only before a typical sentence opener.
    if word.contains('.') && word.chars().filter(|c| c.is_alphabetic()).count() <= 4 {
        let next = tokens.get(i + 1).map(|t| t.span().slice(text));
        return !next.is_some_and(|n| SENTENCE_OPENERS.contains(&n));
    }
    false
}

/// Could the token start a sentence? Upper case, digits, opening quotes and brackets, and any
/// script without case (Urdu, Arabic, Chinese…).
fn can_start_sentence(text: &str, token: &Token) -> bool {
    let Some(c) = token.span().slice(text).chars().next() else {
        return false;
    };
    c.is_uppercase()
        || c.is_numeric()
        || is_quote_char(c)
        || matches!(c, '(' | '[' | '—' | '-' | '–' | '•' | '*' | '@' | '#')
        || (c.is_alphabetic() && !c.is_lowercase() && !c.is_uppercase())
}

fn split_sentences(doc: &mut Document, first_token: usize, paragraph: usize) {
    let text = doc.text;
    let tokens = &doc.tokens[first_token..];
    let mut start = 0;
    let mut i = 0;
    while i < tokens.len() {
        let tok = tokens[i].span().slice(text);
        let mut end = i + 1;
        let boundary = if is_terminal(tok) {
            if tok == "." && period_is_abbreviation(text, tokens, i) {
                false
            } else {
                // Swallow runs of terminal marks ("?!", "...") and closing quotes/brackets.
                while end < tokens.len() {
                    let t = tokens[end].span().slice(text);
                    if is_terminal(t) || is_closing_punct(t) {
                        // A straight quote that opens the next sentence is not a closer.
                        let spaced_before = tokens[end].span().start > tokens[end - 1].span().end;
                        if spaced_before && matches!(t, "\"" | "'") {
                            break;
                        }
                        end += 1;
                    } else {
                        break;
                    }
                }
                match tokens.get(end) {
                    None => true,
                    Some(next) => {
                        next.span().start > tokens[end - 1].span().end
                            && can_start_sentence(text, next)
                    }
                }
            }
        } else {
            false
        };
        if boundary || end >= tokens.len() {
            let end = end.min(tokens.len());
            doc.sentences.push(Sentence::new(
                Span::new(tokens[start].span().start, tokens[end - 1].span().end),
                first_token + start..first_token + end,
                paragraph,
            ));
            start = end;
        }
        i = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tokens of `text` as UAX #29 pieces from the crate give them (the non-ASCII path).
    fn crate_tokens(text: &str) -> Vec<Token> {
        let mut tokens = Vec::new();
        for (offset, word) in text.split_word_bound_indices() {
            push_piece(offset, word, &mut tokens);
        }
        tokens
    }

    fn fast_tokens(text: &str) -> Vec<Token> {
        let mut tokens = Vec::new();
        tokenize_into(text, Span::new(0, text.len()), &mut tokens);
        tokens
    }

    #[test]
    fn fast_paths_match_unicode_word_boundaries() {
        for text in [
            "U.S. officials said 1,000.5 people (not 2.) can't.",
            "a:b a::b 3:4 e.g. i.e. x'y 'tis 5'6 1;2 a;b __init__ a_1 1_a _ __ .5 5. a.",
            "He said, \"No!!\" -- then left...\r\nNext  line\twith\ttabs\x0b\x0c.",
            "Rs.1,200,000; 3.14.15 v1.2.3 a'b'c a''b 1..2 a..b O'Neill's rock'n'roll.",
            "“We will not back down,” said Tahir  Andrabi’s aide; ترجمان نے کہا ”پاکستان امن چاہتا ہے“ 🇵🇰",
            "café  ́x a\u{AD}b  \u{200D}\u{1F600} 1\u{A0}000",
        ] {
            assert_eq!(fast_tokens(text), crate_tokens(text), "{text:?}");
        }
        // Random strings over the characters whose classes matter, ASCII only and mixed with
        // curly quotes, letters and digits of other scripts, combining marks (Extend), a soft
        // hyphen (Format), ZWJ, emoji, regional indicators and no-break spaces.
        let ascii: Vec<char> = "aZq09_:,;.'\" \t\r\n!-()x7".chars().collect();
        let mixed: Vec<char> = "aZ09_:,;.' \t\n!\u{2019}\u{201C}\u{201D}\u{E9}\u{301}\u{AD}\u{200D}\u{1F600}\u{1F1F5}\u{1F1F0}\u{A0}\u{627}\u{660}\u{3002}\u{30AB}\u{5D0}\"".chars().collect();
        let mut state = 0x2545_F491_4F6C_DD1D_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for round in 0..40_000 {
            let alphabet = if round % 2 == 0 { &ascii } else { &mixed };
            let len = (next() % 24) as usize;
            let text: String = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            assert_eq!(fast_tokens(&text), crate_tokens(&text), "{text:?}");
        }
    }

    fn sentences(text: &str) -> Vec<String> {
        let mut doc = Document::new(text);
        segment(&mut doc);
        doc.sentences
            .iter()
            .map(|s| doc.slice(s.span()).to_string())
            .collect()
    }

    fn paragraph_texts(text: &str) -> Vec<&str> {
        paragraphs(text).iter().map(|s| s.slice(text)).collect()
    }

    #[test]
    fn titles_and_abbreviations_do_not_end_sentences() {
        let s = sentences(
            "Lt. Gen. Ahmed Sharif met Dr. Khan in the U.S. capital on Sept. 12. He left at 5 p.m. on Friday.",
        );
        assert_eq!(
            s,
            [
                "Lt. Gen. Ahmed Sharif met Dr. Khan in the U.S. capital on Sept. 12.",
                "He left at 5 p.m. on Friday."
            ]
        );
    }

    #[test]
    fn acronym_at_sentence_end_before_an_opener() {
        let s = sentences("Talks were held in the U.S. The delegation then flew home.");
        assert_eq!(s.len(), 2, "{s:?}");
    }

    #[test]
    fn initials_do_not_end_sentences() {
        let s = sentences("John F. Kennedy spoke. Then he left.");
        assert_eq!(s, ["John F. Kennedy spoke.", "Then he left."]);
    }

    #[test]
    fn closing_quote_stays_with_its_sentence() {
        let s = sentences("“We will not back down.” The minister left. “Never!” he shouted.");
        assert_eq!(
            s,
            [
                "“We will not back down.”",
                "The minister left.",
                "“Never!” he shouted."
            ]
        );
    }

    #[test]
    fn ellipsis_mid_sentence_does_not_split() {
        let s = sentences("We will … fight on. And win... eventually.");
        assert_eq!(s, ["We will … fight on.", "And win... eventually."]);
    }

    #[test]
    fn urdu_sentences_split_on_full_stop() {
        let s = sentences("ترجمان نے کہا۔ پاکستان امن چاہتا ہے۔");
        assert_eq!(s.len(), 2, "{s:?}");
    }

    #[test]
    fn tokens_keep_contractions_and_possessives() {
        let text = "Don't blame the Taliban’s '90s policy, he said.";
        let mut doc = Document::new(text);
        segment(&mut doc);
        let words: Vec<&str> = doc.tokens.iter().map(|t| doc.slice(t.span())).collect();
        assert!(words.contains(&"Don't"));
        assert!(words.contains(&"Taliban’s"));
        assert!(!words.iter().any(|w| w.trim().is_empty()));
    }

    #[test]
    fn every_line_is_a_paragraph_unless_hard_wrapped() {
        assert_eq!(
            paragraph_texts("Headline\nFirst paragraph.\n\n  Second one.  \n"),
            ["Headline", "First paragraph.", "Second one."]
        );
        let wrapped = "This is a long line of plain text wrapped at about\n\
                       seventy columns, the way wire copy and e-mail arrive\n\
                       in many newsrooms even today.\n\nNext paragraph.";
        let p = paragraph_texts(wrapped);
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p[0].ends_with("today."));
    }

    #[test]
    fn crlf_and_whitespace_only_input() {
        assert_eq!(paragraph_texts("One.\r\nTwo.\r\n"), ["One.", "Two."]);
        assert!(paragraphs("  \n\t\n").is_empty());
        assert!(sentences("").is_empty());
    }
}
