//! The sourcing audit of an analysis: how an article handles its sources, as a standards desk
//! checks it. Whose voices it carries (named persons, organisations, anonymous sources, unnamed
//! groups; persons by the gender the text states), which attribution verbs are loaded, and which
//! anonymous sources come without the reason the text owes the reader.
//!
//! Built from the contract alone ([`Analysis`]), so the CLI (`--audit`), the app's Audit panel
//! and the CSV export read the same numbers; [`Audit::merge`] adds up several articles. Scare
//! quotes are nobody's voice and are left out; so is reported speech the app shows as unsure
//! ([`crate::view::is_unsure_speech`]) unless asked for, as in share of voice.

use crate::contract::{Analysis, Kind, Quote};
use serde::{Deserialize, Serialize};

/// The groups of [`Audit::voices`], in order.
pub const VOICE_GROUPS: [&str; 6] = [
    "person",
    "organisation",
    "anonymous",
    "unnamed group",
    "unresolved",
    "unattributed",
];
/// The groups of [`Audit::gender`], in order.
pub const GENDER_GROUPS: [&str; 3] = ["female", "male", "not stated"];

/// Quotations and their words in one group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    /// The group ("person", "female", "doubt").
    pub group: String,
    /// Quotations in it.
    pub quotes: usize,
    /// Their words.
    pub words: usize,
}

/// A quotation whose cue is a loaded verb.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadedCue {
    /// The quotation's id in its analysis.
    pub quote: usize,
    /// The cue as written ("claimed").
    pub cue: String,
    /// Its class: "doubt", "admission", "endorsement" or "emotion".
    pub class: String,
    /// The speaker's name, when there is one.
    pub speaker: Option<String>,
}

/// A quotation from an unnamed source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnnamedSource {
    /// The quotation's id in its analysis.
    pub quote: usize,
    /// How the text names the source ("a senior official", "critics").
    pub speaker: String,
    /// "anonymous" (one source kept unnamed) or "unnamed group" ("critics", "officials").
    pub group: String,
    /// Why the source is not named, in the text's words; `None` when the text does not say.
    pub reason: Option<String>,
}

/// The audit of one article, or of several added up ([`Audit::merge`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Audit {
    /// Articles audited.
    pub articles: usize,
    /// Quotations counted (no scare quotes; unsure reported speech only when asked for).
    pub quotes: usize,
    /// Their words.
    pub words: usize,
    /// Unsure reported speech left out.
    pub unsure_left_out: usize,
    /// Share of voice by kind of source, one row per [`VOICE_GROUPS`] entry.
    pub voices: Vec<Share>,
    /// Quotations of named persons by the gender the text states, one row per
    /// [`GENDER_GROUPS`] entry; never guessed from a name.
    pub gender: Vec<Share>,
    /// Loaded cues by class, one row per class ("doubt", "admission", "endorsement",
    /// "emotion").
    pub loaded: Vec<Share>,
    /// Every loaded cue, once (the first of its quotations; one article's; empty after
    /// [`Audit::merge`]).
    pub loaded_cues: Vec<LoadedCue>,
    /// Every relation from an unnamed source, once (its first quotation; one article's; empty
    /// after [`Audit::merge`]).
    pub unnamed_sources: Vec<UnnamedSource>,
    /// Relations of a single anonymous source whose reason the text does not give (the AP
    /// asks that every one carry it).
    pub anonymous_without_reason: usize,
}

/// The voice group of quotation `q` of `analysis` (one of [`VOICE_GROUPS`]).
pub fn voice_group(analysis: &Analysis, q: &Quote) -> &'static str {
    let Some(s) = &q.speaker else {
        return "unattributed";
    };
    if s.anonymous {
        return if is_group(&s.name) {
            "unnamed group"
        } else {
            "anonymous"
        };
    }
    match s.entity.and_then(|e| analysis.entities.get(e)) {
        Some(e) if e.entity_type == "PERSON" => "person",
        Some(_) => "organisation",
        None => "unresolved",
    }
}

/// The gender the text states for the speaker of `q`, when the speaker is a named person:
/// "female", "male" or "not stated"; `None` for other speakers.
pub fn speaker_gender(analysis: &Analysis, q: &Quote) -> Option<&'static str> {
    let e = q
        .speaker
        .as_ref()
        .filter(|s| !s.anonymous)?
        .entity
        .and_then(|e| analysis.entities.get(e))
        .filter(|e| e.entity_type == "PERSON")?;
    Some(match e.gender.as_deref() {
        Some("female") => "female",
        Some("male") => "male",
        _ => "not stated",
    })
}

