//! Stage 6 (after [`crate::entities`]): what the entity cards show beyond the clusters.
//!
//! - **Speaker linking** ([`summarize`]): every quotation's speaker is pointed at an entity
//!   by resolved name, then by mention span, then by surname.
//! - **Quote counts and salience** ([`summarize`]).
//!
//! Dates and figures as values are [`crate::values`], filled in by the entity stage. The rules
//! are documented in `docs/entities.md`.

use crate::entities::{name_key, strip_name};
use crate::types::{Document, QuoteKind, ResolvedBy, Span};
use crate::values::is_named;
use std::collections::HashMap;

/// Weight of a quote in [`salience`].
pub const QUOTE_WEIGHT: f64 = 2.0;
/// Weight of an early first mention in [`salience`].
pub const POSITION_WEIGHT: f64 = 3.0;
/// Factor for dates and figures in [`salience`], so people and organisations sort first.
pub const VALUE_FACTOR: f64 = 0.25;

/// The salience score: `mentions + 2 × quotes + 3 × (1 − first / length)`, times 0.25 for
/// dates, times and figures; rounded to two decimals. `first` and `length` are in code points.
pub fn salience(label: &str, mentions: usize, quotes: usize, first: usize, length: usize) -> f64 {
    let position = if length == 0 {
        0.0
    } else {
        1.0 - (first as f64 / length as f64).clamp(0.0, 1.0)
    };
    let mut s = mentions as f64 + QUOTE_WEIGHT * quotes as f64 + POSITION_WEIGHT * position;
    if !is_named(label) {
        s *= VALUE_FACTOR;
    }
    (s * 100.0).round() / 100.0
}

/// Runs the stage: links every quotation's speaker to an entity, then fills quote counts and
/// salience in [`Document::entity_info`]. Run after [`crate::entities::cluster`].
pub fn summarize(doc: &mut Document) {
    link_speakers(doc);
    let n = doc.entities.len();
    doc.entity_info.resize_with(n, Default::default);
    let mut counts = vec![0usize; n];
    for q in &doc.quotations {
        if q.kind == QuoteKind::Scare {
            continue;
        }
        if let Some(e) = q.speaker.as_ref().and_then(|s| s.entity) {
            if let Some(c) = counts.get_mut(e) {
                *c += 1;
            }
        }
    }
    let length = doc.offsets.len_chars();
    for (i, e) in doc.entities.iter().enumerate() {
        let first = e
            .mentions
            .first()
            .map_or(0, |m| doc.offsets.byte_to_char(m.start));
        let info = &mut doc.entity_info[i];
        info.quote_count = counts[i];
        info.salience = salience(e.label, e.mentions.len(), counts[i], first, length);
    }
}

