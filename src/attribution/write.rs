//! The write-back: relations become the document's quotations (whole quotes attributed, mixed
//! quotes split into indirect and partial pieces), continuations take the previous quote's
//! speaker, unattributed titles and terms become scare quotes.

#[allow(unused_imports)]
use super::*;

/// Writes the relations into the document: speakers and cues on quotations, new indirect ones.
///
/// Takes the relations by value: they are freed as soon as they are written, before the new
/// quotations join the document's.
pub(super) fn apply(
    doc: &mut Document,
    mut relations: Vec<Relation>,
    mut speakers: Vec<Option<SpeakerRef>>,
) {
    let text = doc.text;
    let mut attributed = vec![false; doc.quotations.len()];
    let mut added: Vec<Quotation> = Vec::new();
    // (cue start, speaker name) of every relation a reader is shown as sure, for the
    // continuation rule below.
    let mut cue_starts: Vec<(usize, Option<String>, Option<usize>)> =
        Vec::with_capacity(relations.len());
    // Relations come in text order per sentence; cue starts are sorted for binary search below.
    // They are taken in order from the back of the reversed lists, whose buffers shrink on the
    // way while `added` grows (16 MB of relations, 11 MB of new quotations on a 10 MB text).
    relations.reverse();
    speakers.reverse();
    while let (Some(rel), Some(speaker)) = (relations.pop(), speakers.pop()) {
        if relations.len().is_multiple_of(4096) {
            relations.shrink_to_fit();
            speakers.shrink_to_fit();
        }
        let speaker = &speaker;
        // Reported speech the model is unsure of ("…,” said Slayton, whom Bush appointed chief of
        // mission. “…”) is not another voice between two quotes of one speaker.
        if f64::from(rel.confidence) >= crate::types::UNSURE_BELOW {
            cue_starts.push((
                rel.cue.start,
                speaker.as_ref().map(|s| s.name.clone()),
                speaker.as_ref().map(|s| s.mention.start),
            ));
        }
        let cue = CueRef {
            span: rel.cue,
            lemma: rel.lemma.clone(),
            loaded: None,
        };
        for content in rel.contents.iter() {
            match *content {
                Content::Quote(q) => {
                    if attributed[q] {
                        continue;
                    }
                    attributed[q] = true;
                    let qt = &mut doc.quotations[q];
                    qt.speaker = speaker.clone();
                    qt.cue = Some(cue.clone());
                    qt.kind = QuoteKind::Direct;
                    qt.set_confidence(rel.confidence);
                }
                Content::Reported(span) => {
                    // Split at marked quotes inside: those become partial quotes.
                    let first = doc
                        .quotations
                        .partition_point(|q| outer(q).end <= span.start);
                    let mut from = span.start;
                    let mut k = first;
                    while k < doc.quotations.len() && outer(&doc.quotations[k]).start < span.end {
                        let o = outer(&doc.quotations[k]);
                        push_indirect(text, from, o.start, speaker, &cue, &rel, &mut added);
                        if !attributed[k] {
                            attributed[k] = true;
                            let qt = &mut doc.quotations[k];
                            qt.speaker = speaker.clone();
                            qt.cue = Some(cue.clone());
                            qt.set_confidence(rel.confidence);
                            if qt.kind != QuoteKind::Direct || o.start > span.start {
                                qt.kind = QuoteKind::Partial;
                            }
                        }
                        from = o.end.max(from);
                        k += 1;
                    }
                    push_indirect(text, from, span.end, speaker, &cue, &rel, &mut added);
                }
            }
        }
    }
    cue_starts.sort_unstable();
    // Continuation: a direct quote without a cue continues the previous direct quote's speaker.
    let mut last: Option<(usize, usize)> = None; // (quotation index, paragraph)
    #[allow(clippy::needless_range_loop)] // q indexes the quotations and `attributed` alike
    for q in 0..doc.quotations.len() {
        let para = doc.paragraph_at(doc.quotations[q].span.start).unwrap_or(0);
        if attributed[q] {
            let mention = |i: usize| doc.quotations[i].speaker.as_ref().map(|s| s.mention);
            if doc.quotations[q].kind == QuoteKind::Direct {
                last = Some((q, para));
            } else if last.is_some_and(|(p, _)| mention(p).is_some() && mention(p) == mention(q)) {
                // The same speaker's partial quote ("…,” she said, describing “tubular
                // mixers,” …) goes on with the run.
            } else {
                last = None;
            }
            continue;
        }
        let Some((p, ppara)) = last else { continue };
        // A title or term inside the sentence ("…,” he said on “Meet the Press.” “But…”) is
        // no other voice: the run goes on past it.
        if doc.quotations[q].kind != QuoteKind::Direct
            && is_scare(doc.slice(doc.quotations[q].span))
        {
            continue;
        }
        let qs = doc.quotations[q].span.start;
        let ps = doc.quotations[p].span.end;
        let own_cue = doc.quotations[p].cue.as_ref().map(|c| c.span.start);
        let own_name = doc.quotations[p].speaker.as_ref().map(|s| s.name.as_str());
        let own_mention = doc.quotations[p].speaker.as_ref().map(|s| s.mention.start);
        // Another speaker's cue in between ends the run; the same speaker's ("said Murphy, who
        // thinks…", "she said, describing how…") does not.
        let cue_between = {
            let i = cue_starts.partition_point(|c| c.0 < ps);
            cue_starts[i..].iter().take_while(|c| c.0 < qs).any(|c| {
                Some(c.0) != own_cue
                    && c.1.as_deref() != own_name
                    && (c.2.is_none() || c.2 != own_mention)
            })
        };
        let opens_sentence = doc.quotations[q].kind == QuoteKind::Direct;
        if !cue_between && opens_sentence && para <= ppara + 1 {
            let (speaker, cue, confidence) = (
                doc.quotations[p].speaker.clone(),
                doc.quotations[p].cue.clone(),
                doc.quotations[p].confidence() as f32,
            );
            let qt = &mut doc.quotations[q];
            qt.set_confidence(confidence);
            qt.speaker = speaker.map(|s| SpeakerRef {
                resolved_by: ResolvedBy::Continuation,
                ..s
            });
            qt.cue = cue;
            attributed[q] = true;
            last = Some((q, para));
        } else {
            last = None;
        }
    }
    // A marked quote nobody said: a title ("The Rachel Maddow Show"), a term ("birtherism,") or
    // a short fragment ("too big to fail") is a scare quote.
    for (q, &done) in doc.quotations.iter_mut().zip(&attributed) {
        let short_fragment =
            q.kind == QuoteKind::Partial && q.span.slice(text).split_whitespace().count() <= 4;
        if !done
            && q.kind != QuoteKind::Indirect
            && (short_fragment || looks_like_a_name_or_term(q.span.slice(text)))
        {
            q.kind = QuoteKind::Scare;
        }
    }
    if !added.is_empty() {
        // Exact growth and an in-place filter: on a long text this list is the stage's largest.
        // The new quotations move over in order from the back of the reversed list, whose
        // buffer shrinks on the way: the two lists are never both whole.
        doc.quotations.reserve_exact(added.len());
        added.reverse();
        while let Some(q) = added.pop() {
            doc.quotations.push(q);
            if added.len().is_multiple_of(4096) {
                added.shrink_to_fit();
            }
        }
        sort_by_span(&mut doc.quotations);
        // Keep the invariant: no two quotations overlap (the earlier one wins).
        doc.quotations
            .dedup_by(|q, p| outer(p).end > q.span.start || p.span.end > q.span.start);
    }
}

