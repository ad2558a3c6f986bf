//! The candidates of one source mention and their features: the evidence a reader uses
//! (names, recency, subject position, gender and number, descriptions, the previous speaker
//! through `History`), hashed as the model reads them.

#[allow(unused_imports)]
use super::*;

/// Builds hashed (and, when asked, readable) feature names.
pub(super) struct Feats {
    pub(super) hashes: Vec<u64>,
    pub(super) names: Option<Vec<String>>,
}

/// The hash of a feature named by `parts` (written `a|b|c` in the model file): eight bytes at
/// a time, each part closed by its length, so that `["ab", "c"]` and `["a", "bc"]` differ.
pub fn feature_hash<'p>(parts: impl IntoIterator<Item = &'p str>) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = fnv::OFFSET;
    for p in parts {
        let mut chunks = p.as_bytes().chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            h = (h ^ u64::from_le_bytes(w)).wrapping_mul(K).rotate_left(29);
        }
        let rest = chunks.remainder();
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        w[7] = 0x80 | rest.len() as u8;
        h = (h ^ u64::from_le_bytes(w)).wrapping_mul(K).rotate_left(29);
    }
    h ^ (h >> 32)
}

impl Feats {
    pub(super) fn add(&mut self, parts: &[&str]) {
        self.hashes.push(feature_hash(parts.iter().copied()));
        if let Some(n) = &mut self.names {
            n.push(parts.join("|"));
        }
    }
}

/// How many sentences after a mention in the lead its candidates may be named.
const LEAD_REACH: usize = 4;

pub(super) const DIGITS: [&str; 8] = ["0", "1", "2", "3", "4", "5", "6", "7"];

/// What the decisions so far say: the entity the previous quotation was resolved to and its
/// paragraph, and how many mentions each entity has been chosen for.
#[derive(Debug, Default, Clone)]
pub struct History {
    pub(super) previous: Option<(usize, usize)>,
    pub(super) spoke: HashMap<usize, usize>,
    /// Per entity: the he and she mentions resolved to it so far.
    pub(super) gender: HashMap<usize, (u16, u16)>,
}

impl History {
    /// Records a decision for a mention in paragraph `para`.
    pub fn record(&mut self, target: Target, para: usize, pronoun: Option<&str>) {
        if let Target::Entity(e) = target {
            self.previous = Some((e, para));
            *self.spoke.entry(e).or_default() += 1;
            // "he"/"she" resolved to this person: what the text has said of them so far.
            match pronoun.and_then(pronoun_kind) {
                Some(MentionKind::He) => self.gender.entry(e).or_default().0 += 1,
                Some(MentionKind::She) => self.gender.entry(e).or_default().1 += 1,
                _ => {}
            }
        }
    }
}

/// True when name key `rule` (words separated by spaces) has no first name, or the entity's
/// keys (`keys`) with its surname give it no first name, or one of them agrees (spelled out or
/// as an initial).
fn first_names_agree(rule: &str, keys: &[String]) -> bool {
    let words: Vec<&str> = rule.split(' ').collect();
    if words.len() < 2 {
        return true;
    }
    let (first, last) = (words[0], words[words.len() - 1]);
    let mut firsts = keys.iter().filter_map(|k| {
        let kw: Vec<&str> = k.split(' ').collect();
        (kw.len() >= 2 && kw.last() == Some(&last)).then_some(kw[0])
    });
    let mut any = false;
    let agree = firsts.any(|kf| {
        any = true;
        kf == first
            || (kf.chars().count() == 1 && first.starts_with(kf))
            || (first.chars().count() == 1 && kf.starts_with(first))
    });
    agree || !any
}

/// Words of a description that say nothing of whom it describes.
const NOT_DESCRIBING: &[&str] = &[
    "the", "this", "that", "these", "those", "his", "her", "its", "their", "our", "your", "and",
    "who", "which", "for", "from", "with", "one", "another", "other", "some", "all", "both",
];

