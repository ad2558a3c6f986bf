//! The sieve: one left-to-right pass per sentence that turns each cue into a relation — its
//! source ([`super::sources`]), its content ([`super::contents`]), chained and coordinated cues
//! — and asks the relation model ([`super::relmodel`]) whether to keep it.

#[allow(unused_imports)]
use super::*;

pub(super) fn find_in_sentence(ctx: &Ctx, si: usize, out: &mut Vec<Relation>) {
    let sent = &ctx.doc.sentences[si];
    let (s0, s1) = (sent.tokens().start, sent.tokens().end.min(ctx.n));
    let mut i = s0;
    let mut taken_until = s0; // tokens before this belong to an earlier relation's content
    let first_here = out.len();
    // The verb of "began by saying", whose subject the participle's source is.
    let mut verb_before_by: Option<usize> = None;
    while i < s1 {
        let Some((cue_end, lemma, cue_score)) = cue_at(ctx, i) else {
            i += 1;
            continue;
        };
        // "She began by saying…", "He responded by noting…": the participle reports.
        if cue_end + 2 < s1
            && ctx.is(cue_end + 1, "by")
            && ctx.lw(cue_end + 2).ends_with("ing")
            && cue_at(ctx, cue_end + 2).is_some()
        {
            verb_before_by = Some(i);
            i = cue_end + 1;
            continue;
        }
        let mut j = i;
        while j > s0 && SKIP_BEFORE_CUE.contains(ctx.lw(j - 1)) {
            j -= 1;
        }
        let has_prev = out.len() > first_here;
        // ", adding that…" and "… and said…": a second relation with the same source.
        // Without an earlier relation, "X chimed in, saying…" takes the sentence's subject.
        // (The comma may sit inside the closing mark: "…,” adding that…".)
        let comma_before = i > s0
            && (ctx.text(i - 1) == ","
                || ctx.is_mark(i - 1) && i > s0 + 1 && ctx.text(i - 2) == ",");
        let comma_chained = comma_before && cue_end == i && chained_participle(ctx.lw(i));
        let conj_chained = j > s0 && matches!(ctx.lw(j - 1), "and" | "but");
        // "X began by saying…", "X left after warning…": the sentence's subject speaks.
        let prep_chained = !has_prev
            && i > s0 + 1
            && ctx.lw(i).ends_with("ing")
            && matches!(ctx.lw(i - 1), "by" | "after" | "before" | "while" | "when");
        let chained = comma_chained || conj_chained || prep_chained;
        // "…, and Hillary Clinton said she…": a new source after a conjunction or comma.
        // The noun phrase right before the cue (its words skipped), used three times below.
        let np = np_left(ctx, j, s0);
        let coordinated = !chained
            && np.is_some_and(|(a, b)| {
                b + 1 == j
                    && a > s0
                    && plausible_source(ctx, a, b)
                    && matches!(
                        ctx.lw(a - 1),
                        "and" | "but" | ";" | "," | "while" | "whereas" | "though" | "although"
                    )
            });
        // "… and «unacceptable». 🇵🇰 “Talks resume Friday,” he added.": a cue right after a quote
        // (before or after its source) starts a new relation; the earlier content stops before
        // the quote's opening mark.
        let quote_opening = {
            let start = np.filter(|&(_, b)| b + 1 == j).map_or(j, |(a, _)| a);
            let mut m = start;
            if m > s0 && ctx.text(m - 1) == "," {
                m -= 1;
            }
            (m > s0 && ctx.is_mark(m - 1))
                .then(|| ctx.iq(m - 1))
                .flatten()
                .map(|q| ctx.doc.token_from(outer(&ctx.doc.quotations[q]).start))
                .filter(|&t| t > s0)
        };
        // "…, according to X": always its own relation; the earlier content stops at the comma.
        let according_after_comma = i > s0 && is_according(ctx, i) && ctx.text(i - 1) == ",";
        // "A senior official, who spoke…because he was not allowed to brief reporters, said…":
        // a word that usually reports, after a comma, ends the content of a rarely reporting
        // cue before it and starts its own relation.
        let strong_after_weak = comma_before
            && i < taken_until
            && has_prev
            && relmodel::is_strong_cue(ctx.lw(i))
            && out.last().is_some_and(|p| {
                let c = ctx.doc.token_from(p.cue.start);
                // "Raza, who is not authorized to sign contracts, said…": a relative clause
                // ends at its comma whatever its verb, and the main verb follows.
                let relative = p
                    .source
                    .is_some_and(|(a, b)| a == b && matches!(ctx.lw(a), "who" | "which"));
                relative
                    || lexicon::cues()
                        .get(ctx.lw(c))
                        .is_none_or(|e| e.rate() < MIN_RATE)
            });
        // "Officials who spoke with the Post said…", "Economists who favor consumption taxes
        // agree that…": a reporting verb after a relative clause on the subject is the main
        // verb, and the subject (not the clause's object) is its source.
        let relative_subject = (!chained && !comma_before)
            .then(|| relative_subject(ctx, s0, j, i))
            .flatten();
        let chained = chained || relative_subject.is_some();
        if i < taken_until
            && !chained
            && !coordinated
            && quote_opening.is_none()
            && !according_after_comma
            && !strong_after_weak
        {
            i += 1;
            continue;
        }
        let cut_tok = if comma_chained || prep_chained || relative_subject.is_some() {
            Some(i - 1)
        } else if conj_chained {
            Some(if j >= s0 + 2 && ctx.text(j - 2) == "," {
                j - 2
            } else {
                j - 1
            })
        } else if coordinated {
            np.map(|(a, _)| a - 1)
        } else if according_after_comma || strong_after_weak {
            Some(i - 1)
        } else {
            quote_opening
        };
        let chained_source = if !chained {
            None
        } else if relative_subject.is_some() {
            relative_subject
        } else if has_prev {
            out.last().and_then(|p| p.source)
        } else {
            // "Graham called both … and said …": the sentence's subject.
            let limit = verb_before_by.filter(|&v| v < i).unwrap_or(s1);
            np_right(ctx, s0, limit).filter(|&(a, b)| b < j && plausible_source(ctx, a, b))
        };
        if chained && chained_source.is_none() {
            i = cue_end + 1;
            continue;
        }
        // An inverted earlier relation ("…,” said Pierre de Vos, a professor …, who likened…")
        // is what a following "who" refers to.
        let earlier = if has_prev {
            out.last()
                .and_then(|p| p.source.filter(|s| ctx.span(s.0).start > p.cue.start))
        } else {
            None
        };
        let rel = relation_at(ctx, si, i, cue_end, lemma, chained_source, earlier)
            .map(|r| Relation { cue_score, ..r });
        let rel = rel.and_then(|r| {
            let confidence = relmodel::judge(ctx, &r)?;
            Some(Relation { confidence, ..r })
        });
        if let Some(rel) = rel {
            if let (Some(cut_tok), true) = (cut_tok, has_prev) {
                // The previous relation's content stops before the new relation.
                if let Some(prev) = out.last_mut() {
                    let cut = ctx.span(cut_tok).start;
                    if let Some(Content::Reported(sp)) = prev.contents.last_mut() {
                        if sp.start < cut && cut < sp.end {
                            *sp = crate::text::trim(ctx.doc.text, Span::new(sp.start, cut));
                        }
                    }
                }
            }
            let end_tok = match rel.contents.last() {
                Some(Content::Reported(sp)) => ctx.doc.token_from(sp.end),
                _ => cue_end + 1,
            };
            taken_until = taken_until.max(end_tok);
            out.push(rel);
        }
        i = cue_end + 1;
    }
}