/// Points each quotation's `speaker.entity` at a named entity (or clears it):
///
/// 1. for a non-anonymous speaker, an entity mention that overlaps the speaker mention and
///    reaches its last word ("Nadia Qureshi" in "Foreign Office spokesperson Nadia Qureshi";
///    not "Qatar" in "a Qatari diplomat"), a PERSON entity first: the clustering already
///    decided who that mention is;
/// 2. else the resolved `name` (attribution resolves "he" and "the spokesperson") equals an
///    entity's name or alias after dropping titles, determiners and possessives; when several
///    entities have that alias, the one mentioned most recently before the speaker. Not when
///    the name is only a modifier inside the speaker phrase, whose last word is lower case
///    ("Qatari" in "a Qatari diplomat");
/// 3. else the name's last word is the surname of PERSON entities: the one mentioned most
///    recently before the speaker mention, or the only one.
///
/// A speaker named by an account handle ("@KarimiZ_official") that links to a named person
/// takes that person's name.
pub fn link_speakers(doc: &mut Document) {
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_surname: HashMap<String, Vec<usize>> = HashMap::new();
    let mut spans: Vec<(Span, usize)> = Vec::new();
    for (i, e) in doc.entities.iter().enumerate() {
        if !is_named(e.label) {
            continue;
        }
        for n in std::iter::once(&e.name).chain(&e.aliases) {
            let key = name_key(strip_name(n, e.label == "PERSON"));
            if !key.is_empty() {
                let v = by_name.entry(key).or_default();
                if !v.contains(&i) {
                    v.push(i);
                }
            }
        }
        if e.label == "PERSON" && e.name.split_whitespace().count() > 1 {
            if let Some(last) = name_key(&e.name).split(' ').next_back() {
                by_surname.entry(last.to_string()).or_default().push(i);
            }
        }
        spans.extend(e.mentions.iter().map(|&m| (m, i)));
    }
    spans.sort();
    let text = doc.text;
    let entities = &doc.entities;
    let pick = |cands: &[usize], pos: usize| -> Option<usize> {
        match cands {
            [] => None,
            [one] => Some(*one),
            _ => recent(entities, cands, pos),
        }
    };
    for q in &mut doc.quotations {
        let Some(sp) = q.speaker.as_mut() else {
            continue;
        };
        // The speaker stage decided: an entity, or none at all.
        if sp.entity.is_some() || sp.resolved_by == ResolvedBy::None {
            continue;
        }
        let mut found = None;
        if !sp.anonymous {
            let head_start = last_word_start(text, sp.mention);
            let from = spans.partition_point(|(s, _)| s.end <= sp.mention.start);
            let hits = spans[from..]
                .iter()
                .take_while(|(s, _)| s.start < sp.mention.end)
                .filter(|(s, _)| s.overlaps(sp.mention) && s.end > head_start);
            for &(_, e) in hits {
                if entities[e].label == "PERSON" {
                    found = Some(e);
                    break;
                }
                found.get_or_insert(e);
            }
        }
        let key = name_key(strip_name(&sp.name, true));
        // A name that is only a modifier inside the speaker phrase ("Qatari" in "a Qatari
        // diplomat", "Zaman's" in "Zaman's association") does not name the speaker.
        let phrase = text.get(sp.mention.start..sp.mention.end).unwrap_or("");
        let head = phrase
            .get(last_word_start(text, sp.mention) - sp.mention.start..)
            .unwrap_or("");
        let modifier = !key.is_empty()
            && name_key(phrase).contains(&key)
            && head.chars().next().is_some_and(char::is_lowercase);
        if found.is_none() && !modifier {
            found = by_name.get(&key).and_then(|c| pick(c, sp.mention.start));
        }
        if found.is_none() && !sp.anonymous && !modifier {
            if let Some(cands) = key.split(' ').next_back().and_then(|s| by_surname.get(s)) {
                found = pick(cands, sp.mention.start);
            }
        }
        // A speaker resolved through an account handle ("he" after "@KarimiZ_official") is
        // shown by the person's name when the handle belongs to a named person.
        if let Some(e) = found.map(|e| &entities[e]) {
            if sp.name.starts_with('@') && e.label == "PERSON" && !e.name.starts_with('@') {
                sp.name = e.name.clone();
            }
        }
        sp.entity = found;
    }
}

/// Byte offset where the last word of `span` starts (possessive endings and punctuation
/// ignored).
fn last_word_start(text: &str, span: Span) -> usize {
    let Some(s) = text.get(span.start..span.end) else {
        return span.start;
    };
    let trimmed = s.trim_end_matches(|c: char| !c.is_alphanumeric());
    let start = trimmed
        .rfind(|c: char| c.is_whitespace())
        .map_or(0, |i| i + 1);
    span.start + start
}

/// Of `cands`, the entity with the latest mention starting before `pos`.
fn recent(entities: &[crate::types::EntityCluster], cands: &[usize], pos: usize) -> Option<usize> {
    cands
        .iter()
        .filter_map(|&c| {
            let ms = &entities[c].mentions;
            let k = ms.partition_point(|m| m.start < pos);
            k.checked_sub(1).map(|j| (ms[j].start, c))
        })
        .max()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn salience_prefers_quoted_early_entities() {
        let a = salience("PERSON", 3, 2, 0, 100);
        let b = salience("PERSON", 3, 0, 50, 100);
        assert!(a > b);
        assert!(salience("DATE", 3, 0, 0, 100) < salience("ORG", 3, 0, 0, 100));
        assert_eq!(salience("PERSON", 0, 0, 0, 0), 0.0);
    }
}
