//! Multi-article comparison: splitting, speakers per article, shared quotations and entities
//! only one article mentions.

use quotelens::compare::{analyze_articles, compare, split_articles, Comparison};
use quotelens::contract::{Analysis, Entity, Kind, Quote, Range, Speaker, CONTRACT_VERSION};

const PASTED: &str = "Border stays shut, Pakistan says

ISLAMABAD, Nov. 14, 2025

“We have shown restraint for months,” Foreign Office spokesperson Nadia Qureshi told reporters.

Qureshi said Pakistan would keep the crossings closed. “The policy has not changed,” she said.

---

Kabul rejects Pakistani claims

KABUL, Nov. 15, 2025

Pakistan's Foreign Office said: \"We have shown restraint for months.\"

Zabihullah Karimi, a deputy spokesman for the Taliban government, said the accusations were baseless. “Closing the roads punishes ordinary people,” Karimi said.

* * *

Traders count their losses

PESHAWAR, Nov. 16, 2025

Haji Gul Zaman, a traders' leader, said the losses were mounting. “Closing the roads punishes ordinary people — not militants,” he said, quoting the Afghan spokesman.
";

fn articles() -> Vec<(String, Analysis, String)> {
    analyze_articles(PASTED)
}

#[test]
fn splits_on_separator_lines() {
    let parts = split_articles(PASTED);
    assert_eq!(parts.len(), 3);
    assert_eq!(parts[0].name, "Border stays shut, Pakistan says");
    assert_eq!(parts[1].name, "Kabul rejects Pakistani claims");
    assert_eq!(parts[2].name, "Traders count their losses");
    for p in &parts {
        assert_eq!(&PASTED[p.start..p.start + p.text.len()], p.text);
        assert!(!p.text.contains("\n---\n"));
        assert_eq!(p.start_char, PASTED[..p.start].chars().count());
    }
    let one = split_articles("Just one article.\nNo separator -- here.");
    assert_eq!(one.len(), 1);
    let eq = split_articles("A\n=====\nB\n");
    assert_eq!(eq.len(), 2);
}

/// A hand-built analysis: quotes (text, speaker name, entity) and entities (name, type,
/// aliases), so the comparison is tested without the NER model.
fn fake(quotes: &[(&str, &str, Option<usize>)], entities: &[(&str, &str, &[&str])]) -> Analysis {
    Analysis {
        version: CONTRACT_VERSION,
        path: None,
        text_length: 1000,
        quotes: quotes
            .iter()
            .enumerate()
            .map(|(id, (text, who, entity))| Quote {
                id,
                start: id * 10,
                end: id * 10 + 5,
                text: text.to_string(),
                kind: Kind::Direct,
                parts: vec![Range {
                    start: id * 10,
                    end: id * 10 + 5,
                }],
                closed: true,
                speaker: Some(Speaker {
                    name: who.to_string(),
                    start: 0,
                    end: 1,
                    entity: *entity,
                    anonymous: false,
                    resolved_by: "name".into(),
                    confidence: 1.0,
                    anonymity_reason: None,
                }),
                cue: None,
                confidence: 1.0,
            })
            .collect(),
        entities: entities
            .iter()
            .enumerate()
            .map(|(id, (name, ty, aliases))| Entity {
                id,
                name: name.to_string(),
                entity_type: ty.to_string(),
                aliases: aliases.iter().map(|a| a.to_string()).collect(),
                mentions: vec![Range { start: 0, end: 1 }],
                descriptors: vec![],
                quote_count: 0,
                first_mention: 0,
                salience: 0.0,
                value: None,
                qualifier: None,
                counts: None,
                unit: None,
                gender: None,
                gender_evidence: None,
            })
            .collect(),
        date: None,
        title: None,
        source_url: None,
    }
}

fn hand_built() -> Comparison {
    let a = fake(
        &[
            (
                "We will not back down, whatever it takes.",
                "Nadia Qureshi",
                Some(0),
            ),
            ("The border stays closed.", "Nadia Qureshi", Some(0)),
            ("Trade is suffering badly.", "a trader", None),
        ],
        &[
            ("Nadia Qureshi", "PERSON", &["Qureshi"]),
            ("Pakistan", "GPE", &["Pakistani"]),
            ("Tehreek-e-Taliban Pakistan", "ORG", &["TTP"]),
            ("November 14", "DATE", &[]),
        ],
    );
    let b = fake(
        &[
            // Same words, other marks and case, one word fewer: still a match.
            ("“we will NOT back down,”", "Qureshi", Some(0)),
            (
                "Something else entirely was said here.",
                "Zabihullah Karimi",
                Some(1),
            ),
        ],
        &[
            ("Qureshi", "PERSON", &[]),
            ("Zabihullah Karimi", "PERSON", &["Karimi"]),
            // A demonym in one article matches the country in the other.
            ("Pakistani", "NORP", &[]),
            ("TTP", "ORG", &[]),
            ("November 14", "DATE", &[]),
        ],
    );
    compare(&[
        ("A".to_string(), a, String::new()),
        ("B".to_string(), b, String::new()),
    ])
}

