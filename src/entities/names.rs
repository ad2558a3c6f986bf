//! Names as keys: normalising a name (determiners, possessives, titles dropped), initials and
//! acronyms, "Long Name (ACR)" definitions, and countries with their demonyms
//! (`models/demonyms.tsv`), and first names (`models/first-names.tsv`).

#[allow(unused_imports)]
use super::*;

/// Country names, alternative names and demonyms (derived from world-countries, ODbL).
pub(super) static DEMONYMS_TSV: &str = include_str!("../../models/demonyms.tsv");

/// Normalised form (see [`name_key`]) → canonical country name.
pub(super) fn countries() -> &'static HashMap<String, &'static str> {
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

/// `s` lower-cased, borrowed when that changes nothing (ASCII without capitals, the common
/// case), so that a word test does not allocate.
pub(super) fn lower(s: &str) -> Cow<'_, str> {
    if s.is_ascii() && !s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.to_lowercase())
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
pub(super) fn initials(name: &str) -> (String, String) {
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
pub(super) fn is_acronym(word: &str) -> bool {
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

/// First names the census gives almost only to one sex (`models/first-names.tsv`, built by
/// `train-speakers names`): a person's type when the tagger said otherwise, and evidence for
/// he/she agreement that the speaker ranker weighs; never shown as anyone's gender.
static FIRST_NAMES_TSV: &str = include_str!("../../models/first-names.tsv");

/// The sex the first-name table gives `word` (lower case): `Some(true)` male, `Some(false)`
/// female.
pub fn first_name_sex(word: &str) -> Option<bool> {
    static TABLE: OnceLock<HashMap<&'static str, bool>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        FIRST_NAMES_TSV
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .map(|(n, s)| (n, s == "m"))
            .collect()
    });
    table.get(word).copied()
}

/// Whether a name is a first name the census knows and one or two more capitalised words
/// ("Donald Trump", "Mary J. Blige"), which is a person's whatever the tagger said.
pub fn looks_like_person(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    (2..=3).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\''))
        })
        && words[1..]
            .iter()
            .all(|w| w.chars().skip(1).any(char::is_lowercase) || w.ends_with('.'))
        && first_name_sex(&words[0].to_lowercase()).is_some()
}
