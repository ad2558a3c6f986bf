//! The cue lexicon: which words introduce attributed speech, and their dictionary forms.
//!
//! `models/cues.tsv` is derived from the Cue spans of PolNeAR train by
//! `cargo run --release --bin build-cues -- ../shared/data/polnear/train models/cues.tsv`
//! (see `crates/quotelens-train/src/bin/build_cues.rs`). Each line is `form<TAB>lemma<TAB>cue<TAB>total`: a lower-case
//! word form that heads annotated cues, its lemma, how often it headed a cue, and how often the
//! word occurs in the training texts at all. The file holds only these derived counts, never
//! corpus text. It is embedded in the binary and parsed once on first use.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

/// The lexicon by word form. Looked up for nearly every word of an article, so keyed with the
/// NER stage's byte-mixing hasher rather than the default SipHash (a lexicon built into the
/// binary needs no protection against crafted collisions).
pub type Lexicon = HashMap<&'static str, CueEntry, BuildHasherDefault<crate::fnv::PassThrough>>;

/// The lexicon file, embedded at compile time.
pub const CUES_TSV: &str = include_str!("../../models/cues.tsv");

/// One lexicon entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CueEntry {
    /// The dictionary form ("say").
    pub lemma: &'static str,
    /// Times the form headed an annotated cue in training.
    pub cue: u32,
    /// Times the word occurs in the training texts.
    pub total: u32,
}

impl CueEntry {
    /// How often the word is a cue when it occurs, in `[0, 1]`.
    pub fn rate(&self) -> f64 {
        f64::from(self.cue) / f64::from(self.total.max(self.cue).max(1))
    }
}

/// Parses lexicon text (`form<TAB>lemma<TAB>cue<TAB>total`, `#` comments).
pub fn parse(tsv: &'static str) -> Lexicon {
    let mut map = Lexicon::default();
    for line in tsv.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut f = line.split('\t');
        let (Some(form), Some(lemma), Some(cue), Some(total)) =
            (f.next(), f.next(), f.next(), f.next())
        else {
            continue;
        };
        let (Ok(cue), Ok(total)) = (cue.parse(), total.parse()) else {
            continue;
        };
        map.insert(form, CueEntry { lemma, cue, total });
    }
    map
}

/// The embedded lexicon.
pub fn cues() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| parse(CUES_TSV))
}

/// Irregular verb forms common in reporting, as (form, lemma).
const IRREGULAR: &[(&str, &str)] = &[
    ("said", "say"),
    ("says", "say"),
    ("told", "tell"),
    ("wrote", "write"),
    ("written", "write"),
    ("thought", "think"),
    ("felt", "feel"),
    ("knew", "know"),
    ("known", "know"),
    ("saw", "see"),
    ("seen", "see"),
    ("spoke", "speak"),
    ("spoken", "speak"),
    ("found", "find"),
    ("made", "make"),
    ("gave", "give"),
    ("given", "give"),
    ("took", "take"),
    ("taken", "take"),
    ("held", "hold"),
    ("meant", "mean"),
    ("heard", "hear"),
    ("understood", "understand"),
    ("forgot", "forget"),
    ("forgotten", "forget"),
    ("taught", "teach"),
    ("sought", "seek"),
    ("brought", "bring"),
    ("became", "become"),
    ("began", "begin"),
    ("begun", "begin"),
    ("got", "get"),
    ("gotten", "get"),
    ("went", "go"),
    ("gone", "go"),
    ("came", "come"),
    ("did", "do"),
    ("does", "do"),
    ("done", "do"),
    ("has", "have"),
    ("had", "have"),
    ("is", "be"),
    ("are", "be"),
    ("was", "be"),
    ("were", "be"),
    ("been", "be"),
    ("led", "lead"),
    ("read", "read"),
    ("put", "put"),
    ("let", "let"),
    ("set", "set"),
    ("bet", "bet"),
    ("swore", "swear"),
    ("sworn", "swear"),
    ("hoped", "hope"),
    ("believed", "believe"),
    ("argued", "argue"),
    ("noted", "note"),
    ("stated", "state"),
    ("quoted", "quote"),
    ("announced", "announce"),
    ("declared", "declare"),
    ("agreed", "agree"),
    ("promised", "promise"),
    ("added", "add"),
    ("refused", "refuse"),
    ("continued", "continue"),
    ("concluded", "conclude"),
    ("described", "describe"),
    ("responded", "respond"),
    ("proposed", "propose"),
    ("urged", "urge"),
    ("vowed", "vow"),
    ("accused", "accuse"),
    ("realized", "realize"),
    ("emphasized", "emphasize"),
    ("criticized", "criticize"),
    ("recognized", "recognize"),
    ("confirmed", "confirm"),
    ("insisted", "insist"),
    ("claimed", "claim"),
    ("explained", "explain"),
    ("complained", "complain"),
    ("warned", "warn"),
    ("asked", "ask"),
    ("reported", "report"),
    ("tweeted", "tweet"),
    ("according", "accord"),
];