/// Where a cue sits: sentence `si` (tokens `s0..s1`), the last word or number before its final
/// punctuation (`last`), and the cue's tokens `c..=ce`.
#[derive(Debug, Clone, Copy)]
struct Frame {
    si: usize,
    s0: usize,
    s1: usize,
    last: usize,
    c: usize,
    ce: usize,
}

/// Builds the relation for the cue at tokens `c..=ce` of sentence `si`: the source before the
/// cue or after it, then the content ([`content_for`]).
pub(super) fn relation_at(
    ctx: &Ctx,
    si: usize,
    c: usize,
    ce: usize,
    lemma: Lemma,
    chained_source: Option<(usize, usize)>,
    earlier: Option<(usize, usize)>,
) -> Option<Relation> {
    let sent = &ctx.doc.sentences[si];
    let (s0, s1) = (sent.tokens().start, sent.tokens().end.min(ctx.n));
    // The sentence end, before its final punctuation.
    let mut last = s1 - 1;
    while last > s0 && !ctx.is_word(last) && ctx.doc.tokens[last].kind() != TokenKind::Number {
        if ctx.iq(last).is_some() {
            break;
        }
        last -= 1;
    }
    let f = Frame {
        si,
        s0,
        s1,
        last,
        c,
        ce,
    };
    let cue = ctx.tspan(c, ce);
    let mut rel = Relation {
        cue,
        lemma,
        cue_score: None,
        source: None,
        appositive: None,
        antecedent: None,
        contents: Contents::Empty,
        confidence: 1.0,
    };
    if rel.lemma == "according to" {
        return according_to(ctx, f, rel);
    }
    if chained_source.is_some() {
        rel.source = chained_source;
        let after = skip_that(ctx, ce + 1, s1);
        if how_not_what(ctx, after) {
            return None;
        }
        rel.contents = content_from(ctx, after, last)?.into();
        return Some(rel);
    }
    // The source before the cue.
    let mut j = c;
    while j > s0 && SKIP_BEFORE_CUE.contains(ctx.lw(j - 1)) {
        j -= 1;
    }
    // "Trump is supported by far fewer papers": a passive cue; the agent after "by" is the
    // source and the subject is what was said or done.
    if ce + 2 < s1
        && ctx.is(ce + 1, "by")
        && (j..c).any(|k| matches!(ctx.lw(k), "is" | "was" | "are" | "were" | "been" | "being"))
    {
        if let (Some((a, b)), Some((x, y))) = (np_right(ctx, ce + 2, s1), np_left(ctx, j, s0)) {
            if y + 1 == j && ctx.iq(x).is_none() {
                rel.source = Some((a, b));
                rel.contents = Contents::One(Content::Reported(ctx.tspan(x, y)));
                return Some(rel);
            }
        }
    }
    // "A statement issued by the ministry said…": a participle after its noun, with its agent
    // after "by" and no auxiliary, describes the subject of a later cue.
    if ce + 2 < s1
        && ctx.is(ce + 1, "by")
        && j == c
        && c > s0
        && ctx.is_word(c - 1)
        && !ctx.is_cap(c)
        && ctx.lw(c).ends_with("ed")
    {
        return None;
    }
    let before_source = source_before_cue(ctx, f, j, earlier, &mut rel);
    // A cue right after a quote ("“…,” said X"): the source follows.
    // The last quote mark before the cue, skipping a comma and a stray doubled mark ('' '').
    let mut m = c;
    if m > s0 && ctx.text(m - 1) == "," {
        m -= 1;
    }
    while m > s0 + 1 && ctx.is_mark(m - 1) && ctx.iq(m - 1).is_none() {
        m -= 1;
    }
    let quote_tok = (m > 0 && ctx.is_mark(m - 1) && ctx.iq(m - 1).is_some()).then(|| m - 1);
    if rel.source.is_none() && (quote_tok.is_some() || c == s0) {
        if let Some((a, b)) = np_right(ctx, ce + 1, s1) {
            rel.source = Some((a, b));
            if let Some(q) = quote_tok.and_then(|t| ctx.iq(t)) {
                rel.contents.push(Content::Quote(q));
                interrupted(ctx, b + 1, s1, &mut rel);
                return Some(rel);
            }
            // "Said X: “…”"
            let after = if b + 1 < s1 && matches!(ctx.text(b + 1), ":" | ",") {
                b + 2
            } else {
                b + 1
            };
            if let Some(q) = quote_after(ctx, after) {
                rel.contents.push(Content::Quote(q));
                return Some(rel);
            }
            return None;
        }
    }
    // "Content, said Brad Bannon, a pollster.": an inverted cue after a comma, no quote.
    if rel.source.is_none() && c > s0 + 3 && ctx.text(c - 1) == "," && ctx.iq(c - 2).is_none() {
        // The phrase must end the clause (", a pollster." / "."), not start one ("said the
        // delegation had asked…").
        let ends_clause = |b: usize| b + 1 >= s1 || !ctx.is_word(b + 1);
        if let Some((a, b)) = np_right(ctx, ce + 1, s1).filter(|&(_, b)| ends_clause(b)) {
            if plausible_source(ctx, a, b) && !PRONOUNS.contains(ctx.lw(a)) || ctx.is_cap(a) {
                rel.source = Some((a, b));
                rel.contents = content_between(ctx, s0, c - 2)?.into();
                return Some(rel);
            }
        }
    }
    rel.source?;
    content_for(ctx, f, before_source, rel)
}

