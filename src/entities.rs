//! Stage 5 (after attribution): one entity per real-world referent.
//!
//! [`cluster`] rebuilds [`Document::entities`] from [`Document::mentions`], replacing the NER
//! stage's exact-text grouping, and fills [`Document::entity_info`] with descriptors and, for
//! dates and figures, normalised values. It works in three steps, all linear in the number of
//! mentions (hash maps, small candidate lists):
//!
//! 1. **Mentions are completed.** "Long Name (ACR)" definitions are found in the tokens (the
//!    acronym's letters must match the initials of the capitalised words and hyphen parts, or of
//!    all words); the long form and the acronym, and every later occurrence of the acronym,
//!    become mentions when NER missed them, labelled like the tagged one (ORG by default).
//!    Named speakers from attribution that NER missed (two or more capitalised words) become
//!    PERSON mentions.
//! 2. **Names are normalised**: determiners ("the"), possessives ("'s"), stray punctuation and,
//!    for people, titles ("Lt. Gen.", "Dr.", "President") are dropped; pronouns tagged as
//!    entities are ignored.
//! 3. **Mentions are merged**, in text order, multi-word names first, then single words:
//!    - the same normalised name, whatever the label;
//!    - a country's name, alternative names and demonym ("Pakistan", "Islamic Republic of
//!      Pakistan", "Pakistani"; `models/demonyms.tsv`) into one GPE entity;
//!    - a person's longer and shorter full names when one is a suffix of the other ("Haji Gul
//!      Zaman" / "Gul Zaman") or the first names agree (also as an initial);
//!    - a bare surname into the person with that surname: with several, the one mentioned most
//!      recently before it; if none of them was mentioned before, the only one, else it stays
//!      a separate entity (ambiguous). Two different first names with one surname stay apart;
//!    - an acronym into its parenthesised definition, else into the multi-word name whose
//!      initials it spells;
//!    - a social-media handle into the one person named before it whose surname is one of
//!      the handle's parts ("@KarimiZ_official" → "Zabihullah Karimi").
//!
//! Descriptors come from titles and role words before a name ("Foreign Office spokesperson",
//! "Lt. Gen.") and from appositives after it that contain a role word ("a security analyst at
//! the Islamabad Policy Institute"). See `docs/entities.md`.

use crate::summary::{self, is_named, FIGURES};
use crate::types::{Document, EntityCluster, EntityInfo, Mention, Span, TokenKind};
use crate::words::WordList;
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

/// Country names, alternative names and demonyms (derived from world-countries, ODbL).
static DEMONYMS_TSV: &str = include_str!("../models/demonyms.tsv");

/// Normalised form (see [`name_key`]) → canonical country name.
fn countries() -> &'static HashMap<String, &'static str> {
    static TABLE: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map = HashMap::new();
        for line in DEMONYMS_TSV.lines() {
            if line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            if let (Some(country), Some(_kind), Some(form)) =
                (cols.next(), cols.next(), cols.next())
            {
                map.entry(name_key(form)).or_insert(country);
            }
        }
        map
    })
}

/// The canonical country for a name, alternative name or demonym ("Pakistani" → "Pakistan").
pub fn country_of(name: &str) -> Option<&'static str> {
    countries().get(&name_key(name)).copied()
}

/// Titles dropped from the front of a person's name (lower case, without the period).
static TITLES: WordList = WordList::new(&[
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "professor",
    "sir",
    "dame",
    "lord",
    "lady",
    "lt",
    "lieut",
    "lieutenant",
    "gen",
    "general",
    "col",
    "colonel",
    "maj",
    "major",
    "capt",
    "captain",
    "cpt",
    "sgt",
    "sergeant",
    "cpl",
    "pvt",
    "adm",
    "admiral",
    "brig",
    "brigadier",
    "cmdr",
    "commander",
    "gov",
    "governor",
    "sen",
    "senator",
    "rep",
    "rev",
    "reverend",
    "fr",
    "president",
    "vice",
    "minister",
    "prime",
    "premier",
    "chancellor",
    "king",
    "queen",
    "prince",
    "princess",
    "sheikh",
    "shaikh",
    "justice",
    "judge",
    "mayor",
    "ambassador",
    "secretary",
    "pope",
    "imam",
    "maulana",
    "mullah",
    "mufti",
    "field",
    "marshal",
    "air",
    "chief",
    "deputy",
    "hon",
    "st",
    "supt",
    "insp",
    "inspector",
    "amb",
    "pres",
    "sec",
    "foreign",
    "interior",
]);

