//! Speaker resolution (the `speakers` stage) on text written for these tests: the name shown
//! for each quotation, how it was resolved and how sure the ranker is.

use quotelens::analyze_document;
use quotelens::types::{Document, Quotation, ResolvedBy};

fn quote<'d>(doc: &'d Document, start: &str) -> &'d Quotation {
    doc.quotations
        .iter()
        .find(|q| doc.slice(q.span).starts_with(start))
        .unwrap_or_else(|| panic!("no quotation starting with {start:?}: {:#?}", all(doc)))
}

fn all(doc: &Document) -> Vec<String> {
    doc.quotations
        .iter()
        .map(|q| {
            format!(
                "{:?} <- {:?}",
                doc.slice(q.span),
                q.speaker.as_ref().map(|s| (
                    doc.slice(s.mention),
                    s.name.as_str(),
                    s.resolved_by,
                    s.confidence()
                ))
            )
        })
        .collect()
}

/// (name shown, how it was resolved) for the quotation starting with `start`.
fn shown(doc: &Document, start: &str) -> (String, ResolvedBy) {
    let s = quote(doc, start).speaker.as_ref().expect("a speaker");
    (s.name.clone(), s.resolved_by)
}

#[test]
fn a_name_inside_the_quoted_words_is_not_its_speaker() {
    let doc = analyze_document(
        "ISLAMABAD — Foreign Office spokesperson Tahir Andrabi briefed reporters on Friday.\n\n\
         “We hold the Afghan authorities responsible for the attacks carried out by their \
         proxies, indeed their TTP and Fitnah-al-Khawarij elements,” he said.",
    );
    assert_eq!(
        shown(&doc, "We hold"),
        ("Tahir Andrabi".to_string(), ResolvedBy::Pronoun),
        "{:#?}",
        all(&doc)
    );
}

#[test]
fn he_said_after_an_aside_naming_someone_else() {
    let doc = analyze_document(
        "Foreign Office spokesperson Tahir Andrabi said the talks would resume next week.\n\n\
         Islamabad welcomed the Turkish proposal for monitoring, a move President Recep Tayyip \
         Erdogan had flagged in Ankara. “The ball is now in Kabul’s court,” he said.",
    );
    let (name, _) = shown(&doc, "The ball is now");
    assert_eq!(name, "Tahir Andrabi", "{:#?}", all(&doc));
}

#[test]
fn gender_agreement_picks_the_person_the_pronoun_fits() {
    let doc = analyze_document(
        "Ms. Laila Haider, the mayor, met Mr. Omar Siddiqui on Monday to discuss the budget.\n\n\
         “We cannot cut the schools again,” she said after the meeting.",
    );
    assert_eq!(
        shown(&doc, "We cannot cut"),
        ("Laila Haider".to_string(), ResolvedBy::Pronoun),
        "{:#?}",
        all(&doc)
    );
}

#[test]
fn it_refers_to_an_organisation() {
    let doc = analyze_document(
        "The Federal Reserve Board kept interest rates unchanged on Wednesday, disappointing \
         Treasury Secretary Janet Morrow.\n\n\
         It said that inflation remained too high to justify a cut.",
    );
    let (name, by) = shown(&doc, "inflation remained");
    assert_eq!(
        (name.as_str(), by),
        ("Federal Reserve Board", ResolvedBy::Pronoun),
        "{:#?}",
        all(&doc)
    );
}

#[test]
fn unnamed_sources_get_no_invented_name() {
    let doc = analyze_document(
        "Interior Minister Rana Aslam visited the border on Tuesday.\n\n\
         Officials said the crossing would stay closed until the weekend. Two people familiar \
         with the talks said a deal was close.",
    );
    for start in ["the crossing would stay", "a deal was close"] {
        let s = quote(&doc, start).speaker.as_ref().expect("a speaker");
        assert!(s.anonymous, "{start}: {:#?}", all(&doc));
        assert_eq!(s.resolved_by, ResolvedBy::None);
        assert_ne!(s.name, "Rana Aslam");
        assert!(s.entity.is_none());
    }
}