/// The candidates of quotation `q`'s speaker mention, with their features, given the decisions
/// before it (`history`). `names` asks for readable feature names.
pub fn candidates(cx: &Context, q: usize, history: &History, names: bool) -> Vec<Candidate> {
    let doc = cx.doc;
    let quote = &doc.quotations[q];
    let Some(sp) = quote.speaker.as_ref() else {
        return Vec::new();
    };
    // A relative pronoun is read as the noun phrase it stands for ("the political novice who
    // wants…"), when attribution found one.
    let own = sp.mention;
    let m = sp.antecedent.as_deref().copied().unwrap_or(own);
    let mtext = doc.slice(m);
    let words: Vec<String> = mtext
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '@')
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let head = words.last().map_or("", String::as_str);
    let head = head
        .strip_suffix("'s")
        .or_else(|| head.strip_suffix("’s"))
        .unwrap_or(head);
    let first = words.first().map_or("", String::as_str);
    // The possessor of a description ("speaker" in "The speaker's office").
    let raw_words: Vec<&str> = mtext.split_whitespace().collect();
    let possessor_at = raw_words
        .iter()
        .take(raw_words.len().saturating_sub(1))
        .rposition(|w| w.ends_with("'s") || w.ends_with("’s") || w.ends_with("s'"));
    let possessor = possessor_at.map(|i| {
        let w = raw_words[i];
        let w = w
            .strip_suffix("'s")
            .or_else(|| w.strip_suffix("’s"))
            .or_else(|| w.strip_suffix('\''))
            .unwrap_or(w);
        w.trim_matches(|c: char| !c.is_alphanumeric())
    });
    let possessor_cap = possessor
        .and_then(|p| p.chars().next())
        .is_some_and(char::is_uppercase);
    let possessor_lower = possessor.map(str::to_lowercase);
    let possessor = possessor_lower.as_deref();
    // A head noun that names a person's role ("nominee", "spokesperson", "governor").
    let head_person = if PERSON_NOUNS.contains(head) || TITLES.contains(head) {
        "hp"
    } else {
        "-"
    };
    // What kind of thing a description names, and how it is determined.
    let hclass = super::classes::head_class(head, head_person == "hp");
    let dclass = super::classes::determiner_class(first, possessor.is_some());
    let rule_named = sp.resolved_by == ResolvedBy::Name
        || (sp.resolved_by == ResolvedBy::Continuation
            && mtext.chars().next().is_some_and(char::is_uppercase)
            && pronoun_kind(head).is_none());
    let kind = if words.len() == 1 {
        pronoun_kind(head).unwrap_or(if rule_named {
            MentionKind::Name
        } else {
            MentionKind::Description
        })
    } else if rule_named {
        MentionKind::Name
    } else {
        MentionKind::Description
    };
    // "his campaign" is resolved as its possessor "his" is (the name then says "campaign").
    let body = super::possessed_body(mtext);
    let kind = match body {
        Some((owner, _)) => pronoun_kind(owner).unwrap_or(kind),
        None => kind,
    };
    let mk = kind.as_str();
    let mc = kind.class();
    // A description's own words, determiners and possessives left out.
    let desc_words: Vec<&str> = if kind == MentionKind::Description {
        words
            .iter()
            .map(String::as_str)
            .filter(|w| w.len() > 2 && !NOT_DESCRIBING.contains(w))
            .collect()
    } else {
        Vec::new()
    };
    let m_sent = doc.sentence_at(m.start).unwrap_or(0);
    let m_para = doc.paragraph_at(m.start).unwrap_or(0);
    let previous = history.previous.map(|(e, p)| (e, m_para.saturating_sub(p)));
    let cue = quote.cue.as_ref().map(|c| c.span);
    let cue_sentence = cue.and_then(|c| doc.sentence_at(c.start));
    let rule_key = name_key(strip_name(&sp.name, true));
    let rule_surname = rule_key.rsplit(' ').next().unwrap_or("").to_string();
    let head_is_cap = mtext
        .split_whitespace()
        .last()
        .and_then(|w| w.chars().next())
        .is_some_and(char::is_uppercase);
    // The quotations with this mention: their words are "inside the quote".
    // (Quotations with one mention are near each other: look only within the window.)
    let same_mention =
        |o: &crate::types::Quotation| o.speaker.as_ref().is_some_and(|s| s.mention == own);
    let lo = m.start.saturating_sub(WINDOW);
    let hi = m.end.saturating_add(WINDOW);
    let first_q = doc.quotations.partition_point(|o| o.span.end <= lo);
    let quoted: Vec<Span> = doc.quotations[first_q..]
        .iter()
        .take_while(|o| o.span.start < hi)
        .filter(|o| same_mention(o))
        .flat_map(|o| o.parts().iter().copied())
        .collect();
    let inside_quote = |s: usize| quoted.iter().any(|p| p.start <= s && s < p.end);

    // A headline or lead describes and the body then names ("A New York judge ruled…" and,
    // sentences later, "Justice Frank Nervo"): names a few sentences after a mention in the lead
    // are candidates too; elsewhere only the same or the next sentence.
    let reach = if m.start < cx.lead_end { LEAD_REACH } else { 1 };
    // Per entity: last mention before the source, mention after it nearby, counts.
    struct Seen {
        last_before: Option<Where>,
        after_near: Option<usize>,
        count: usize,
        overlaps: bool,
        at_head: bool,
        in_quote: bool,
        lead: bool,
        before_outside_quote: bool,
        /// The last mention before the source outside every quotation and reported speech.
        last_free: Option<Where>,
        last_in_marks: bool,
        last_in_report: bool,
        beside_cue: bool,
    }
    // (entity, what was seen of it): a few dozen entities in a window, searched linearly.
    let mut seen: Vec<(usize, Seen)> = Vec::new();
    let head_start = m.start
        + mtext
            .trim_end()
            .rfind(char::is_whitespace)
            .map_or(0, |i| i + 1);
    // Entity mentions within the window around the source mention; counts and the lead
    // come from the whole text.
    let from = cx.mentions.partition_point(|&(s, _, _)| s < lo);
    for (mi, &(s, e, ent)) in cx.mentions[from..]
        .iter()
        .enumerate()
        .take_while(|(_, &(s, _, _))| s < hi)
    {
        let w = cx.where_[from + mi];
        let at = match seen.iter().position(|(x, _)| *x == ent) {
            Some(i) => i,
            None => {
                seen.push((
                    ent,
                    Seen {
                        last_before: None,
                        after_near: None,
                        count: 0,
                        overlaps: false,
                        at_head: false,
                        in_quote: false,
                        lead: false,
                        before_outside_quote: false,
                        last_free: None,
                        last_in_marks: false,
                        last_in_report: false,
                        beside_cue: false,
                    },
                ));
                seen.len() - 1
            }
        };
        let st = &mut seen[at].1;
        st.count = cx.counts[ent];
        st.lead = cx.in_lead[ent];
        let span = Span::new(s, e);
        if span.overlaps(m) {
            st.overlaps = true;
            if e > head_start {
                st.at_head = true;
            }
            continue;
        }
        let here = inside_quote(s);
        if here {
            st.in_quote = true;
        }
        if let Some(c) = cue {
            let near_before = e <= c.start && c.start - e <= 24 && Some(w.sentence) == cue_sentence;
            let near_after = s >= c.end && s - c.end <= 4;
            if (near_before || near_after) && !here {
                st.beside_cue = true;
            }
        }
        if e <= m.start {
            // A name inside the quoted words is not where the speaker was last named.
            if !here {
                st.last_before = Some(w);
                st.before_outside_quote = true;
                st.last_in_marks = w.in_marks;
                st.last_in_report = w.in_quotation;
                if !w.in_quotation {
                    st.last_free = Some(w);
                }
            }
        } else if st.after_near.is_none() {
            let ss = w.sentence;
            if ss <= m_sent + reach && !here {
                st.after_near = Some(ss - m_sent);
            }
        }
    }
    // A relative pronoun's antecedent: the entity named last before it in its sentence,
    // right before it ("Sanders, who") or before an appositive ("Harold Doley, a banker, who").
    let antecedent = if kind == MentionKind::Relative {
        let before = cx.mentions.partition_point(|&(s, _, _)| s < m.start);
        cx.mentions[..before]
            .iter()
            .rev()
            .find(|&&(_, e, _)| e <= m.start)
            .and_then(|&(s, e, ent)| {
                let gap = &doc.text[e..m.start];
                let same = doc.sentence_at(s) == Some(m_sent);
                let g = gap.trim();
                let how = if g.is_empty() || g == "," {
                    "adj"
                } else if gap.len() <= 80 && g.starts_with(',') && g.ends_with(',') {
                    "appos"
                } else {
                    return None;
                };
                same.then_some((ent, how))
            })
    } else {
        None
    };
    // The word before a relative pronoun: a plural common noun ("voters who") is no name.
    let before_relative = (kind == MentionKind::Relative).then(|| {
        let t = doc.token_from(m.start);
        let prev = (0..t)
            .rev()
            .map(|k| doc.tokens[k].span().slice(doc.text))
            .find(|w| *w != ",")
            .unwrap_or("");
        if prev.chars().next().is_some_and(char::is_uppercase) {
            "cap"
        } else if !prev.chars().next().is_some_and(char::is_alphanumeric) {
            "punct"
        } else if prev.ends_with('s') {
            "pl"
        } else {
            "low"
        }
    });
    // Two or more named entities inside the mention, joined ("Mr. Grassley and Mr. Leahy",
    // "Trump and Clinton"): a group, none of them.
    let several = words.iter().any(|w| w == "and" || w == "&")
        && seen.iter().filter(|(_, st)| st.overlaps).count() >= 2;
    // Candidates: mentioned before, or nearby after, most recent first.
    let mut ents: Vec<(usize, usize)> = seen
        .iter()
        .filter(|(_, st)| {
            st.last_before.is_some() || st.after_near.is_some() || st.overlaps || st.in_quote
        })
        .map(|(e, st)| {
            let e = *e;
            let recency = if st.overlaps {
                usize::MAX
            } else {
                st.last_before.map_or(0, |w| w.start + 1)
            };
            (recency, e)
        })
        .collect();
    ents.sort_unstable_by(|a, b| b.cmp(a));
    ents.truncate(MAX_CANDIDATES);
    let mut out = Vec::with_capacity(ents.len() + 2);
    let mut rank_in_type: [(&str, usize); 5] = [("", 0); 5];
    let mut rule_matched = false;
    let mut compatible_rank = 0;
    let mut nearest_compatible = 3;
    let mut outside_rank = 0;
    let mut class_rank = 0;
    // How many of a description's words are written near entity `e`'s mentions.
    let shared_words = |e: usize| {
        let near = &cx.nearby[e];
        desc_words
            .iter()
            .filter(|w| {
                let i = near.partition_point(|(x, _)| x.as_str() < **w);
                near[i..]
                    .iter()
                    .take_while(|(x, _)| x == *w)
                    .any(|&(_, at)| at < m.start || at >= m.end)
            })
            .count()
    };
    let most_shared = ents
        .iter()
        .map(|&(_, e)| shared_words(e))
        .max()
        .unwrap_or(0);
    for (rank, &(_, e)) in ents.iter().enumerate() {
        let Some((_, st)) = seen.iter().find(|(x, _)| *x == e) else {
            continue;
        };
        let ty = cx.ty[e];
        let mut f = Feats {
            hashes: Vec::with_capacity(24),
            names: names.then(Vec::new),
        };
        f.add(&["b", mk, ty]);
        if st.overlaps {
            f.add(&[if st.at_head { "ovh" } else { "ovm" }, mk, ty, head_person]);
        }
        // Several people ("Mr. Grassley and Mr. Leahy") or a group around one ("advisers to
        // Mr. Obama") is none of them.
        if words.len() > 1 && words.iter().any(|w| w == "and") {
            f.add(&["conj", mk]);
        }
        if several {
            f.add(&["several", if st.overlaps { "in" } else { "out" }]);
        }
        if !head_is_cap && head.ends_with('s') && kind != MentionKind::They {
            f.add(&["plural", mk, ty]);
        }
        // The rules' name is the entity's: one of its names, or its surname, unless the rules
        // wrote a first name that is not the entity's ("Ivanka Trump" is not Donald Trump).
        let rule_match = !rule_key.is_empty()
            && (cx.keys[e].contains(&rule_key)
                || cx.surname[e].as_deref() == Some(rule_surname.as_str())
                    && !rule_surname.is_empty()
                    && first_names_agree(&rule_key, &cx.keys[e]));
        if rule_match {
            rule_matched = true;
            f.add(&["rule", sp.resolved_by.as_str(), mk]);
        }
        let (ml, fe) = cx.gender[e];
        // What the text says of its gender, else what its first name usually is ("m?").
        let g = if ty != "PER" {
            "np"
        } else if ml > fe {
            "m"
        } else if fe > ml {
            "f"
        } else {
            match cx.first_sex[e] {
                Some(true) => "m?",
                Some(false) => "f?",
                None => "u",
            }
        };
        let compatible = match kind {
            MentionKind::He => ty == "PER" && g != "f" && g != "f?",
            MentionKind::She => ty == "PER" && g != "m" && g != "m?",
            MentionKind::It | MentionKind::They => ty != "PER",
            MentionKind::Name | MentionKind::Relative => st.overlaps || rule_match,
            MentionKind::Speech | MentionKind::Description => true,
        };
        if compatible {
            if compatible_rank == 0 {
                nearest_compatible = st
                    .last_before
                    .map_or(3, |w| bucket(m_sent - w.sentence.min(m_sent), &[1, 2, 3]));
            }
            f.add(&["crk", mk, DIGITS[compatible_rank.min(4)]]);
            compatible_rank += 1;
            // The same rank counting only names outside quotations and reported speech: a
            // name inside someone's words is seldom who "he" is.
            if st.last_before.is_some_and(|w| !w.in_quotation) {
                f.add(&["ork", mk, DIGITS[outside_rank.min(3)]]);
                outside_rank += 1;
            }
        } else {
            f.add(&["incompat", mk]);
        }
        if let Some(&n) = history.spoke.get(&e) {
            f.add(&["spoke", mc, DIGITS[bucket(n, &[2, 4])]]);
        }
        if st.last_in_marks {
            f.add(&["lastinq", mc]);
        } else if st.last_in_report {
            // Last named inside someone's reported speech, not as a speaker.
            f.add(&["lastinrep", mc]);
        }
        let r = DIGITS[rank.min(4)];
        f.add(&["rk", mk, r]);
        let slot = rank_in_type
            .iter()
            .position(|(t, _)| *t == ty || t.is_empty())
            .unwrap_or(4);
        rank_in_type[slot].0 = ty;
        let tr = &mut rank_in_type[slot].1;
        f.add(&["trk", mk, ty, DIGITS[(*tr).min(3)]]);
        *tr += 1;
        match st.last_before {
            Some(w) => {
                let d = bucket(m_sent - w.sentence.min(m_sent), &[1, 2, 3, 5, 10, 20]);
                f.add(&["d", mc, DIGITS[d]]);
                f.add(&["dt", mc, ty, DIGITS[d.min(4)]]);
                let pd = bucket(m_para - w.paragraph.min(m_para), &[1, 2, 4]);
                f.add(&["pd", mc, DIGITS[pd]]);
                if w.modifies {
                    f.add(&["premod", mc, ty]);
                }
                // Subject position: the mention opens its sentence.
                if w.opens_sentence {
                    f.add(&["subj", mc, DIGITS[d.min(3)]]);
                    if kind.is_pronoun() {
                        f.add(&["subjk", mk, DIGITS[d.min(2)]]);
                    }
                }
            }
            None => f.add(&["nobefore", mc]),
        }
        // How far back it was last named in the article's own words (not inside anyone's
        // quoted or reported speech): "a move Erdogan had flagged" is no place to be "he".
        if st.last_in_report || st.last_in_marks {
            match st.last_free {
                Some(w) => {
                    let d = bucket(m_sent - w.sentence.min(m_sent), &[1, 2, 3, 5, 10]);
                    f.add(&["fd", mc, DIGITS[d]]);
                }
                None => f.add(&["nofree", mc]),
            }
        }
        if let Some(a) = st.after_near {
            f.add(&["after", mk, DIGITS[a.min(1)]]);
            if a > 1 {
                f.add(&["aftlead", mc, DIGITS[a.min(4)]]);
            }
        }
        f.add(&["cnt", mc, ty, DIGITS[bucket(st.count, &[2, 3, 5, 9])]]);
        if st.lead {
            f.add(&["lead", mc]);
        }
        if st.in_quote {
            f.add(&[
                if st.before_outside_quote {
                    "inq"
                } else {
                    "inqonly"
                },
                mc,
            ]);
        }
        if st.beside_cue {
            f.add(&["cue", mk, ty]);
        }
        if body.is_some() {
            f.add(&["body", ty]);
        }
        if let Some((a, how)) = antecedent {
            if a == e {
                f.add(&["antec", how, ty]);
            }
        }
        if let Some((p, gap)) = previous {
            if p == e {
                f.add(&["prev", mk, DIGITS[gap.min(2)]]);
            }
        }
        // Gender and number.
        if kind.is_pronoun() || kind == MentionKind::Description {
            f.add(&["g", mk, g]);
        }
        if matches!(kind, MentionKind::He | MentionKind::She) {
            if let Some(&(h, s)) = history.gender.get(&e) {
                let same = if kind == MentionKind::He {
                    h > s
                } else {
                    s > h
                };
                let other = if kind == MentionKind::He {
                    s > h
                } else {
                    h > s
                };
                if same {
                    f.add(&["hg", "same"]);
                } else if other {
                    f.add(&["hg", "other"]);
                }
            }
        }
        // The most mentioned entities of a type are the article's main actors.
        f.add(&["top", mc, ty, DIGITS[cx.count_rank[e].min(3)]]);
        // Descriptions: head word against type, descriptors and name.
        if kind == MentionKind::Description {
            let ec = cx.class[e];
            f.add(&["hc", hclass, ec]);
            f.add(&["det", dclass, ty]);
            // The nearest entities of the kind the head names ("the newspaper" → outlets).
            let fits = match hclass {
                "per" => ty == "PER",
                "media" => ec == "media",
                "org" => ty == "ORG",
                "place" => ty == "GPE",
                _ => true,
            };
            if fits {
                f.add(&["hcrk", hclass, DIGITS[class_rank.min(3)]]);
                class_rank += 1;
            } else {
                f.add(&["hcno", hclass]);
            }
            if !head_is_cap {
                f.add(&["hd", head, ty]);
                f.add(&["hdp", head_person, ty]);
                if cx.descriptor_words[e].iter().any(|w| w == head) {
                    f.add(&["hddesc", ty]);
                }
            }
            if head_is_cap && cx.described[e].iter().any(|w| w == head) {
                f.add(&["hdcap", ty]);
            }
            // The description's words written near the entity's mentions elsewhere ("the
            // Vermont senator" and "Sen. Bernie Sanders of Vermont"), against the other
            // candidates'.
            let shared = shared_words(e);
            f.add(&["near", DIGITS[shared.min(3)], ty]);
            if shared > 0 {
                f.add(&[
                    "nearbest",
                    if shared == most_shared { "y" } else { "n" },
                    hclass,
                ]);
            }
            // "Trump's office", "his office", "the speaker's office": whose it is.
            if let Some(p) = possessor {
                let which = if pronoun_kind(p).is_some() {
                    "pro"
                } else if cx.described[e].iter().any(|w| w == p) {
                    "this"
                } else if possessor_cap {
                    "other"
                } else {
                    "desc"
                };
                f.add(&["pos", which, ty]);
            }
        }
        out.push(Candidate {
            target: Target::Entity(e),
            feats: f.hashes,
            names: f.names.unwrap_or_default(),
            forced: false,
        });
    }
    // The rules' own name, when it matches no entity.
    let rule_described = matches!(kind, MentionKind::He | MentionKind::She)
        && sp.resolved_by != ResolvedBy::Continuation
        && !rule_key.is_empty()
        && rule_key != name_key(mtext);
    if !rule_matched && (rule_named || rule_described) && !rule_key.is_empty() {
        let mut f = Feats {
            hashes: Vec::new(),
            names: names.then(Vec::new),
        };
        f.add(&["keep", mk]);
        if body.is_some() {
            f.add(&["keepbody"]);
        }
        f.add(&["keep", sp.resolved_by.as_str()]);
        f.add(&[
            "keepw",
            DIGITS[bucket(rule_key.split(' ').count(), &[2, 3, 4])],
        ]);
        if sp.anonymous {
            f.add(&["keepanon"]);
        }
        if !head_is_cap {
            f.add(&["keeplow"]);
        }
        if rule_described {
            // How far back the nearest person of the pronoun's gender was named: a described
            // subject in between ("The assembly's speaker met … He said") is nearer.
            f.add(&["keepdesc", DIGITS[nearest_compatible.min(3)]]);
            if sp.resolved_by == ResolvedBy::Description {
                // The rules took the previous sentence's described subject.
                f.add(&["keepsubj", mk]);
            }
        }
        out.push(Candidate {
            target: Target::Keep,
            feats: f.hashes,
            names: f.names.unwrap_or_default(),
            forced: rule_described && sp.resolved_by == ResolvedBy::Description,
        });
    }
    // The mention as a name: a capitalised modifier and a lower-case head, two to five words.
    if let Some(phrase) = phrase_name(mtext) {
        let mut f = Feats {
            hashes: Vec::new(),
            names: names.then(Vec::new),
        };
        f.add(&["ph", mk]);
        f.add(&["phhd", head]);
        // A person's role ("the GOP nominee") names a person, not a body.
        f.add(&["phhp", head_person]);
        f.add(&["phw", DIGITS[phrase.split_whitespace().count().min(5)]]);
        if possessor.is_some() {
            f.add(&["phposs"]);
        }
        if rule_matched {
            f.add(&["phrule"]);
        }
        out.push(Candidate {
            target: Target::Phrase,
            feats: f.hashes,
            names: f.names.unwrap_or_default(),
            forced: false,
        });
    }
    // Unnamed.
    let mut f = Feats {
        hashes: Vec::new(),
        names: names.then(Vec::new),
    };
    f.add(&["none", mk]);
    if body.is_some() {
        f.add(&["nbody"]);
    }
    if kind == MentionKind::Description {
        f.add(&["nhc", hclass]);
        f.add(&["ndet", dclass]);
        f.add(&["nhd", head]);
        f.add(&["nfirst", first]);
        if head.ends_with('s') && !head_is_cap {
            f.add(&["nplural"]);
        }
        if words.iter().any(|w| w == "and") {
            f.add(&["nand"]);
        }
        if several {
            f.add(&["nseveral"]);
        }
    }
    if sp.anonymous {
        f.add(&["nanon", mk]);
    }
    if let Some(b) = before_relative {
        f.add(&["nrel", b, if antecedent.is_some() { "a" } else { "-" }]);
    }
    f.add(&["ncands", DIGITS[bucket(out.len(), &[1, 2, 4, 8])]]);
    // Two named people joined in one mention ("Mr. Hollis and Mr. Brandt") are a group:
    // whatever the weights, neither of them said it alone. So is a name joined with others
    // ("Trump and other Republicans", "Sanders and the pontiff").
    let conj_outside = joins_others(cx, m, mtext);
    let named_inside = seen.iter().any(|(_, st)| st.overlaps);
    let group = several
        && seen
            .iter()
            .filter(|(e, st)| st.overlaps && cx.ty[*e] == "PER")
            .count()
            >= 2
        || conj_outside && named_inside && kind != MentionKind::Relative;
    out.push(Candidate {
        target: Target::Unnamed,
        feats: f.hashes,
        names: f.names.unwrap_or_default(),
        forced: group,
    });
    out
}