/// "According to X, content." and "Content, according to X.": the source follows the cue.
fn according_to(ctx: &Ctx, f: Frame, mut rel: Relation) -> Option<Relation> {
    let Frame {
        s0,
        s1,
        last,
        c,
        ce,
        ..
    } = f;
    let (a, b) = np_right(ctx, ce + 1, s1)?;
    rel.source = Some((a, b));
    if c == s0 || (c > s0 && ctx.iq(c - 1).is_none() && c - 1 == s0) {
        // "According to X, content."
        let mut k = b + 1;
        while k < s1 && ctx.text(k) == "," {
            k += 1;
        }
        if let Some(content) = content_from(ctx, k, last) {
            rel.contents = content.into();
        }
    } else {
        // "Content, according to X." — content from the clause start to the comma.
        let end = if ctx.text(c - 1) == "," { c - 1 } else { c };
        if end > s0 {
            rel.contents = content_between(ctx, s0, end - 1)?.into();
        }
    }
    (!rel.contents.is_empty()).then_some(rel)
}

/// The source before the cue, with what leads up to it: a short time phrase ("Smith on
/// Tuesday said"), a parenthesis ("Gov. Phil Bryant (R) said"), a name after a quote and its
/// appositives, an appositive between commas ("Sharif, director general of ISPR, warned"), a
/// noun phrase, an aside between dashes, a possessive ("his claim that"), and the antecedent
/// of "who". `j` is the token the phrase must end before (auxiliaries and adverbs skipped).
/// Sets the relation's source, appositive and antecedent; returns the token just before the
/// source phrase.
fn source_before_cue(
    ctx: &Ctx,
    f: Frame,
    mut j: usize,
    earlier: Option<(usize, usize)>,
    rel: &mut Relation,
) -> Option<usize> {
    let Frame { s0, c, .. } = f;
    // "who in 2010 said", "Smith on Tuesday said": a short time phrase before the cue.
    if j >= s0 + 3
        && matches!(ctx.lw(j - 2), "in" | "on" | "last" | "this")
        && (ctx.doc.tokens[j - 1].kind() == TokenKind::Number
            || ctx.is_cap(j - 1) && crate::values::is_calendar_word(ctx.lw(j - 1)))
    {
        j -= 2;
        // "the ministry late on Friday said"
        if j > s0 + 1 && matches!(ctx.lw(j - 1), "late" | "early" | "earlier") {
            j -= 1;
        }
        while j > s0 && SKIP_BEFORE_CUE.contains(ctx.lw(j - 1)) {
            j -= 1;
        }
    }
    // The token just before the source phrase.
    let mut before_source = None;
    // "Gov. Phil Bryant (R) said": skip a short parenthesis before the cue.
    if let Some(k) = parenthesis_before(ctx, j, s0, 8) {
        j = k;
    }
    // "“…,” Scott Pruitt, the attorney general of Oklahoma, one of the states suing, said": the
    // name right after the quote, however many appositives follow it.
    if let Some((a, b)) = name_after_quote(ctx, j, s0) {
        rel.source = Some((a, b));
        rel.appositive = Some((b + 2, j - 2));
        before_source = a.checked_sub(1);
    } else if j > s0 && ctx.text(j - 1) == "," && ctx.iq(j - 1).is_none() {
        // An appositive: "Sharif, director general of ISPR, warned".
        let mut k = j - 1;
        let mut found = None;
        while k > s0 && j - k < 40 {
            k -= 1;
            if ctx.iq(k).is_some() {
                break;
            }
            if ctx.text(k) == "," {
                found = Some(k);
                break;
            }
        }
        if let Some(mut k) = found {
            // "Schiff, 56, who has served…, told": an age between commas belongs to the name.
            if k > s0 + 2
                && ctx.doc.tokens[k - 1].kind() == TokenKind::Number
                && ctx.text(k - 2) == ","
            {
                k -= 2;
            }
            // "Rep. Gregory Meeks (D-N.Y.), chairman of…, said": the parenthesis belongs to the
            // name before the appositive.
            let comma = k;
            if let Some(o) = parenthesis_before(ctx, k, s0, 8) {
                k = o;
            }
            if let Some((a, b)) = np_left(ctx, k, s0) {
                // "Sharif, director general…," / "A senior official…, who spoke…, said".
                // "An aide, speaking to reporters on Friday, said": a participle's phrase.
                let relative = (ctx.is(comma + 1, "who")
                    || ctx.lw(comma + 1).len() > 5 && ctx.lw(comma + 1).ends_with("ing"))
                    && plausible_source(ctx, a, b);
                if b + 1 == k && (ctx.is_cap(b) || relative) {
                    rel.source = Some((a, b));
                    rel.appositive = Some((comma + 1, j - 2));
                    before_source = a.checked_sub(1);
                }
            }
            let k = comma;
            // "…'s chief of staff, Joe Kasper, told": the name between the commas.
            if rel.source.is_none() {
                if let Some((a, b)) = np_left(ctx, j - 1, k + 1) {
                    if a == k + 1 && b + 2 == j && name_in(ctx, a, b).is_some() {
                        rel.source = Some((a, b));
                        before_source = a.checked_sub(1);
                    }
                }
            }
        }
        // "Gov. John Kasich (R-OH), said": a parenthesis, then the comma.
        if let Some(k) = parenthesis_before(ctx, j - 1, s0, 9).filter(|_| rel.source.is_none()) {
            if let Some((a, b)) = np_left(ctx, k, s0) {
                if b + 1 == k && plausible_source(ctx, a, b) {
                    rel.source = Some((a, b));
                    before_source = a.checked_sub(1);
                }
            }
        }
    } else if j > s0 || (j == s0 && j > 0) {
        let limit = s0;
        if j > limit {
            if let Some((a, b)) = np_left(ctx, j, limit) {
                if b + 1 == j && plausible_source(ctx, a, b) {
                    rel.source = Some((a, b));
                    before_source = a.checked_sub(1);
                }
            }
        }
    }
    // "Kall -- co-editor of a book on the debates -- said": an aside between dashes.
    if rel.source.is_none() {
        if let Some((a, b, aside)) = dash_aside_source(ctx, j, s0) {
            rel.source = Some((a, b));
            rel.appositive = Some(aside);
            before_source = a.checked_sub(1);
        }
    }
    // "his claim that…": the possessive pronoun is the source.
    if rel.source.is_none()
        && c > s0
        && matches!(ctx.lw(c - 1), "his" | "her" | "their")
        && possessive_claim(ctx, c)
    {
        rel.source = Some((c - 1, c - 1));
        before_source = (c - 1).checked_sub(1);
    }
    // "Smith, who said…": "who" speaks for the noun phrase before it; so it does right after
    // it ("the political novice who wants…").
    if let Some((a, b)) = rel.source {
        if a == b && matches!(ctx.lw(a), "who" | "which") && a > s0 && ctx.text(a - 1) != "," {
            if let Some((x, y)) = np_left(ctx, a, s0) {
                if y + 1 == a && plausible_source(ctx, x, y) {
                    rel.antecedent = Some((x, y));
                }
            }
        }
        if a == b && matches!(ctx.lw(a), "who" | "which") && a > s0 + 1 && ctx.text(a - 1) == "," {
            if let Some(e) = earlier {
                // "…, said Pierre de Vos, a professor in …, who likened …": the sentence's speaker.
                rel.antecedent = Some(e);
            } else if let Some((x, y)) = np_left(ctx, a - 1, s0) {
                if y + 2 == a && plausible_source(ctx, x, y) {
                    rel.antecedent = Some((x, y));
                }
            }
        }
    }
    before_source
}

