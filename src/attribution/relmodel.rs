//! The relation model: a second averaged perceptron that looks at a whole relation the sieve
//! found — its cue and the cue model's score, its source, its content — and decides whether to
//! keep it.
//!
//! The cue model ([`super::cuemodel`]) judges a word from its neighbours only. Rarely reporting
//! verbs ("made", "went", "released", "tried") are cues in some sentences and not in others;
//! what tells them apart is often the shape of the relation built around them (a source that is
//! a person, content that is a clause rather than "in 1998" or "for about five minutes"). The
//! sieve therefore accepts rare cue words generously ([`super::CUE_THRESHOLD`] is low) and this
//! model removes the relations that do not look like attributions.
//!
//! Only relations whose content has no quotation marks at all are judged: a quotation in marks
//! is a quotation whoever said it, so whole and mixed quotes keep the sieve's verdict (except
//! that a cue accepted only thanks to this model never takes one).
//!
//! Trained by `build-cues` (`src/bin/build_cues.rs`) on PolNeAR train: every relation the sieve
//! finds with the filter off is an example, positive when the evaluation's matching pairs it
//! with a gold relation. The cue-model scores it sees come from cue models trained on the
//! other folds of train (cross-fitting), so that they are as unreliable as on unseen text. The
//! weights (`models/relation-weights.tsv`) are embedded and parsed once on first use.

use super::{cuemodel, lexicon, Content, Ctx, Relation};
use crate::types::Span;
use crate::types::TokenKind;
use std::cell::{Cell, RefCell};
use std::sync::OnceLock;

/// The weights file, embedded at compile time.
pub const WEIGHTS_TSV: &str = include_str!("../../models/relation-weights.tsv");

/// A relation is kept when the model scores it above this (chosen on PolNeAR dev: the highest
/// recall with precision, source and cue accuracy all clear of their targets; see
/// docs/eval-polnear.md).
pub const THRESHOLD: f32 = -12.0;
/// While relations are judged, lexicon words that head a cue at least this often in training
/// are cue candidates (the cue model alone needs [`super::cuemodel::MIN_CANDIDATE_RATE`]).
pub const MIN_CANDIDATE_RATE: f64 = 0.01;
/// See [`MIN_CANDIDATE_RATE`]: the fewest training cues a candidate word must have headed.
pub const MIN_CUES: u32 = 2;

/// Weights by the hash of the feature name.
pub type Weights = cuemodel::Weights;

