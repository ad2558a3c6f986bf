//! Reported speech without quotation marks, on text written for these tests in the shapes of the
//! "Only what was said" examples: what is listed as speech, how sure the relation model is, the
//! source noun phrase and the cue's lemma. "Shown" means what the app lists by default: every
//! quotation except reported speech below `view::UNSURE_BELOW`.

use quotelens::analyze;
use quotelens::contract::{Kind, Quote};
use quotelens::view::{is_unsure_speech, UNSURE_BELOW};

/// The quotations the app lists by default, as (speaker, cue lemma, text).
fn shown(text: &str) -> Vec<(String, String, String)> {
    analyze(text)
        .quotes
        .iter()
        .filter(|q| !is_unsure_speech(q))
        .map(|q| {
            (
                q.speaker.as_ref().map_or(String::new(), |s| s.name.clone()),
                q.cue.as_ref().map_or(String::new(), |c| c.lemma.clone()),
                q.text.clone(),
            )
        })
        .collect()
}

fn indirect(text: &str) -> Vec<Quote> {
    analyze(text)
        .quotes
        .into_iter()
        .filter(|q| q.kind == Kind::Indirect)
        .collect()
}

#[test]
fn a_verb_of_saying_in_another_sense_is_not_shown_as_speech() {
    // "stepped up operations", "raised about $175 million": the verb's sense in its frame.
    for text in [
        "Border guards stepped up patrols along the river after the storm.",
        "The charity has raised about $40 million for the new hospital so far.",
    ] {
        assert!(shown(text).is_empty(), "{text}: {:?}", shown(text));
    }
}

#[test]
fn a_thing_that_cannot_speak_is_not_a_source() {
    // "the clashes … left several casualties, officials said": the officials speak, the
    // clashes and the border do not.
    let text =
        "The shelling near the frontier left dozens of houses damaged, local officials said.";
    let listed = shown(text);
    assert!(
        listed.iter().all(|(who, _, _)| who == "local officials"),
        "{listed:?}"
    );
    assert!(listed.iter().any(|(_, cue, _)| cue == "say"), "{listed:?}");
    // Nothing speaks in these.
    for text in [
        "The peso got no support from the figures released on Monday.",
        "The singer campaigned for the mayor in 2019.",
    ] {
        assert!(shown(text).is_empty(), "{text}: {:?}", shown(text));
    }
}

#[test]
fn what_was_not_said_is_not_listed() {
    // "did not say when", "declined to say whether": a negated cue states no content.
    for text in [
        "The minister did not say when the bridge would reopen.",
        "A company spokesman declined to say whether the plant would close.",
    ] {
        let all: Vec<String> = analyze(text)
            .quotes
            .iter()
            .map(|q| q.text.clone())
            .collect();
        assert!(shown(text).is_empty(), "{text}: {all:?}");
    }
    // A plain statement in the same shape is listed.
    let listed = shown("The minister said the bridge would reopen in May.");
    assert_eq!(listed.len(), 1, "{listed:?}");
}

#[test]
fn the_source_stops_at_its_verb() {
    // "Andrabi restated Pakistan's security concern, saying…" has the source "Andrabi".
    let quotes = indirect("Okafor repeated the ministry's warning, saying the dam was unsafe.");
    let q = quotes
        .iter()
        .find(|q| q.text.starts_with("the dam"))
        .unwrap_or_else(|| panic!("{quotes:?}"));
    let speaker = q.speaker.as_ref().expect("a speaker");
    assert_eq!(speaker.name, "Okafor");
}

#[test]
fn every_quotation_carries_a_confidence() {
    let a = analyze(
        "“We will rebuild,” the mayor said. The council has raised about $3 million so far. \
         The mayor said the work would start in spring.",
    );
    assert!(a.quotes.len() >= 2, "{:?}", a.quotes);
    for q in &a.quotes {
        assert!((0.0..=1.0).contains(&q.confidence), "{q:?}");
    }
    let direct = a.quotes.iter().find(|q| q.kind == Kind::Direct).unwrap();
    assert!(direct.confidence >= 0.9, "{direct:?}");
    let said = a
        .quotes
        .iter()
        .find(|q| q.text.starts_with("the work"))
        .unwrap();
    assert!(said.confidence >= UNSURE_BELOW, "{said:?}");
    // The JSON carries it.
    let json = serde_json::to_value(&a).unwrap();
    assert!(json["quotes"][0]["confidence"].as_f64().is_some());
}

#[test]
fn cue_lemmas_are_words() {
    for (text, want) in [
        (
            "The union decided that the strike would go ahead.",
            "decide",
        ),
        (
            "Critics raised concerns that the law was too broad.",
            "raise",
        ),
        (
            "The court reversed itself, saying the earlier ruling was wrong.",
            "say",
        ),
        (
            "The minister pointed out that the deficit had fallen for a third year.",
            "point out",
        ),
    ] {
        let lemmas: Vec<String> = analyze(text)
            .quotes
            .iter()
            .filter_map(|q| q.cue.as_ref().map(|c| c.lemma.clone()))
            .collect();
        assert!(lemmas.iter().any(|l| l == want), "{text}: {lemmas:?}");
    }
}

#[test]
fn a_clause_about_the_source_is_not_what_the_source_said() {
    // A relative clause ends at its comma whatever its verb; a participle's phrase between
    // commas does not hide the subject; how a source spoke is not what it said.
    for (text, speaker, said) in [
        (
            "Ahmed Raza, who is not authorized to sign contracts, said that the deal was done.",
            "Ahmed Raza",
            "the deal was done",
        ),
        (
            "An aide, speaking to reporters on Friday, said that the vote would fail.",
            "An aide",
            "the vote would fail",
        ),
        (
            "Two diplomats, who asked not to be named, said the crossings would stay shut.",
            "Two diplomats",
            "the crossings would stay shut",
        ),
        (
            "A spokesman, speaking anonymously to describe the talks, said they had stalled.",
            "A spokesman",
            "they had stalled",
        ),
    ] {
        let got = shown(text);
        assert_eq!(
            got,
            vec![(speaker.to_string(), "say".to_string(), said.to_string())],
            "{text}"
        );
    }
}

#[test]
fn a_phrasal_verbs_particle_is_part_of_the_cue_not_of_what_was_said() {
    let q = analyze("The senator singled out the bank, saying it had misled its customers.");
    let cue = q
        .quotes
        .iter()
        .filter_map(|q| {
            q.cue
                .as_ref()
                .map(|c| (c.text.clone(), c.lemma.clone(), q.text.clone()))
        })
        .find(|(t, _, _)| t.starts_with("singled"));
    let (text, lemma, content) = cue.expect("a cue at 'singled'");
    assert_eq!(text, "singled out");
    assert_eq!(lemma, "single out");
    assert!(!content.starts_with("out"), "{content}");
    assert!(q.quotes.iter().all(|q| !q.text.starts_with("out ")));
}