/// Role nouns: a phrase with one of these near a name describes the person.
static ROLES: WordList = WordList::new(&[
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "spokespeople",
    "minister",
    "director",
    "analyst",
    "leader",
    "official",
    "chief",
    "president",
    "secretary",
    "commander",
    "ambassador",
    "envoy",
    "adviser",
    "advisor",
    "governor",
    "mayor",
    "general",
    "professor",
    "researcher",
    "economist",
    "lawyer",
    "attorney",
    "journalist",
    "editor",
    "correspondent",
    "founder",
    "chairman",
    "chairwoman",
    "chair",
    "head",
    "premier",
    "senator",
    "lawmaker",
    "legislator",
    "mp",
    "judge",
    "officer",
    "expert",
    "scholar",
    "fellow",
    "member",
    "representative",
    "negotiator",
    "diplomat",
    "ceo",
    "executive",
    "manager",
    "coordinator",
    "deputy",
    "lieutenant",
    "colonel",
    "major",
    "captain",
    "sergeant",
    "admiral",
    "brigadier",
    "inspector",
    "superintendent",
    "commissioner",
    "prosecutor",
    "activist",
    "resident",
    "farmer",
    "trader",
    "driver",
    "owner",
    "student",
    "teacher",
    "doctor",
    "nurse",
    "author",
    "historian",
    "scientist",
    "strategist",
    "consultant",
    "administrator",
    "emir",
    "cleric",
    "imam",
    "physician",
    "engineer",
    "pilot",
    "coach",
    "player",
    "lecturer",
    "partner",
    "founder",
    "vice-president",
    "vice-chancellor",
    "democrat",
    "republican",
    "conservative",
    "liberal",
    "veteran",
    "native",
    "mother",
    "father",
    "son",
    "daughter",
    "wife",
    "husband",
    "widow",
    "friend",
    "colleague",
    "neighbour",
    "neighbor",
    "survivor",
    "victim",
    "witness",
    "candidate",
    "nominee",
    "speaker",
    "singer",
    "actor",
    "actress",
    "writer",
    "novelist",
    "poet",
    "artist",
    "entrepreneur",
    "investor",
    "banker",
    "billionaire",
    "businessman",
    "businesswoman",
    "politician",
    "protester",
    "protestor",
    "militant",
    "soldier",
    "guard",
    "cofounder",
    "think",
    "tank",
    "group",
    "organisation",
    "organization",
    "agency",
    "company",
    "firm",
    "body",
    "wing",
    "party",
]);

/// Capitalised words that do not start a title phrase (sentence openers).
static STOP_CAPS: WordList = WordList::new(&[
    "yesterday",
    "today",
    "tomorrow",
    "meanwhile",
    "later",
    "earlier",
    "but",
    "and",
    "also",
    "however",
    "then",
    "when",
    "after",
    "before",
    "while",
    "on",
    "in",
    "at",
    "as",
    "if",
    "so",
    "now",
    "since",
    "said",
    "says",
    "told",
    "according",
    "by",
    "with",
    "for",
    "from",
    "to",
]);

/// Lower-case words allowed before a role noun in a title phrase ("foreign minister").
static ROLE_MODIFIERS: WordList = WordList::new(&[
    "foreign",
    "interior",
    "defence",
    "defense",
    "finance",
    "information",
    "health",
    "deputy",
    "senior",
    "former",
    "prime",
    "chief",
    "general",
    "vice",
    "acting",
    "top",
    "military",
    "police",
    "provincial",
    "federal",
    "state",
    "security",
    "army",
    "government",
    "opposition",
    "regional",
    "local",
    "independent",
    "political",
    "assistant",
    "associate",
    "executive",
    "managing",
    "special",
    "district",
    "national",
]);

