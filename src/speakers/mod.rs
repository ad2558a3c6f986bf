//! Stage 6 (after [`crate::entities`]): who each source mention refers to.
//!
//! Attribution finds the source mention of every quotation ("he", "the newspaper", "Andrabi")
//! and a first guess at its name from rules read left to right. This stage decides, for each
//! mention, which of the article's named entities (the clusters [`crate::entities::cluster`]
//! built, aliases merged) it refers to, or that it names none ("officials", "two people familiar
//! with the talks"). It runs after the entity stage because its candidates are those clusters,
//! with everything the text says of each: where each is mentioned, how it is described, what
//! gender the text gives it.
//!
//! **A learned ranker.** For each mention the candidates are the named entities mentioned
//! within [`WINDOW`] before it (or just after it, in the same or the next sentence: "He … ,
//! Trump said"), the rules' own name when it matches no entity, the mention itself as the name
//! of a body the entities lack ("The Trump campaign"), and *unnamed*. Each candidate gets sparse
//! features of the evidence a reader uses (below), the scores of a log-linear model
//! (`models/speakers.tsv`, trained on the hand-resolved PolNeAR train speakers by
//! `train-speakers`) are turned into probabilities, and the most probable candidate wins; its
//! probability, with the temperature fitted when training, is the speaker's `confidence`.
//!
//! The evidence, each a feature conjoined with the kind of mention (a name, he, she, it, they,
//! I/we/you, a relative pronoun, a description):
//! - the entity has a mention inside the source mention (at its head, or only as a modifier:
//!   "a Qatari diplomat"), or the rules' name is one of its names;
//! - recency: sentences since its last mention, its rank among the candidates by recency
//!   overall and among those of its type, its mention count, a mention in the lead;
//! - a mention inside the quoted words (almost never the speaker), the speaker of the previous
//!   quotation (a run of quotes), a mention as the subject of a sentence or beside the cue;
//! - gender and number: "Mr."/"Ms."/"Mrs.", gendered titles, the he/she that follow its
//!   mentions and the he/she already resolved to it, against he/she; it/they against people,
//!   organisations and places; mentions of several ("X and Y") or of a group ("advisers to X");
//! - salience: its rank by mentions among the entities of its type;
//! - descriptions: the head word ("newspaper", "spokesperson", "company") against the entity's
//!   type, its descriptors ("Foreign Office spokesperson") and its name's words ("the Post");
//! - for *unnamed*: the head word, its first word ("a", "some", "two") and plural heads.
//!
//! The stage's rooms: `context.rs` (what is computed once per document: each entity's mentions,
//! gender evidence, names, descriptors, salience), `features.rs` (one mention's candidates and
//! their features, and the `History` of decisions so far), and this file (the model, the
//! choice, and writing it back to the quotations).
//!
//! Quotations that share a mention (an interrupted quote, the next paragraph of a quote, the
//! pieces of a mixed quote) share its resolution; a continuation keeps its `Continuation` label.

use crate::attribution::{PERSON_NOUNS, TITLES};
use crate::entities::{first_name_sex, name_key, strip_name};
use crate::fnv;
use crate::types::{Document, ResolvedBy, Span, TokenKind};
use crate::values::is_named;
use std::collections::HashMap;
use std::sync::OnceLock;

mod classes;
mod context;
mod features;

pub use context::Context;
use context::*;
pub use features::{candidates, feature_hash, History};

/// The trained weights: one `feature<TAB>weight` per line, `#` comments, and a
/// `temperature<TAB>value` line (see [`Model::parse`]).
static MODEL_TSV: &str = include_str!("../../models/speakers.tsv");

/// The most candidate entities considered for one mention (the most recently mentioned).
pub const MAX_CANDIDATES: usize = 24;

/// How far from a source mention (bytes, each way) its candidates' mentions are looked for:
/// about 25 sentences back, so the stage stays linear on long texts.
pub const WINDOW: usize = 4_000;

/// A log-linear ranker: hashed feature → weight, and the softmax temperature.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// Weight of each feature hash.
    pub weights: crate::ner::features::HashedMap<f32>,
    /// Scores are divided by it before the softmax (fitted for calibration).
    pub temperature: f32,
}

