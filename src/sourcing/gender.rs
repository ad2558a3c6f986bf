//! A person's gender where the text itself states it: a courtesy title or gendered noun right
//! before a mention ("Mrs. Clinton", "Congresswoman Lee", "his wife Melania"), or a "he"/"she"
//! that the speaker stage resolved to them with confidence. Never guessed from a first name:
//! without such words a person's gender is not stated.

use crate::types::{Document, Gender, ResolvedBy, Span, TokenKind};
use crate::words::{FEMALE_WORDS, MALE_WORDS};

/// A title counts this many times a resolved pronoun does: it is written about the person,
/// where a pronoun's link to them is the ranker's.
const TITLE_WEIGHT: u32 = 2;
/// The least confidence of a pronoun resolution that counts as evidence (at 0.9 and above,
/// nine resolutions in ten or more were right on PolNeAR dev).
const MIN_PRONOUN_CONFIDENCE: f32 = 0.9;

/// Per entity (same index as [`Document::entities`]): the gender the text states for a
/// person, with the first words that state it; `None` for other entities, for persons the
/// text says nothing of, and where the text says both as often.
pub fn genders(doc: &Document) -> Vec<Option<(Gender, Span)>> {
    let mut votes: Vec<[(u32, Option<Span>); 2]> = vec![[(0, None); 2]; doc.entities.len()];
    let mut vote = |e: usize, g: Gender, at: Span, weight: u32| {
        let v = &mut votes[e][g as usize];
        v.0 += weight;
        if v.1.is_none_or(|s| at.start < s.start) {
            v.1 = Some(at);
        }
    };
    for (e, entity) in doc.entities.iter().enumerate() {
        if entity.label != "PERSON" {
            continue;
        }
        for &m in &entity.mentions {
            let t = doc.token_from(m.start);
            // The two words before the mention and its own first word ("Mr. Trump" may be
            // one mention or a title and a name).
            for k in t.saturating_sub(2)..=t.min(doc.tokens.len().saturating_sub(1)) {
                let tok = &doc.tokens[k];
                if tok.kind() != TokenKind::Word {
                    continue;
                }
                let w = doc.slice(tok.span()).to_lowercase();
                let w = w.as_str();
                if MALE_WORDS.contains(&w) {
                    vote(e, Gender::Male, tok.span(), TITLE_WEIGHT);
                } else if FEMALE_WORDS.contains(&w) {
                    vote(e, Gender::Female, tok.span(), TITLE_WEIGHT);
                }
            }
        }
    }
    for q in &doc.quotations {
        let Some(s) = &q.speaker else { continue };
        let Some(e) = s.entity else { continue };
        if s.resolved_by != ResolvedBy::Pronoun
            || s.confidence() < MIN_PRONOUN_CONFIDENCE
            || doc.entities.get(e).is_none_or(|x| x.label != "PERSON")
        {
            continue;
        }
        match doc.slice(s.mention) {
            "he" | "He" => vote(e, Gender::Male, s.mention, 1),
            "she" | "She" => vote(e, Gender::Female, s.mention, 1),
            _ => {}
        }
    }
    votes
        .into_iter()
        .map(|[(female, fs), (male, ms)]| match female.cmp(&male) {
            std::cmp::Ordering::Greater => fs.map(|s| (Gender::Female, s)),
            std::cmp::Ordering::Less => ms.map(|s| (Gender::Male, s)),
            std::cmp::Ordering::Equal => None,
        })
        .collect()
}
