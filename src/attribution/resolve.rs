//! The rules' speaker for each relation: a surname to the full name seen before, "he"/"she"
//! to the person last named, "the spokesperson" to the person introduced with that title. The
//! speaker stage ([`crate::speakers`]) reranks these later.

#[allow(unused_imports)]
use super::*;

/// What the resolver remembers about the people seen so far.
#[derive(Default)]
pub(super) struct Memory {
    /// Last word of a full name → the full name.
    surnames: HashMap<String, String>,
    /// Every full name in `surnames` (a set, so the check per relation is O(1)).
    full_names: std::collections::HashSet<String>,
    /// A title noun ("spokesperson", "minister") → the name introduced with it.
    titles: HashMap<String, String>,
    /// The last named person who spoke.
    last_person: Option<String>,
}

/// The trailing name in tokens `a..=b`: the last run of capitalised words that are not titles.
pub(super) fn name_in(ctx: &Ctx, a: usize, b: usize) -> Option<(usize, usize)> {
    let mut end = None;
    let mut k = b + 1;
    while k > a {
        k -= 1;
        if ctx.is_cap(k) && !NOT_NAMES.contains(ctx.lw(k)) {
            end = Some(k);
            break;
        }
    }
    let e = end?;
    let mut s = e;
    while s > a {
        let p = s - 1;
        let lw = ctx.lw(p);
        // "Gene B. Sperling": a period after a single initial.
        let initial =
            lw == "." && p > a && ctx.is_cap(p - 1) && ctx.text(p - 1).chars().count() == 1;
        let joins = initial
            || matches!(
                lw,
                "of" | "for"
                    | "and"
                    | "-"
                    | "&"
                    | "de"
                    | "van"
                    | "von"
                    | "al"
                    | "bin"
                    | "da"
                    | "di"
                    | "du"
                    | "la"
                    | "le"
                    | "del"
            ) && p > a
                && ctx.is_cap(p - 1);
        if (ctx.is_cap(p) && !TITLES.contains(lw.trim_end_matches('.'))) || joins {
            s = p;
        } else {
            break;
        }
    }
    // Titles spelled as a word and a period ("Gen." "Sharif") stop above; drop a leading title.
    while s < e && TITLES.contains(ctx.lw(s)) {
        s += 1;
    }
    Some((s, e))
}

/// A word before or beside a name that describes the person ("spokesperson", "Gen."), not an
/// organisation's name ("Foreign Office spokesperson": "spokesperson" only).
pub(super) fn title_word(ctx: &Ctx, t: usize) -> bool {
    !ctx.is_cap(t) || TITLES.contains(ctx.lw(t).trim_end_matches('.'))
}

/// For a pronoun opening its sentence: the subject of the previous sentence in the same
/// paragraph when it describes a person without naming one ("The assembly's speaker met…",
/// "A senior official said…"): (first, head) tokens.
pub(super) fn previous_subject(ctx: &Ctx, pronoun: usize) -> Option<(usize, usize)> {
    let si = ctx.sent(pronoun);
    let sent = &ctx.doc.sentences[si];
    if pronoun != sent.tokens().start || si == 0 {
        return None;
    }
    let prev = &ctx.doc.sentences[si - 1];
    if prev.paragraph() != sent.paragraph() {
        return None;
    }
    let start = prev.tokens().start;
    let end = prev.tokens().end.min(ctx.n).min(start + 6);
    for k in start..end {
        if !ctx.is_word(k) || ctx.iq(k).is_some() {
            return None;
        }
        let lw = ctx.lw(k);
        if (PERSON_NOUNS.contains(lw) || TITLES.contains(lw)) && !ctx.is_cap(k) {
            // Not "the spokesperson Tahir Andrabi" (a name follows: introductions handle it).
            return (!(k + 1 < ctx.n && ctx.is_cap(k + 1))).then_some((start, k));
        }
        let fits = k == start && DETERMINERS.contains(lw)
            || !ctx.is_cap(k)
            || lw.ends_with("'s")
            || lw.ends_with("’s");
        if !fits {
            return None;
        }
    }
    None
}