impl Model {
    /// Reads the model text: `temperature<TAB>t`, then `<feature><TAB><weight>` lines; the
    /// feature is its readable name (hashed here) or `#<hex hash>`.
    pub fn parse(tsv: &str) -> Model {
        let mut m = Model {
            weights: Default::default(),
            temperature: 1.0,
        };
        for line in tsv.lines() {
            if line.starts_with("# ") || line.is_empty() {
                continue;
            }
            let Some((name, w)) = line.rsplit_once('\t') else {
                continue;
            };
            let Ok(w) = w.parse::<f32>() else { continue };
            if name == "temperature" {
                m.temperature = w.max(0.05);
                continue;
            }
            m.weights.insert(feature_hash(name.split('|')), w);
        }
        m
    }

    /// The score of one candidate.
    pub fn score(&self, feats: &[u64]) -> f32 {
        feats
            .iter()
            .map(|f| self.weights.get(f).copied().unwrap_or(0.0))
            .sum()
    }
}

/// The committed model.
pub fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| Model::parse(MODEL_TSV))
}

/// What a candidate stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// An entity of [`Document::entities`].
    Entity(usize),
    /// The name the attribution rules gave, which matches no entity.
    Keep,
    /// The mention itself, without its determiner, as the name of a body that the entities
    /// do not hold ("The Trump campaign", "the Obama administration").
    Phrase,
    /// No named entity: an unnamed source or an unresolved mention.
    Unnamed,
}

/// One candidate of a mention and its features.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// What choosing it means.
    pub target: Target,
    /// Hashed feature names.
    pub feats: Vec<u64>,
    /// The readable feature names, when asked for (training and debugging).
    pub names: Vec<String>,
    /// Chosen whatever the scores: the rules' resolution of a pronoun to the previous
    /// sentence's described subject ("The assembly's speaker met … He said"), a pattern too
    /// rare in the training data for the ranker to learn; its probability is still the
    /// model's, so a low one is shown as uncertain.
    pub forced: bool,
}

/// The candidate chosen: a forced one, else the highest score (the first on ties).
pub fn best_candidate(cands: &[Candidate], scores: &[f32]) -> usize {
    if let Some(i) = cands.iter().position(|c| c.forced) {
        return i;
    }
    (0..cands.len())
        .max_by(|&a, &b| scores[a].total_cmp(&scores[b]).then(b.cmp(&a)))
        .unwrap_or(0)
}

/// Softmax probabilities of candidate scores at `temperature`.
pub fn probabilities(scores: &[f32], temperature: f32) -> Vec<f32> {
    let t = temperature.max(0.05);
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exp: Vec<f32> = scores.iter().map(|s| ((s - max) / t).exp()).collect();
    let z: f32 = exp.iter().sum();
    exp.into_iter()
        .map(|e| e / z.max(f32::MIN_POSITIVE))
        .collect()
}