/// Words that are never names on their own.
static PRONOUNS: WordList = WordList::new(&[
    "i", "me", "my", "we", "our", "us", "you", "your", "he", "him", "his", "she", "her", "they",
    "them", "their", "it", "its", "this", "that", "these", "those", "there", "here", "who", "whom",
    "which", "what", "one", "ours", "theirs",
]);

/// Leading words dropped from every name.
static DETERMINERS: WordList = WordList::new(&["the", "a", "an"]);

/// Words that mark an organisation, not a person (for speaker names NER missed).
static ORG_WORDS: WordList = WordList::new(&[
    "ministry",
    "office",
    "department",
    "council",
    "agency",
    "army",
    "police",
    "party",
    "government",
    "committee",
    "commission",
    "institute",
    "university",
    "bank",
    "court",
    "assembly",
    "association",
    "union",
    "foundation",
    "news",
    "times",
    "post",
    "press",
    "company",
    "group",
    "force",
    "forces",
    "front",
    "movement",
    "administration",
    "statement",
]);

/// Lower-case connectors allowed inside a long form before "(ACR)".
static CONNECTORS: WordList = WordList::new(&[
    "of", "and", "for", "the", "on", "in", "e", "i", "al", "el", "de", "du", "la", "des", "del",
    "y", "ul", "ud", "at", "to", "&",
]);

/// `s` lower-cased, borrowed when that changes nothing (ASCII without capitals, the common
/// case), so that a word test does not allocate.
fn lower(s: &str) -> Cow<'_, str> {
    if s.is_ascii() && !s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.to_lowercase())
    }
}

/// The normalised form of a name used for matching: lower case, curly apostrophes
/// straightened, periods dropped ("U.S." → "us"), whitespace collapsed.
pub fn name_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_name_key(s, &mut out);
    out
}

/// Appends [`name_key`] of `s` to `out` (which may already hold text), so that a caller
/// can reuse one buffer instead of allocating a string per name.
pub fn push_name_key(s: &str, out: &mut String) {
    let start = out.len();
    for word in s.split_whitespace() {
        if out.len() > start {
            out.push(' ');
        }
        if word.is_ascii() {
            // The common case, byte by byte (the same mapping as below).
            for b in word.bytes() {
                match b {
                    b'`' => out.push('\''),
                    b'.' => {}
                    _ => out.push(char::from(b.to_ascii_lowercase())),
                }
            }
            continue;
        }
        for c in word.chars() {
            match c {
                '’' | '‘' | '`' => out.push('\''),
                '.' => {}
                _ => out.extend(c.to_lowercase()),
            }
        }
    }
}

/// Byte range of the name inside `s` after dropping stray punctuation, a leading determiner,
/// a possessive and (for people, `person`) leading titles; see [`strip_name`].
pub fn strip_range(s: &str, person: bool) -> (usize, usize) {
    let mut a = 0;
    let mut b = s.len();
    // Stray punctuation around it ("· Nov 14", "X.", "(ISPR)").
    let keep = |c: char| c.is_alphanumeric() || c == '.';
    while let Some(c) = s[a..b].chars().next().filter(|&c| !c.is_alphanumeric()) {
        a += c.len_utf8();
    }
    while let Some(c) = s[a..b].chars().next_back().filter(|&c| !keep(c)) {
        b -= c.len_utf8();
    }
    // Possessive.
    for suffix in ["'s", "’s", "'", "’"] {
        if s[a..b].ends_with(suffix) && b - a > suffix.len() {
            b -= suffix.len();
            break;
        }
    }
    // A final period that is not part of an abbreviation ("X." but not "U.S.").
    if s[a..b].ends_with('.') && s[a..b - 1].find('.').is_none() && b - a > 1 {
        let before = &s[a..b - 1];
        let last_word = before.split_whitespace().next_back().unwrap_or("");
        if !TITLES.contains_lower(last_word) {
            b -= 1;
        }
    }
    // Leading determiners and titles, one word at a time, keeping at least one word.
    loop {
        let rest = &s[a..b];
        let Some(first) = rest.split_whitespace().next() else {
            break;
        };
        let lw = first.trim_end_matches('.');
        let droppable = DETERMINERS.contains_lower(lw) || (person && TITLES.contains_lower(lw));
        let after = rest[rest.find(first).unwrap_or(0) + first.len()..].trim_start();
        if !droppable || after.is_empty() {
            break;
        }
        a = b - after.len();
    }
    (a, b)
}