#[test]
fn a_generic_you_is_not_a_speaker_name() {
    let doc = analyze_document(
        "The talks in Doha ended without a deal on Sunday, the third round to do so.\n\n\
         “Stalemate,” you can say, though the mediators call it a pause.",
    );
    if let Some(s) = doc
        .quotations
        .iter()
        .find(|q| doc.slice(q.span).starts_with("Stalemate"))
        .and_then(|q| q.speaker.as_ref())
    {
        assert_eq!(s.resolved_by, ResolvedBy::None, "{:#?}", all(&doc));
        assert!(s.entity.is_none());
    }
}

#[test]
fn a_run_of_quotes_continues_its_speaker() {
    let doc = analyze_document(
        "“The crossings will reopen when the attacks stop,” said Nadia Qureshi, the ministry’s \
         spokesperson.\n\n“Not a day sooner.”",
    );
    assert_eq!(
        shown(&doc, "Not a day sooner"),
        ("Nadia Qureshi".to_string(), ResolvedBy::Continuation),
        "{:#?}",
        all(&doc)
    );
}

#[test]
fn a_named_speaker_is_shown_by_the_fullest_name_and_linked() {
    let doc = analyze_document(
        "Senator Maria Delgado criticised the bill on Monday.\n\n\
         “This bill fails the people it claims to protect,” Delgado said.",
    );
    let s = quote(&doc, "This bill fails").speaker.as_ref().unwrap();
    assert_eq!(s.name, "Maria Delgado", "{:#?}", all(&doc));
    assert_eq!(s.resolved_by, ResolvedBy::Name);
    let e = s.entity.expect("linked to the entity");
    assert_eq!(doc.entities[e].name, "Maria Delgado");
    assert!(s.confidence() > 0.5);
}

#[test]
fn the_contract_carries_resolved_by_and_confidence() {
    let a = quotelens::analyze(
        "Foreign Office spokesperson Tahir Andrabi spoke on Friday. “We will respond,” he said.",
    );
    let s = a.quotes[0].speaker.as_ref().expect("a speaker");
    assert_eq!(s.name, "Tahir Andrabi");
    assert_eq!(s.resolved_by, "pronoun");
    assert!((0.0..=1.0).contains(&s.confidence));
    let json = serde_json::to_value(&a).unwrap();
    let sp = &json["quotes"][0]["speaker"];
    assert_eq!(sp["resolved_by"], "pronoun");
    assert!(sp["confidence"].as_f64().is_some());
}

#[test]
fn his_campaign_is_the_campaign_of_the_person_his_stands_for() {
    let doc = analyze_document(
        "Senator Daniel Okafor lost the Iowa caucuses on Monday night.\n\n\
         His campaign said in a statement that the senator would stay in the race.",
    );
    let (name, by) = shown(&doc, "the senator would stay");
    assert_eq!(
        (name.as_str(), by),
        ("Daniel Okafor campaign", ResolvedBy::Description),
        "{:#?}",
        all(&doc)
    );
}

#[test]
fn two_people_named_together_are_a_group_not_either_of_them() {
    let doc = analyze_document(
        "Mr. Hollis and Mr. Brandt met the committee on Tuesday.\n\n\
         Mr. Hollis and Mr. Brandt said the bill would pass before the recess.",
    );
    let s = quote(&doc, "the bill would pass").speaker.as_ref().unwrap();
    assert!(s.entity.is_none(), "{:#?}", all(&doc));
    assert_eq!(s.resolved_by, ResolvedBy::None, "{:#?}", all(&doc));
}

#[test]
fn she_is_not_a_man_named_by_his_first_name() {
    // Nothing in the text says which of them is a woman but their first names.
    let doc = analyze_document(
        "Jennifer Alvarez, the union's lawyer, spoke after Robert Kline left the hearing.\n\n\
         She said the company had broken the agreement twice.",
    );
    let (name, _) = shown(&doc, "the company had broken");
    assert_eq!(name, "Jennifer Alvarez", "{:#?}", all(&doc));
}

#[test]
fn a_full_name_is_a_person_even_when_short_mentions_look_like_a_company() {
    let doc = analyze_document(
        "Donald Trump spoke in Ohio. The Trump campaign said Trump would return. Trump \
         Organization lawyers said Trump had paid. Trump said he was confident.",
    );
    let e = doc
        .entities
        .iter()
        .find(|e| e.name == "Donald Trump")
        .expect("an entity named Donald Trump");
    assert_eq!(e.label, "PERSON", "{:#?}", doc.entities);
}