/// Writes the choice `target` (with probability `p`) into quotation `q`'s speaker.
pub fn apply_choice(
    doc: &mut Document,
    entity_keys: &std::collections::HashSet<String>,
    q: usize,
    target: Target,
    p: f32,
) {
    let text = doc.text;
    let name = match target {
        Target::Entity(e) => Some(doc.entities[e].name.clone()),
        _ => None,
    };
    // Whether the rules' name is one of the entities' names (then a pronoun the ranker left
    // unresolved does not keep it).
    let rule_entity = doc.quotations[q]
        .speaker
        .as_ref()
        .is_some_and(|sp| entity_keys.contains(&name_key(strip_name(&sp.name, true))));
    let Some(sp) = doc.quotations[q].speaker.as_mut() else {
        return;
    };
    // A relative pronoun is shown as the noun phrase it stands for ("lawmakers", not "who").
    let shown = sp.antecedent.as_deref().copied().unwrap_or(sp.mention);
    let mtext = shown.slice(text);
    let single = mtext.split_whitespace().count() == 1;
    let lw = mtext
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    let pronoun = single && pronoun_kind(&lw).is_some();
    let continuation = sp.resolved_by == ResolvedBy::Continuation;
    let rule_names_entity = rule_entity;
    let by = match target {
        Target::Entity(e) if possessed_body(mtext).is_some() => {
            // "his campaign": the body of the person chosen, not the person.
            let body = possessed_body(mtext).map_or("", |(_, b)| b);
            sp.entity = None;
            sp.anonymous = false;
            sp.name = body_name(&doc.entities[e].name, body);
            ResolvedBy::Description
        }
        Target::Entity(e) => {
            sp.entity = Some(e);
            sp.anonymous = false;
            let name = name.unwrap_or_default();
            // The entity's fullest name, unless it is the rules' name in other letter case
            // (a transcript's "QUINN" shown as "Quinn").
            if name_key(&name) != name_key(&sp.name) {
                sp.name = name;
            }
            if pronoun {
                ResolvedBy::Pronoun
            } else if names_the_entity(text, shown, &sp.name) {
                ResolvedBy::Name
            } else {
                ResolvedBy::Description
            }
        }
        Target::Keep => {
            sp.entity = None;
            sp.resolved_by
        }
        Target::Phrase => {
            sp.entity = None;
            sp.anonymous = false;
            sp.name = phrase_name(mtext).unwrap_or(mtext).to_string();
            ResolvedBy::Name
        }
        Target::Unnamed => {
            sp.entity = None;
            let mut mention = mtext.split_whitespace().collect::<Vec<_>>().join(" ");
            // A contraction shows its pronoun ("We" for "We've").
            if let Some(cut) = mention.find(['\'', '’']) {
                if !mention.contains(' ')
                    && pronoun_kind(&mention.to_lowercase()).is_some()
                    && pronoun_kind(&mention[..cut].to_lowercase()).is_some()
                {
                    mention.truncate(cut);
                }
            }
            let rule_key = name_key(&sp.name);
            if pronoun && rule_key != name_key(&mention) && !rule_names_entity {
                // "The commissioner said …, but he said …": the pronoun stands for a person
                // described but not named; the description is shown, as an unnamed source.
                sp.anonymous = true;
            } else {
                if rule_key != name_key(&mention) {
                    sp.name = mention;
                }
                // (Else the rules' own spelling of the mention stays: "Host" for "HOST".)
                // An unnamed source, unless the mention is a pronoun or a document that
                // speaks for nobody named ("the statement said").
                let head = mtext
                    .split_whitespace()
                    .last()
                    .map(|w| {
                        w.trim_matches(|c: char| !c.is_alphanumeric())
                            .to_lowercase()
                    })
                    .unwrap_or_default();
                sp.anonymous = !pronoun && !DOCUMENTS.contains(&head.as_str());
            }
            ResolvedBy::None
        }
    };
    sp.resolved_by = if continuation {
        ResolvedBy::Continuation
    } else {
        by
    };
    sp.confidence_milli = (p.clamp(0.0, 1.0) * 1000.0).round() as u16;
}

/// The mention as the name of a body: without a leading determiner, when it is two to five
/// words, the last in lower case and another capitalised ("Trump campaign" from "The Trump
/// campaign", "Hillary Clinton’s campaign"); `None` otherwise.
pub fn phrase_name(mention: &str) -> Option<&str> {
    let m = mention.trim_matches(|c: char| !c.is_alphanumeric());
    let first = m.split_whitespace().next()?;
    let rest = if matches!(first.to_lowercase().as_str(), "the" | "a" | "an") {
        m[first.len()..].trim_start()
    } else {
        m
    };
    let words: Vec<&str> = rest.split_whitespace().collect();
    let head_lower = words.last()?.chars().next().is_some_and(char::is_lowercase);
    let capitalised = words[..words.len() - 1]
        .iter()
        .any(|w| w.chars().next().is_some_and(char::is_uppercase));
    ((2..=5).contains(&words.len()) && head_lower && capitalised).then_some(rest)
}

/// Bodies that belong to one person or organisation: "his campaign" is the campaign of the
/// person "his" stands for, shown as "Bernie Sanders campaign".
pub static BODY_NOUNS: &[&str] = &["campaign", "camp", "administration", "office"];

