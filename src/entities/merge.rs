//! Steps 2 and 3: mentions merged into entities in text order (same name, country and
//! demonym, longer and shorter names, surnames, acronyms, handles) by [`cluster`].

#[allow(unused_imports)]
use super::*;

/// One mention prepared for clustering.
///
/// One per mention (180 k on a 10 MB text), so kept small (32 bytes): the mention by
/// reference, `u32` offsets, the key a slice of one string shared by all items.
pub(super) struct Item<'a> {
    /// The mention as tagged.
    pub(super) mention: &'a Mention,
    /// The name inside it (determiner, possessive and titles dropped).
    pub(super) name: (u32, u32),
    /// [`name_key`] of the name.
    pub(super) key: &'a str,
}

impl Item<'_> {
    /// The mention as tagged.
    pub(super) fn span(&self) -> Span {
        self.mention.span
    }
    pub(super) fn label(&self) -> &'static str {
        self.mention.label
    }
    /// The name inside it.
    pub(super) fn name(&self) -> Span {
        Span::new(self.name.0 as usize, self.name.1 as usize)
    }
}

/// A cluster under construction.
#[derive(Default)]
pub(super) struct Cl {
    pub(super) votes: Vec<(&'static str, usize)>,
    /// Names (stripped), with their keys, in order of appearance.
    pub(super) names: Vec<(String, String)>,
    /// Surfaces (stripped of determiners and possessives, titles kept), with their keys.
    pub(super) surfaces: Vec<(String, String)>,
    pub(super) mentions: Vec<Span>,
    /// Name starts, for descriptors.
    pub(super) name_starts: Vec<(usize, usize)>,
    /// Key words of the fullest person name.
    pub(super) full: Vec<String>,
    pub(super) country: Option<&'static str>,
    pub(super) info: EntityInfo,
}

impl Cl {
    pub(super) fn vote(&mut self, label: &'static str, weight: usize) {
        match self.votes.iter_mut().find(|(l, _)| *l == label) {
            Some(v) => v.1 += weight,
            None => self.votes.push((label, weight)),
        }
    }
    pub(super) fn label(&self) -> &'static str {
        let mut best: Option<(&'static str, usize)> = None;
        for &(l, n) in &self.votes {
            if best.is_none_or(|(_, b)| n > b) {
                best = Some((l, n));
            }
        }
        best.map_or("MISC", |(l, _)| l)
    }
}

/// The sex a courtesy title before a name states ("Mr." male, "Mrs."/"Ms." female).
fn title_sex(mention: &str) -> Option<bool> {
    match mention.split_whitespace().next()?.to_lowercase().as_str() {
        "mr." | "mr" => Some(true),
        "mrs." | "mrs" | "ms." | "ms" => Some(false),
        _ => None,
    }
}

/// At most this many distinct names and surface forms are kept per entity.
pub(super) const MAX_FORMS: usize = 32;

/// At most this many people with one surname are considered for a name (against
/// pathological input; news articles have a handful).
pub(super) const MAX_CANDIDATES: usize = 32;

/// True when two person names (key words) with the same surname can be the same person.
pub(super) fn compatible(a: &[String], b: &[String]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.ends_with(short) {
        return true;
    }
    match (short.first(), long.first()) {
        (Some(x), Some(y)) => {
            x == y
                || (x.chars().count() == 1 && y.starts_with(x.as_str()))
                || (y.chars().count() == 1 && x.starts_with(y.as_str()))
        }
        _ => false,
    }
}

/// A map keyed by strings, with a fast hasher (the keys come from one document).
pub(super) type KeyMap<V> = HashMap<String, V, BuildHasherDefault<crate::fnv::PassThrough>>;

/// `parts` joined in `buf` (cleared first), without allocating once `buf` has grown.
pub(super) fn key_of<'b>(buf: &'b mut String, parts: &[&str]) -> &'b str {
    buf.clear();
    for p in parts {
        buf.push_str(p);
    }
    buf
}

