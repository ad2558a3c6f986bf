//! What the speaker stage computes once per document: where each entity is mentioned, the
//! gender evidence for it, its names, descriptors and salience (`Context`); the kind of a
//! source mention (`MentionKind`) and the word lists that decide it.

#[allow(unused_imports)]
use super::*;

/// The kind of a source mention, as the features see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MentionKind {
    Name,
    He,
    She,
    It,
    They,
    /// I, we, you.
    Speech,
    /// who, which, that (resolved through an antecedent by the rules).
    Relative,
    Description,
}

impl MentionKind {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            MentionKind::Name => "name",
            MentionKind::He => "he",
            MentionKind::She => "she",
            MentionKind::It => "it",
            MentionKind::They => "they",
            MentionKind::Speech => "iwe",
            MentionKind::Relative => "rel",
            MentionKind::Description => "desc",
        }
    }
    /// A coarser class for features that need more data per value.
    pub(super) fn class(self) -> &'static str {
        match self {
            MentionKind::Name | MentionKind::Relative => "N",
            MentionKind::He | MentionKind::She => "P",
            MentionKind::It | MentionKind::They | MentionKind::Speech => "Q",
            MentionKind::Description => "D",
        }
    }
    pub(super) fn is_pronoun(self) -> bool {
        matches!(
            self,
            MentionKind::He
                | MentionKind::She
                | MentionKind::It
                | MentionKind::They
                | MentionKind::Speech
        )
    }
}

pub(super) fn pronoun_kind(lw: &str) -> Option<MentionKind> {
    // A contraction is its pronoun ("we've", "I'm", "they’re", "he'd").
    let lw = [
        "'ve", "'re", "'m", "'ll", "'d", "’ve", "’re", "’m", "’ll", "’d",
    ]
    .iter()
    .find_map(|c| lw.strip_suffix(c))
    .unwrap_or(lw);
    Some(match lw {
        "he" | "him" | "his" | "himself" => MentionKind::He,
        "she" | "her" | "hers" | "herself" => MentionKind::She,
        "it" | "its" | "itself" => MentionKind::It,
        "they" | "them" | "their" | "theirs" | "themselves" => MentionKind::They,
        "i" | "me" | "my" | "we" | "us" | "our" | "you" | "your" => MentionKind::Speech,
        "who" | "which" | "that" | "whom" => MentionKind::Relative,
        _ => return None,
    })
}

/// Documents and recordings that can be a quotation's source without being a person or a
/// body: an unresolved one is not an anonymous source.
pub(super) static DOCUMENTS: &[&str] = &[
    "statement",
    "statements",
    "report",
    "reports",
    "memo",
    "poll",
    "polls",
    "survey",
    "study",
    "ad",
    "advertisement",
    "video",
    "letter",
    "release",
    "document",
    "documents",
    "filing",
    "complaint",
    "lawsuit",
    "ruling",
    "order",
    "email",
    "emails",
    "tweet",
    "post",
    "website",
    "data",
    "analysis",
    "documentary",
    "clip",
    "spot",
    "book",
    "article",
    "editorial",
];

/// A coarse type for an entity label.
pub(super) fn coarse(label: &str) -> &'static str {
    match label {
        "PERSON" => "PER",
        "ORG" => "ORG",
        "GPE" => "GPE",
        "NORP" => "NORP",
        _ => "OTH",
    }
}

pub(super) fn bucket(n: usize, edges: &[usize]) -> usize {
    edges.iter().take_while(|&&e| n >= e).count()
}

/// Where an entity mention is: its sentence and paragraph, whether it opens its sentence (the
/// subject position), and whether it is inside marked quotes or any quotation.
#[derive(Debug, Clone, Copy)]
pub(super) struct Where {
    pub(super) start: usize,
    pub(super) sentence: usize,
    pub(super) paragraph: usize,
    pub(super) opens_sentence: bool,
    pub(super) in_marks: bool,
    pub(super) in_quotation: bool,
    /// The mention modifies a person named right after it ("Treasury" in "Treasury Secretary
    /// Janet Morrow", "Clinton" in "Clinton campaign chairman John Podesta"): not a subject.
    pub(super) modifies: bool,
}

