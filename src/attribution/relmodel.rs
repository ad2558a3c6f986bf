//! The relation model: a second averaged perceptron that looks at a whole relation the sieve
//! found — its cue and the cue model's score, its source, its content — and decides whether to
//! keep it.
//!
//! The cue model ([`super::cuemodel`]) judges a word from its neighbours only. Rarely reporting
//! verbs ("made", "went", "released", "tried") are cues in some sentences and not in others;
//! what tells them apart is often the shape of the relation built around them (a source that is
//! a person, content that is a clause rather than "in 1998" or "for about five minutes"). The
//! sieve therefore accepts rare cue words generously (`CUE_THRESHOLD` in the attribution module is low) and this
//! model removes the relations that do not look like attributions.
//!
//! Only relations whose content has no quotation marks at all are judged: a quotation in marks
//! is a quotation whoever said it, so whole and mixed quotes keep the sieve's verdict (except
//! that a cue accepted only thanks to this model never takes one).
//!
//! Trained by `build-cues` (`crates/quotelens-train/src/bin/build_cues.rs`) on PolNeAR train: every relation the sieve
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

/// A relation is kept when the model's log-odds are above this (probability 0.09; chosen on
/// PolNeAR dev: the recall of the model it replaced, with precision, source and cue accuracy
/// clear of their targets; see docs/eval-polnear.md). Between this and
/// [`crate::types::UNSURE_BELOW`] a relation is kept but shown as unsure.
pub const THRESHOLD: f32 = -2.3;
/// The confidence of a relation whose content has quotation marks: the share of such relations
/// that the PolNeAR evaluation finds right on train (`eval polnear ../shared/data/polnear/train`,
/// "with quotation marks", overlapping some gold relation).
pub const MARKED_CONFIDENCE: f32 = 0.97;
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
        if crate::values::is_calendar_word(ctx.lw(k)) {
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
    // What a reader checks that the verb is one of saying here: the content is a clause (a
    // finite verb or a complementiser early in it) rather than an object noun phrase ("raised
    // $175 million", "made his fortune", "cast ballots").
    let clause = first.map_or("none", |f| clause_shape(ctx, f, last.unwrap_or(f)));
    emit(&["clause=", clause]);
    emit(&["l+clause=", lemma, "|", clause]);
    emit(&["sc+clause=", sb, "|", clause]);
    // Negation or refusal before the cue ("did not say when", "declined to say").
    let neg = if matches!(lemma, "decline" | "refuse") {
        // The cue is the refusal itself ("declined to say whether…").
        "refuse"
    } else {
        negated(ctx, c, sent.tokens().start)
    };
    emit(&["neg=", neg]);
    emit(&["l+neg=", lemma, "|", neg]);
    emit(&["neg+clause=", neg, "|", clause]);
    // The word before the cue: a passive ("was asked"), an infinitive ("to say"), a modal.
    let before = before_cue(ctx, c, sent.tokens().start);
    emit(&["b=", before]);
    emit(&["l+b=", lemma, "|", before]);
    // The word after the cue, as a class ("call him X", "raised $175 million").
    let ncls = next.map_or("none", |k| {
        if matches!(ctx.lw(k), "$" | "£" | "€" | "%") {
            "num"
        } else {
            class(ctx, k)
        }
    });
    emit(&["ncls=", ncls]);
    emit(&["l+ncls=", lemma, "|", ncls]);
    // The source's head: a word that can speak (a person noun, a pronoun, a named person or
    // body) or a thing (a currency, a border, a date, casualties).
    let (head, agent) = match r.source {
        None => ("<none>", "none"),
        Some((a, b)) => {
            let b = b.min(n - 1);
            (ctx.lw(b), source_kind(ctx, a.min(b), b))
        }
    };
    emit(&["srch=", head]);
    emit(&["agent=", agent]);
    emit(&["l+agent=", lemma, "|", agent]);
    emit(&["agent+clause=", agent, "|", clause]);
    // The sentence as a whole: a headline in title case, a question.
    let shape = sentence_shape(ctx, sent.tokens().start, s_end);
    emit(&["sent=", shape]);
    emit(&["l+sent=", lemma, "|", shape]);
}

