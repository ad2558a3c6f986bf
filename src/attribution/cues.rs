//! Step 1, cues: which words introduce speech here. Takes a token and its sentence; gives the
//! cue's extent, lemma and cue-model score ([`super::cuemodel`]), or nothing. Also the frames
//! that make a rarely reporting verb a cue ("X believes that…", "called him a liar").

#[allow(unused_imports)]
use super::*;

/// A cue word that chains a second relation after a comma when it is a participle (", adding
/// that…", ", comparing him to…", ", painting Trump as…"): any accepted one-word cue in "-ing".
pub(super) fn chained_participle(w: &str) -> bool {
    w.len() > 5 && w.ends_with("ing")
}

/// Reporting verbs whose content must follow directly (no content before the cue).
pub(super) fn is_according(doc: &Ctx, i: usize) -> bool {
    doc.lw(i) == "according" && i + 1 < doc.n && doc.lw(i + 1) == "to"
}

/// Verbs whose particle is part of the cue ("singled out the bank", "fired back at"): the cue
/// spans both words, its lemma is the phrasal verb, and what follows the particle is content.
const PHRASAL: &[(&str, &str)] = &[
    ("point", "out"),
    ("single", "out"),
    ("lash", "out"),
    ("speak", "out"),
    ("cry", "out"),
    ("call", "out"),
    ("spell", "out"),
    ("lay", "out"),
    ("blast", "out"),
    ("hit", "out"),
    ("reach", "out"),
    ("hit", "back"),
    ("fire", "back"),
    ("shoot", "back"),
    ("push", "back"),
    ("strike", "back"),
    ("write", "back"),
    ("snap", "back"),
    ("sum", "up"),
    ("speak", "up"),
    ("open", "up"),
    ("bring", "up"),
    ("chime", "in"),
    ("weigh", "in"),
];

/// The cue at token `i`, if it is one: (last token, lemma), a phrasal verb's particle included.
pub(super) fn cue_at(ctx: &Ctx, i: usize) -> Option<(usize, Lemma, Option<f32>)> {
    let (end, lemma, score) = cue_word_at(ctx, i)?;
    let p = end + 1;
    if end == i && p < ctx.n && ctx.is_word(p) && ctx.iq(p).is_none() && ctx.sent(p) == ctx.sent(i)
    {
        let particle = ctx.lw(p);
        if PHRASAL
            .iter()
            .any(|&(v, q)| q == particle && v == lemma.as_ref())
        {
            return Some((p, Lemma::Owned(format!("{lemma} {particle}")), score));
        }
    }
    Some((end, lemma, score))
}

/// The cue word at token `i`, if it is one: (last token, lemma).
fn cue_word_at(ctx: &Ctx, i: usize) -> Option<(usize, Lemma, Option<f32>)> {
    if !ctx.is_word(i) || ctx.iq(i).is_some() {
        return None;
    }
    if is_according(ctx, i) {
        return Some((i + 1, Lemma::Borrowed("according to"), None));
    }
    if !cuemodel::candidate(ctx, i) {
        return None;
    }
    let w = ctx.lw(i);
    let Some(entry) = lexicon::cues().get(w).filter(|e| {
        let (min_rate, min_cues) = if relmodel::judging() {
            (relmodel::MIN_CANDIDATE_RATE, relmodel::MIN_CUES)
        } else {
            (cuemodel::MIN_CANDIDATE_RATE, cuemodel::MIN_CUES)
        };
        e.rate() >= min_rate && e.cue >= min_cues
    }) else {
        return verb_that_clause(ctx, i).then(|| (i, Lemma::Owned(lexicon::lemma(w)), None));
    };
    if characterises(ctx, i, entry.lemma) || possessive_claim(ctx, i) {
        return Some((i, Lemma::Borrowed(entry.lemma), None));
    }
    if let Some(score) = cuemodel::score(ctx, i, entry.rate(), entry.lemma) {
        // Frequent cue words get the benefit of the doubt.
        let threshold = if entry.rate() >= MIN_RATE {
            if relmodel::judging() {
                CUE_THRESHOLD_FREQUENT_JUDGED
            } else {
                CUE_THRESHOLD_FREQUENT
            }
        } else if relmodel::judging() && !NOT_JUDGED.contains(entry.lemma) {
            CUE_THRESHOLD_JUDGED
        } else {
            CUE_THRESHOLD
        };
        return (score > threshold).then_some((i, Lemma::Borrowed(entry.lemma), Some(score)));
    }
    // Without model weights: the cue rate and a few context rules.
    // Not a verb after a possessive ("Trump's continued strength") or a determiner.
    if i > 0 && ctx.iq(i - 1).is_none() {
        let p = ctx.lw(i - 1);
        if p.ends_with("'s") || p.ends_with("’s") || DETERMINERS.contains(p) && p != "that" {
            return None;
        }
    }
    if entry.cue < MIN_COUNT || entry.rate() < MIN_WEAK_RATE {
        return None;
    }
    if entry.rate() < MIN_RATE && !clause_frame(ctx, i) {
        return None;
    }
    Some((i, Lemma::Borrowed(entry.lemma), None))
}

