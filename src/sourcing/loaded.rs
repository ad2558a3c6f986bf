//! Loaded attribution verbs: the class of a cue whose verb says more than "said" (doubt,
//! admission, endorsement, emotion), from the word lists of `models/loaded-cues.tsv`, which
//! also holds, per class, the reason a style desk flags its verbs.

use crate::types::Loaded;
use std::sync::OnceLock;

/// The word lists and reasons, embedded at compile time.
pub const TABLE_TSV: &str = include_str!("../../models/loaded-cues.tsv");

/// The parsed table: a sorted list rather than a map (about 180 entries; the app and the
/// worker both carry it, and a list costs them less code).
#[derive(Debug, Default)]
pub struct Table {
    /// (lemma, the word that must follow it or "", class; `None` when neutral), sorted.
    entries: Vec<(&'static str, &'static str, Option<Loaded>)>,
    /// Each class's reason, in [`Loaded::ALL`] order.
    reasons: [&'static str; 4],
}

impl Table {
    /// Parses the table's text. Comment lines start with `#`; `@class<TAB>name<TAB>reason`
    /// lines give each class's reason; other lines are `lemma<TAB>class`, the lemma optionally
    /// followed by a space and a particle. Every class needs a reason; an unknown class or a
    /// malformed line is an error naming the line.
    pub fn parse(text: &'static str) -> Result<Table, String> {
        let mut t = Table::default();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&'static str> = line.split('\t').collect();
            let bad = || format!("loaded-cues line {}: {line:?}", n + 1);
            if fields[0] == "@class" {
                let [_, name, reason] = fields[..] else {
                    return Err(bad());
                };
                let class = Loaded::from_name(name).ok_or_else(bad)?;
                t.reasons[class as usize] = reason;
                continue;
            }
            let [word, class] = fields[..] else {
                return Err(bad());
            };
            let class = match class {
                "neutral" => None,
                name => Some(Loaded::from_name(name).ok_or_else(bad)?),
            };
            let (lemma, particle) = word.split_once(' ').unwrap_or((word, ""));
            t.entries.push((lemma, particle, class));
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
        t.entries
            .sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        Ok(t)
    }

    /// The entries for `lemma` (with and without particles).
    fn of(&self, lemma: &str) -> &[(&'static str, &'static str, Option<Loaded>)] {
        let from = self.entries.partition_point(|e| e.0 < lemma);
        let to = from + self.entries[from..].partition_point(|e| e.0 == lemma);
        &self.entries[from..to]
    }

    /// The class of a cue with lemma `lemma`, followed in the text by `next` (the word after
    /// the cue's verb, lower-case): `None` when neutral or not listed. A phrasal lemma ("point
    /// out", the cue spanning its particle) is its verb followed by the particle.
    pub fn classify(&self, lemma: &str, next: Option<&str>) -> Option<Loaded> {
        let (lemma, next) = match lemma.split_once(' ') {
            Some((verb, particle)) => (verb, Some(particle)),
            None => (lemma, next),
        };
        let entries = self.of(lemma);
        let with_particle = next.and_then(|n| entries.iter().find(|e| !e.1.is_empty() && e.1 == n));
        with_particle
            .or_else(|| entries.iter().find(|e| e.1.is_empty()))
            .and_then(|e| e.2)
    }

    /// True when `lemma` is listed, in any class (neutral included).
    pub fn lists(&self, lemma: &str) -> bool {
        !self.of(lemma.split(' ').next().unwrap_or(lemma)).is_empty()
    }

    /// Why a style desk flags verbs of `class`.
    pub fn reason(&self, class: Loaded) -> &'static str {
        self.reasons[class as usize]
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
        let parse = |text: String| Table::parse(Box::leak(text.into_boxed_str()));
        assert!(parse("say\tneutral\n".into())
            .unwrap_err()
            .contains("no @class"));
        let reasons: String = Loaded::ALL
            .iter()
            .map(|c| format!("@class\t{}\twhy\n", c.as_str()))
            .collect();
        assert!(parse(format!("{reasons}say\tsneaky\n"))
            .unwrap_err()
            .contains("sneaky"));
        assert!(parse(format!("{reasons}say neutral\n")).is_err());
        assert!(parse(reasons).is_ok());
    }

    /// Every verb that heads at least 20 cues in PolNeAR train (the lexicon's counts) is
    /// classed, so that no frequent cue is neutral only by omission.
    #[test]
    fn the_cue_lexicon_s_frequent_verbs_are_all_classed() {
        let mut counts: std::collections::HashMap<&str, u32> = Default::default();
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