/// Training: true for the feature that marks a negated or refused cue whose content states
/// nothing ("did not say when", "declined to say whether", "would not say"): such a relation is
/// a negative example whatever the annotation says.
pub fn states_nothing(feature: &str) -> bool {
    matches!(
        feature,
        "neg+clause=not|wh"
            | "neg+clause=not|to"
            | "neg+clause=not|none"
            | "neg+clause=not|np"
            | "neg+clause=refuse|wh"
            | "neg+clause=refuse|to"
            | "neg+clause=refuse|none"
            | "neg+clause=refuse|np"
    )
}

/// Auxiliaries, modals and forms of "be"/"have"/"do": a finite verb is near.
static FINITE: crate::words::WordList = crate::words::WordList::new(&[
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "am",
    "will",
    "would",
    "can",
    "could",
    "should",
    "shall",
    "may",
    "might",
    "must",
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "won't",
    "can't",
    "isn't",
    "wasn't",
    "aren't",
    "weren't",
    "don't",
    "doesn't",
    "didn't",
    "hasn't",
    "haven't",
    "wouldn't",
    "couldn't",
    "shouldn't",
    "'s",
    "'re",
    "'ll",
    "'d",
    "’s",
    "’re",
    "’ll",
    "’d",
]);

/// The shape of content `first..=last`: "that" (a complementiser first), "wh" (whether, how,
/// why…), "to" (an infinitive), "finite" (an auxiliary, modal or "be"/"have" form in its first
/// words), "pron" (a subject pronoun first), "np" (none of these: likely an object noun
/// phrase).
fn clause_shape(ctx: &Ctx, first: usize, last: usize) -> &'static str {
    let w = ctx.lw(first);
    match w {
        "that" => return "that",
        "whether" | "if" | "how" | "why" | "what" | "when" | "where" | "who" | "which" => {
            return "wh"
        }
        "to" => return "to",
        _ => {}
    }
    let upto = last.min(first + 8);
    if (first..=upto).any(|k| FINITE.contains(ctx.lw(k))) {
        return "finite";
    }
    if matches!(
        w,
        "he" | "she" | "they" | "we" | "i" | "it" | "you" | "there"
    ) {
        return "pron";
    }
    // A verb in "-ed" after a first word that opens a noun phrase ("the talks stalled").
    if (first + 1..=upto).any(|k| {
        let t = ctx.lw(k);
        t.len() > 4 && t.ends_with("ed") && ctx.is_word(k)
    }) {
        return "ed";
    }
    "np"
}

/// "not" (a negation within three words before the cue: "did not say"), "refuse" ("declined
/// to say", "refused to comment"), or "-".
fn negated(ctx: &Ctx, c: usize, s0: usize) -> &'static str {
    let from = c.saturating_sub(3).max(s0);
    let mut out = "-";
    for k in from..c {
        match ctx.lw(k) {
            "not" | "n't" | "never" | "no" | "didn't" | "don't" | "doesn't" | "won't"
            | "cannot" | "wouldn't" | "hasn't" | "haven't" => out = "not",
            "declined" | "declines" | "decline" | "refused" | "refuses" | "refuse" | "wouldn" => {
                out = "refuse"
            }
            _ => {}
        }
    }
    out
}