/// The content of a relation whose source is found: a quote before the source ("“…,” he
/// said"), a quote after the cue ("X said: “…”"), one opening the next paragraph, the clause
/// before the source ("Content, X said."), or the reported clause after the cue.
fn content_for(
    ctx: &Ctx,
    f: Frame,
    before_source: Option<usize>,
    mut rel: Relation,
) -> Option<Relation> {
    let Frame {
        si,
        s0,
        s1,
        last,
        ce,
        ..
    } = f;
    let sent = &ctx.doc.sentences[si];
    // A quote directly before the source: "“…,” he said" (also across a line break).
    let quote_before = before_source.and_then(|t| {
        let mut t = if ctx.text(t) == "," && t > 0 {
            t - 1
        } else {
            t
        };
        // A doubled closing mark ('' in some wire copy) leaves a stray mark outside the quote.
        while t > 0 && ctx.is_mark(t) && ctx.iq(t).is_none() {
            t -= 1;
        }
        // "“…,” warm-and-fuzzy Trump said": a few modifier words the phrase did not take.
        let mut steps = 0;
        while t > 0 && steps < 4 && ctx.iq(t).is_none() && ctx.sent(t) == si {
            if !(ctx.is_word(t) || matches!(ctx.text(t), "-" | "–")) {
                break;
            }
            // "“…,” but he said that…": a new clause; the quote belongs to the one before.
            if matches!(
                ctx.lw(t),
                "but" | "and" | "or" | "yet" | "while" | "because" | "so"
            ) {
                return None;
            }
            t -= 1;
            steps += 1;
        }
        (ctx.is_mark(t))
            .then_some(ctx.iq(t))
            .flatten()
            .filter(|&q| !is_quoted_title(ctx, q))
    });
    // A quote right after the cue: "X said: “…”", "X told reporters: “…”".
    let mut k = ce + 1;
    let mut steps = 0;
    while k < ctx.n && steps < 6 && ctx.iq(k).is_none() && !matches!(ctx.text(k), ":" | ",") {
        if !ctx.is_word(k) || ctx.sent(k) != si {
            break;
        }
        k += 1;
        steps += 1;
    }
    let colon = k < ctx.n && matches!(ctx.text(k), ":" | ",");
    let quote_after_cue = if colon {
        quote_after(ctx, k + 1)
    } else {
        (k == ce + 1).then(|| quote_after(ctx, k)).flatten()
    }
    .filter(|&q| !is_quoted_title(ctx, q));
    // Reported content after the cue.
    let after = skip_that(ctx, ce + 1, s1);
    // Words after the cue, counted up to 9 (the rules only compare with smaller numbers; an
    // unbounded count would make a long sentence full of cues quadratic).
    let rest_words = (after..=last.max(after))
        .filter(|&t| t < s1 && ctx.is_word(t))
        .take(9)
        .count();
    if let Some(q) = quote_before {
        // "“…,” he said in August, referring to…": a quote in the cue's sentence is the content;
        // a quote in an earlier sentence only when little follows the cue ("“…” \n X said.").
        // Across a paragraph break only a bare "X said." line takes the quote above it.
        let qend = ctx.doc.quotations[q].span.end;
        let same_sentence = ctx.doc.sentence_at(qend) == Some(si);
        let same_paragraph = ctx.doc.paragraph_at(qend) == Some(sent.paragraph());
        // ("Caddell continued:" ending its paragraph introduces the quote below, not above.)
        let bare = rel.source.is_some_and(|(a, _)| a == s0)
            && rest_words <= 2
            && !(s1 > 0 && ctx.text(s1 - 1) == ":");
        // In the same paragraph the quote ends right before the source (a sentence split after
        // `?”`), so it is the content unless a reported clause follows the cue.
        let clause_follows = ctx.is(after, "that") || rest_words > 8;
        // "…accused him of “fanatic recklessness.” Park said his state is “…”": a quoted
        // fragment inside an earlier sentence's clause already belongs to that sentence.
        let opens_its_sentence = {
            let qs = ctx.doc.quotations[q].span.start;
            let qt = ctx.doc.token_from(qs);
            ctx.doc.sentence_at(qs).is_some_and(|qsi| {
                let first = ctx.doc.sentences[qsi].tokens().start;
                (first..qt).all(|t| ctx.is_mark(t))
            })
        };
        // "“You think I'm going to change?” Trump asked reporters during a news conference.":
        // the quote ends right where this sentence starts, at its source or cue, and no "that"
        // clause follows; the words after the cue are the verb's object.
        let adjacent = {
            let start = ctx.span(s0).start;
            let qo = outer(&ctx.doc.quotations[q]).end;
            qo <= start
                && ctx.doc.text[qo..start].trim().is_empty()
                && (rel.source.is_some_and(|(a, _)| a == s0) || rel.cue.start == start)
                && !ctx.is(after, "that")
        };
        // "“We are refugees,” Ms. Alawee said. Mr. Zahed said: “…”": a quote after the cue's
        // colon is its content, not the one before the sentence.
        let colon_quote = colon && quote_after_cue.is_some();
        if same_sentence
            || (same_paragraph
                && (!clause_follows || adjacent)
                && opens_its_sentence
                && !colon_quote)
            || bare
        {
            rel.contents.push(Content::Quote(q));
            interrupted(ctx, ce + 1, s1, &mut rel);
            return Some(rel);
        }
    }
    if let Some(q) = quote_after_cue {
        if q_starts_content(ctx, q, ce) {
            rel.contents.push(Content::Quote(q));
            return Some(rel);
        }
    }
    // "… said about its platform:" ending the paragraph, the quote opening the next one.
    if s1 > 0 && ctx.text(s1 - 1) == ":" && s1 - 1 > ce {
        if let Some(q) = quote_after(ctx, s1).filter(|&q| !is_quoted_title(ctx, q)) {
            rel.contents.push(Content::Quote(q));
            return Some(rel);
        }
    }
    // "Content, X said." — the source follows a comma and little follows the cue.
    let (sa, _) = rel.source?;
    // "…, the Foreign Office said on Friday, as talks ended": an adverbial, not content.
    let adverbial_follows = after < s1
    && matches!(
        ctx.lw(after),
        "on" | "in"
            | "at"
            | "during"
            | "late"
            | "earlier"
            | "yesterday"
            | "today"
            | "last"
            | "this"
            | "after"
            | "before"
            | "while"
            | "as"
            | "when"
    )
    // "…, lawmakers said Friday afternoon, as…"
    || after < s1 && ctx.is_cap(after) && crate::values::is_calendar_word(ctx.lw(after));
    if sa > s0 + 2
    && ctx.text(sa - 1) == ","
    && (rest_words <= 4 || adverbial_follows)
    && !ctx.is(after, "that")
    // "Through a spokesman, he declined to comment": the infinitive is the content.
    && !ctx.is(after, "to")
    // "In her 2003 book, Clinton noted the clot's existence": an introductory phrase, and
    // the words after the cue are its object.
    && !(rest_words > 0 && !adverbial_follows && introductory(ctx, s0, sa))
    // "Asked whether…, she paused.": the question put to the speaker is not her words.
    && !matches!(ctx.lw(s0), "asked" | "pressed")
    && rel.antecedent.is_none()
    && ctx.lw(sa) != "who"
    {
        if let Some(content) = content_between(ctx, s0, sa - 2) {
            rel.contents = content.into();
            return Some(rel);
        }
    }
    if how_not_what(ctx, after) {
        return None;
    }
    rel.contents = content_from(ctx, after, last)?.into();
    Some(rel)
}

