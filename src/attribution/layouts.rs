//! Layouts that are not sentences with a cue: transcript turns and "SPEAKER: …" lines (colon
//! speakers), and dash bylines. Takes the document after the sieve's relations are written
//! back; adds or attributes quotations for these lines.

#[allow(unused_imports)]
use super::*;

/// Labels that end with a colon at a paragraph start but name no speaker.
pub(super) static NOT_SPEAKER_LABELS: WordList = WordList::new(&[
    "correction",
    "clarification",
    "update",
    "updated",
    "note",
    "editor's note",
    "byline",
    "watch",
    "read",
    "related",
    "photo",
    "video",
    "source",
    "sources",
    "poll",
    "breaking",
    "report",
    "the latest",
    "contributing",
    "still to come",
    "revealed",
    "twitter",
    "wow",
    "huffpollster",
    "advertisement",
    "q",
    "a",
]);

/// Transcripts and headlines: "PENCE: Well, look…" (a name in capitals opening a paragraph, then
/// a colon) or, in the first paragraph, "Pence: Flowers won't be at debate" when the name also
/// appears in the article. The rest of the paragraph is the speaker's words; the colon is the cue.
pub(super) fn colon_speakers(doc: &mut Document) {
    let text = doc.text;
    // Capitalised labels count only in a transcript: two or more paragraphs open with one.
    // A single "ISLAMABAD: …" is a dateline.
    let capital_labels = doc
        .paragraphs
        .iter()
        .filter(|p| capital_label(p.span.slice(text)).is_some())
        .count();
    if capital_labels >= 2 {
        split_transcript_turns(doc);
    }
    let mut added: Vec<Quotation> = Vec::new();
    let mut removed = vec![false; doc.quotations.len()];
    for (pi, para) in doc.paragraphs.iter().enumerate() {
        let s = para.span.slice(text);
        let Some(colon) = s.get(..s.len().min(32)).and_then(|head| head.find(':')) else {
            continue;
        };
        // A stray opening mark before the label ("\"WALLACE: …") is not part of it.
        let label = s[..colon]
            .trim()
            .trim_start_matches(['"', '“', '\''])
            .trim_start();
        let words: Vec<&str> = label.split_whitespace().collect();
        let wordlike = |w: &&str| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '’' | '-'))
        };
        if words.is_empty() || words.len() > 3 || !words.iter().all(wordlike) {
            continue;
        }
        if NOT_SPEAKER_LABELS.contains(label.to_lowercase().as_str()) {
            continue;
        }
        let capitals = words.iter().all(|w| {
            w.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && !w.chars().any(char::is_lowercase)
        });
        let body = &text[para.span.end.min(text.len())..];
        let headline = pi == 0 && words.iter().all(|w| body.contains(&format!(" {w} ")));
        let transcript = capitals && capital_labels >= 2;
        if !(headline || transcript) {
            continue;
        }
        // A place or organisation the tagger found there is a dateline or a section label.
        let label_at = para.span.start + s[..colon].find(label).unwrap_or(0);
        // (Mentions are sorted and disjoint: the one that could cover the label, found by binary
        // search; a scan per paragraph would be quadratic in a long transcript.)
        let m = doc.mentions.partition_point(|m| m.span.end <= label_at);
        let placed = doc.mentions.get(m).is_some_and(|m| {
            m.span.start <= label_at && matches!(m.label, "GPE" | "LOC" | "FAC" | "ORG" | "NORP")
        });
        if placed {
            continue;
        }
        let rest = &s[colon + 1..];
        let content_start = para.span.start + colon + 1 + (rest.len() - rest.trim_start().len());
        let content = Span::new(content_start, para.span.end);
        if content.slice(text).split_whitespace().count() < 3 {
            continue;
        }
        let name = if capitals {
            // "PENCE" → "Pence", "MCCAIN" stays readable as "Mccain".
            words
                .iter()
                .map(|w| {
                    let mut cs = w.chars();
                    cs.next().map_or(String::new(), |f| {
                        f.to_uppercase()
                            .chain(cs.flat_map(char::to_lowercase))
                            .collect()
                    })
                })
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            label.to_string()
        };
        let label_start = label_at;
        let speaker = SpeakerRef::new(
            Span::new(label_start, label_start + label.len()),
            name,
            false,
            ResolvedBy::Name,
        );
        let colon_at = para.span.start + colon;
        let cue = CueRef {
            span: Span::new(colon_at, colon_at + 1),
            lemma: Lemma::Borrowed(":"),
            loaded: None,
        };
        // Quotations already inside take this speaker when they have none; otherwise the
        // paragraph's words become one quotation.
        // Quotations are sorted and disjoint: binary search, not a scan per paragraph.
        let first = doc
            .quotations
            .partition_point(|q| outer(q).end <= content.start);
        let inside: Vec<usize> = (first..doc.quotations.len())
            .take_while(|&i| outer(&doc.quotations[i]).start < content.end)
            .filter(|&i| !removed[i])
            .collect();
        // Reported speech inside the line ("… and I have said so") is part of the speaker's
        // words: the line replaces it.
        let only_reported = inside
            .iter()
            .all(|&i| doc.quotations[i].kind == QuoteKind::Indirect);
        if only_reported {
            for &i in &inside {
                removed[i] = true;
            }
            added.push(
                Quotation::new(content, QuoteKind::Direct).with_source(Some(speaker), Some(cue)),
            );
        } else {
            for i in inside {
                let q = &mut doc.quotations[i];
                if q.speaker.is_none() && q.kind != QuoteKind::Indirect {
                    q.speaker = Some(speaker.clone());
                    q.cue = Some(cue.clone());
                    if q.kind == QuoteKind::Scare {
                        q.kind = QuoteKind::Partial;
                    }
                }
            }
        }
    }
    if !added.is_empty() {
        let mut k = 0;
        doc.quotations.retain(|_| {
            k += 1;
            !removed[k - 1]
        });
        doc.quotations.extend(added);
        doc.quotations.sort_by_key(|q| (q.span.start, q.span.end));
    }
}