/// What the stage computes once per document.
pub struct Context<'a, 't> {
    pub(super) doc: &'a Document<'t>,
    /// Named entities' mentions, sorted: (start, end, entity).
    pub(super) mentions: Vec<(usize, usize, usize)>,
    /// What each of `mentions` is in: computed once, read for every source mention near it.
    pub(super) where_: Vec<Where>,
    /// Per entity: evidence for male and female.
    pub(super) gender: Vec<(u16, u16)>,
    /// Per entity: its coarse type ("PER", "ORG", "GPE", "NORP", "OTH") as agreement sees it.
    pub(super) ty: Vec<&'static str>,
    /// Per person: the sex its first name usually has (`Some(true)` male), when the table
    /// knows it.
    pub(super) first_sex: Vec<Option<bool>>,
    /// Per entity: its name keys (name and aliases, stripped).
    pub(super) keys: Vec<Vec<String>>,
    /// Per entity: its last name word, lower case (people only).
    pub(super) surname: Vec<Option<String>>,
    /// Per entity: the words of its name and aliases, lower-cased.
    pub(super) described: Vec<Vec<String>>,
    /// Per entity: the lower-case words of its descriptors.
    pub(super) descriptor_words: Vec<Vec<String>>,
    /// Per entity: the words written near its mentions (lower case, over two letters, with
    /// the byte offset of each), sorted: what the article says of it ("the Vermont senator"
    /// after "Sen. Bernie Sanders of Vermont").
    pub(super) nearby: Vec<Vec<(String, usize)>>,
    /// Per entity: its class (`classes::entity_class`: a news outlet, a public body…).
    pub(super) class: Vec<&'static str>,
    /// Per entity: how many named mentions it has.
    pub(super) counts: Vec<usize>,
    /// Per entity: its rank by mention count among the named entities of its coarse type.
    pub(super) count_rank: Vec<usize>,
    /// Per entity: mentioned in the lead (the first two non-empty paragraphs).
    pub(super) in_lead: Vec<bool>,
    /// Where the lead ends (byte offset).
    pub(super) lead_end: usize,
    /// Name keys of the named entities (is the rules' name an entity's?).
    pub(super) entity_keys: std::collections::HashSet<String>,
}

