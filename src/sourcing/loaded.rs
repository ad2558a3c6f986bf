//! Loaded attribution verbs: the class of a cue whose verb says more than "said" (doubt,
//! admission, endorsement, emotion), from the word lists of `models/loaded-cues.tsv`, which
//! also holds, per class, the reason a style desk flags its verbs.

use crate::types::Loaded;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The word lists and reasons, embedded at compile time.
pub const TABLE_TSV: &str = include_str!("../../models/loaded-cues.tsv");

/// The parsed table.
#[derive(Debug, Default)]
pub struct Table {
    /// Lemma → class (`None`: listed as neutral).
    words: HashMap<String, Option<Loaded>>,
    /// Lemma → (the word that must follow it, class): "point" → ("out", endorsement).
    particles: HashMap<String, Vec<(String, Option<Loaded>)>>,
    /// Each class's reason, in [`Loaded::ALL`] order.
    reasons: [String; 4],
}

impl Table {
    /// Parses the table's text. Comment lines start with `#`; `@class<TAB>name<TAB>reason`
    /// lines give each class's reason; other lines are `lemma<TAB>class`, the lemma optionally
    /// followed by a space and a particle. Every class needs a reason; an unknown class or a
    /// malformed line is an error naming the line.
    pub fn parse(text: &str) -> Result<Table, String> {
        let mut t = Table::default();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let bad = || format!("loaded-cues line {}: {line:?}", n + 1);
            if fields[0] == "@class" {
                let [_, name, reason] = fields[..] else {
                    return Err(bad());
                };
                let class = Loaded::from_name(name).ok_or_else(bad)?;
                t.reasons[class as usize] = reason.to_string();
                continue;
            }
            let [word, class] = fields[..] else {
                return Err(bad());
            };
            let class = match class {
                "neutral" => None,
                name => Some(Loaded::from_name(name).ok_or_else(bad)?),
            };
            match word.split_once(' ') {
                Some((lemma, particle)) => t
                    .particles
                    .entry(lemma.to_string())
                    .or_default()
                    .push((particle.to_string(), class)),
                None => {
                    t.words.insert(word.to_string(), class);
                }
            }
        }
        if let Some(missing) = Loaded::ALL
            .into_iter()
            .find(|&c| t.reasons[c as usize].is_empty())
        {
            return Err(format!(
                "loaded-cues: no @class line for {}",
                missing.as_str()
            ));
        }
        Ok(t)
    }

    /// The class of a cue with lemma `lemma`, followed in the text by `next` (the word after
    /// the cue's verb, lower-case): `None` when neutral or not listed.
    pub fn classify(&self, lemma: &str, next: Option<&str>) -> Option<Loaded> {
        if let (Some(list), Some(next)) = (self.particles.get(lemma), next) {
            if let Some((_, class)) = list.iter().find(|(p, _)| p == next) {
                return *class;
            }
        }
        self.words.get(lemma).copied().flatten()
    }

    /// True when `lemma` is listed, in any class (neutral included).
    pub fn lists(&self, lemma: &str) -> bool {
        self.words.contains_key(lemma) || self.particles.contains_key(lemma)
    }

    /// Why a style desk flags verbs of `class`.
    pub fn reason(&self, class: Loaded) -> &str {
        &self.reasons[class as usize]
    }
}

/// The embedded table (empty if it failed to parse, which a test rules out).
pub fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| Table::parse(TABLE_TSV).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_table_parses_with_a_reason_per_class() {
        let t = Table::parse(TABLE_TSV).unwrap();
        for class in Loaded::ALL {
            assert!(t.reason(class).len() > 80, "{class:?}");
        }
    }

    #[test]
    fn classes_of_the_issue_s_verbs() {
        let t = table();
        for (lemma, next, class) in [
            ("claim", None, Some(Loaded::Doubt)),
            ("allege", None, Some(Loaded::Doubt)),
            ("insist", None, Some(Loaded::Doubt)),
            ("admit", None, Some(Loaded::Admission)),
            ("concede", None, Some(Loaded::Admission)),
            ("note", None, Some(Loaded::Endorsement)),
            ("point", Some("out"), Some(Loaded::Endorsement)),
            ("point", Some("to"), None),
            ("reveal", None, Some(Loaded::Endorsement)),
            ("slam", None, Some(Loaded::Emotion)),
            ("boast", None, Some(Loaded::Emotion)),
            ("lash", Some("out"), Some(Loaded::Emotion)),
            ("say", None, None),
            ("tell", None, None),
            ("accord", Some("to"), None),
            ("frobnicate", None, None),
        ] {
            assert_eq!(t.classify(lemma, next), class, "{lemma} {next:?}");
        }
    }

    #[test]
    fn malformed_lines_and_missing_reasons_are_errors() {
        assert!(Table::parse("say\tneutral\n")
            .unwrap_err()
            .contains("no @class"));
        let reasons: String = Loaded::ALL
            .iter()
            .map(|c| format!("@class\t{}\twhy\n", c.as_str()))
            .collect();
        assert!(Table::parse(&format!("{reasons}say\tsneaky\n"))
            .unwrap_err()
            .contains("sneaky"));
        assert!(Table::parse(&format!("{reasons}say neutral\n")).is_err());
        assert!(Table::parse(&reasons).is_ok());
    }

    /// Every verb that heads at least 20 cues in PolNeAR train (the lexicon's counts) is
    /// classed, so that no frequent cue is neutral only by omission.
    #[test]
    fn the_cue_lexicon_s_frequent_verbs_are_all_classed() {
        let mut counts: HashMap<&str, u32> = HashMap::new();
        for line in crate::attribution::lexicon::CUES_TSV.lines() {
            let f: Vec<&str> = line.split('\t').collect();
            if line.starts_with('#') || f.len() < 3 {
                continue;
            }
            *counts.entry(f[1]).or_default() += f[2].parse::<u32>().unwrap_or(0);
        }
        // Lexicon entries that are not verbs: words of multi-word cues ("according to",
        // "in a statement"), contractions, adverbs.
        let not_verbs = [
            "to",
            "be",
            "the",
            "s",
            "a",
            "in",
            "now",
            "it",
            "don",
            "didn",
            "doesn",
            "for",
            "that",
            "long",
            "an",
            "on",
            "of",
            "more",
            "all",
            "widely",
            "used",
            "sent",
            "criticism",
            "shown",
        ];
        let t = table();
        let missing: Vec<&str> = counts
            .iter()
            .filter(|(l, &n)| n >= 20 && !not_verbs.contains(l) && !t.lists(l))
            .map(|(l, _)| *l)
            .collect();
        assert!(missing.is_empty(), "not classed: {missing:?}");
    }
}