/// Sorts quotations by span, stably, like `sort_by_key(|q| (q.span.start, q.span.end))` but
/// without its buffer of half the quotations (12 MB on a 10 MB text): it sorts their indices
/// and moves the quotations into place cycle by cycle.
pub(super) fn sort_by_span(quotations: &mut [Quotation]) {
    let mut order: Vec<u32> = (0..quotations.len())
        .map(|i| u32::try_from(i).unwrap_or(u32::MAX))
        .collect();
    // (The index breaks ties: the order of equal spans stays.)
    order.sort_unstable_by_key(|&i| {
        let q = &quotations[i as usize];
        (q.span.start, q.span.end, i)
    });
    // `order[k]` is the quotation that belongs at `k`; a placed position is marked `order[k] == k`.
    for start in 0..order.len() {
        let mut k = start;
        while order[k] as usize != k {
            let from = order[k] as usize;
            order[k] = u32::try_from(k).unwrap_or(u32::MAX);
            if from == start {
                break;
            }
            quotations.swap(k, from);
            k = from;
        }
    }
}

/// An unattributed quote inside a sentence that is a title, a term or a short fragment.
fn is_scare(content: &str) -> bool {
    content.split_whitespace().count() <= 4 || looks_like_a_name_or_term(content)
}

/// Title Case or upper-case words only, or at most two words: a name or term, not speech.
pub(super) fn looks_like_a_name_or_term(content: &str) -> bool {
    let words: Vec<&str> = content
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    if words.len() <= 2 {
        return true;
    }
    is_title_case(&words)
}