/// The cluster stored under `key`, else the one `make` gives, stored under it.
pub(super) fn cluster_for(
    map: &mut KeyMap<usize>,
    key: &str,
    make: impl FnOnce() -> usize,
) -> usize {
    if let Some(&c) = map.get(key) {
        return c;
    }
    let c = make();
    map.insert(key.to_string(), c);
    c
}

/// A byte offset as `u32` (texts are capped far below 4 GiB).
pub(super) fn offset32(b: usize) -> u32 {
    u32::try_from(b).expect("byte offsets beyond 4 GiB")
}

/// The word parts of a social-media handle, lower-cased, of three letters or more: split at
/// underscores, digits and other non-letters, and where a capital follows a small letter or
/// starts a capitalised word after capitals ("KarimiZ_official" → "karimi", "official";
/// "ImranKhanPTI" → "imran", "khan", "pti").
pub(super) fn handle_parts(handle: &str) -> impl Iterator<Item = String> + '_ {
    let chars: Vec<char> = handle.chars().collect();
    let mut parts: Vec<String> = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphabetic() {
            parts.push(std::mem::take(&mut cur));
            continue;
        }
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let boundary = c.is_uppercase()
            && prev.is_some_and(|p| {
                p.is_lowercase() || (p.is_uppercase() && next.is_some_and(char::is_lowercase))
            });
        if boundary {
            parts.push(std::mem::take(&mut cur));
        }
        cur.extend(c.to_lowercase());
    }
    parts.push(cur);
    parts.into_iter().filter(|p| p.chars().count() >= 3)
}

