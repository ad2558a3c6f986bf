//! Step 1: mentions completed — acronyms and their definitions, and named speakers that NER
//! missed, become mentions.

#[allow(unused_imports)]
use super::*;

/// Adds mentions NER missed: acronym definitions and later uses of a defined acronym, and
/// named speakers. Keeps `doc.mentions` sorted and non-overlapping (existing mentions win over
/// additions, except that a definition's long form replaces mentions inside it).
pub(super) fn complete_mentions(doc: &mut Document, defs: &[AcronymDef]) {
    let text = doc.text;
    // (mention, priority): long forms 2, NER 1, other additions 0.
    let mut all: Vec<(Mention, u8)> = doc.mentions.iter().map(|m| (m.clone(), 1)).collect();
    let sorted: Vec<Span> = doc.mentions.iter().map(|m| m.span).collect();
    let label_at = |span: Span| -> Option<&'static str> {
        let k = sorted.partition_point(|s| s.end <= span.start);
        sorted
            .get(k)
            .filter(|s| s.overlaps(span))
            .and_then(|s| doc.mentions.get(k).filter(|m| m.span == *s))
            .map(|m| m.label)
    };
    let mut acr_label: HashMap<&str, &'static str> = HashMap::new();
    for d in defs {
        let tagged = [label_at(d.short), label_at(d.long)]
            .into_iter()
            .flatten()
            .find(|l| is_named(l) && *l != "PERSON")
            .unwrap_or("ORG");
        acr_label.entry(d.short.slice(text)).or_insert(tagged);
        // The long form: keep a mention that contains it, else add it.
        let k = sorted.partition_point(|s| s.end <= d.long.start);
        let covered = sorted.get(k).is_some_and(|s| s.contains(d.long));
        if !covered {
            all.push((
                Mention {
                    span: d.long,
                    label: tagged,
                },
                2,
            ));
        }
    }
    // Every use of a defined acronym.
    if !acr_label.is_empty() {
        for t in &doc.tokens {
            if t.kind() != TokenKind::Word {
                continue;
            }
            if let Some(&label) = acr_label.get(t.span().slice(text)) {
                all.push((
                    Mention {
                        span: t.span(),
                        label,
                    },
                    0,
                ));
            }
        }
    }
    // Named speakers NER missed.
    for q in &doc.quotations {
        let Some(sp) = &q.speaker else { continue };
        if sp.anonymous || sp.mention.is_empty() || sp.mention.end > text.len() {
            continue;
        }
        let raw = sp.mention.slice(text);
        let (a, b) = strip_range(raw, true);
        let name = &raw[a..b];
        let ws: Vec<&str> = name.split_whitespace().collect();
        let proper = ws.len() >= 2
            && ws.len() <= 5
            && ws.iter().all(|w| {
                w.chars().next().is_some_and(char::is_uppercase)
                    && !ORG_WORDS.contains_lower(w)
                    && !PRONOUNS.contains_lower(w)
            });
        if proper {
            let span = Span::new(sp.mention.start + a, sp.mention.start + b);
            all.push((
                Mention {
                    span,
                    label: "PERSON",
                },
                0,
            ));
        }
    }
    if all.len() == doc.mentions.len() {
        return;
    }
    // (`all` holds every mention now: the old list is freed before the new one is built.)
    drop(sorted);
    doc.mentions = Vec::new();
    all.sort_by_key(|(m, p)| {
        (
            m.span.start,
            std::cmp::Reverse(m.span.end),
            std::cmp::Reverse(*p),
        )
    });
    let mut kept: Vec<(Mention, u8)> = Vec::with_capacity(all.len());
    for (m, p) in all {
        match kept.last() {
            Some((last, lp)) if last.span.overlaps(m.span) || last.span == m.span => {
                if p > *lp {
                    // The new one wins: drop every kept mention it overlaps.
                    while kept.last().is_some_and(|(l, _)| l.span.overlaps(m.span)) {
                        kept.pop();
                    }
                    kept.push((m, p));
                }
            }
            _ => kept.push((m, p)),
        }
    }
    doc.mentions = kept.into_iter().map(|(m, _)| m).collect();
}
