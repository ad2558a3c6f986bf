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
        let q = &doc.quotations[qi];
        let class = table
            .classify(&cue.lemma, (!next.is_empty()).then_some(next.as_str()))
            .filter(|_| someone_else(doc, q) && used_as_verb(doc, cue.span));
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

/// True when the cue at `cue` is a verb in the active voice: not a noun after a determiner,
/// a possessive or a capitalised modifier ("the claim", "Trump's claim", "Republican claims"),
/// and not a passive participle ("were admitted").
fn used_as_verb(doc: &Document, cue: crate::types::Span) -> bool {
    let k = doc.token_from(cue.start);
    let Some(prev) = k.checked_sub(1).and_then(|p| doc.tokens.get(p)) else {
        return true;
    };
    let w = prev.span().slice(doc.text);
    let lower = w.to_lowercase();
    let determiner = matches!(
        lower.as_str(),
        "the"
            | "a"
            | "an"
            | "his"
            | "her"
            | "its"
            | "their"
            | "our"
            | "my"
            | "your"
            | "this"
            | "these"
            | "those"
            | "'s"
            | "’s"
            | "s"
            | "’"
            | "'"
            | "earlier"
            | "such"
    );
    // "Trump's claim", "North Korea's claims", "the president’s claims".
    let possessive = ["'s", "’s", "s'", "s’"].iter().any(|p| lower.ends_with(p));
    let passive = matches!(
        lower.as_str(),
        "is" | "are" | "was" | "were" | "be" | "been" | "being"
    );
    // A nationality or party right before the cue modifies a noun ("Republican claims").
    let at = prev.span().start;
    let i = doc.mentions.partition_point(|m| m.span.end <= at);
    let modifier = doc
        .mentions
        .get(i)
        .is_some_and(|m| m.span.start <= at && m.label == "NORP");
    !(determiner || possessive || passive || modifier)
}

/// True when quotation `q` has a speaker other than the writer: not "I", "we", "you" or "it"
/// ("we mocked…", "it's worth noting…" are the article's own voice).
fn someone_else(doc: &Document, q: &crate::types::Quotation) -> bool {
    q.speaker.as_ref().is_some_and(|s| {
        !matches!(
            doc.slice(s.mention).to_lowercase().as_str(),
            "i" | "we" | "you" | "it" | "it's" | "it’s"
        )
    })
}
