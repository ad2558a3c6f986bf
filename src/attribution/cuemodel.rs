//! A small averaged perceptron that decides whether a lexicon word is a cue in its context:
//! "said" almost always is; "called", "think", "support" depend on their neighbours.
//!
//! Trained on PolNeAR train by `build-cues` (`crates/quotelens-train/src/bin/build_cues.rs`): every word of the cue
//! lexicon outside quotation marks is an example, positive when it heads an annotated Cue span.
//! The weights (`models/cue-weights.tsv`, `feature<TAB>weight`) are embedded in the binary and
//! parsed once on first use. Features are the word, its lemma and cue rate, its neighbours and
//! their shapes, and whether a quote or "that" is near.

use super::{Ctx, SKIP_BEFORE_CUE};
use crate::types::{Document, Span, TokenKind};
use std::cell::Cell;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The weights file, embedded at compile time.
pub const WEIGHTS_TSV: &str = include_str!("../../models/cue-weights.tsv");

/// Weights by the FNV-1a hash of the feature name.
pub type Weights = crate::ner::features::HashedMap<f32>;

/// The embedded weights, keyed by the hash of the feature name (empty when the file is empty:
/// callers fall back to the cue rate).
pub fn weights() -> &'static Weights {
    static WEIGHTS: OnceLock<Weights> = OnceLock::new();
    WEIGHTS.get_or_init(|| parse_weights(WEIGHTS_TSV))
}

/// Parses `feature<TAB>weight` lines (`#` starts a comment line) into weights keyed by the
/// hash of the feature name.
pub fn parse_weights(tsv: &str) -> Weights {
    tsv.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (f, w) = l.split_once('\t')?;
            Some((feature_hash(&[f]), w.parse().ok()?))
        })
        .collect()
}

thread_local! {
    /// Training: weights used instead of the embedded ones on this thread.
    static OVERRIDE: Cell<Option<&'static Weights>> = const { Cell::new(None) };
}

/// Runs `f` with `w` as the cue model on this thread (training the relation model on one fold
/// of the corpus with a cue model trained on the others).
pub fn with_weights<R>(w: &'static Weights, f: impl FnOnce() -> R) -> R {
    OVERRIDE.with(|c| c.set(Some(w)));
    let out = f();
    OVERRIDE.with(|c| c.set(None));
    out
}

/// The coarse shape of token `k`: a pronoun, a capitalised or lower-case word, a quote mark…
fn shape(ctx: &Ctx, k: Option<usize>) -> &'static str {
    let Some(k) = k.filter(|&k| k < ctx.n) else {
        return "none";
    };
    if ctx.is_mark(k) {
        return "mark";
    }
    match ctx.doc.tokens[k].kind() {
        TokenKind::Number => "num",
        TokenKind::Punct => match ctx.text(k) {
            "," => "comma",
            ":" => "colon",
            "." | "!" | "?" => "stop",
            _ => "punct",
        },
        _ => {
            let lw = ctx.lw(k);
            if matches!(lw, "he" | "she" | "they" | "we" | "i" | "it" | "you") {
                "pron"
            } else if matches!(lw, "who" | "which" | "that") {
                "rel"
            } else if ctx.is_cap(k) {
                "cap"
            } else {
                "low"
            }
        }
    }
}

pub(super) fn rate_bucket(rate: f64) -> &'static str {
    match rate {
        r if r >= 0.6 => "r6",
        r if r >= 0.4 => "r4",
        r if r >= 0.25 => "r25",
        r if r >= 0.15 => "r15",
        r if r >= 0.08 => "r08",
        r if r >= 0.04 => "r04",
        _ => "r0",
    }
}