/// "She acknowledged that…", "experts worry that…": a verb outside the cue lexicon, right after
/// a pronoun or a capitalised name in the same sentence, followed by "that" and a clause.
pub(super) fn verb_that_clause(ctx: &Ctx, i: usize) -> bool {
    let w = ctx.lw(i);
    if i == 0 || i + 2 >= ctx.n || ctx.lw(i + 1) != "that" || ctx.is_cap(i) {
        return false;
    }
    // Verb-like endings only: "so that", "now that", "such that" are not cues.
    if !(w.ends_with("ed") || w.ends_with('s') || w.ends_with("ing")) || w.len() < 4 {
        return false;
    }
    let mut j = i;
    while j > 0 && SKIP_BEFORE_CUE.contains(ctx.lw(j - 1)) {
        j -= 1;
    }
    let Some(p) = j.checked_sub(1) else {
        return false;
    };
    ctx.sent(p) == ctx.sent(i)
        && ctx.iq(p).is_none()
        && (matches!(ctx.lw(p), "he" | "she" | "they" | "we" | "i")
            || ctx.is_cap(p) && !NOT_NAMES.contains(ctx.lw(p))
            || PERSON_NOUNS.contains(ctx.lw(p)))
}

/// Lemmas (as the cue lexicon spells them) of verbs that characterise someone or something.
pub(super) static CHARACTERISING: WordList = WordList::new(&[
    "call",
    "describe",
    "describ",
    "label",
    "brand",
    "dub",
    "term",
    "characterize",
    "refer",
    "nickname",
    "deride",
    "denounce",
    "dismiss",
    "praise",
    "hail",
    "admire",
    "mock",
]);

/// "call them “lone wolves”", "described … as “super predators”": a characterising verb whose
/// object is a short quoted fragment within a few words, in the same sentence. The fragment is
/// the subject's words, not a scare quote.
pub(super) fn characterises(ctx: &Ctx, i: usize, lemma: &str) -> bool {
    if !CHARACTERISING.contains(lemma) {
        return false;
    }
    let si = ctx.sent(i);
    let mut k = i + 1;
    while k < ctx.n && k <= i + 8 && ctx.sent(k) == si {
        if let Some(q) = ctx.iq(k) {
            let words = ctx.doc.quotations[q]
                .span
                .slice(ctx.doc.text)
                .split_whitespace()
                .count();
            return words <= 6 && !is_quoted_title(ctx, q);
        }
        if ctx.is_word(k) && (ctx.lw(k) == "that" || ends_the_object(ctx.lw(k))) {
            return false;
        }
        k += 1;
    }
    false
}

/// "Trump’s claim that…", "his warning that…": a speech noun after a possessive, then "that".
pub(super) fn possessive_claim(ctx: &Ctx, i: usize) -> bool {
    const NOUNS: &[&str] = &[
        "claim",
        "claims",
        "assertion",
        "statement",
        "suggestion",
        "argument",
        "warning",
        "promise",
        "pledge",
        "insistence",
        "remark",
        "remarks",
        "comment",
        "comments",
        "allegation",
        "allegations",
        "prediction",
        "contention",
        "admission",
        "vow",
        "boast",
    ];
    if i == 0 || i + 1 >= ctx.n || !NOUNS.contains(&ctx.lw(i)) || ctx.lw(i + 1) != "that" {
        return false;
    }
    let p = ctx.lw(i - 1);
    ctx.sent(i - 1) == ctx.sent(i)
        && (p.ends_with("'s") || p.ends_with("’s") || matches!(p, "his" | "her" | "their"))
}

/// Words that end the object of a characterising verb before any quote: another clause.
pub(super) fn ends_the_object(w: &str) -> bool {
    matches!(
        w,
        "said" | "says" | "say" | "told" | "and" | "but" | "because" | "while"
    )
}

/// "He thinks that…", "Trump believes “…”": a pronoun or a name right before the word (after
/// auxiliaries and adverbs), and "that", a quote, a colon or the start of a clause after it.
pub(super) fn clause_frame(ctx: &Ctx, i: usize) -> bool {
    let mut j = i;
    while j > 0 && SKIP_BEFORE_CUE.contains(ctx.lw(j - 1)) {
        j -= 1;
    }
    let Some(p) = j.checked_sub(1) else {
        return false;
    };
    let subject = ctx.is_word(p)
        && (matches!(ctx.lw(p), "he" | "she" | "they" | "we" | "i")
            || ctx.is_cap(p) && ctx.sent(p) == ctx.sent(i) && !NOT_NAMES.contains(ctx.lw(p)));
    let Some(n) = (i + 1 < ctx.n).then_some(i + 1) else {
        return false;
    };
    let clause = ctx.lw(n) == "that"
        || ctx.is_mark(n)
        || ctx.text(n) == ":"
        || matches!(
            ctx.lw(n),
            "he" | "she" | "they" | "we" | "i" | "it" | "the" | "there"
        );
    subject && clause
}