impl<'a, 't> Context<'a, 't> {
    /// Builds the per-document tables.
    pub fn new(doc: &'a Document<'t>) -> Self {
        let n = doc.entities.len();
        let mut mentions = Vec::new();
        for (i, e) in doc.entities.iter().enumerate() {
            if !is_named(e.label) {
                continue;
            }
            mentions.extend(e.mentions.iter().map(|m| (m.start, m.end, i)));
        }
        mentions.sort_unstable();
        let text = doc.text;
        let lw = |k: usize| doc.tokens[k].span().slice(text).to_lowercase();
        let mut gender = vec![(0u16, 0u16); n];
        // Titles and gendered nouns right before a person's mention.
        for &(s, _, e) in &mentions {
            if doc.entities[e].label != "PERSON" {
                continue;
            }
            let t = doc.token_from(s);
            for k in t.saturating_sub(2)..t {
                let w = lw(k);
                if crate::words::MALE_WORDS.contains(&w.as_str()) {
                    gender[e].0 += 2;
                } else if crate::words::FEMALE_WORDS.contains(&w.as_str()) {
                    gender[e].1 += 2;
                }
            }
        }
        let mut source_starts: Vec<usize> = doc
            .quotations
            .iter()
            .filter_map(|q| q.speaker.as_ref().map(|s| s.mention.start))
            .collect();
        source_starts.sort_unstable();
        source_starts.dedup();
        // A he/she after a person's mention, with no other person between, in the same or
        // the next sentence.
        let mut last_person: Option<(usize, usize)> = None; // (entity, sentence)
        let mut mi = 0;
        for tok in &doc.tokens {
            let start = tok.span().start;
            while mi < mentions.len() && mentions[mi].0 <= start {
                let (_, _, e) = mentions[mi];
                if doc.entities[e].label == "PERSON" {
                    last_person = doc.sentence_at(start).map(|s| (e, s));
                }
                mi += 1;
            }
            if tok.kind() != TokenKind::Word {
                continue;
            }
            let w = tok.span().slice(text);
            let male = matches!(w, "he" | "He");
            let female = matches!(w, "she" | "She");
            // A pronoun that is itself a quotation's source is what this stage resolves: it
            // is no evidence of anyone's gender yet (the decisions add it as they are made).
            if !(male || female)
                || in_quote(doc, start)
                || source_starts.binary_search(&start).is_ok()
            {
                continue;
            }
            if let (Some((e, s)), Some(here)) = (last_person, doc.sentence_at(start)) {
                if here <= s + 1 {
                    let g = &mut gender[e];
                    if male {
                        g.0 = g.0.saturating_add(1);
                    } else {
                        g.1 = g.1.saturating_add(1);
                    }
                }
            }
        }
        let keys = doc
            .entities
            .iter()
            .map(|e| {
                let person = e.label == "PERSON";
                let mut v: Vec<String> = std::iter::once(&e.name)
                    .chain(&e.aliases)
                    .map(|n| name_key(strip_name(n, person)))
                    .filter(|k| !k.is_empty())
                    .collect();
                v.sort();
                v.dedup();
                v
            })
            .collect();
        // The coarse type of each entity.
        let ty: Vec<&'static str> = doc.entities.iter().map(|e| coarse(e.label)).collect();
        let first_sex = doc
            .entities
            .iter()
            .zip(&ty)
            .map(|(e, &t)| {
                if t != "PER" {
                    return None;
                }
                let first = strip_name(&e.name, true).split_whitespace().next()?;
                first_name_sex(&first.trim_end_matches('.').to_lowercase())
            })
            .collect();
        let surname = doc
            .entities
            .iter()
            .map(|e| {
                (e.label == "PERSON" && e.name.split_whitespace().count() > 1).then(|| {
                    name_key(&e.name)
                        .rsplit(' ')
                        .next()
                        .unwrap_or("")
                        .to_string()
                })
            })
            .collect();
        // Words of the entities' names and aliases, and the lower-case words of their
        // descriptors ("Office" in "Foreign Office spokesperson" is part of a name, not what
        // the person is).
        let described: Vec<Vec<String>> = doc
            .entities
            .iter()
            .map(|e| word_set(std::iter::once(&e.name).chain(&e.aliases), false))
            .collect();
        let descriptor_words: Vec<Vec<String>> = (0..n)
            .map(|i| {
                let descriptors = doc
                    .entity_info
                    .get(i)
                    .map_or(&[][..], |info| &info.descriptors);
                word_set(descriptors.iter(), true)
            })
            .collect();
        let class = (0..n)
            .map(|e| {
                let words: Vec<String> = described[e]
                    .iter()
                    .chain(&descriptor_words[e])
                    .cloned()
                    .collect();
                super::classes::entity_class(ty[e], &words)
            })
            .collect();
        let lead_end = doc
            .paragraphs
            .iter()
            .filter(|p| !doc.slice(p.span).trim().is_empty())
            .nth(1)
            .map_or(text.len(), |p| p.span.end);
        let mut counts = vec![0; n];
        let mut in_lead = vec![false; n];
        for &(s, _, e) in &mentions {
            counts[e] += 1;
            in_lead[e] |= s < lead_end;
        }
        let mut count_rank = vec![usize::MAX; n];
        {
            let mut order: Vec<usize> = (0..n).filter(|&e| counts[e] > 0).collect();
            order.sort_by_key(|&e| (std::cmp::Reverse(counts[e]), e));
            let mut seen_of: HashMap<&str, usize> = HashMap::new();
            for e in order {
                let r = seen_of.entry(ty[e]).or_default();
                count_rank[e] = *r;
                *r += 1;
            }
        }
        let entity_keys = doc
            .entities
            .iter()
            .filter(|e| is_named(e.label))
            .map(|e| name_key(strip_name(&e.name, true)))
            .collect();
        let where_ = mentions
            .iter()
            .enumerate()
            .map(|(i, &(s, e, ent))| {
                let modifies = mentions.get(i + 1).is_some_and(|&(s2, _, ent2)| {
                    let gap = text.get(e..s2).unwrap_or(",");
                    ent2 != ent
                        && doc.entities[ent2].label == "PERSON"
                        && gap.split_whitespace().count() <= 4
                        && gap
                            .chars()
                            .all(|c| c.is_alphabetic() || c == ' ' || c == '-')
                        && gap.starts_with(' ')
                });
                let sentence = doc.sentence_at(s).unwrap_or(0);
                let opens = doc
                    .sentences
                    .get(sentence)
                    .is_some_and(|sent| doc.token_from(s) <= sent.tokens().start + 2);
                Where {
                    start: s,
                    sentence,
                    paragraph: doc.paragraph_at(s).unwrap_or(0),
                    opens_sentence: opens,
                    in_marks: in_quote(doc, s),
                    in_quotation: in_any_quotation(doc, s),
                    modifies,
                }
            })
            .collect();
        // The words within NEARBY words of each mention, in its sentence.
        let mut nearby: Vec<Vec<(String, usize)>> = vec![Vec::new(); n];
        for &(s, e, ent) in &mentions {
            let (t0, t1) = (doc.token_from(s), doc.token_from(e));
            let Some(si) = doc.sentence_at(s) else {
                continue;
            };
            let sent = doc.sentences[si].tokens();
            let from = t0.saturating_sub(NEARBY).max(sent.start);
            let to = (t1 + NEARBY).min(sent.end).min(doc.tokens.len());
            for k in (from..t0).chain(t1..to) {
                let sp = doc.tokens[k].span();
                let w = sp.slice(text);
                if w.len() > 2 && w.chars().all(|c| c.is_alphanumeric() || c == '-') {
                    nearby[ent].push((w.to_lowercase(), sp.start));
                }
            }
        }
        for words in &mut nearby {
            words.sort_unstable();
        }
        Context {
            doc,
            where_,
            mentions,
            nearby,
            gender,
            ty,
            first_sex,
            keys,
            surname,
            described,
            descriptor_words,
            class,
            counts,
            count_rank,
            in_lead,
            lead_end,
            entity_keys,
        }
    }
}