/// Calls `emit` with each feature of token `i` as a cue candidate, as the pieces of its name
/// ("l+ps=", "say", "|", "pron"): scoring hashes the pieces without building the string, and
/// training joins them (no formatting machinery per feature: this runs for every candidate
/// word of every article).
pub(super) fn for_each_feature(
    ctx: &Ctx,
    i: usize,
    rate: f64,
    lemma: &str,
    mut emit: impl FnMut(&[&str]),
) {
    let w = ctx.lw(i);
    let s0 = ctx.doc.sentences[ctx.sent(i)].tokens().start;
    let s1 = ctx.doc.sentences[ctx.sent(i)].tokens().end;
    // The previous token, skipping auxiliaries and adverbs ("has also said").
    let mut j = i;
    while j > s0 && SKIP_BEFORE_CUE.contains(ctx.lw(j - 1)) {
        j -= 1;
    }
    let prev = (j > s0).then(|| j - 1);
    let prev2 = prev.filter(|&p| p > s0).map(|p| p - 1);
    let next = (i + 1 < s1).then_some(i + 1);
    let next2 = (i + 2 < s1).then_some(i + 2);
    let word = |k: Option<usize>| k.map_or("<s>", |k| ctx.lw(k));
    let suffix = if w.ends_with("ing") {
        "ing"
    } else if w.ends_with("ed") {
        "ed"
    } else if w.ends_with('s') {
        "s"
    } else {
        "-"
    };
    let flag = |b: bool| if b { "true" } else { "false" };
    let quote_near = flag((i.saturating_sub(3)..(i + 4).min(ctx.n)).any(|k| ctx.is_mark(k)));
    let that_near = flag((i + 1..(i + 5).min(s1)).any(|k| ctx.lw(k) == "that"));
    let rb = rate_bucket(rate);
    let (ps, ns) = (shape(ctx, prev), shape(ctx, next));
    let (wp, wn) = (word(prev), word(next));
    emit(&["bias"]);
    emit(&["w=", w]);
    emit(&["l=", lemma]);
    emit(&["r=", rb]);
    emit(&["sfx=", suffix]);
    emit(&["p=", wp]);
    emit(&["pp=", word(prev2)]);
    emit(&["n=", wn]);
    emit(&["nn=", word(next2)]);
    emit(&["ps=", ps]);
    emit(&["ns=", ns]);
    emit(&["ps2=", shape(ctx, prev2), "|", ps]);
    emit(&["ns2=", ns, "|", shape(ctx, next2)]);
    emit(&["l+ps=", lemma, "|", ps]);
    emit(&["l+ns=", lemma, "|", ns]);
    emit(&["l+n=", lemma, "|", wn]);
    emit(&["l+p=", lemma, "|", wp]);
    emit(&["r+ps+ns=", rb, "|", ps, "|", ns]);
    emit(&["q=", quote_near, "|", rb]);
    emit(&["that=", that_near, "|", suffix]);
    emit(&["first=", flag(j == s0)]);
}

/// FNV-1a over the bytes of `pieces`, as if they were one string.
pub(super) fn feature_hash(pieces: &[&str]) -> u64 {
    pieces.iter().fold(crate::fnv::OFFSET, |h, p| {
        crate::fnv::extend(h, p.as_bytes())
    })
}

/// The features of token `i` as owned strings (training).
fn features(ctx: &Ctx, i: usize, rate: f64, lemma: &str) -> Vec<String> {
    let mut out = Vec::with_capacity(24);
    for_each_feature(ctx, i, rate, lemma, |f| out.push(f.concat()));
    out
}

/// The model's score for token `i` (positive: a cue); `None` without weights.
pub(super) fn score(ctx: &Ctx, i: usize, rate: f64, lemma: &str) -> Option<f32> {
    let w = OVERRIDE.with(Cell::get).unwrap_or_else(weights);
    if w.is_empty() {
        return None;
    }
    let mut total = 0.0;
    for_each_feature(ctx, i, rate, lemma, |f| {
        total += w.get(&feature_hash(f)).copied().unwrap_or(0.0);
    });
    Some(total)
}

/// Lexicon words that head a cue less often than this, or fewer than [`MIN_CUES`] times, are
/// never cues ("the", "a", "in"); the model neither sees nor scores them.
pub const MIN_CANDIDATE_RATE: f64 = 0.02;
/// See [`MIN_CANDIDATE_RATE`].
pub const MIN_CUES: u32 = 3;

/// True for a word the model looks at: outside quotes, not an "-ly" adverb, in the lexicon.
pub(super) fn candidate(ctx: &Ctx, i: usize) -> bool {
    let w = ctx.lw(i);
    ctx.is_word(i)
        && ctx.iq(i).is_none()
        && !(w.ends_with("ly") && !w.ends_with("ply") && w.len() > 4)
}

/// One training example: features and whether the word heads a gold cue.
pub type Example = (Vec<String>, bool);

/// Training examples from a document segmented and quote-detected (not yet attributed), given
/// the byte spans of its gold cues and a lexicon `form → (lemma, rate, cue count)`.
pub fn examples(
    doc: &Document,
    lexicon: &HashMap<String, (String, f64, u32)>,
    gold_cues: &[Span],
) -> Vec<Example> {
    let ctx = Ctx::new(doc);
    // The head token of each gold cue: its first word that is not an auxiliary or adverb.
    let mut heads = std::collections::HashSet::new();
    for cue in gold_cues {
        let mut k = doc.token_from(cue.start);
        while k < ctx.n && ctx.span(k).start < cue.end {
            if ctx.is_word(k) && !SKIP_BEFORE_CUE.contains(ctx.lw(k)) {
                heads.insert(k);
                break;
            }
            k += 1;
        }
    }
    let mut out = Vec::new();
    for i in 0..ctx.n {
        if !candidate(&ctx, i) {
            continue;
        }
        let Some((lemma, rate, cues)) = lexicon.get(ctx.lw(i)) else {
            continue;
        };
        if *rate < MIN_CANDIDATE_RATE || *cues < MIN_CUES {
            continue;
        }
        out.push((features(&ctx, i, *rate, lemma), heads.contains(&i)));
    }
    out
}
