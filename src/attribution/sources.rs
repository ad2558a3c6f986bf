//! Step 2, sources: the noun phrase that speaks — before the cue (past auxiliaries, adverbs and
//! an appositive) or after it ("…,” said X", "according to X"), with the checks that it can be
//! a source at all.

#[allow(unused_imports)]
use super::*;

/// A noun phrase ending just before token `end`, not reaching before `limit`: (first, last).
pub(super) fn np_left(ctx: &Ctx, end: usize, limit: usize) -> Option<(usize, usize)> {
    let b = end.checked_sub(1)?;
    if b < limit || ctx.iq(b).is_some() || !ctx.is_word(b) {
        return None;
    }
    let lw = ctx.lw(b);
    // "Those close to him", "people familiar with her thinking" go on past the object pronoun.
    let close_to = matches!(lw, "him" | "her" | "them" | "us" | "me")
        && b >= limit + 2
        && matches!(ctx.lw(b - 1), "to" | "with")
        && matches!(ctx.lw(b - 2), "close" | "familiar");
    if PRONOUNS.contains(lw) && !close_to {
        return Some((b, b));
    }
    if !close_to && (NP_STOP.contains(lw) || DETERMINERS.contains(lw)) {
        return None;
    }
    let mut a = b;
    while a > limit && b - a + 1 < MAX_NP {
        let p = a - 1;
        if ctx.iq(p).is_some() {
            break;
        }
        let t = ctx.text(p);
        let lw = ctx.lw(p);
        if t == "." && p > limit && ctx.is_cap(p - 1) && ctx.text(p - 1).len() <= 4 {
            a = p; // "Lt." "Gen."
            continue;
        }
        if t == "-" || t == "–" || t == "&" {
            a = p;
            continue;
        }
        if !ctx.is_word(p) && ctx.doc.tokens[p].kind() != TokenKind::Number {
            break;
        }
        // "Trump and other Republicans", "Calloway and the other candidates": a name joined to
        // a group of others speaks with it.
        let joined_to_name = |k: usize| {
            k >= limit + 2
                && matches!(ctx.lw(k - 1), "and" | "&")
                && ctx.is_cap(k - 2)
                && ctx.iq(k - 2).is_none()
                && !NOT_NAMES.contains(ctx.lw(k - 2))
        };
        if matches!(lw, "other" | "fellow") && joined_to_name(p) {
            a = p - 1;
            continue;
        }
        if DETERMINERS.contains(lw) {
            a = p;
            if (ctx.is(p + 1, "other") || ctx.is(p + 1, "fellow")) && joined_to_name(p) {
                a = p - 1;
                continue;
            }
            if lw == "other" && p > limit && ctx.is(p - 1, "the") && joined_to_name(p - 1) {
                a = p - 2;
                continue;
            }
            // "officials on the island": a person noun and a preposition before the article.
            if let Some(k) = (p > limit)
                .then(|| person_noun_before(ctx, p - 1, limit))
                .flatten()
            {
                a = k;
                continue;
            }
            // "officials familiar with the matter", "sources close to the campaign"
            if p >= limit + 2
                && matches!(ctx.lw(p - 1), "with" | "to")
                && matches!(ctx.lw(p - 2), "familiar" | "close")
            {
                a = p - 2;
                continue;
            }
            // "Mr. Morgan of the Sierra Club", "Ms. Diaz at the Brookings Institution": a
            // name, a preposition and a capitalised organisation.
            if p >= limit + 2
                && matches!(ctx.lw(p - 1), "of" | "at" | "from")
                && ctx.is_cap(p + 1)
                && ctx.is_cap(p - 2)
                && !NOT_NAMES.contains(ctx.lw(p - 2))
            {
                a = p - 2;
                continue;
            }
            break;
        }
        if (lw == "of" || lw == "for" || lw == "and")
            && ctx.is_cap(a)
            && p > limit
            && ctx.is_cap(p - 1)
        {
            a = p; // "Ministry of Foreign Affairs"
            continue;
        }
        if (lw == "with" || lw == "to")
            && p > limit
            && matches!(ctx.lw(p - 1), "familiar" | "close")
        {
            a = p - 1; // "officials familiar with", "sources close to"
            continue;
        }
        // "Experts on North Korea (and nuclear nonproliferation)", "officials in Kabul",
        // "analysts at the bank": a person noun, a preposition and its object.
        if let Some(k) = person_noun_before(ctx, p, limit) {
            a = k;
            continue;
        }
        // A capitalised function word inside a sentence is part of a name ("Will Estrada").
        let name_word =
            ctx.is_cap(p) && p > ctx.doc.sentences[ctx.sent(p)].tokens().start && ctx.is_cap(p + 1);
        if (NP_STOP.contains(lw) || PRONOUNS.contains(lw)) && !name_word
            || NOT_NAMES.contains(lw) && ctx.is_cap(p)
        {
            break;
        }
        if lw.ends_with("ly") && !ctx.is_cap(p) {
            break;
        }
        a = p;
    }
    Some((a, b))
}