#[test]
fn a_name_joined_with_others_is_a_group() {
    let doc = analyze_document(
        "Senator Ruth Calloway met voters in Dayton on Monday.\n\n\
         Calloway and the other candidates said the plant would stay open.",
    );
    let s = quote(&doc, "the plant would stay")
        .speaker
        .as_ref()
        .unwrap();
    assert!(s.entity.is_none(), "{:#?}", all(&doc));
}

#[test]
fn a_contracted_pronoun_is_its_pronoun() {
    let doc = analyze_document(
        "The mayor spoke for an hour.\n\nWe've said all along that the budget would balance.",
    );
    let q = doc
        .quotations
        .iter()
        .find(|q| doc.slice(q.span).contains("the budget would"))
        .expect("the reported speech");
    let s = q.speaker.as_ref().unwrap();
    assert!(s.entity.is_none(), "{:#?}", all(&doc));
    assert_eq!(s.name, "We", "{:#?}", all(&doc));
}

#[test]
fn a_relative_pronoun_speaks_for_the_noun_phrase_before_it() {
    let doc = analyze_document(
        "Mara Quintero has never held office. She is running against a six-term incumbent in \
         the Ninth District.\n\n\
         It is Quintero who says the district deserves a fresh start.\n\n\
         Many voters who say the economy is rigged plan to stay home in November.",
    );
    // A name right before "who": that person.
    let s = quote(&doc, "the district deserves")
        .speaker
        .as_ref()
        .expect("a speaker");
    assert_eq!(doc.slice(s.mention), "who", "{:#?}", all(&doc));
    assert_eq!(s.name, "Mara Quintero", "{:#?}", all(&doc));
    // A group right before "who", no comma: an unnamed source shown as the group, not "who".
    let g = quote(&doc, "the economy is rigged")
        .speaker
        .as_ref()
        .expect("a speaker");
    assert_eq!(doc.slice(g.mention), "who", "{:#?}", all(&doc));
    assert!(g.anonymous, "{:#?}", all(&doc));
    assert_eq!(g.entity, None, "{:#?}", all(&doc));
    assert!(
        g.name.to_lowercase().ends_with("voters"),
        "{:#?}",
        all(&doc)
    );
}

#[test]
fn a_description_goes_to_the_person_the_text_described_so() {
    // Both people are named in one sentence; the description's words ("Vermont", "senator")
    // were written next to one of them, and recency alone would pick the other.
    for (text, start, want) in [
        (
            "Senator Ellen Marsh of Vermont and Governor Paul Dreyer of Ohio debated in Boston \
             on Tuesday.\n\nThe Vermont senator said the race was far from over.",
            "the race was",
            "Ellen Marsh",
        ),
        (
            "Governor Paul Dreyer of Ohio and Senator Ellen Marsh of Vermont debated in Boston \
             on Tuesday.\n\nThe Ohio governor said the race was far from over.",
            "the race was",
            "Paul Dreyer",
        ),
    ] {
        let doc = analyze_document(text);
        let (name, by) = shown(&doc, start);
        assert_eq!(
            (name.as_str(), by),
            (want, ResolvedBy::Description),
            "{:#?}",
            all(&doc)
        );
    }
}

#[test]
fn a_relative_pronoun_after_a_relative_is_not_the_famous_relative() {
    // "who" stands for Ivanka Trump, not for Donald Trump, who shares her surname and is the
    // sentence's subject; the "She" after it follows.
    let doc = analyze_document(
        "Donald Trump spoke in Cleveland on Thursday, and the crowd cheered him. He was \
         introduced by his daughter Ivanka Trump, who said he had fought for working mothers. \
         She said the campaign would publish a child-care plan next week.",
    );
    assert_eq!(
        shown(&doc, "he had fought").0,
        "Ivanka Trump",
        "{:#?}",
        all(&doc)
    );
    assert_eq!(
        shown(&doc, "the campaign would publish"),
        ("Ivanka Trump".to_string(), ResolvedBy::Pronoun),
        "{:#?}",
        all(&doc)
    );
}
