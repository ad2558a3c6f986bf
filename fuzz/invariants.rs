//! The contract invariants every [`Analysis`] must satisfy, whatever the input. Shared by the
//! fuzz targets (`fuzz/fuzz_targets/*.rs`) and the integration tests (`tests/properties.rs`,
//! `tests/regressions.rs`, `tests/pathological.rs`), which include this file with `#[path]`.
//!
//! All offsets are code points, end-exclusive (docs/contract.md).

#![allow(dead_code)]

use quotelens::contract::{Analysis, Range};

/// Returns the first broken invariant of `a`, the analysis of `text`, as a message.
pub fn check(text: &str, a: &Analysis) -> Result<(), String> {
    let chars: Vec<char> = text.chars().collect();
    let len = chars.len();
    let slice = |r: Range| -> String { chars[r.start..r.end].iter().collect() };
    let in_text = |what: &str, r: Range, non_empty: bool| -> Result<(), String> {
        if r.end > len {
            return Err(format!(
                "{what} {}..{} ends past the text ({len})",
                r.start, r.end
            ));
        }
        if r.start > r.end || (non_empty && r.start == r.end) {
            return Err(format!(
                "{what} {}..{} is reversed or empty",
                r.start, r.end
            ));
        }
        Ok(())
    };
    if a.version != quotelens::contract::CONTRACT_VERSION {
        return Err(format!("version {}", a.version));
    }
    if a.text_length != len {
        return Err(format!(
            "text_length {} != {len} code points",
            a.text_length
        ));
    }
    let mut prev_end = 0;
    for (i, q) in a.quotes.iter().enumerate() {
        let whole = Range {
            start: q.start,
            end: q.end,
        };
        if q.id != i {
            return Err(format!("quote {i} has id {}", q.id));
        }
        in_text(&format!("quote {i}"), whole, true)?;
        if q.start < prev_end {
            return Err(format!(
                "quote {i} starts at {} before the previous one ends ({prev_end}): unsorted or overlapping",
                q.start
            ));
        }
        prev_end = q.end;
        if slice(whole) != q.text {
            return Err(format!(
                "quote {i} text {:?} != its slice {:?}",
                q.text,
                slice(whole)
            ));
        }
        if q.parts.is_empty() {
            return Err(format!("quote {i} has no parts"));
        }
        if q.parts[0].start != q.start || q.parts[q.parts.len() - 1].end != q.end {
            return Err(format!(
                "quote {i} parts do not span {}..{}",
                q.start, q.end
            ));
        }
        let mut part_end = q.start;
        for (j, &p) in q.parts.iter().enumerate() {
            in_text(&format!("quote {i} part {j}"), p, true)?;
            if p.start < part_end {
                return Err(format!("quote {i} part {j} overlaps or is unsorted"));
            }
            part_end = p.end;
        }
        if let Some(s) = &q.speaker {
            let r = Range {
                start: s.start,
                end: s.end,
            };
            in_text(&format!("quote {i} speaker"), r, true)?;
            if let Some(e) = s.entity {
                if e >= a.entities.len() {
                    return Err(format!("quote {i} speaker entity {e} does not exist"));
                }
            }
        }
        if let Some(c) = &q.cue {
            let r = Range {
                start: c.start,
                end: c.end,
            };
            in_text(&format!("quote {i} cue"), r, true)?;
            if slice(r) != c.text {
                return Err(format!("quote {i} cue text {:?} != {:?}", c.text, slice(r)));
            }
        }
    }
    for (i, e) in a.entities.iter().enumerate() {
        if e.id != i {
            return Err(format!("entity {i} has id {}", e.id));
        }
        for (j, &m) in e.mentions.iter().enumerate() {
            in_text(&format!("entity {i} mention {j}"), m, true)?;
        }
        if let Some(first) = e.mentions.first() {
            if e.first_mention != first.start {
                return Err(format!(
                    "entity {i} first_mention {} != first mention {}",
                    e.first_mention, first.start
                ));
            }
        }
        if !e.salience.is_finite() {
            return Err(format!("entity {i} salience {}", e.salience));
        }
    }
    Ok(())
}

/// Serialises `a` and parses it back: the JSON must be valid and lossless.
pub fn check_json(a: &Analysis) -> Result<String, String> {
    let json = serde_json::to_string(a).map_err(|e| format!("serialise: {e}"))?;
    let back: Analysis = serde_json::from_str(&json).map_err(|e| format!("parse back: {e}"))?;
    if &back != a {
        return Err("JSON round trip changed the analysis".to_string());
    }
    Ok(json)
}

/// `OffsetMap` against the standard library's own counting at every character boundary:
/// bytes ↔ code points ↔ UTF-16 round-trip, offsets inside a character round down to its
/// start, and offsets past the end clamp.
pub fn check_offsets(text: &str) -> Result<(), String> {
    let map = quotelens::offsets::OffsetMap::new(text);
    let expect = |what: &str, got: usize, want: usize| -> Result<(), String> {
        if got == want {
            Ok(())
        } else {
            Err(format!("{what}: got {got}, want {want} in {text:?}"))
        }
    };
    expect("len_bytes", map.len_bytes(), text.len())?;
    expect("len_chars", map.len_chars(), text.chars().count())?;
    expect("len_utf16", map.len_utf16(), text.encode_utf16().count())?;
    let mut utf16 = 0;
    let ends = std::iter::once((text.len(), ' '));
    for (chars, (byte, c)) in text.char_indices().chain(ends).enumerate() {
        expect(
            &format!("byte {byte} → char"),
            map.byte_to_char(byte),
            chars,
        )?;
        expect(
            &format!("char {chars} → byte"),
            map.char_to_byte(chars),
            byte,
        )?;
        expect(
            &format!("byte {byte} → utf16"),
            map.byte_to_utf16(byte),
            utf16,
        )?;
        expect(
            &format!("utf16 {utf16} → byte"),
            map.utf16_to_byte(utf16),
            byte,
        )?;
        expect(
            &format!("char {chars} → utf16"),
            map.char_to_utf16(chars),
            utf16,
        )?;
        expect(
            &format!("utf16 {utf16} → char"),
            map.utf16_to_char(utf16),
            chars,
        )?;
        if byte < text.len() {
            for inside in 1..c.len_utf8() {
                let what = format!("byte {} inside a character → char", byte + inside);
                expect(&what, map.byte_to_char(byte + inside), chars)?;
            }
            if c.len_utf16() == 2 {
                let what = format!("utf16 {} between surrogates → byte", utf16 + 1);
                expect(&what, map.utf16_to_byte(utf16 + 1), byte)?;
            }
        }
        utf16 += c.len_utf16();
    }
    expect(
        "past the end",
        map.byte_to_char(text.len() + 7),
        map.len_chars(),
    )?;
    expect(
        "past the end",
        map.char_to_byte(map.len_chars() + 7),
        text.len(),
    )?;
    expect(
        "past the end",
        map.utf16_to_char(map.len_utf16() + 7),
        map.len_chars(),
    )
}
