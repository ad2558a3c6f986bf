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
//! The stage's rooms: `mentions.rs` (step 1), `names.rs` (name keys, acronyms, countries and
//! demonyms: step 2), `merge.rs` (step 3, [`cluster`]), `descriptors.rs`, and `words.rs` (the
//! word lists).
//!
//! Descriptors come from titles and role words before a name ("Foreign Office spokesperson",
//! "Lt. Gen.") and from appositives after it that contain a role word ("a security analyst at
//! the Islamabad Policy Institute"). See `docs/entities.md`.

use crate::types::{Document, EntityCluster, EntityInfo, Mention, Span, TokenKind};
use crate::values::{self, is_named, FIGURES};
use crate::words::WordList;
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

mod descriptors;
mod mentions;
mod merge;
mod names;
mod words;

pub use crate::words::{name_key, push_name_key};
pub use descriptors::descriptors_at;
use descriptors::*;
use mentions::*;
pub use merge::cluster;
use names::*;
pub use names::{
    acronym_defs, country_of, first_name_sex, looks_like_person, strip_name, strip_range,
    AcronymDef,
};
use words::*;

#[cfg(test)]
mod tests {
    use super::merge::handle_parts;
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
