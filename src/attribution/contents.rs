//! Step 3, contents: where a relation's content is — a quote before or after the cue, an
//! interrupted quote, or the reported clause after "that" or before ", X said".

#[allow(unused_imports)]
use super::*;

/// True when quote `q` follows cue `ce` closely enough to be its content.
pub(super) fn q_starts_content(ctx: &Ctx, q: usize, ce: usize) -> bool {
    let qs = ctx.doc.quotations[q].span.start;
    qs > ctx.span(ce).end && qs - ctx.span(ce).end < 200
}

/// The quotation whose opening mark is at token `k` (also at the start of the next paragraph).
pub(super) fn quote_after(ctx: &Ctx, k: usize) -> Option<usize> {
    if k >= ctx.n {
        return None;
    }
    let q = ctx.iq(k)?;
    let qt = &ctx.doc.quotations[q];
    (qt.open_mark().is_some() && qt.span.start >= ctx.span(k).start).then_some(q)
}

/// After "…,” he said", a second piece: ", “…”" in the same sentence.
pub(super) fn interrupted(ctx: &Ctx, from: usize, s1: usize, rel: &mut Relation) {
    let mut k = from;
    while k < s1 && k < from + 4 && ctx.iq(k).is_none() {
        if ctx.is_word(k) && !SKIP_BEFORE_CUE.contains(ctx.lw(k)) {
            // "“…,” Tester said, referring to the excuse, “you give…”": a comma-delimited aside,
            // then a quote that goes on in lower case.
            if let Some(q) = aside_then_quote(ctx, from, s1) {
                rel.contents.push(Content::Quote(q));
            }
            return;
        }
        k += 1;
    }
    if k < s1 {
        if let Some(q) = quote_after(ctx, k) {
            rel.contents.push(Content::Quote(q));
        }
    }
}

/// The quote after a short comma-delimited aside at `from` (", referring to the excuse,"), when
/// it continues the sentence in lower case.
pub(super) fn aside_then_quote(ctx: &Ctx, from: usize, s1: usize) -> Option<usize> {
    if from >= s1 || ctx.text(from) != "," {
        return None;
    }
    let mut k = from + 1;
    while k < s1 && k < from + 20 && ctx.iq(k).is_none() {
        k += 1;
    }
    if k >= s1 || ctx.iq(k).is_none() || ctx.text(k - 1) != "," {
        return None;
    }
    let q = quote_after(ctx, k)?;
    let first = ctx.doc.quotations[q]
        .span
        .slice(ctx.doc.text)
        .chars()
        .next()?;
    first.is_lowercase().then_some(q)
}

/// Skips "that" or the object of "told reporters that" after a cue.
pub(super) fn skip_that(ctx: &Ctx, from: usize, s1: usize) -> usize {
    if from < s1 && ctx.text(from) == ":" {
        return from + 1;
    }
    // A verb's particle before the clause: "pointed out that…", "spelled out that…".
    if from + 1 < s1 && ctx.lw(from) == "out" && ctx.lw(from + 1) == "that" {
        return from + 2;
    }
    if from < s1 && (ctx.lw(from) == "that" || ctx.lw(from) == "to") && ctx.lw(from) == "that" {
        return from + 1;
    }
    // An object of up to six words followed by "that" and a clause ("told reporters that he…",
    // "said to reporters that…"), not a demonstrative ending the sentence ("said the test could
    // change that.") nor a relative clause after a "say" verb's subject ("said the demands that
    // come with…").
    let takes_object = from > 0
        && (matches!(
            ctx.lw(from - 1),
            "told"
                | "tell"
                | "tells"
                | "telling"
                | "assured"
                | "reminded"
                | "informed"
                | "warned"
                | "notified"
                | "convinced"
                | "promised"
                | "advised"
                | "persuaded"
                | "showed"
                | "briefed"
                | "emailed"
                | "texted"
                | "wrote"
                | "writes"
                | "assures"
                | "reminds"
                | "informs"
                | "warns"
                | "promises"
        ) || from < s1
            && (matches!(
                ctx.lw(from),
                "to" | "in"
                    | "on"
                    | "at"
                    | "during"
                    | "after"
                    | "before"
                    | "late"
                    | "earlier"
                    | "last"
                    | "this"
                    | "yesterday"
                    | "today"
                    | "again"
                    | "publicly"
                    | "privately"
                    | "repeatedly"
                    | "recently"
                    | "previously"
                    | "later"
                    | "then"
            ) || ctx.is_cap(from) && crate::values::is_calendar_word(ctx.lw(from))));
    if !takes_object {
        return from;
    }
    let mut k = from;
    while k < s1 && k < from + 7 {
        if ctx.lw(k) == "that" {
            return if k + 1 < s1 && (ctx.is_word(k + 1) || ctx.is_mark(k + 1)) {
                k + 1
            } else {
                from
            };
        }
        if !ctx.is_word(k) && ctx.text(k) != "." {
            break;
        }
        k += 1;
    }
    from
}

/// Reported content from token `a` to `last` (inclusive), if it has at least three words.
pub(super) fn content_from(ctx: &Ctx, a: usize, last: usize) -> Option<Vec<Content>> {
    if a > last {
        return None;
    }
    content_between(ctx, a, last)
}

pub(super) fn content_between(ctx: &Ctx, a: usize, b: usize) -> Option<Vec<Content>> {
    if a > b || b >= ctx.n {
        return None;
    }
    let words = (a..=b).filter(|&t| ctx.is_word(t)).take(3).count();
    // Two words only for an infinitive ("declined to comment").
    if words < 3 && !(words == 2 && ctx.lw(a) == "to") {
        return None;
    }
    let mut a = a;
    while a < b
        && !ctx.is_word(a)
        && !ctx.is_mark(a)
        && ctx.doc.tokens[a].kind() != TokenKind::Number
    {
        a += 1;
    }
    Some(vec![Content::Reported(ctx.tspan(a, b))])
}