/// How many words each side of an entity's mention are read as what the text says of it.
const NEARBY: usize = 3;

/// The distinct lower-cased words (over two letters) of `phrases`; with `lower_only`, only
/// the words written in lower case.
pub(super) fn word_set<'s>(
    phrases: impl Iterator<Item = &'s String>,
    lower_only: bool,
) -> Vec<String> {
    let mut words: Vec<String> = phrases
        .flat_map(|d| d.split_whitespace())
        .filter(|w| !lower_only || w.chars().next().is_some_and(char::is_lowercase))
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| w.len() > 2)
        .collect();
    words.sort();
    words.dedup();
    words
}

/// True when byte `pos` is inside a quotation in marks.
pub(super) fn in_quote(doc: &Document, pos: usize) -> bool {
    let k = doc.quotations.partition_point(|q| q.span.end <= pos);
    doc.quotations
        .get(k)
        .is_some_and(|q| q.span.start <= pos && q.open_mark().is_some())
}

/// True when byte `pos` is inside any quotation's content, reported speech included.
pub(super) fn in_any_quotation(doc: &Document, pos: usize) -> bool {
    let k = doc.quotations.partition_point(|q| q.span.end <= pos);
    doc.quotations.get(k).is_some_and(|q| q.span.start <= pos)
}