/// Every word capitalised except small function words: "The Rachel Maddow Show".
pub(super) fn is_title_case(words: &[&str]) -> bool {
    let small = |w: &str| {
        matches!(
            w.trim_matches(|c: char| !c.is_alphanumeric()),
            "a" | "an" | "the" | "of" | "and" | "or" | "in" | "on" | "to" | "for" | "at" | "by"
        )
    };
    words.iter().all(|w| {
        small(w)
            || w.chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(|c| !c.is_lowercase())
    })
}

/// A quoted title of two to six capitalised words ("This Week", "Cake Boss."): not the content
/// of a cue next to it.
pub(super) fn is_quoted_title(ctx: &Ctx, q: usize) -> bool {
    // A quote that opens its sentence and closes a clause ("“Like Oakland or Ferguson,” Trump
    // said.") is speech, however its words are capitalised.
    let quote = &ctx.doc.quotations[q];
    if quote.kind == QuoteKind::Direct
        && quote
            .span
            .slice(ctx.doc.text)
            .trim_end()
            .ends_with([',', '.', '?', '!'])
    {
        return false;
    }
    let words: Vec<&str> = ctx.doc.quotations[q]
        .span
        .slice(ctx.doc.text)
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .take(7)
        .collect();
    (2..=6).contains(&words.len()) && is_title_case(&words)
}

/// A quotation's extent including its marks.
pub(super) fn outer(q: &Quotation) -> Span {
    let start = q
        .open_mark()
        .map_or(q.span.start, |m| m.start.min(q.span.start));
    let end = q.close_mark().map_or(q.span.end, |m| m.end.max(q.span.end));
    Span::new(start, end)
}

pub(super) fn push_indirect(
    text: &str,
    from: usize,
    to: usize,
    speaker: &Option<SpeakerRef>,
    cue: &CueRef,
    rel: &Relation,
    added: &mut Vec<Quotation>,
) {
    if from >= to {
        return;
    }
    let span = crate::text::trim(text, Span::new(from, to));
    let Some(s) = text.get(span.start..span.end) else {
        return;
    };
    // Drop edge punctuation: a content piece starts and ends with a letter, digit or bracket.
    let lead = s.len()
        - s.trim_start_matches(|c: char| !c.is_alphanumeric() && !"([$".contains(c))
            .len();
    let trail = s.len()
        - s.trim_end_matches(|c: char| !c.is_alphanumeric() && !")]%".contains(c))
            .len();
    if lead + trail >= s.len() {
        return;
    }
    let span = Span::new(span.start + lead, span.end - trail);
    // A one-word stretch between marked pieces ("it", "and") is glue, not reported speech.
    if span.slice(text).split_whitespace().take(2).count() < 2 {
        return;
    }
    let mut q =
        Quotation::new(span, QuoteKind::Indirect).with_source(speaker.clone(), Some(cue.clone()));
    q.set_confidence(rel.confidence);
    added.push(q);
}