/// True when an unnamed source's words name several people ("officials", "two diplomats",
/// "people familiar with the talks").
fn is_group(name: &str) -> bool {
    let lower = name.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    // The head is the last word before "familiar with…", "who…", "close to…".
    let head = words
        .iter()
        .position(|w| {
            matches!(
                *w,
                "familiar" | "who" | "close" | "with" | "from" | "at" | "in" | "of"
            )
        })
        .map_or(words.last(), |i| {
            i.checked_sub(1).and_then(|i| words.get(i))
        });
    let plural = head.is_some_and(|h| {
        matches!(
            *h,
            "people" | "sources" | "officials" | "critics" | "police"
        ) || h.len() > 3 && h.ends_with('s') && !h.ends_with("ss") && !h.ends_with("us")
    });
    plural
        || words
            .first()
            .is_some_and(|w| matches!(*w, "some" | "many" | "several" | "two" | "three" | "both"))
}

fn shares(groups: &[&str]) -> Vec<Share> {
    groups
        .iter()
        .map(|g| Share {
            group: g.to_string(),
            quotes: 0,
            words: 0,
        })
        .collect()
}

fn add(rows: &mut [Share], group: &str, words: usize) {
    if let Some(r) = rows.iter_mut().find(|r| r.group == group) {
        r.quotes += 1;
        r.words += words;
    }
}

impl Audit {
    /// An audit of `articles` articles with nothing counted yet: every group's row at zero.
    fn empty(articles: usize) -> Audit {
        let classes: Vec<&str> = crate::types::Loaded::ALL
            .iter()
            .map(|c| c.as_str())
            .collect();
        Audit {
            articles,
            quotes: 0,
            words: 0,
            unsure_left_out: 0,
            voices: shares(&VOICE_GROUPS),
            gender: shares(&GENDER_GROUPS),
            loaded: shares(&classes),
            loaded_cues: Vec::new(),
            unnamed_sources: Vec::new(),
            anonymous_without_reason: 0,
        }
    }

    /// The audit of one article's analysis; unsure reported speech counts only when
    /// `include_unsure`.
    pub fn of(analysis: &Analysis, include_unsure: bool) -> Audit {
        let mut a = Audit::empty(1);
        for q in &analysis.quotes {
            if q.kind == Kind::Scare {
                continue;
            }
            if !include_unsure && crate::view::is_unsure_speech(q) {
                a.unsure_left_out += 1;
                continue;
            }
            let words = q.text.split_whitespace().count();
            a.quotes += 1;
            a.words += words;
            let group = voice_group(analysis, q);
            add(&mut a.voices, group, words);
            if let Some(g) = speaker_gender(analysis, q) {
                add(&mut a.gender, g, words);
            }
            if let Some((cue, class)) = q.cue.as_ref().and_then(|c| Some((c, c.loaded.as_deref()?)))
            {
                add(&mut a.loaded, class, words);
                // One flag per cue: the pieces of a mixed quote share theirs.
                let flagged = a.loaded_cues.last().is_some_and(|l| {
                    analysis.quotes[l.quote].cue.as_ref().map(|c| c.start) == Some(cue.start)
                });
                if !flagged {
                    a.loaded_cues.push(LoadedCue {
                        quote: q.id,
                        cue: cue.text.clone(),
                        class: class.to_string(),
                        speaker: q.speaker.as_ref().map(|s| s.name.clone()),
                    });
                }
            }
            let same_relation = |p: &Quote| {
                p.cue.as_ref().map(|c| c.start) == q.cue.as_ref().map(|c| c.start)
                    && p.speaker.as_ref().map(|s| s.start) == q.speaker.as_ref().map(|s| s.start)
            };
            if let Some(s) = q.speaker.as_ref().filter(|s| s.anonymous).filter(|_| {
                a.unnamed_sources
                    .last()
                    .is_none_or(|u| !same_relation(&analysis.quotes[u.quote]))
            }) {
                let reason = s.anonymity_reason.as_ref().map(|r| r.text.clone());
                if group == "anonymous" && reason.is_none() {
                    a.anonymous_without_reason += 1;
                }
                a.unnamed_sources.push(UnnamedSource {
                    quote: q.id,
                    speaker: s.name.clone(),
                    group: group.to_string(),
                    reason,
                });
            }
        }
        a
    }

    /// Several articles' audits added up (the lists of single quotations are left out: their
    /// ids belong to each article).
    pub fn merge<'a>(audits: impl IntoIterator<Item = &'a Audit>) -> Audit {
        let mut total = Audit::empty(0);
        let sum = |into: &mut [Share], from: &[Share]| {
            for (t, f) in into.iter_mut().zip(from) {
                t.quotes += f.quotes;
                t.words += f.words;
            }
        };
        for a in audits {
            total.articles += a.articles;
            total.quotes += a.quotes;
            total.words += a.words;
            total.unsure_left_out += a.unsure_left_out;
            sum(&mut total.voices, &a.voices);
            sum(&mut total.gender, &a.gender);
            sum(&mut total.loaded, &a.loaded);
            total.anonymous_without_reason += a.anonymous_without_reason;
        }
        total
    }
}