/// The name in `s` without stray punctuation, determiner, possessive and (for people) titles:
/// "the Foreign Office" → "Foreign Office", "Zaman's" → "Zaman", "Lt. Gen. Ahmed Sharif" →
/// "Ahmed Sharif".
pub fn strip_name(s: &str, person: bool) -> &str {
    let (a, b) = strip_range(s, person);
    &s[a..b]
}

/// Initials of a multi-word name: of its capitalised words and hyphen parts, and of all its
/// words ("Tehreek-e-Taliban Pakistan" → "TTP" and "TETP").
fn initials(name: &str) -> (String, String) {
    let mut caps = String::new();
    let mut all = String::new();
    for part in name.split(|c: char| c.is_whitespace() || c == '-') {
        let Some(c) = part.chars().next() else {
            continue;
        };
        if !c.is_alphabetic() {
            continue;
        }
        all.extend(c.to_uppercase());
        if c.is_uppercase() {
            caps.push(c);
        }
    }
    (caps, all)
}

/// True for an acronym-shaped word: 2–10 characters, upper-case letters (digits allowed
/// after the first), after dropping periods.
fn is_acronym(word: &str) -> bool {
    let w: String = word.chars().filter(|&c| c != '.').collect();
    let n = w.chars().count();
    (2..=10).contains(&n)
        && w.chars().next().is_some_and(|c| c.is_uppercase())
        && w.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// A "Long Name (ACR)" definition found in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AcronymDef {
    /// The long form.
    pub long: Span,
    /// The acronym inside the parentheses.
    pub short: Span,
}

/// Finds "Long Name (ACR)" definitions whose acronym letters match the initials of the
/// capitalised words and hyphen parts (or of all words) of the shortest matching long form
/// before the parenthesis.
pub fn acronym_defs(doc: &Document) -> Vec<AcronymDef> {
    let toks = &doc.tokens;
    let text = doc.text;
    let mut out = Vec::new();
    for i in 1..toks.len().saturating_sub(2) {
        if toks[i].span().slice(text) != "(" || toks[i + 2].span().slice(text) != ")" {
            continue;
        }
        let acr = toks[i + 1].span().slice(text);
        if !is_acronym(acr) {
            continue;
        }
        let target: String = acr.chars().filter(|c| c.is_alphabetic()).collect();
        // Walk back over the long form candidate.
        let mut j = i;
        let mut found = None;
        let mut steps = 0;
        while j > 0 && steps < 16 {
            j -= 1;
            steps += 1;
            let t = toks[j];
            let w = t.span().slice(text);
            match t.kind() {
                TokenKind::Word => {
                    let first_upper = w.chars().next().is_some_and(char::is_uppercase);
                    if !first_upper && !CONNECTORS.contains(w) {
                        break;
                    }
                    if first_upper {
                        let long = Span::new(t.span().start, toks[i - 1].span().end);
                        let (caps, all) = initials(long.slice(text));
                        let t_up = target.to_uppercase();
                        if caps == t_up || all == t_up {
                            found = Some(long);
                            break;
                        }
                        if caps.chars().count() > t_up.chars().count() {
                            break;
                        }
                    }
                }
                TokenKind::Punct if matches!(w, "-" | "&" | "‐" | "–") => {}
                _ => break,
            }
        }
        if let Some(long) = found {
            if long.start < toks[i].span().start {
                out.push(AcronymDef {
                    long,
                    short: toks[i + 1].span(),
                });
            }
        }
    }
    out
}

/// Adds mentions NER missed: acronym definitions and later uses of a defined acronym, and
/// named speakers. Keeps `doc.mentions` sorted and non-overlapping (existing mentions win over
/// additions, except that a definition's long form replaces mentions inside it).
fn complete_mentions(doc: &mut Document, defs: &[AcronymDef]) {
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

/// One mention prepared for clustering.
///
/// One per mention (180 k on a 10 MB text), so kept small (32 bytes): the mention by
/// reference, `u32` offsets, the key a slice of one string shared by all items.
struct Item<'a> {
    /// The mention as tagged.
    mention: &'a Mention,
    /// The name inside it (determiner, possessive and titles dropped).
    name: (u32, u32),
    /// [`name_key`] of the name.
    key: &'a str,
}

