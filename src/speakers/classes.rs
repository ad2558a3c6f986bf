//! What kind of thing a description names and what kind of thing an entity is: the classes the
//! ranker pairs, so that "the newspaper" can meet a news outlet, "the company" a company and
//! "the senator" a person, with weights learned per pair of classes rather than per word.

use crate::words::WordList;

/// Head nouns of descriptions that name an organisation (not a news outlet).
static ORG_HEADS: WordList = WordList::new(&[
    "company",
    "firm",
    "group",
    "organization",
    "organisation",
    "agency",
    "party",
    "committee",
    "administration",
    "government",
    "department",
    "ministry",
    "office",
    "union",
    "coalition",
    "alliance",
    "court",
    "board",
    "council",
    "bank",
    "fund",
    "institute",
    "foundation",
    "university",
    "college",
    "school",
    "team",
    "league",
    "club",
    "association",
    "society",
    "center",
    "centre",
    "commission",
    "bureau",
    "caucus",
    "panel",
    "pac",
    "charity",
    "nonprofit",
    "corporation",
    "retailer",
    "manufacturer",
    "automaker",
    "airline",
    "bloc",
    "regime",
    "military",
    "army",
    "police",
    "tank",
    "lab",
    "laboratory",
    "hospital",
    "church",
    "senate",
    "house",
    "congress",
    "parliament",
    "legislature",
    "assembly",
    "cabinet",
    "embassy",
    "consulate",
    "movement",
]);

/// Head nouns that name a news outlet.
static MEDIA_HEADS: WordList = WordList::new(&[
    "newspaper",
    "paper",
    "daily",
    "weekly",
    "magazine",
    "publication",
    "outlet",
    "network",
    "channel",
    "broadcaster",
    "station",
    "website",
    "site",
    "blog",
    "tabloid",
    "journal",
    "wire",
    "service",
    "agency",
    "program",
    "programme",
    "show",
]);

/// Head nouns of something said or published whose author speaks through it.
static DOC_HEADS: WordList = WordList::new(&[
    "statement",
    "report",
    "poll",
    "survey",
    "study",
    "memo",
    "ad",
    "advertisement",
    "video",
    "clip",
    "letter",
    "release",
    "analysis",
    "results",
    "ranking",
    "document",
    "tweet",
    "post",
    "piece",
    "article",
    "editorial",
    "column",
    "book",
    "filing",
    "complaint",
    "lawsuit",
    "suit",
    "ruling",
    "decision",
    "order",
    "bill",
    "plan",
    "proposal",
    "note",
    "email",
    "message",
    "spot",
    "data",
    "figures",
    "estimate",
    "projection",
    "index",
    "forecast",
    "slide",
    "presentation",
    "transcript",
    "speech",
    "interview",
    "paper",
    "review",
    "audit",
    "investigation",
    "campaign",
]);

/// Head nouns that name a place that speaks through its government.
static PLACE_HEADS: WordList = WordList::new(&[
    "country",
    "state",
    "city",
    "nation",
    "kingdom",
    "capital",
    "region",
    "province",
    "republic",
    "county",
    "town",
    "island",
    "territory",
]);

/// Words of an organisation's name (or its descriptors) that make it a news outlet.
static MEDIA_NAME_WORDS: WordList = WordList::new(&[
    "times",
    "post",
    "journal",
    "news",
    "tribune",
    "herald",
    "gazette",
    "magazine",
    "daily",
    "press",
    "review",
    "network",
    "radio",
    "television",
    "tv",
    "channel",
    "newspaper",
    "broadcasting",
    "cnn",
    "msnbc",
    "nbc",
    "abc",
    "cbs",
    "fox",
    "bbc",
    "reuters",
    "bloomberg",
    "politico",
    "npr",
    "axios",
    "buzzfeed",
    "breitbart",
    "guardian",
    "telegraph",
    "economist",
    "atlantic",
    "observer",
    "chronicle",
    "register",
    "examiner",
    "star",
    "sun",
    "mirror",
    "express",
    "inquirer",
    "dispatch",
    "bulletin",
    "courier",
    "globe",
    "monitor",
    "wire",
    "publication",
    "outlet",
    "website",
    "show",
]);