/// Prepositions that open an introductory phrase ("In her book, …", "Through a spokesman, …").
pub(super) static INTRO_PREPOSITIONS: WordList = WordList::new(&[
    "in",
    "on",
    "at",
    "during",
    "after",
    "before",
    "through",
    "since",
    "despite",
    "with",
    "without",
    "for",
    "from",
    "by",
    "under",
    "amid",
    "following",
    "throughout",
]);

/// True when the words from `s0` (the sentence start) open with an introductory phrase or
/// clause ("In her book, …", "But when the time came, …") before token `end`.
pub(super) fn introductory(ctx: &Ctx, s0: usize, end: usize) -> bool {
    let mut k = s0;
    while k < end && matches!(ctx.lw(k), "but" | "and" | "so" | "yet" | "back" | "even") {
        k += 1;
    }
    k < end
        && (INTRO_PREPOSITIONS.contains(ctx.lw(k))
            || matches!(
                ctx.lw(k),
                "when"
                    | "while"
                    | "if"
                    | "because"
                    | "although"
                    | "though"
                    | "as"
                    | "once"
                    | "until"
                    | "whenever"
                    | "where"
                    | "unless"
            ))
}

/// "“…,” NAME, APPOSITIVE, APPOSITIVE, said" with the cue at token `j` (after auxiliaries): the
/// name right after the quote's closing mark and its comma, when at least two commas separate it
/// from the cue.
pub(super) fn name_after_quote(ctx: &Ctx, j: usize, s0: usize) -> Option<(usize, usize)> {
    if j < s0 + 6 || ctx.text(j - 1) != "," || ctx.iq(j - 1).is_some() {
        return None;
    }
    let mut k = j - 1;
    let mut commas = 0;
    while k > s0 && j - k < 40 {
        k -= 1;
        if ctx.iq(k).is_some() {
            break;
        }
        if ctx.text(k) == "," {
            commas += 1;
        }
    }
    // Token k is the quote's closing mark (inside the quotation), then a comma after it.
    let close = (ctx.iq(k).is_some() && ctx.is_mark(k)).then_some(k)?;
    // A closing mark of two tokens ('' in NYT copy): the comma is before the first.
    let mut inner = close;
    while inner > s0 + 1 && ctx.is_mark(inner - 1) && ctx.iq(inner - 1) == ctx.iq(close) {
        inner -= 1;
    }
    let start = if ctx.text(close + 1) == "," {
        close + 2
    } else if inner > s0 && ctx.text(inner - 1) == "," {
        close + 1
    } else {
        return None;
    };
    let (a, b) = np_right(ctx, start, j)?;
    // The name, then the commas of at least two appositives.
    (commas >= 2 && a == start && ctx.text(b + 1) == "," && name_in(ctx, a, b) == Some((a, b)))
        .then_some((a, b))
}

/// The opening bracket of a short parenthesis ("(R)", "(D-N.Y.)") that ends right before token
/// `end`: within `max` tokens back, after the sentence start `s0`.
pub(super) fn parenthesis_before(ctx: &Ctx, end: usize, s0: usize, max: usize) -> Option<usize> {
    if end <= s0 + 2 || ctx.text(end - 1) != ")" {
        return None;
    }
    let mut k = end - 1;
    while k > s0 && end - k < max && ctx.text(k) != "(" {
        k -= 1;
    }
    (ctx.text(k) == "(" && k > s0).then_some(k)
}

/// The dash ending at token `j` (exclusive): its first token, for "--", "—" or "–".
pub(super) fn dash_before(ctx: &Ctx, j: usize, s0: usize) -> Option<usize> {
    if j <= s0 || ctx.iq(j - 1).is_some() {
        return None;
    }
    match ctx.text(j - 1) {
        "—" | "–" | "--" => Some(j - 1),
        "-" if j > s0 + 1 && ctx.text(j - 2) == "-" => Some(j - 2),
        _ => None,
    }
}

/// "Kall -- co-editor of…, a book… -- said": the source before an aside set off by dashes that
/// ends right before the cue (token `j`); returns the source and the aside's tokens.
pub(super) fn dash_aside_source(
    ctx: &Ctx,
    j: usize,
    s0: usize,
) -> Option<(usize, usize, (usize, usize))> {
    let close = dash_before(ctx, j, s0)?;
    let mut k = close;
    while k > s0 && close - k < 30 {
        if ctx.iq(k - 1).is_some() {
            return None;
        }
        if let Some(open) = dash_before(ctx, k, s0) {
            let (a, b) = np_left(ctx, open, s0)?;
            return (b + 1 == open && ctx.is_cap(b) && open < k && k < close).then_some((
                a,
                b,
                (k, close - 1),
            ));
        }
        k -= 1;
    }
    None
}