impl Item<'_> {
    /// The mention as tagged.
    fn span(&self) -> Span {
        self.mention.span
    }
    fn label(&self) -> &'static str {
        self.mention.label
    }
    /// The name inside it.
    fn name(&self) -> Span {
        Span::new(self.name.0 as usize, self.name.1 as usize)
    }
}

/// A cluster under construction.
#[derive(Default)]
struct Cl {
    votes: Vec<(&'static str, usize)>,
    /// Names (stripped), with their keys, in order of appearance.
    names: Vec<(String, String)>,
    /// Surfaces (stripped of determiners and possessives, titles kept), with their keys.
    surfaces: Vec<(String, String)>,
    mentions: Vec<Span>,
    /// Name starts, for descriptors.
    name_starts: Vec<(usize, usize)>,
    /// Key words of the fullest person name.
    full: Vec<String>,
    country: Option<&'static str>,
    info: EntityInfo,
}

impl Cl {
    fn vote(&mut self, label: &'static str, weight: usize) {
        match self.votes.iter_mut().find(|(l, _)| *l == label) {
            Some(v) => v.1 += weight,
            None => self.votes.push((label, weight)),
        }
    }
    fn label(&self) -> &'static str {
        let mut best: Option<(&'static str, usize)> = None;
        for &(l, n) in &self.votes {
            if best.is_none_or(|(_, b)| n > b) {
                best = Some((l, n));
            }
        }
        best.map_or("MISC", |(l, _)| l)
    }
}

/// At most this many distinct names and surface forms are kept per entity.
const MAX_FORMS: usize = 32;

/// At most this many people with one surname are considered for a name (against
/// pathological input; news articles have a handful).
const MAX_CANDIDATES: usize = 32;

/// True when two person names (key words) with the same surname can be the same person.
fn compatible(a: &[String], b: &[String]) -> bool {
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
type KeyMap<V> = HashMap<String, V, BuildHasherDefault<crate::ner::features::PassThrough>>;

/// `parts` joined in `buf` (cleared first), without allocating once `buf` has grown.
fn key_of<'b>(buf: &'b mut String, parts: &[&str]) -> &'b str {
    buf.clear();
    for p in parts {
        buf.push_str(p);
    }
    buf
}

/// The cluster stored under `key`, else the one `make` gives, stored under it.
fn cluster_for(map: &mut KeyMap<usize>, key: &str, make: impl FnOnce() -> usize) -> usize {
    if let Some(&c) = map.get(key) {
        return c;
    }
    let c = make();
    map.insert(key.to_string(), c);
    c
}

/// A byte offset as `u32` (texts are capped far below 4 GiB).
fn offset32(b: usize) -> u32 {
    u32::try_from(b).expect("byte offsets beyond 4 GiB")
}

