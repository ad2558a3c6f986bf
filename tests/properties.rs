//! Property tests on arbitrary Unicode: the pipeline never panics, every span it reports lies
//! inside the text on character boundaries, quotations are sorted and disjoint, the analysis is
//! deterministic, and offsets round-trip between bytes, code points and UTF-16.
//!
//! The case count is kept modest (CI runs `cargo test`); `PROPTEST_CASES=5000 cargo test --test
//! properties` runs more.

use proptest::prelude::*;
use quotelens::offsets::OffsetMap;

#[path = "../fuzz/invariants.rs"]
mod invariants;

/// Pieces that exercise quote pairing, apostrophes, scripts and sentence splitting.
const PIECES: &[&str] = &[
    "“",
    "”",
    "\"",
    "'",
    "‘",
    "’",
    "«",
    "»",
    "„",
    "‚",
    "‹",
    "›",
    "「",
    "」",
    "＂",
    "`",
    " ",
    " ",
    " ",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    ".",
    ",",
    "!",
    "?",
    ":",
    "—",
    "…",
    "(",
    ")",
    "said",
    "says",
    "told",
    "according to",
    "He",
    "she",
    "Andrabi",
    "Tahir",
    "the minister",
    "Mr.",
    "Dr.",
    "U.S.",
    "Pakistan",
    "Friday",
    "206",
    "3.5",
    "don't",
    "Khans’",
    "'90s",
    "پاکستان",
    "کہا",
    "ترجمان",
    "۔",
    "،",
    "مرحبا",
    "قال",
    "👩‍👩‍👧",
    "🇵🇰",
    "🙂",
    "👨🏽‍💻",
    "\u{200D}",
    "\u{FE0F}",
    "\u{FFFD}",
    "e\u{301}",
    "ß",
    "İ",
    "ﬁ",
];

/// Text built from [`PIECES`], ASCII words and arbitrary characters.
fn article_like(max_pieces: usize) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        6 => prop::sample::select(PIECES).prop_map(str::to_string),
        2 => "[A-Za-z]{1,8}",
        1 => any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..max_pieces).prop_map(|v| v.concat())
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        max_shrink_iters: 2048,
        // Findings become named tests in tests/regressions.rs instead of a seed file.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    /// No panic, and every contract invariant holds: spans inside the text with start < end,
    /// quote text equal to its slice, parts inside their quote, quotes sorted and disjoint,
    /// speaker, cue and entity mentions inside the text, ids consistent, JSON lossless.
    #[test]
    fn analysis_keeps_the_contract(text in article_like(80)) {
        let a = quotelens::analyze(&text);
        if let Err(e) = invariants::check(&text, &a) {
            prop_assert!(false, "{}", e);
        }
        if let Err(e) = invariants::check_json(&a) {
            prop_assert!(false, "{}", e);
        }
    }

    /// The same on arbitrary strings (any code point, control characters included).
    #[test]
    fn analysis_of_any_string_keeps_the_contract(text in any::<String>()) {
        let a = quotelens::analyze(&text);
        if let Err(e) = invariants::check(&text, &a) {
            prop_assert!(false, "{}", e);
        }
    }

    /// Same input, identical JSON.
    #[test]
    fn analysis_is_deterministic(text in article_like(60)) {
        let first = serde_json::to_string(&quotelens::analyze(&text)).unwrap();
        let second = serde_json::to_string(&quotelens::analyze(&text)).unwrap();
        prop_assert_eq!(first, second);
    }

    /// The internal byte spans: on character boundaries, inside the text, tokens sorted and
    /// disjoint, sentences inside their paragraph, quotation parts and marks in order.
    #[test]
    fn internal_spans_are_on_char_boundaries(text in article_like(80)) {
        let doc = quotelens::analyze_document(&text);
        let ok = |s: quotelens::types::Span| {
            s.start <= s.end
                && s.end <= text.len()
                && text.is_char_boundary(s.start)
                && text.is_char_boundary(s.end)
        };
        let mut prev = 0;
        for t in &doc.tokens {
            prop_assert!(ok(t.span()) && t.span().start < t.span().end, "token {:?}", t.span());
            prop_assert!(t.span().start >= prev, "tokens overlap at {:?}", t.span());
            prev = t.span().end;
        }
        for p in &doc.paragraphs {
            prop_assert!(ok(p.span), "paragraph {:?}", p.span);
            for s in &doc.sentences[p.sentences.clone()] {
                prop_assert!(ok(s.span()) && p.span.contains(s.span()), "sentence {:?}", s.span());
            }
        }
        for q in &doc.quotations {
            prop_assert!(ok(q.span));
            for part in q.parts() {
                prop_assert!(ok(*part) && q.span.contains(*part), "part {:?}", part);
            }
            for m in q.open_mark().iter().chain(q.close_mark().iter()) {
                prop_assert!(ok(*m), "mark {:?}", m);
            }
            if let Some(open) = q.open_mark().filter(|m| !m.is_empty()) {
                prop_assert!(open.end <= q.span.start, "opening mark after the content");
            }
            if let Some(close) = q.close_mark() {
                prop_assert!(close.start >= q.span.end, "closing mark before the content end");
            }
        }
        for m in &doc.mentions {
            prop_assert!(ok(m.span) && !m.span.is_empty(), "mention {:?}", m.span);
        }
    }

    /// Bytes ↔ code points ↔ UTF-16 at every character boundary, and mid-character offsets
    /// round down.
    #[test]
    fn offsets_round_trip(text in prop_oneof![any::<String>(), article_like(60)]) {
        if let Err(e) = invariants::check_offsets(&text) {
            prop_assert!(false, "{}", e);
        }
    }

    /// `slice_chars` is the inverse of the contract's code-point ranges.
    #[test]
    fn slice_chars_matches_char_slicing(text in article_like(40), a in 0usize..50, b in 0usize..50) {
        let map = OffsetMap::new(&text);
        let chars: Vec<char> = text.chars().collect();
        let (start, end) = (a.min(b).min(chars.len()), a.max(b).min(chars.len()));
        let expected: String = chars[start..end].iter().collect();
        prop_assert_eq!(quotelens::contract::slice_chars(&text, &map, start, end), expected);
    }

    /// Decoding arbitrary bytes answers with text or a reason, never a panic; lossy decoding of
    /// non-binary, non-empty input always gives text.
    #[test]
    fn decode_answers_every_input(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let strict = quotelens::input::decode(&bytes, false);
        let lossy = quotelens::input::decode(&bytes, true);
        if let Ok(d) = &strict {
            prop_assert!(!d.text.trim().is_empty());
        }
        if let Err(quotelens::input::InputError::InvalidUtf8 { .. }) = strict {
            prop_assert!(lossy.is_ok());
        }
    }
}