pub(super) fn joined(ctx: &Ctx, a: usize, b: usize) -> String {
    ctx.doc
        .slice(ctx.tspan(a, b))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// People mentioned in the text, in order, as (first title token, first name token, last name
/// token): PERSON mentions of the NER stage when it ran, and names after a title
/// ("Interior Minister Rana Aslam", "spokesperson Tahir Andrabi", "Gen. Ahmed Sharif").
pub(super) fn introductions(ctx: &Ctx) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let title_start = |ns: usize| {
        let mut t = ns;
        while t > 0 && ns - t < 4 {
            let p = t - 1;
            let is_title = TITLES.contains(ctx.lw(p).trim_end_matches('.'));
            if !(ctx.is_word(p) && (is_title || ctx.is_cap(p)) || ctx.text(p) == ".") {
                break;
            }
            if ctx.sent(p) != ctx.sent(ns) || NOT_NAMES.contains(ctx.lw(p)) {
                break;
            }
            t = p;
        }
        t
    };
    for m in ctx.doc.mentions.iter().filter(|m| m.label == "PERSON") {
        let ns = ctx.doc.token_from(m.span.start);
        let ne = ctx.doc.token_from(m.span.end).saturating_sub(1);
        if ns <= ne && ne < ctx.n {
            out.push((title_start(ns), ns, ne));
        }
    }
    let mut k = 0;
    while k < ctx.n {
        if !(ctx.is_word(k) && TITLES.contains(ctx.lw(k))) || ctx.iq(k).is_some() {
            k += 1;
            continue;
        }
        let mut ns = k + 1;
        if ns < ctx.n && ctx.text(ns) == "." {
            ns += 1; // "Gen." "Dr."
        }
        let mut ne = ns;
        while ne < ctx.n
            && ctx.is_cap(ne)
            && !TITLES.contains(ctx.lw(ne))
            && !NOT_NAMES.contains(ctx.lw(ne))
            && ctx.sent(ne) == ctx.sent(k)
        {
            ne += 1;
        }
        if ne >= ns + 2 {
            out.push((title_start(ns), ns, ne - 1));
            k = ne;
        } else {
            k += 1;
        }
    }
    out.sort_unstable_by_key(|&(_, _, ne)| ne);
    out
}