/// The body noun of a mention made of a possessive pronoun and a body ("his campaign", "her
/// presidential campaign", "its office"), with the possessor's mention kind as a word ("he",
/// "she", "it", "they"); `None` for any other mention.
pub fn possessed_body(mention: &str) -> Option<(&'static str, &'static str)> {
    let words: Vec<&str> = mention
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .collect();
    if !(2..=3).contains(&words.len()) {
        return None;
    }
    let owner = match words[0].to_lowercase().as_str() {
        "his" => "he",
        "her" => "she",
        "its" => "it",
        "their" => "they",
        _ => return None,
    };
    let head = words[words.len() - 1].to_lowercase();
    let body = BODY_NOUNS.iter().copied().find(|b| *b == head)?;
    // One modifier at most, in lower case ("her presidential campaign").
    if words.len() == 3 && !words[1].chars().next().is_some_and(char::is_lowercase) {
        return None;
    }
    Some((owner, body))
}

/// The name shown for a body belonging to the entity named `owner`: "Bernie Sanders campaign".
pub fn body_name(owner: &str, body: &str) -> String {
    format!("{owner} {body}")
}

/// Whether the mention contains, capitalised, a word of the entity's name ("Mr. Trump's" for
/// "Donald Trump"; not "the Republican nominee").
fn names_the_entity(text: &str, mention: Span, name: &str) -> bool {
    let words: Vec<String> = name
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    mention.slice(text).split_whitespace().any(|w| {
        let t = w.trim_matches(|c: char| !c.is_alphanumeric());
        let t = t
            .strip_suffix("'s")
            .or_else(|| t.strip_suffix("’s"))
            .unwrap_or(t);
        t.chars().next().is_some_and(char::is_uppercase)
            && words.iter().any(|n| *n == t.to_lowercase())
    })
}

/// Runs the stage with the committed model: resolves every quotation's speaker mention.
pub fn resolve(doc: &mut Document) {
    resolve_with(doc, model());
}

/// Runs the stage with `model`.
pub fn resolve_with(doc: &mut Document, model: &Model) {
    if model.weights.is_empty() {
        return;
    }
    let (choices, entity_keys) = decide(doc, false, |_, cands| {
        let scores: Vec<f32> = cands.iter().map(|c| model.score(&c.feats)).collect();
        let best = best_candidate(cands, &scores);
        (best, probabilities(&scores, model.temperature)[best])
    });
    for (q, target, p) in choices {
        apply_choice(doc, &entity_keys, q, target, p);
    }
}

/// Decides every quotation's speaker in text order: (quotation, choice, probability), and the
/// name keys of the named entities (for [`apply_choice`]). Each
/// mention is decided once, by `choose`, which gets the quotation and the mention's candidates
/// and returns the index of the one chosen and its probability (the runtime scores them with
/// the model; training also learns from them). The previous quotation's choice feeds the next
/// one's features. `names` asks for readable feature names.
pub fn decide(
    doc: &Document,
    names: bool,
    mut choose: impl FnMut(usize, &[Candidate]) -> (usize, f32),
) -> (Vec<(usize, Target, f32)>, std::collections::HashSet<String>) {
    let cx = Context::new(doc);
    let mut decided: HashMap<Span, (Target, f32)> = HashMap::new();
    let mut history = History::default();
    let mut out = Vec::new();
    for q in 0..doc.quotations.len() {
        let Some(sp) = doc.quotations[q].speaker.as_ref() else {
            continue;
        };
        let m = sp.mention;
        let (target, p) = if let Some(&d) = decided.get(&m) {
            d
        } else {
            let cands = candidates(&cx, q, &history, names);
            let (best, p) = choose(q, &cands);
            let d = cands
                .get(best)
                .map_or((Target::Unnamed, 1.0), |c| (c.target, p));
            decided.insert(m, d);
            let word = doc
                .slice(m)
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            // Reported speech the relation model is unsure of is no evidence of who spoke
            // last ("Islamabad welcomed the proposal" between a spokesperson and "he said").
            let quotation = &doc.quotations[q];
            let unsure = quotation.kind == crate::types::QuoteKind::Indirect
                && quotation.confidence() < crate::types::UNSURE_BELOW;
            if !unsure {
                history.record(d.0, doc.paragraph_at(m.start).unwrap_or(0), Some(&word));
            }
            d
        };
        out.push((q, target, p));
    }
    (out, cx.entity_keys)
}