/// The word parts of a social-media handle, lower-cased, of three letters or more: split at
/// underscores, digits and other non-letters, and where a capital follows a small letter or
/// starts a capitalised word after capitals ("KarimiZ_official" → "karimi", "official";
/// "ImranKhanPTI" → "imran", "khan", "pti").
fn handle_parts(handle: &str) -> impl Iterator<Item = String> + '_ {
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
        doc.date = summary::article_date(doc);
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
                info.value = summary::date_value(it.name().slice(text), anchor);
                value_key = key_of(
                    &mut kb,
                    &["v:DATE:", info.value.as_deref().unwrap_or(it.key)],
                );
            } else if FIGURES.contains(&it.label()) {
                let f = summary::figure(doc, it.name(), it.label());
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
                last_seen.resize(cls.len(), None);
                // Candidates were created in text order: those first named before `pos`, the
                // latest few of them.
                let k = cands
                    .partition_point(|&c| cls[c].mentions.first().is_some_and(|m| m.start < pos));
                let recent = cands[k.saturating_sub(MAX_CANDIDATES)..k]
                    .iter()
                    .filter_map(|&c| {
                        let ms = &cls[c].mentions[..sorted_len.get(c).copied().unwrap_or(0)];
                        let k = ms.partition_point(|m| m.start < pos);
                        let before = k.checked_sub(1).map(|j| ms[j].start);
                        before.max(last_seen[c]).map(|p| (p, c))
                    })
                    .max()
                    .map(|(_, c)| c);
                target = recent.or_else(|| (cands.len() == 1).then(|| cands[0]));
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

/// Descriptors of the name starting at byte `name_start` in a mention ending at
/// `mention_end`: the title phrase before the name and an appositive after the mention.
pub fn descriptors_at(doc: &Document, name_start: usize, mention_end: usize) -> Vec<String> {
    let mut out = Vec::new();
    let toks = &doc.tokens;
    let text = doc.text;
    let lw = |i: usize| lower(toks[i].span().slice(text));
    let sentence = doc
        .sentence_at(name_start)
        .and_then(|s| doc.sentences.get(s));
    let (s_first, s_end) = sentence.map_or((0, toks.len()), |s| (s.tokens().start, s.tokens().end));
    // Before: titles and role phrases ("Lt. Gen.", "Foreign Office spokesperson").
    let t = doc.token_from(name_start);
    let mut j = t;
    let mut start: Option<usize> = None;
    let mut has_role = false;
    let mut n = 0;
    while j > s_first && n < 7 {
        let k = j - 1;
        let tok = toks[k];
        let w = tok.span().slice(text);
        let l = lw(k);
        let ok = match tok.kind() {
            TokenKind::Punct if w == "." => {
                k > s_first && toks[k - 1].kind() == TokenKind::Word && TITLES.contains(lw(k - 1))
            }
            TokenKind::Word if TITLES.contains(&l) || ROLES.contains(&l) => {
                has_role = true;
                true
            }
            TokenKind::Word
                if DETERMINERS.contains(&*l)
                    || PRONOUNS.contains(&l)
                    || STOP_CAPS.contains(&*l)
                    || summary::is_calendar_word(&l) =>
            {
                false
            }
            // "Secretary of State": "of" between capitalised words.
            TokenKind::Word if l == "of" => start.is_some(),
            TokenKind::Word if ROLE_MODIFIERS.contains(&l) => true,
            TokenKind::Word if w.chars().next().is_some_and(char::is_uppercase) => true,
            TokenKind::Word => toks
                .get(k + 1)
                .is_some_and(|t| t.kind() == TokenKind::QuoteMark),
            TokenKind::QuoteMark => {
                start.is_some() && k > s_first && toks[k - 1].kind() == TokenKind::Word
            }
            _ => false,
        };
        if !ok {
            break;
        }
        start = Some(k);
        j = k;
        n += 1;
    }
    // Never start on "of" or a mark.
    while let Some(s) = start.filter(|&s| s < t) {
        let w = toks[s].span().slice(text);
        if w == "of" || toks[s].kind() == TokenKind::QuoteMark {
            start = Some(s + 1);
        } else {
            break;
        }
    }
    if let (Some(s), true) = (start.filter(|&s| s < t), has_role && t > 0) {
        let span = Span::new(toks[s].span().start, toks[t - 1].span().end);
        let d = collapse(span.slice(text));
        // A courtesy title alone ("Mr.") describes nothing.
        let courtesy = matches!(
            name_key(&d).as_str(),
            "mr" | "mrs" | "ms" | "miss" | "mx" | "sir" | "dame"
        );
        if !courtesy {
            out.push(d);
        }
    }
    // After: ", a security analyst at the Islamabad Policy Institute,".
    let t = doc.token_from(mention_end);
    if t < s_end && toks[t].span().slice(text) == "," {
        let first = t + 1;
        let mut k = first;
        let mut role_seen = false;
        let mut end = None;
        while k < s_end && k - first < 16 {
            let tok = toks[k];
            let w = tok.span().slice(text);
            let last_in_sentence = k + 1 == s_end;
            let stop = matches!(w, "," | ";" | ":" | "—" | "–")
                || tok.kind() == TokenKind::QuoteMark
                || (last_in_sentence && tok.kind() == TokenKind::Punct);
            if stop {
                end = Some(k);
                break;
            }
            if tok.kind() == TokenKind::Word {
                let l = lw(k);
                if k == first
                    && matches!(
                        &*l,
                        "who"
                            | "whom"
                            | "whose"
                            | "which"
                            | "where"
                            | "when"
                            | "said"
                            | "says"
                            | "and"
                            | "but"
                            | "or"
                            | "told"
                            | "added"
                            | "according"
                            | "he"
                            | "she"
                            | "it"
                            | "they"
                            | "we"
                            | "i"
                    )
                {
                    break;
                }
                if k - first < 5 && ROLES.contains(&l) {
                    role_seen = true;
                }
            }
            k += 1;
        }
        if end.is_none() && k == s_end && k > first {
            end = Some(k);
        }
        if let (Some(e), true) = (end, role_seen) {
            if e > first {
                let span = Span::new(toks[first].span().start, toks[e - 1].span().end);
                out.push(collapse(span.slice(text)));
            }
        }
    }
    out
}

/// True for a name written in capitals that is not an acronym ("ISLAMABAD", not "ISPR").
fn shouting(s: &str) -> bool {
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    letters > 5 && !s.chars().any(char::is_lowercase)
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handle_parts_split_at_underscores_digits_and_case() {
        let parts = |h: &str| handle_parts(h).collect::<Vec<_>>();
        assert_eq!(parts("KarimiZ_official"), ["karimi", "official"]);
        assert_eq!(parts("ImranKhanPTI"), ["imran", "khan", "pti"]);
        assert_eq!(parts("ISPR_Official2"), ["ispr", "official"]);
        assert_eq!(parts("dawn_com"), ["dawn", "com"]);
        assert!(parts("").is_empty() && parts("_1_").is_empty());
        assert_eq!(parts("وزارت_خارجہ"), ["وزارت", "خارجہ"]);
    }

    #[test]
    fn name_key_ascii_path_matches_the_general_one() {
        // The general mapping, char by char, as the non-ASCII path does it.
        let general = |s: &str| {
            let words: Vec<String> = s
                .split_whitespace()
                .map(|w| {
                    w.chars()
                        .filter(|&c| c != '.')
                        .flat_map(|c| match c {
                            '’' | '‘' | '`' => vec!['\''],
                            c => c.to_lowercase().collect(),
                        })
                        .collect()
                })
                .collect();
            words.join(" ")
        };
        for s in [
            "U.S.  Army",
            "O`Neil's\tGroup",
            "A . B",
            "\u{b}X\x0cY\r\nZ ",
            "Tehreek-e-Taliban Pakistan (TTP)",
            "",
            "...",
        ] {
            assert_eq!(name_key(s), general(s), "{s:?}");
        }
    }

    #[test]
    fn strips_names() {
        assert_eq!(strip_name("the Foreign Office", false), "Foreign Office");
        assert_eq!(strip_name("Zaman's", true), "Zaman");
        assert_eq!(strip_name("Lt. Gen. Ahmed Sharif", true), "Ahmed Sharif");
        assert_eq!(
            strip_name("Lt. Gen. Ahmed Sharif", false),
            "Lt. Gen. Ahmed Sharif"
        );
        assert_eq!(strip_name("X.", false), "X");
        assert_eq!(strip_name("U.S.", false), "U.S.");
        assert_eq!(strip_name("General", true), "General");
        assert_eq!(strip_name("", true), "");
        assert_eq!(strip_name("’s", true), "s");
    }

    #[test]
    fn initials_and_acronyms() {
        assert_eq!(initials("Tehreek-e-Taliban Pakistan").0, "TTP");
        assert_eq!(initials("Inter-Services Public Relations").0, "ISPR");
        assert!(is_acronym("TTP"));
        assert!(is_acronym("U.S."));
        assert!(!is_acronym("Taliban"));
        assert_eq!(country_of("Pakistani"), Some("Pakistan"));
        assert_eq!(country_of("U.S."), Some("United States"));
    }
}