/// Words of an organisation's name (or its descriptors) that make it a public body.
static GOV_NAME_WORDS: WordList = WordList::new(&[
    "department",
    "ministry",
    "office",
    "agency",
    "administration",
    "government",
    "commission",
    "court",
    "council",
    "senate",
    "house",
    "congress",
    "parliament",
    "bureau",
    "service",
    "police",
    "army",
    "military",
    "embassy",
    "committee",
    "authority",
    "board",
]);

/// Words of an organisation's name (or its descriptors) that make it a business.
static BUSINESS_NAME_WORDS: WordList = WordList::new(&[
    "inc",
    "corp",
    "corporation",
    "co",
    "llc",
    "ltd",
    "plc",
    "company",
    "bank",
    "group",
    "holdings",
    "capital",
    "partners",
    "industries",
    "motors",
    "airlines",
    "firm",
    "retailer",
    "manufacturer",
]);

/// Words of an organisation's name that make it a party or a campaign.
static POLITICAL_NAME_WORDS: WordList = WordList::new(&[
    "party",
    "campaign",
    "pac",
    "caucus",
    "republicans",
    "democrats",
    "gop",
    "coalition",
    "alliance",
    "movement",
    "front",
]);

/// The class of a description's head noun: `per` (a person's role), `media`, `org`, `doc`
/// (a statement, report or poll that speaks for its author), `place`, or `-`.
pub(super) fn head_class(head: &str, person: bool) -> &'static str {
    if person {
        "per"
    } else if MEDIA_HEADS.contains(head) {
        "media"
    } else if ORG_HEADS.contains(head) {
        "org"
    } else if DOC_HEADS.contains(head) {
        "doc"
    } else if PLACE_HEADS.contains(head) {
        "place"
    } else {
        "-"
    }
}

/// The class of an entity from its coarse type and the words of its names and descriptors:
/// a person, a place, a news outlet, a public body, a business, a party or campaign, another
/// organisation, or another kind of entity.
pub(super) fn entity_class(ty: &str, words: &[String]) -> &'static str {
    match ty {
        "PER" => "per",
        "GPE" => "gpe",
        "NORP" => "norp",
        "ORG" => {
            let any = |l: &WordList| words.iter().any(|w| l.contains(w));
            if any(&MEDIA_NAME_WORDS) {
                "media"
            } else if any(&POLITICAL_NAME_WORDS) {
                "pol"
            } else if any(&GOV_NAME_WORDS) {
                "gov"
            } else if any(&BUSINESS_NAME_WORDS) {
                "biz"
            } else {
                "org"
            }
        }
        _ => "oth",
    }
}

/// The determiner class of a description from its first word: `def` ("the", "this"), `poss`
/// ("his", "Trump's"), `ind` ("a", "one", "another", "two"), or `bare`.
pub(super) fn determiner_class(first: &str, possessive: bool) -> &'static str {
    match first {
        "the" | "this" | "that" | "these" | "those" => "def",
        "his" | "her" | "its" | "their" | "our" | "my" | "your" => "poss",
        "a" | "an" | "one" | "another" | "some" | "several" | "many" | "two" | "three" | "four"
        | "five" | "other" | "any" | "each" | "most" | "few" => "ind",
        _ if first.chars().next().is_some_and(|c| c.is_ascii_digit()) => "ind",
        _ if possessive => "poss",
        _ => "bare",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_and_entities_fall_into_classes() {
        assert_eq!(head_class("newspaper", false), "media");
        assert_eq!(head_class("company", false), "org");
        assert_eq!(head_class("poll", false), "doc");
        assert_eq!(head_class("senator", true), "per");
        assert_eq!(head_class("weather", false), "-");
        let w = |s: &str| s.split(' ').map(str::to_string).collect::<Vec<_>>();
        assert_eq!(entity_class("ORG", &w("new york times")), "media");
        assert_eq!(entity_class("ORG", &w("state department")), "gov");
        assert_eq!(entity_class("ORG", &w("clinton campaign")), "pol");
        assert_eq!(entity_class("ORG", &w("wealth-x")), "org");
        assert_eq!(entity_class("PER", &w("jane doe")), "per");
        assert_eq!(determiner_class("the", false), "def");
        assert_eq!(determiner_class("a", false), "ind");
        assert_eq!(determiner_class("trump's", true), "poss");
    }
}
