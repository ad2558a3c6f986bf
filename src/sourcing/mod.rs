//! Stage 7: what the sourcing audit reads, added to the resolved quotations and entities: the
//! class of a loaded attribution verb ([`loaded`]: "claimed" casts doubt, "admitted" presents
//! an admission, "noted" vouches for the content, "slammed" judges the speaker), the reason an
//! unnamed source is not named when the text gives one ([`anonymity`]), and a person's gender
//! where the text states it ([`gender`]). The per-article audit built from these is
//! [`crate::audit`].

pub mod anonymity;
pub mod gender;
pub mod loaded;

use crate::types::{Document, TokenKind};

/// Runs the stage: after speakers are resolved (the pronouns a gender is read from are theirs).
pub fn annotate(doc: &mut Document) {
    let table = loaded::table();
    let text = doc.text;
    let mut next = String::new();
    for qi in 0..doc.quotations.len() {
        let Some(cue) = &doc.quotations[qi].cue else {
            continue;
        };
        // The word after the cue's verb: its second word, or the text's next word.
        let words = cue
            .span
            .slice(text)
            .split_whitespace()
            .nth(1)
            .map(str::to_string);
        next.clear();
        match words {
            Some(w) => next.push_str(&w.to_lowercase()),
            None => {
                let k = doc.token_from(cue.span.end);
                if let Some(t) = doc.tokens.get(k).filter(|t| t.kind() == TokenKind::Word) {
                    next.push_str(&t.span().slice(text).to_lowercase());
                }
            }
        }
        let class = table.classify(&cue.lemma, (!next.is_empty()).then_some(next.as_str()));
        if let Some(cue) = &mut doc.quotations[qi].cue {
            cue.loaded = class;
        }
        let q = &doc.quotations[qi];
        let reason = match (&q.speaker, &q.cue) {
            (Some(s), Some(c)) if s.anonymous => {
                anonymity::reason(doc, s.mention, &[c.span, q.span])
            }
            (Some(s), None) if s.anonymous => anonymity::reason(doc, s.mention, &[q.span]),
            _ => None,
        };
        if let Some(s) = &mut doc.quotations[qi].speaker {
            s.anonymity_reason = reason.map(Box::new);
        }
    }
    let genders = gender::genders(doc);
    if doc.entity_info.len() < genders.len() {
        doc.entity_info.resize_with(genders.len(), Default::default);
    }
    for (info, g) in doc.entity_info.iter_mut().zip(genders) {
        info.gender = g;
    }
}