thread_local! {
    /// Training: the filter is off (every relation is kept) while this is true.
    static OFF: Cell<bool> = const { Cell::new(false) };
    /// Training: the cue span and features of every relation judged while the filter is off.
    static SEEN: RefCell<Vec<(Span, Vec<String>)>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` with the relation filter turned off on this thread and returns, with its result,
/// the cue span and features of every relation the model was asked to judge (training).
pub fn without_filter<R>(f: impl FnOnce() -> R) -> (R, Vec<(Span, Vec<String>)>) {
    OFF.with(|c| c.set(true));
    let out = f();
    OFF.with(|c| c.set(false));
    (out, SEEN.with(|s| std::mem::take(&mut *s.borrow_mut())))
}

/// True when the sieve's relations are judged as they are built (the model has weights, or
/// training collects them): rare cue words are then accepted at a lower cue-model score.
pub(super) fn judging() -> bool {
    OFF.with(Cell::get) || !weights().is_empty()
}

/// The embedded weights (empty when the file has none: every relation is kept).
pub fn weights() -> &'static Weights {
    static WEIGHTS: OnceLock<Weights> = OnceLock::new();
    WEIGHTS.get_or_init(|| cuemodel::parse_weights(WEIGHTS_TSV))
}

fn count_bucket(n: usize) -> &'static str {
    match n {
        0 => "0",
        1 => "1",
        2 => "2",
        3 => "3",
        4..=6 => "4-6",
        7..=12 => "7-12",
        13..=25 => "13-25",
        _ => "26+",
    }
}

fn score_bucket(s: Option<f32>) -> &'static str {
    match s {
        None => "na",
        Some(s) if s > 8.0 => "hi",
        Some(s) if s > 4.0 => "4",
        Some(s) if s > 0.0 => "0",
        Some(s) if s > -4.0 => "-4",
        Some(s) if s > -8.0 => "-8",
        Some(_) => "lo",
    }
}

/// A coarse class of token `k` ("pron", "cap", "low", "num", "punct", "mark").
fn class(ctx: &Ctx, k: usize) -> &'static str {
    if ctx.is_mark(k) {
        return "mark";
    }
    match ctx.doc.tokens[k].kind() {
        TokenKind::Number => "num",
        TokenKind::Word => {
            let w = ctx.lw(k);
            if matches!(
                w,
                "he" | "she" | "they" | "we" | "i" | "it" | "you" | "him" | "her" | "them"
            ) {
                "pron"
            } else if matches!(w, "who" | "which" | "that") {
                "rel"
            } else if ctx.is_cap(k) {
                "cap"
            } else {
                "low"
            }
        }
        _ => "punct",
    }
}

/// The entity type of the mention that holds token `k` ("-" outside every mention).
pub(super) fn mention_label(ctx: &Ctx, k: usize) -> &'static str {
    let pos = ctx.span(k).start;
    let mentions = &ctx.doc.mentions;
    let i = mentions.partition_point(|m| m.span.end <= pos);
    mentions
        .get(i)
        .filter(|m| m.span.start <= pos)
        .map_or("-", |m| m.label)
}

/// True when the content of `r` holds a quotation mark (a whole quotation or a mixed quote).
fn has_marks(ctx: &Ctx, r: &Relation) -> bool {
    r.contents.iter().any(|content| match content {
        Content::Reported(span) => {
            let mut k = ctx.doc.token_from(span.start);
            while k < ctx.n && ctx.span(k).start < span.end {
                if ctx.is_mark(k) {
                    return true;
                }
                k += 1;
            }
            false
        }
        Content::Quote(_) => true,
    })
}

/// The lexicon words that usually report ("said", "told", "according"): rated at least
/// [`super::MIN_RATE`] over at least 20 training cues, by the hash of the form (this is asked of
/// every word of a judged relation's sentence).
fn strong_cues() -> &'static Weights {
    static STRONG: OnceLock<Weights> = OnceLock::new();
    STRONG.get_or_init(|| {
        lexicon::cues()
            .iter()
            .filter(|(_, e)| e.rate() >= super::MIN_RATE && e.cue >= 20)
            .map(|(form, _)| (cuemodel::feature_hash(&[form]), 1.0))
            .collect()
    })
}

/// True for a lexicon word that usually reports ("said", "told"), rated as [`strong_cues`].
pub(super) fn is_strong_cue(word: &str) -> bool {
    strong_cues().contains_key(&cuemodel::feature_hash(&[word]))
}

/// Calls `emit` with each feature of relation `r`, as the pieces of its name.
pub(super) fn for_each_feature(ctx: &Ctx, r: &Relation, mut emit: impl FnMut(&[&str])) {
    let n = ctx.n;
    let c = ctx.doc.token_from(r.cue.start).min(n.saturating_sub(1));
    let lemma = &*r.lemma;
    let entry = lexicon::cues().get(ctx.lw(c));
    let score = cue_score(ctx, r, c);
    let sb = score_bucket(score);
    let rb = entry.map_or("none", |e| cuemodel::rate_bucket(e.rate()));
    // The source.
    let (src, src_len, src_pos) = match r.source {
        None => ("none", 0, "none"),
        Some((a, b)) => (
            class(ctx, a.min(n - 1)),
            b.saturating_sub(a) + 1,
            if a < c { "before" } else { "after" },
        ),
    };
    // The content: its tokens, first and last token, marks inside.
    let mut first = None;
    let mut last = None;
    let mut tokens = 0usize;
    for content in r.contents.iter() {
        if let Content::Reported(span) = content {
            let mut k = ctx.doc.token_from(span.start);
            while k < n && ctx.span(k).start < span.end {
                first.get_or_insert(k);
                last = Some(k);
                tokens += 1;
                k += 1;
            }
        }
    }
    let word = |k: Option<usize>| k.map_or("<none>", |k| ctx.lw(k));
    let src_ner = r
        .source
        .map_or("none", |(_, b)| mention_label(ctx, b.min(n - 1)));
    let first_ner = first.map_or("none", |k| {
        if crate::summary::is_calendar_word(ctx.lw(k)) {
            "cal"
        } else {
            mention_label(ctx, k)
        }
    });
    let cls = |k: Option<usize>| k.map_or("none", |k| class(ctx, k));
    let c_pos = match first {
        Some(f) if f > c => "after",
        Some(_) => "before",
        None => "none",
    };
    let gap = match first {
        Some(f) if f > c => count_bucket(f - c - 1),
        _ => "-",
    };
    let len = count_bucket(tokens);
    // A word that usually reports ("said", "told") elsewhere in the sentence, before the cue
    // or inside the content: the relation may belong to it rather than to this cue.
    let si = ctx.sent(c);
    let sent = &ctx.doc.sentences[si];
    let strong =
        |k: usize| k != c && ctx.is_word(k) && ctx.iq(k).is_none() && is_strong_cue(ctx.lw(k));
    let s_end = sent.tokens().end.min(n);
    let strong_before = (sent.tokens().start..c).any(strong);
    let strong_after = (c + 1..s_end).any(strong);
    let next = (c + 1 < n).then_some(c + 1);
    let flag = |b: bool| if b { "true" } else { "false" };
    emit(&["bias"]);
    emit(&["l=", lemma]);
    emit(&["sc=", sb]);
    emit(&["r=", rb]);
    emit(&["l+sc=", lemma, "|", sb]);
    emit(&["src=", src, "|", src_pos]);
    emit(&["srclen=", count_bucket(src_len)]);
    emit(&["l+src=", lemma, "|", src]);
    emit(&["sc+src=", sb, "|", src]);
    emit(&["clen=", len]);
    emit(&["cpos=", c_pos, "|", gap]);
    emit(&["l+clen=", lemma, "|", len]);
    emit(&["sc+clen=", sb, "|", len]);
    emit(&["cf=", word(first)]);
    emit(&["cfc=", cls(first)]);
    emit(&["cl=", word(last)]);
    emit(&["l+cf=", lemma, "|", word(first)]);
    emit(&["n=", word(next)]);
    emit(&["l+n=", lemma, "|", word(next)]);
    emit(&["strong=", flag(strong_before), "|", flag(strong_after)]);
    emit(&[
        "sc+strong=",
        sb,
        "|",
        flag(strong_before),
        "|",
        flag(strong_after),
    ]);
    emit(&["srcner=", src_ner]);
    emit(&["l+srcner=", lemma, "|", src_ner]);
    emit(&["sc+srcner=", sb, "|", src_ner]);
    emit(&["cfner=", first_ner]);
    emit(&["cf+clen=", word(first), "|", len]);
    emit(&["appos=", flag(r.appositive.is_some())]);
}

/// The model's verdict on relation `r`: keep it? (True without weights or for relations with a
/// whole quotation.)
pub(super) fn keep(ctx: &Ctx, r: &Relation) -> bool {
    if r.contents.is_empty() {
        return true;
    }
    // Only reported content without quotation marks is judged.
    let marks = has_marks(ctx, r);
    if OFF.with(Cell::get) {
        if !marks {
            SEEN.with(|s| s.borrow_mut().push((r.cue, features(ctx, r))));
        }
        return true;
    }
    if weights().is_empty() {
        return true;
    }
    if marks {
        return !low_cue(ctx, r);
    }
    let w = weights();
    let mut total = 0.0;
    for_each_feature(ctx, r, |f| {
        total += w.get(&cuemodel::feature_hash(f)).copied().unwrap_or(0.0);
    });
    total > THRESHOLD
}

/// True when the cue of `r` is a rare cue word accepted only because relations are judged (its
/// cue-model score is below [`super::CUE_THRESHOLD`]). Such a cue never takes content with
/// quotation marks in it: a quoted fragment stays a scare quote rather than becoming someone's
/// words on weak evidence.
fn low_cue(ctx: &Ctx, r: &Relation) -> bool {
    let c = ctx.doc.token_from(r.cue.start);
    c < ctx.n
        && lexicon::cues().get(ctx.lw(c)).is_some_and(|e| {
            e.rate() < super::MIN_RATE
                && cue_score(ctx, r, c).is_some_and(|s| s <= super::CUE_THRESHOLD)
        })
}

/// The cue model's score of the cue word at token `c` of relation `r`: the one the sieve
/// computed when it accepted the cue, or computed here for cues it accepted on other grounds
/// ("according to", "called them “…”").
fn cue_score(ctx: &Ctx, r: &Relation, c: usize) -> Option<f32> {
    r.cue_score.or_else(|| {
        let e = lexicon::cues().get(ctx.lw(c))?;
        cuemodel::score(ctx, c, e.rate(), e.lemma)
    })
}

/// The features of relation `r` as owned strings (training).
fn features(ctx: &Ctx, r: &Relation) -> Vec<String> {
    let mut out = Vec::with_capacity(24);
    for_each_feature(ctx, r, |f| out.push(f.concat()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_weights_parse() {
        assert!(weights().len() > 500, "{} weights", weights().len());
        assert!(weights().contains_key(&cuemodel::feature_hash(&["bias"])));
    }

    #[test]
    fn quotation_marks_in_reported_content_are_seen() {
        let doc = crate::analyze_document("Qureshi said the talks were “over” for now.");
        let ctx = Ctx::new(&doc);
        let cue = doc.text.find("said").unwrap();
        let rel = |content: &str| {
            let a = doc.text.find(content).unwrap();
            Relation {
                cue: crate::types::Span::new(cue, cue + 4),
                lemma: "say".into(),
                cue_score: None,
                source: Some((0, 0)),
                appositive: None,
                antecedent: None,
                contents: super::super::Contents::One(Content::Reported(crate::types::Span::new(
                    a,
                    a + content.len(),
                ))),
            }
        };
        assert!(has_marks(&ctx, &rel("the talks were “over” for now")));
        assert!(!has_marks(&ctx, &rel("the talks were")));
    }
}