/// Resolves each relation's source to a speaker, in text order.
pub(super) fn resolve_speakers(ctx: &Ctx, relations: &[Relation]) -> Vec<Option<SpeakerRef>> {
    let mut mem = Memory::default();
    // Entities, by mention start and by name, when the NER stage ran. By start: (start, entity)
    // sorted, the last entity listed for a start kept (8 bytes a mention, not a hash map's 17).
    let u32_of = |x: usize| u32::try_from(x).expect("offsets beyond 4 GiB");
    let mut entity_at: Vec<(u32, u32)> = Vec::new();
    let mut entity_named: HashMap<&str, usize> = HashMap::new();
    for (ei, e) in ctx.doc.entities.iter().enumerate() {
        for m in &e.mentions {
            entity_at.push((u32_of(m.start), u32_of(ei)));
        }
        entity_named.insert(e.name.as_str(), ei);
        for a in &e.aliases {
            entity_named.entry(a.as_str()).or_insert(ei);
        }
    }
    entity_at.sort_by_key(|&(start, _)| start);
    entity_at.reverse();
    entity_at.dedup_by_key(|&mut (start, _)| start);
    entity_at.reverse();
    let entity_starting_at = |start: usize| {
        let k = entity_at.partition_point(|&(s, _)| (s as usize) < start);
        entity_at
            .get(k)
            .filter(|&&(s, _)| s as usize == start)
            .map(|&(_, e)| e as usize)
    };
    let intros = introductions(ctx);
    let mut next_intro = 0;
    // The last non-pronoun speaker and its sentence.
    let mut same_sentence_speaker: Option<(usize, String)> = None;
    let mut out = Vec::with_capacity(relations.len());
    for rel in relations {
        let Some((a, b)) = rel.source else {
            out.push(None);
            continue;
        };
        // People introduced before this source ("Interior Minister Rana Aslam visited…").
        while next_intro < intros.len() && intros[next_intro].2 < a {
            let (t, ns, ne) = intros[next_intro];
            let full = joined(ctx, ns, ne);
            if ns < ne {
                mem.surnames.insert(ctx.lw(ne).to_string(), full.clone());
                mem.full_names.insert(full.clone());
            }
            let full = if ns == ne {
                mem.surnames.get(ctx.lw(ns)).cloned().unwrap_or(full)
            } else {
                full
            };
            for k in t..ns {
                if ctx.is_word(k) && title_word(ctx, k) {
                    mem.titles.insert(ctx.lw(k).to_string(), full.clone());
                }
            }
            mem.last_person = Some(full);
            next_intro += 1;
        }
        let mention = ctx.tspan(a, b);
        // A relative pronoun is resolved through its antecedent.
        let (a, b) = rel.antecedent.unwrap_or((a, b));
        // "Mr. Morgan of the Sierra Club": the person, not the organisation.
        let b = (a + 1..b)
            .find(|&k| {
                matches!(ctx.lw(k), "of" | "at" | "from")
                    && relmodel::mention_label(ctx, k - 1) == "PERSON"
            })
            .map_or(b, |k| k - 1);
        let head = ctx.lw(b).to_string();
        let mut name = None;
        let mut named = false;
        // "Diplomatic sources", "a Qatari diplomat", "Zaman's association": a capitalised
        // modifier of a lower-case head is not the speaker's name.
        let modifier_only = |ne: usize| {
            ne < b
                && ctx.is_word(b)
                && !ctx.is_cap(b)
                && !matches!(ctx.lw(b), "himself" | "herself" | "themselves" | "itself")
        };
        if let Some((ns, ne)) = name_in(ctx, a, b).filter(|&(_, ne)| !modifier_only(ne)) {
            // A capitalised word at the sentence start is a name only if it is not a person noun.
            let sentence_initial = ns == ctx.doc.sentences[ctx.sent(ns)].tokens().start;
            let common = sentence_initial
                && ns == ne
                && (PERSON_NOUNS.contains(ctx.lw(ns)) || DETERMINERS.contains(ctx.lw(ns)));
            if !common && !PRONOUNS.contains(ctx.lw(ne)) {
                named = true;
                let mut full = joined(ctx, ns, ne);
                if ns == ne {
                    if let Some(f) = mem.surnames.get(ctx.lw(ns)) {
                        full = f.clone();
                    }
                } else {
                    mem.surnames.insert(ctx.lw(ne).to_string(), full.clone());
                    mem.full_names.insert(full.clone());
                }
                // Title words before the name and in an appositive point to this person.
                for t in a..ns {
                    if ctx.is_word(t) && !DETERMINERS.contains(ctx.lw(t)) && title_word(ctx, t) {
                        mem.titles.insert(ctx.lw(t).to_string(), full.clone());
                    }
                }
                if let Some((x, y)) = rel.appositive {
                    for t in x..=y.min(ctx.n - 1) {
                        if ctx.lw(t) == "of" {
                            break;
                        }
                        if ctx.is_word(t) && !DETERMINERS.contains(ctx.lw(t)) && title_word(ctx, t)
                        {
                            mem.titles.insert(ctx.lw(t).to_string(), full.clone());
                        }
                    }
                }
                let entity = entity_starting_at(ctx.span(ns).start)
                    .or_else(|| entity_named.get(full.as_str()).copied());
                if ctx.doc.entities.is_empty()
                    || entity.is_some_and(|e| ctx.doc.entities[e].label == "PERSON")
                    || ns < ne
                    || mem.full_names.contains(&full)
                {
                    mem.last_person = Some(full.clone());
                }
                name = Some(full);
            }
        }
        let mut anonymous = false;
        // The pronoun was resolved to the previous sentence's described subject.
        let mut through_subject = false;
        if !named {
            if matches!(head.as_str(), "he" | "she" | "his" | "her") && a == b {
                // "The assembly's speaker met a delegation. He warned…": the previous
                // sentence's subject, when it is a person described but not named.
                let subject = previous_subject(ctx, a);
                through_subject = subject.is_some();
                name = match subject {
                    Some((x, y)) => Some(
                        mem.titles
                            .get(ctx.lw(y))
                            .filter(|_| matches!(ctx.lw(x), "the" | "its" | "their"))
                            .cloned()
                            .unwrap_or_else(|| joined(ctx, x, y)),
                    ),
                    None => mem.last_person.clone(),
                };
                // "The commissioner said …, but he said …": the speaker before it in the same
                // sentence, when no named person is known.
                if name.is_none() {
                    name = same_sentence_speaker
                        .as_ref()
                        .filter(|(si, _)| *si == ctx.sent(a))
                        .map(|(_, n)| n.clone());
                }
            } else if a < b || DETERMINERS.contains(ctx.lw(a)) || a == b {
                let definite = matches!(ctx.lw(a), "the" | "his" | "her" | "their");
                if definite {
                    name = mem.titles.get(&head).cloned();
                }
                let person_noun = PERSON_NOUNS.contains(head.as_str())
                    || (a..=b).any(|t| {
                        PERSON_NOUNS.contains(ctx.lw(t)) && !ctx.is_cap(t)
                            || t == a && PERSON_NOUNS.contains(ctx.lw(t))
                    });
                // "Those close to him", "people familiar with her plans".
                let close_to = (a + 1..b).any(|t| {
                    matches!(ctx.lw(t), "close" | "familiar")
                        && matches!(ctx.lw(t + 1), "to" | "with")
                });
                if name.is_none() && close_to {
                    anonymous = true;
                }
                if name.is_none() && person_noun {
                    anonymous = !definite || head.ends_with('s');
                    if definite && !head.ends_with('s') && TITLES.contains(head.as_str()) {
                        name = mem.last_person.clone();
                        anonymous = name.is_none();
                    }
                }
            }
        }
        let name = name.unwrap_or_else(|| joined(ctx, a, b));
        if !PRONOUNS.contains(head.as_str()) {
            same_sentence_speaker = Some((ctx.sent(b), name.clone()));
        }
        let resolved_by = if named {
            ResolvedBy::Name
        } else if through_subject {
            ResolvedBy::Description
        } else if PRONOUNS.contains(head.as_str()) {
            ResolvedBy::Pronoun
        } else if anonymous {
            ResolvedBy::None
        } else {
            ResolvedBy::Description
        };
        // The entity is left to the speaker stage: the clusters are rebuilt after this one.
        let mut sp = SpeakerRef::new(mention, name, anonymous, resolved_by);
        sp.antecedent = rel.antecedent.map(|(x, y)| Box::new(ctx.tspan(x, y)));
        out.push(Some(sp));
    }
    out
}