/// The byte offset of the colon after a label in capitals ("PENCE:", "\"SEN. KAINE:") opening
/// paragraph text `s`, if it opens with one.
pub(super) fn capital_label(s: &str) -> Option<usize> {
    let lead = s.len() - s.trim_start_matches(['"', '“', '\'']).len();
    let t = &s[lead..];
    let c = t.get(..t.len().min(32)).and_then(|h| h.find(':'))?;
    let l = t[..c].trim();
    (l.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !l.chars().any(char::is_lowercase)
        && l.split_whitespace().count() <= 3)
        .then_some(lead + c)
}

/// A transcript printed as one multi-paragraph quotation (every paragraph reopens with a mark,
/// "\"WALLACE: …", "\"PENCE: …"): the quotation is cut into one quotation per turn, each from
/// the words after a label to the paragraph before the next label, so that each turn can take
/// its own speaker. A quotation that opens on a label ("\"HOST: …”", mixed marks) loses the label.
pub(super) fn split_transcript_turns(doc: &mut Document) {
    let text = doc.text;
    let paragraphs = &doc.paragraphs;
    // The label colon of the paragraph that holds byte `at`, if that paragraph opens with one.
    let label_of = |at: usize| {
        let p = paragraphs.partition_point(|p| p.span.end <= at);
        let para = paragraphs.get(p)?.span;
        (para.start <= at)
            .then(|| capital_label(para.slice(text)).map(|c| para.start + c))
            .flatten()
    };
    let mut out: Vec<Quotation> = Vec::with_capacity(doc.quotations.len());
    for q in std::mem::take(&mut doc.quotations) {
        // The label colon inside each part, if its paragraph opens with a label.
        let labels: Vec<Option<usize>> = q
            .parts()
            .iter()
            .map(|p| label_of(p.start).filter(|&c| c >= p.start && c < p.end))
            .collect();
        if labels.iter().all(Option::is_none) {
            out.push(q);
            continue;
        }
        // One group per turn: a labelled part starts a new group; a part before the first
        // label, or after a turn, continues the group before it.
        let mut groups: Vec<Vec<Span>> = Vec::new();
        for (part, label) in q.parts().iter().zip(&labels) {
            match label {
                Some(colon) => {
                    let rest = &text[colon + 1..part.end];
                    let start = part.end - rest.trim_start().len();
                    if start < part.end {
                        groups.push(vec![Span::new(start, part.end)]);
                    }
                }
                _ => match groups.last_mut() {
                    Some(g) => g.push(*part),
                    None => groups.push(vec![*part]),
                },
            }
        }
        let keep_first = labels.first().is_some_and(Option::is_none);
        for (gi, parts) in groups.into_iter().enumerate() {
            let keep = gi == 0 && keep_first;
            // The marks belong to the transcript as a whole, not to one turn.
            let Some(turn) = Quotation::from_parts(parts, QuoteKind::Direct) else {
                continue;
            };
            // The first group keeps what attribution found for the whole quotation when it has
            // no label of its own.
            out.push(turn.with_source(
                if keep { q.speaker.clone() } else { None },
                if keep { q.cue.clone() } else { None },
            ));
        }
    }
    doc.quotations = out;
}

/// "“…” ― Sonya Herridge": a quotation nobody was found for, followed on its line by a dash and
/// a name that ends the line (readers' voices, epigraphs, embedded posts). The dash is the cue.
pub(super) fn dash_bylines(doc: &mut Document) {
    let text = doc.text;
    for q in &mut doc.quotations {
        if q.speaker.is_some() || q.kind == QuoteKind::Indirect {
            continue;
        }
        let Some(close) = q.close_mark() else {
            continue;
        };
        let rest = &text[close.end..];
        let after_spaces = rest.trim_start_matches([' ', '\t', '\u{a0}']);
        let Some(dash) = after_spaces
            .chars()
            .next()
            .filter(|c| matches!(c, '―' | '—'))
        else {
            continue;
        };
        let dash_start = close.end + (rest.len() - after_spaces.len());
        let dash_end = dash_start + dash.len_utf8();
        let line = &text[dash_end..];
        let line = &line[..line.find('\n').unwrap_or(line.len())];
        let name = line.trim().trim_end_matches(['.', ',']).trim_end();
        let words: Vec<&str> = name.split_whitespace().collect();
        let capitalised = |w: &&str| w.chars().next().is_some_and(char::is_uppercase);
        let particle = |w: &&str| {
            matches!(
                *w,
                "de" | "van" | "von" | "al" | "bin" | "da" | "di" | "la" | "le"
            )
        };
        if words.is_empty()
            || words.len() > 6
            || !capitalised(&words[0])
            || !words.iter().all(|w| capitalised(w) || particle(w))
        {
            continue;
        }
        let start = dash_end + (line.len() - line.trim_start().len());
        q.speaker = Some(SpeakerRef::new(
            Span::new(start, start + name.len()),
            name.to_string(),
            false,
            ResolvedBy::Name,
        ));
        q.cue = Some(CueRef {
            span: Span::new(dash_start, dash_end),
            lemma: Lemma::Borrowed("dash"),
            loaded: None,
        });
        if q.kind == QuoteKind::Scare {
            q.kind = QuoteKind::Direct;
        }
    }
}