#[test]
fn speakers_per_article_most_quoted_first() {
    let c = hand_built();
    assert_eq!(c.articles.len(), 2);
    let a = &c.articles[0];
    assert_eq!(a.quote_count, 3);
    assert_eq!(a.speakers[0].name, "Nadia Qureshi");
    assert_eq!(a.speakers[0].entity, Some(0));
    assert_eq!(a.speakers[0].quotes, vec![0, 1]);
    assert_eq!(a.speakers[1].name, "a trader");
    assert_eq!(a.speakers[1].entity, None);
}

#[test]
fn shared_quotes_match_tolerantly() {
    let c = hand_built();
    assert_eq!(c.shared_quotes.len(), 1, "{:#?}", c.shared_quotes);
    let s = &c.shared_quotes[0];
    assert_eq!(s.text, "We will not back down, whatever it takes.");
    let occ: Vec<(usize, usize)> = s.occurrences.iter().map(|o| (o.article, o.quote)).collect();
    assert_eq!(occ, vec![(0, 0), (1, 0)]);
    assert_eq!(s.occurrences[1].speaker.as_deref(), Some("Qureshi"));
}

#[test]
fn entities_only_one_article_mentions() {
    let c = hand_built();
    let unique: Vec<(usize, &str)> = c
        .unique_entities
        .iter()
        .map(|u| (u.article, u.name.as_str()))
        .collect();
    // Dates and figures are not compared; a bare surname alias does not link people.
    assert_eq!(
        unique,
        vec![
            (0, "Nadia Qureshi"),
            (1, "Qureshi"),
            (1, "Zabihullah Karimi")
        ]
    );
    let shared: Vec<&str> = c.shared_entities.iter().map(|s| s.name.as_str()).collect();
    assert!(shared.contains(&"Pakistan") || shared.contains(&"Pakistani"));
    assert!(shared.contains(&"Tehreek-e-Taliban Pakistan"));
}

#[test]
fn end_to_end_on_pasted_articles() {
    let arts = articles();
    assert_eq!(arts.len(), 3);
    let c = compare(&arts);
    assert_eq!(c.articles.len(), 3);
    // "We have shown restraint for months" is in articles 0 and 1; the roads quote in 1 and 2
    // (contained in the longer version).
    let find = |needle: &str| {
        c.shared_quotes
            .iter()
            .find(|s| s.text.to_lowercase().contains(needle))
            .unwrap_or_else(|| panic!("no shared quote {needle:?}: {:#?}", c.shared_quotes))
    };
    let restraint = find("restraint for months");
    let arts_of = |s: &quotelens::compare::SharedQuote| {
        let mut v: Vec<usize> = s.occurrences.iter().map(|o| o.article).collect();
        v.dedup();
        v
    };
    assert_eq!(arts_of(restraint), vec![0, 1]);
    let roads = find("punishes ordinary people");
    assert_eq!(arts_of(roads), vec![1, 2]);
    assert!(roads.text.contains("not militants"));
    // The JSON round-trips.
    let json = serde_json::to_string(&c).unwrap();
    let back: Comparison = serde_json::from_str(&json).unwrap();
    assert_eq!(back, c);
}

#[test]
fn empty_and_single_inputs() {
    let c = compare(&[]);
    assert!(c.articles.is_empty() && c.shared_quotes.is_empty());
    let arts = analyze_articles("");
    assert!(arts.is_empty());
    let one = analyze_articles("“We will not back down,” she said.");
    let c = compare(&one);
    assert_eq!(c.articles.len(), 1);
    assert!(c.shared_quotes.is_empty());
}

#[test]
fn many_similar_quotes_stay_fast() {
    // 200 articles repeating one quote: still near-linear (postings are capped).
    let article = "“We will not back down, whatever it takes,” she said.\n";
    let text: String = (0..200).map(|_| format!("{article}---\n")).collect();
    let arts = analyze_articles(&text);
    assert_eq!(arts.len(), 200);
    let t = std::time::Instant::now();
    let c = compare(&arts);
    assert!(t.elapsed().as_secs_f64() < 2.0);
    assert_eq!(c.shared_quotes.len(), 1);
    assert_eq!(c.shared_quotes[0].occurrences.len(), 200);
}