/// The dictionary form of an English verb form, by a small irregular table and suffix rules.
pub fn lemma(form: &str) -> String {
    let w = form.to_lowercase();
    if let Some((_, l)) = IRREGULAR.iter().find(|(f, _)| *f == w) {
        return (*l).to_string();
    }
    let n = w.chars().count();
    if n <= 3 {
        return w;
    }
    let strip = |suffix: &str| w[..w.len() - suffix.len()].to_string();
    if let Some(stem) = w.strip_suffix("ies") {
        return format!("{stem}y");
    }
    if let Some(stem) = w.strip_suffix("ied") {
        return format!("{stem}y");
    }
    for suffix in ["sses", "shes", "ches", "xes", "zes"] {
        if w.ends_with(suffix) {
            return strip("es");
        }
    }
    if w.ends_with("ing") && n > 5 {
        return restore_e(&strip("ing"));
    }
    if w.ends_with("ed") && n > 4 {
        return restore_e(&strip("ed"));
    }
    if w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        return strip("s");
    }
    w
}

/// The lemma of `form` checked against the words of a corpus: [`lemma`]'s guess when `known`
/// holds it (or its "-s" form), else the first other way of undoing the ending that `known`
/// holds ("raised" → "raise" rather than "rais", "opened" → "open", "decided" →
/// "decide"), else the guess. Used when the lexicon is built, where the training texts say which
/// words exist.
pub fn lemma_in(form: &str, known: &dyn Fn(&str) -> bool) -> String {
    let guess = lemma(form);
    let w = form.to_lowercase();
    if w.len() <= 3
        || known(&guess)
        || known(&format!("{guess}s"))
        || IRREGULAR.iter().any(|(f, _)| *f == w)
    {
        return guess;
    }
    let cut = |n: usize| w.get(..w.len().saturating_sub(n)).unwrap_or("").to_string();
    // A doubled consonant before the ending ("planned", "planning").
    let doubled = |n: usize| {
        let b = w.as_bytes();
        b.len() > n + 1 && b[b.len() - n - 1] == b[b.len() - n - 2]
    };
    let mut candidates = Vec::new();
    if w.ends_with("ed") {
        candidates.extend([cut(1), cut(2)]);
        if doubled(2) {
            candidates.push(cut(3));
        }
    } else if w.ends_with("ing") {
        candidates.extend([cut(3) + "e", cut(3)]);
        if doubled(3) {
            candidates.push(cut(4));
        }
    } else if w.ends_with("es") {
        candidates.extend([cut(1), cut(2)]);
    } else if w.ends_with('s') {
        candidates.push(cut(1));
    }
    candidates.push(format!("{guess}e"));
    candidates
        .into_iter()
        .find(|c| c.len() >= 2 && c != &w && known(c))
        .unwrap_or(guess)
}

/// Undoes the spelling changes of -ed/-ing: doubled final consonants and dropped final e.
fn restore_e(stem: &str) -> String {
    let b = stem.as_bytes();
    let n = b.len();
    if n >= 3 && b[n - 1] == b[n - 2] && !matches!(b[n - 1], b'l' | b's' | b'z' | b'f' | b'd') {
        return stem[..n - 1].to_string(); // admitted → admit, planned → plan
    }
    let vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u');
    // stat-ed, argu-ed, not-ing: consonant-vowel-consonant or a final u/v wants an e back.
    let ends_cvc = n >= 3
        && !vowel(b[n - 1])
        && !matches!(b[n - 1], b'w' | b'x' | b'y')
        && vowel(b[n - 2])
        && !vowel(b[n - 3]);
    let soft_end = matches!(b.last(), Some(b'u' | b'v' | b'c' | b'g' | b'z'))
        || stem.ends_with("at")
        || stem.ends_with("iz")
        || stem.ends_with("ot");
    if soft_end || (ends_cvc && n <= 4) {
        return format!("{stem}e");
    }
    stem.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lemmas_checked_against_known_words_are_words() {
        let known = |w: &str| {
            [
                "raise", "decide", "single", "reverse", "open", "plan", "focus", "go", "note",
                "not", "said",
            ]
            .contains(&w)
        };
        for (form, want) in [
            ("raised", "raise"),
            ("decided", "decide"),
            ("singled", "single"),
            ("reversed", "reverse"),
            ("opened", "open"),
            ("planned", "plan"),
            ("focuses", "focus"),
            ("goes", "go"),
            ("noted", "note"),
            ("said", "say"),
            ("raising", "raise"),
        ] {
            assert_eq!(lemma_in(form, &known), want, "{form}");
        }
    }

    #[test]
    fn lemmas_of_reporting_verbs() {
        for (form, l) in [
            ("said", "say"),
            ("says", "say"),
            ("saying", "say"),
            ("told", "tell"),
            ("warned", "warn"),
            ("warns", "warn"),
            ("added", "add"),
            ("adding", "add"),
            ("noted", "note"),
            ("noting", "note"),
            ("argued", "argue"),
            ("arguing", "argue"),
            ("stated", "state"),
            ("cited", "cite"),
            ("citing", "cite"),
            ("tweeted", "tweet"),
            ("claimed", "claim"),
            ("replied", "reply"),
            ("denies", "deny"),
            ("admitted", "admit"),
            ("wrote", "write"),
            ("believes", "believe"),
            ("explains", "explain"),
            ("reports", "report"),
            ("pushes", "push"),
        ] {
            assert_eq!(lemma(form), l, "{form}");
        }
    }

    #[test]
    fn embedded_lexicon_has_the_common_cues() {
        let lex = cues();
        assert_eq!(lex.get("said").map(|e| e.lemma), Some("say"));
        assert!(lex.get("said").is_some_and(|e| e.rate() > 0.5));
        assert!(lex.contains_key("told"));
    }
}