/// Runs the stage: rebuilds `doc.entities` (and `doc.entity_info`) from `doc.mentions`,
/// adding mentions NER missed (see the module documentation). Entities are in order of first
/// mention.
pub fn cluster(doc: &mut Document) {
    // NER's provisional entities are replaced below and read by nothing here: free them first.
    doc.entities = Vec::new();
    doc.entity_info = Vec::new();
    if doc.date.is_none() {
        doc.date = values::article_date(doc);
    }
    let defs = acronym_defs(doc);

    complete_mentions(doc, &defs);
    let text = doc.text;

    // Items: first their names and keys, the keys one after another in `keys`.
    let mut keys = String::new();
    let mut named_at: Vec<(usize, Span, u32)> = Vec::new();
    for (mi, m) in doc.mentions.iter().enumerate() {
        if m.span.end > text.len() || m.span.is_empty() {
            continue;
        }
        let raw = m.span.slice(text);
        let named = is_named(m.label);
        let (a, b) = if named {
            strip_range(raw, m.label == "PERSON")
        } else {
            let t = raw.trim_matches(|c: char| !c.is_alphanumeric() && !"$€£¥%".contains(c));
            let a = raw.find(t).unwrap_or(0);
            (a, a + t.len())
        };
        if a >= b {
            continue;
        }
        let name = Span::new(m.span.start + a, m.span.start + b);
        let key = name_key(name.slice(text));
        if named
            && (key.is_empty()
                || (PRONOUNS.contains(key.as_str()) && !is_acronym(name.slice(text)))
                || !name.slice(text).chars().any(char::is_uppercase))
        {
            continue;
        }
        keys.push_str(&key);
        named_at.push((mi, name, offset32(keys.len())));
    }
    let mut key_start = 0;
    let mut items: Vec<Item> = named_at
        .into_iter()
        .map(|(mi, name, key_end)| {
            let m = &doc.mentions[mi];
            let key = &keys[key_start..key_end as usize];
            key_start = key_end as usize;
            Item {
                mention: m,
                name: (offset32(name.start), offset32(name.end)),
                key,
            }
        })
        .collect();

    let def_long: HashMap<String, String> = defs
        .iter()
        .map(|d| {
            (
                name_key(d.short.slice(text)),
                name_key(strip_name(d.long.slice(text), false)),
            )
        })
        .collect();

    let mut cls: Vec<Cl> = Vec::new();
    // Keys: "v:LABEL:value" for dates and figures, "c:Country", "n:name key"; built in `kb`.
    let mut by_key: KeyMap<usize> = KeyMap::default();
    let mut kb = String::new();
    let mut by_surname: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_initials: HashMap<String, usize> = HashMap::new();
    let mut deferred: Vec<usize> = Vec::new();
    let anchor = doc.date;

    let add = |cls: &mut Vec<Cl>, c: usize, it: &Item| {
        let cl = &mut cls[c];
        let name = it.name().slice(text);
        // The surface keeps a person's titles; for every other mention it is the name.
        let surface = if it.label() == "PERSON" {
            strip_name(it.span().slice(text), false)
        } else {
            name
        };
        let weight = 1 + usize::from(it.key.contains(' '));
        cl.vote(it.label(), weight);
        cl.mentions.push(it.span());
        cl.name_starts.push((it.name().start, it.span().end));
        if cl.surfaces.len() < MAX_FORMS {
            let surface_key: Cow<str> = if surface.len() == name.len() {
                Cow::Borrowed(it.key)
            } else {
                Cow::Owned(name_key(surface))
            };
            if !cl.surfaces.iter().any(|(k, _)| *k == surface_key) {
                cl.surfaces
                    .push((surface_key.into_owned(), collapse(surface)));
            }
        }
        let len = cl.names.len();
        match cl.names.iter_mut().find(|(k, _)| *k == it.key) {
            // Prefer "Islamabad" to a dateline's "ISLAMABAD".
            Some((_, n)) if shouting(n) && !shouting(name) => *n = collapse(name),
            Some(_) => {}
            None if len < MAX_FORMS => cl.names.push((it.key.to_string(), collapse(name))),
            None => {}
        }
    };
    let new_cluster = |cls: &mut Vec<Cl>| {
        cls.push(Cl::default());
        cls.len() - 1
    };

    // Pass 1: values, countries, multi-word names.
    for (idx, it) in items.iter().enumerate() {
        if !is_named(it.label()) {
            let value_key;
            let mut info = EntityInfo::default();
            if it.label() == "DATE" {
                info.value = values::date_value(it.name().slice(text), anchor);
                value_key = key_of(
                    &mut kb,
                    &["v:DATE:", info.value.as_deref().unwrap_or(it.key)],
                );
            } else if FIGURES.contains(&it.label()) {
                let f = values::figure(doc, it.name(), it.label());
                let counts = f.counts.as_deref().unwrap_or("").to_lowercase();
                value_key = key_of(&mut kb, &["v:", it.label(), ":", it.key, ":", &counts]);
                info.value = f.value;
                info.qualifier = f.qualifier;
                info.counts = f.counts;
                info.unit = f.unit;
            } else {
                value_key = key_of(&mut kb, &["v:", it.label(), ":", it.key]);
            }
            let c = cluster_for(&mut by_key, value_key, || {
                let c = new_cluster(&mut cls);
                cls[c].info = info;
                c
            });
            add(&mut cls, c, it);
            continue;
        }
        if it.label() != "PERSON" {
            if let Some(country) = countries().get(it.key).copied() {
                let c = cluster_for(&mut by_key, key_of(&mut kb, &["c:", country]), || {
                    new_cluster(&mut cls)
                });
                cls[c].country = Some(country);
                add(&mut cls, c, it);
                continue;
            }
        }
        if !it.key.contains(' ') {
            deferred.push(idx);
            continue;
        }
        let words: Vec<String> = it.key.split(' ').map(str::to_string).collect();
        let nkey = key_of(&mut kb, &["n:", it.key]);
        let mut target = by_key.get(nkey).copied();
        if target.is_none() && it.label() == "PERSON" {
            if let Some(cands) = words.last().and_then(|s| by_surname.get(s)) {
                target = cands
                    .iter()
                    .rev()
                    .take(MAX_CANDIDATES)
                    .copied()
                    .find(|&c| compatible(&cls[c].full, &words));
            }
        }
        let c = match target {
            Some(c) => c,
            None => {
                let c = new_cluster(&mut cls);
                if it.label() == "PERSON" {
                    if let Some(last) = words.last() {
                        by_surname.entry(last.clone()).or_default().push(c);
                    }
                } else {
                    let (caps, all) = initials(it.name().slice(text));
                    for i in [caps, all] {
                        if i.chars().count() >= 2 {
                            by_initials.entry(i).or_insert(c);
                        }
                    }
                }
                c
            }
        };
        cluster_for(&mut by_key, key_of(&mut kb, &["n:", it.key]), || c);
        if words.len() > cls[c].full.len() {
            cls[c].full = words;
        }
        add(&mut cls, c, it);
    }

    // Pass 2: single words, in text order. Mentions added in pass 1 are sorted: remember how
    // many each cluster has, for binary search; later ones are tracked in `last_seen`.
    let sorted_len: Vec<usize> = cls.iter().map(|c| c.mentions.len()).collect();
    let mut last_seen: Vec<Option<usize>> = Vec::new();
    // Only the deferred items are read from here on: keep those, in order, and free the rest.
    let mut deferred_at = vec![false; items.len()];
    for idx in deferred {
        deferred_at[idx] = true;
    }
    let mut idx = 0;
    items.retain(|_| {
        idx += 1;
        deferred_at[idx - 1]
    });
    items.shrink_to_fit();
    drop(deferred_at);
    for it in &items {
        let pos = it.span().start;
        let word = it.name().slice(text);
        let mut target = def_long
            .get(it.key)
            .and_then(|long| by_key.get(key_of(&mut kb, &["n:", long])))
            .copied();
        if target.is_none() {
            if let Some(cands) = by_surname.get(it.key) {
                // "Mrs. Clinton" is not Bill Clinton: a title's sex against the usual sex of
                // a candidate's first name.
                let title_sex = title_sex(it.span().slice(text)).or_else(|| {
                    let before = text[..it.span().start].trim_end();
                    let word = before.rsplit(char::is_whitespace).next().unwrap_or("");
                    title_sex(word)
                });
                let conflicts = |c: usize| {
                    title_sex.is_some_and(|male| {
                        cls[c]
                            .full
                            .first()
                            .and_then(|f| first_name_sex(f))
                            .is_some_and(|m| m != male)
                    })
                };
                last_seen.resize(cls.len(), None);
                // Candidates were created in text order: those first named before `pos`, the
                // latest few of them.
                let k = cands
                    .partition_point(|&c| cls[c].mentions.first().is_some_and(|m| m.start < pos));
                let recent = cands[k.saturating_sub(MAX_CANDIDATES)..k]
                    .iter()
                    .filter(|&&c| !conflicts(c))
                    .filter_map(|&c| {
                        let ms = &cls[c].mentions[..sorted_len.get(c).copied().unwrap_or(0)];
                        let k = ms.partition_point(|m| m.start < pos);
                        let before = k.checked_sub(1).map(|j| ms[j].start);
                        before.max(last_seen[c]).map(|p| (p, c))
                    })
                    .max()
                    .map(|(_, c)| c);
                target =
                    recent.or_else(|| (cands.len() == 1 && !conflicts(cands[0])).then(|| cands[0]));
            }
        }
        // A social-media handle that spells a person's surname ("@KarimiZ_official" after
        // "Zabihullah Karimi") is that person's account: one part must match the surname of
        // exactly one person, named before the handle (weaker evidence than a bare surname,
        // so never a guess between namesakes).
        if target.is_none() && it.label() == "PERSON" && it.span().slice(text).starts_with('@') {
            let mut found: Vec<usize> = handle_parts(word)
                .filter_map(|part| match by_surname.get(part.as_str())?.as_slice() {
                    &[c] if cls[c].mentions.first().is_some_and(|m| m.start < pos) => Some(c),
                    _ => None,
                })
                .collect();
            found.dedup();
            if let [c] = found[..] {
                target = Some(c);
            }
        }
        if target.is_none() && is_acronym(word) {
            let letters: String = word.chars().filter(|c| c.is_alphabetic()).collect();
            target = by_initials
                .get(&letters.to_uppercase())
                .copied()
                .filter(|&c| cls[c].label() != "PERSON");
        }
        let c = match target {
            Some(c) => c,
            None => cluster_for(&mut by_key, key_of(&mut kb, &["n:", it.key]), || {
                new_cluster(&mut cls)
            }),
        };
        last_seen.resize(cls.len(), None);
        last_seen[c] = Some(pos);
        add(&mut cls, c, it);
    }
    // (The items and their indexes are done with: freed before the output is built.)
    drop((by_key, by_surname, by_initials, def_long, last_seen));
    drop(items);
    drop(keys);

    // Build the output in order of first mention.
    for cl in &mut cls {
        let mut pairs: Vec<(Span, (usize, usize))> = cl
            .mentions
            .iter()
            .copied()
            .zip(cl.name_starts.iter().copied())
            .collect();
        pairs.sort();
        pairs.dedup_by_key(|p| p.0);
        cl.mentions = pairs.iter().map(|p| p.0).collect();
        cl.name_starts = pairs.iter().map(|p| p.1).collect();
    }
    cls.retain(|c| !c.mentions.is_empty());
    cls.sort_by_key(|c| c.mentions[0].start);
    let mut entities = Vec::with_capacity(cls.len());
    let mut infos = Vec::with_capacity(cls.len());
    for mut cl in cls {
        let label = if cl.country.is_some() {
            "GPE"
        } else {
            cl.label()
        };
        let name = match cl.country {
            Some(c) => c.to_string(),
            None => {
                let mut best = cl.names.first().map(|n| n.1.clone()).unwrap_or_default();
                for (_, n) in &cl.names {
                    let (wn, wb) = (n.split(' ').count(), best.split(' ').count());
                    if wn > wb || (wn == wb && n.len() > best.len()) {
                        best = n.clone();
                    }
                }
                best
            }
        };
        // A first and last name is a person's, even when most short mentions were tagged
        // otherwise ("Trump" as an organisation beside "the Trump campaign").
        // So is a name written with "Mr."/"Ms." before it ("Mr. Obama" beside "the Obama
        // administration").
        let label = if label != "PERSON"
            && (cl.votes.iter().any(|(l, _)| *l == "PERSON") && looks_like_person(&name)
                || cl.mentions.iter().any(|m| {
                    let before = text[..m.start].trim_end();
                    let word = before.rsplit(char::is_whitespace).next().unwrap_or("");
                    title_sex(m.slice(text)).is_some() || title_sex(word).is_some()
                })) {
            "PERSON"
        } else {
            label
        };
        let name_k = name_key(&name);
        let mut aliases: Vec<String> = Vec::new();
        let mut alias_keys: Vec<&str> = Vec::new();
        for (k, s) in cl.names.iter().chain(&cl.surfaces) {
            if *k != name_k && !alias_keys.contains(&k.as_str()) {
                alias_keys.push(k);
                aliases.push(s.clone());
            }
        }
        if label == "PERSON" || label == "ORG" {
            let mut ds: Vec<String> = Vec::new();
            for &(name_start, mention_end) in &cl.name_starts {
                for d in descriptors_at(doc, name_start, mention_end) {
                    let k = name_key(&d);
                    if !ds.iter().any(|x| name_key(x) == k) && ds.len() < 8 {
                        ds.push(d);
                    }
                }
            }
            cl.info.descriptors = ds;
        }
        entities.push(EntityCluster {
            name,
            label,
            aliases,
            mentions: cl.mentions,
        });
        infos.push(cl.info);
    }
    doc.entities = entities;
    doc.entity_info = infos;
}