/// True when the words from token `after` on say how a source spoke or asked to be treated,
/// not what it said: "who spoke on condition of anonymity", "speaking anonymously", "on
/// background", "off the record", "who asked not to be named", "declined to be identified".
fn how_not_what(ctx: &Ctx, after: usize) -> bool {
    let on_terms = ctx.is(after, "on")
        && (ctx.is(after + 1, "condition")
            || ctx.is(after + 1, "background")
            || ctx.is(after + 1, "the") && ctx.is(after + 2, "condition"));
    let off_record =
        ctx.is(after, "off") && ctx.is(after + 1, "the") && ctx.is(after + 2, "record");
    let be = after + usize::from(ctx.is(after, "not"));
    let unnamed = ctx.is(be, "to")
        && ctx.is(be + 1, "be")
        && ["named", "identified", "quoted"]
            .iter()
            .any(|w| ctx.is(be + 2, w));
    on_terms || off_record || unnamed || ctx.is(after, "anonymously")
}

/// The subject of a reporting verb at token `i` (its words skipped back to `j`) that follows a
/// restrictive relative clause on it: "Current and former officials who spoke with the Post
/// said…", "Economists who favor consumption taxes agree that…". The verb must usually report
/// (or take "that"); between "who"/"that" and the verb there is no comma or quotation mark,
/// and no other word that usually reports after the clause's first three words; the noun
/// phrase before "who"/"that" opens the sentence or a clause (after a comma or "and"/"but").
fn relative_subject(ctx: &Ctx, s0: usize, j: usize, i: usize) -> Option<(usize, usize)> {
    let reports = relmodel::is_strong_cue(ctx.lw(i))
        || (i + 1 < ctx.n && ctx.lw(i + 1) == "that" && lexicon::cues().contains_key(ctx.lw(i)));
    if !reports || j < s0 + 3 {
        return None;
    }
    let mut r = j - 1;
    loop {
        if r <= s0 {
            return None;
        }
        let w = ctx.lw(r);
        if ctx.text(r) == "," || ctx.is_mark(r) || ctx.iq(r).is_some() {
            return None;
        }
        if matches!(w, "who" | "that") {
            break;
        }
        r -= 1;
    }
    // The clause's own verb comes first ("who spoke", "that have endorsed him"); a word that
    // usually reports further on may be the one the clause reports ("who said Smith told…").
    if (r + 4..j).any(|k| relmodel::is_strong_cue(ctx.lw(k))) {
        return None;
    }
    // The clause has a verb and something after it.
    if r + 1 >= j {
        return None;
    }
    let (x, y) = np_left(ctx, r, s0)?;
    let opens = x == s0 || matches!(ctx.lw(x - 1), "," | "and" | "but");
    (y + 1 == r
        && opens
        && plausible_source(ctx, x, y)
        && !(x..=y).any(|k| lexicon::cues().contains_key(ctx.lw(k)) && !ctx.is_cap(k)))
    .then_some((x, y))
}