/// Where "experts on" (a person noun and a preposition) starts, when it governs the words up to
/// token `p`: at most six words after the preposition, joined only by words, "and", hyphens.
pub(super) fn person_noun_before(ctx: &Ctx, p: usize, limit: usize) -> Option<usize> {
    let mut k = p;
    while k > limit && p - k < 6 {
        let lw = ctx.lw(k);
        if matches!(
            lw,
            "on" | "in" | "at" | "from" | "of" | "for" | "with" | "across"
        ) {
            let noun = k - 1;
            return (PERSON_NOUNS.contains(ctx.lw(noun)) && ctx.iq(noun).is_none()).then_some(noun);
        }
        if !(ctx.is_word(k) || matches!(ctx.text(k), "-" | "–")) || ctx.iq(k).is_some() {
            return None;
        }
        k -= 1;
    }
    None
}

/// A source phrase needs a name, a pronoun, a determiner or a noun for people: "provide" before
/// "telling" or "debt" before "issued" are not sources.
pub(super) fn plausible_source(ctx: &Ctx, a: usize, b: usize) -> bool {
    let head = ctx.lw(b);
    (a..=b).any(|t| ctx.is_cap(t))
        || PRONOUNS.contains(head)
        || DETERMINERS.contains(ctx.lw(a))
        || PERSON_NOUNS.contains(head)
        || (head.ends_with('s') && !head.ends_with("ss") && a < b)
        // Poll shares: "63 percent said", "a majority of voters believe".
        || matches!(head, "percent" | "majority" | "plurality" | "half")
}

/// True when token `k` reads as a verb in the past tense after the noun before it ("Andrabi
/// restated", "security forces stepped"): a lower-case word in "-ed" right after a word that is
/// not a determiner, quantifier or number ("the embattled governor", "two unnamed officials"
/// keep theirs).
pub(super) fn past_tense_after(ctx: &Ctx, k: usize) -> bool {
    let w = ctx.lw(k);
    k > 0
        && w.len() > 4
        && w.ends_with("ed")
        && ctx.is_word(k)
        && !ctx.is_cap(k)
        && ctx.is_word(k - 1)
        && !DETERMINERS.contains(ctx.lw(k - 1))
        && !QUANTIFIERS.contains(ctx.lw(k - 1))
        && !matches!(
            ctx.lw(k - 1),
            "two"
                | "three"
                | "four"
                | "five"
                | "six"
                | "seven"
                | "eight"
                | "nine"
                | "ten"
                | "many"
                | "more"
                | "most"
                | "other"
                | "newly"
                | "recently"
        )
}

/// A noun phrase starting at token `a`, not reaching `s1`: (first, last).
pub(super) fn np_right(ctx: &Ctx, a: usize, s1: usize) -> Option<(usize, usize)> {
    let number = |k: usize| ctx.doc.tokens[k].kind() == TokenKind::Number;
    if a >= s1 || ctx.iq(a).is_some() || !(ctx.is_word(a) || number(a)) {
        return None;
    }
    if PRONOUNS.contains(ctx.lw(a)) {
        return Some((a, a));
    }
    // A capitalised word inside a sentence before another is a name, whatever it means in
    // lower case ("said Will Doyle", "said May Chen").
    let name_pair = |k: usize| {
        k > 0
            && k + 1 < s1
            && ctx.is_cap(k)
            && ctx.is_cap(k + 1)
            && ctx.is_word(k + 1)
            && ctx.sent(k - 1) == ctx.sent(k)
    };
    let mut b = None;
    let mut k = a;
    while k < s1 && k - a < MAX_NP {
        if ctx.iq(k).is_some() {
            break;
        }
        let t = ctx.text(k);
        let lw = ctx.lw(k);
        let ok = if k == a {
            DETERMINERS.contains(lw) || !NP_STOP.contains(lw) || name_pair(k)
        } else if t == "." {
            ctx.is_cap(k - 1) && ctx.text(k - 1).len() <= 4 && k + 1 < s1 && ctx.is_cap(k + 1)
        } else if lw == "of" && QUANTIFIERS.contains(ctx.lw(k - 1)) {
            true // "one of two women", "some of the officials"
        } else if matches!(lw, "of" | "for" | "and") {
            k + 1 < s1 && ctx.is_cap(k + 1) && ctx.is_cap(k - 1)
        } else if t == "-" || t == "–" {
            true
        } else if t == "/" {
            // "9/11 widow Terry Strada"
            number(k - 1) && k + 1 < s1 && number(k + 1)
        } else if past_tense_after(ctx, k) {
            // "Andrabi restated Pakistan's concern, saying…": the subject stops at its verb.
            false
        } else {
            (ctx.is_word(k) || number(k))
                && (!NP_STOP.contains(lw) || name_pair(k))
                && !(ctx.is_cap(k) && NOT_NAMES.contains(lw))
                && !lw.ends_with("ly")
        };
        if !ok {
            break;
        }
        if ctx.is_word(k) {
            b = Some(k);
        }
        k += 1;
    }
    let b = b?;
    (!DETERMINERS.contains(ctx.lw(b))).then_some((a, b))
}