/// True when source mention `m` (text `mtext`) joins something to a name with a conjunction
/// that is inside no entity mention ("Procter & Gamble" is one name) and is followed by a word
/// in lower case ("Central and East European Coalition" is one name even when the tagger found
/// only its end).
fn joins_others(cx: &Context, m: Span, mtext: &str) -> bool {
    let from = cx
        .mentions
        .partition_point(|&(s, _, _)| s < m.start.saturating_sub(WINDOW));
    let inside: Vec<(usize, usize)> = cx.mentions[from..]
        .iter()
        .take_while(|&&(s, _, _)| s < m.end)
        .filter(|&&(_, e, _)| e > m.start)
        .map(|&(s, e, _)| (s, e))
        .collect();
    let words: Vec<&str> = mtext.split(' ').collect();
    let mut at = m.start;
    for (i, w) in words.iter().enumerate() {
        let here = at;
        at += w.len() + 1;
        let next_lower = words
            .get(i + 1)
            .and_then(|n| n.chars().next())
            .is_some_and(char::is_lowercase);
        if matches!(*w, "and" | "nor" | "&")
            && here > m.start
            && next_lower
            && !inside.iter().any(|&(s, e)| s <= here && here < e)
        {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::first_names_agree;

    fn keys(k: &[&str]) -> Vec<String> {
        k.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_first_name_of_another_family_member_does_not_match() {
        let donald = keys(&["donald trump", "donald j trump", "trump"]);
        assert!(!first_names_agree("ivanka trump", &donald));
        assert!(first_names_agree("donald trump", &donald));
        assert!(first_names_agree("trump", &donald));
        // An initial agrees with the name it starts; an entity known only by its surname has
        // no first name to disagree with.
        assert!(first_names_agree("d trump", &donald));
        assert!(first_names_agree("ivanka trump", &keys(&["trump"])));
    }
}