/// The word before the cue as a class: "be" (a passive or progressive), "to", "modal",
/// "have", "pron", "cap", "comma", or "other".
fn before_cue(ctx: &Ctx, c: usize, s0: usize) -> &'static str {
    if c == 0 || c <= s0 {
        return "start";
    }
    let k = c - 1;
    match ctx.lw(k) {
        "was" | "were" | "is" | "are" | "be" | "been" | "being" | "am" => "be",
        "to" => "to",
        "will" | "would" | "can" | "could" | "should" | "may" | "might" | "must" => "modal",
        "has" | "have" | "had" => "have",
        "," => "comma",
        _ => match class(ctx, k) {
            "pron" => "pron",
            "cap" => "cap",
            "mark" => "mark",
            _ => "other",
        },
    }
}

/// What the source `a..=b` is: "pron", "person" (a person noun or title heads it, or it is a
/// PERSON mention), "name" (another named mention), "group" (a plural in "-s" without a
/// name), or "thing".
fn source_kind(ctx: &Ctx, a: usize, b: usize) -> &'static str {
    let head = ctx.lw(b);
    if matches!(
        head,
        "he" | "she" | "they" | "we" | "i" | "you" | "who" | "it"
    ) {
        return "pron";
    }
    if super::PERSON_NOUNS.contains(head) || super::TITLES.contains(head) {
        return "person";
    }
    match (a..=b).map(|k| mention_label(ctx, k)).find(|l| *l != "-") {
        Some("PERSON") => "person",
        Some(_) => "name",
        None if head.len() > 3 && head.ends_with('s') => "group",
        None => "thing",
    }
}

/// "head" when the sentence from `s0` to `s1` (exclusive) reads as a headline in title case
/// (four words or more, most of them capitalised), "question" when it ends in "?", else "-".
fn sentence_shape(ctx: &Ctx, s0: usize, s1: usize) -> &'static str {
    let mut words = 0;
    let mut caps = 0;
    for k in s0..s1 {
        if ctx.is_word(k) && ctx.lw(k).len() > 3 {
            words += 1;
            caps += usize::from(ctx.is_cap(k));
        }
    }
    if words >= 4 && caps * 4 >= words * 3 {
        return "head";
    }
    let last = (s0..s1)
        .rev()
        .find(|&k| ctx.is_word(k) || ctx.text(k) == "?");
    if last.is_some_and(|k| ctx.text(k) == "?") {
        return "question";
    }
    "-"
}

/// The model's verdict on relation `r`: `None` to drop it, else how sure it is that `r` is
/// attributed speech (0–1). Reported content without quotation marks gets the model's
/// probability; a relation with quotation marks is kept (unless its cue is a weak one, see
/// [`low_cue`]) with [`MARKED_CONFIDENCE`]; without weights every relation is kept with 1.
pub(super) fn judge(ctx: &Ctx, r: &Relation) -> Option<f32> {
    if r.contents.is_empty() {
        return Some(1.0);
    }
    // Only reported content without quotation marks is judged.
    let marks = has_marks(ctx, r);
    if OFF.with(Cell::get) {
        if !marks {
            SEEN.with(|s| s.borrow_mut().push((r.cue, features(ctx, r))));
        }
        return Some(1.0);
    }
    if weights().is_empty() {
        return Some(1.0);
    }
    if marks {
        return (!low_cue(ctx, r)).then_some(MARKED_CONFIDENCE);
    }
    let w = weights();
    let mut total = 0.0;
    for_each_feature(ctx, r, |f| {
        total += w.get(&cuemodel::feature_hash(f)).copied().unwrap_or(0.0);
    });
    (total > threshold()).then(|| 1.0 / (1.0 + (-total).exp()))
}

/// [`THRESHOLD`], or (natively, to draw the precision–recall curve) the value of
/// `QUOTELENS_RELATION_THRESHOLD`.
fn threshold() -> f32 {
    #[cfg(not(target_arch = "wasm32"))]
    {
        static T: OnceLock<f32> = OnceLock::new();
        *T.get_or_init(|| {
            std::env::var("QUOTELENS_RELATION_THRESHOLD")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(THRESHOLD)
        })
    }
    #[cfg(target_arch = "wasm32")]
    THRESHOLD
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
                confidence: 1.0,
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
