//! The sourcing audit on text written for it: loaded attribution verbs by class, the stated
//! reasons of unnamed sources (and their absence), genders only where the text states them,
//! the audit's counts, its CLI flag and the CSV columns.

use quotelens::audit::Audit;
use quotelens::contract::{Analysis, Quote};

fn quote_with_cue<'a>(a: &'a Analysis, cue: &str) -> &'a Quote {
    a.quotes
        .iter()
        .find(|q| q.cue.as_ref().is_some_and(|c| c.text == cue))
        .unwrap_or_else(|| panic!("no quotation with cue {cue:?}: {:#?}", a.quotes))
}

fn loaded(a: &Analysis, cue: &str) -> Option<String> {
    quote_with_cue(a, cue).cue.as_ref().unwrap().loaded.clone()
}

#[test]
fn each_class_of_loaded_verb_is_flagged_and_said_is_not() {
    let a = quotelens::analyze(
        "The senator claimed that the budget was balanced. The mayor admitted that the \
         project had run late. The auditor noted that spending rose by a third. The governor \
         slammed the plan as reckless and wasteful. The minister said that talks would resume.",
    );
    assert_eq!(loaded(&a, "claimed").as_deref(), Some("doubt"));
    assert_eq!(loaded(&a, "admitted").as_deref(), Some("admission"));
    assert_eq!(loaded(&a, "noted").as_deref(), Some("endorsement"));
    assert_eq!(loaded(&a, "slammed").as_deref(), Some("emotion"));
    assert_eq!(loaded(&a, "said"), None);
}

#[test]
fn a_verb_with_its_particle_is_classed_as_the_phrase() {
    let a = quotelens::analyze(
        "The treasurer pointed out that revenue had doubled since the spring. The treasurer \
         pointed to figures showing that revenue had doubled.",
    );
    let flagged: Vec<_> = a
        .quotes
        .iter()
        .filter_map(|q| q.cue.as_ref())
        .map(|c| (c.start, c.loaded.clone()))
        .collect();
    assert_eq!(flagged[0].1.as_deref(), Some("endorsement"), "{flagged:?}");
    // "pointed out that…": the content starts after the particle and the complementiser.
    assert!(
        a.quotes[0].text.starts_with("revenue"),
        "{:?}",
        a.quotes[0].text
    );
    assert!(
        flagged.iter().skip(1).all(|(_, l)| l.is_none()),
        "{flagged:?}"
    );
}

fn reason_of(a: &Analysis, cue: &str) -> Option<String> {
    let s = quote_with_cue(a, cue).speaker.as_ref().expect("a speaker");
    assert!(s.anonymous, "{s:?}");
    s.anonymity_reason.as_ref().map(|r| r.text.clone())
}

#[test]
fn stated_reasons_of_unnamed_sources() {
    let text = "“The talks are over,” said a senior official, who spoke on condition of \
                anonymity because he was not authorized to discuss the negotiations publicly.\n\n\
                Two diplomats, who asked not to be named for fear of reprisal, told reporters that \
                the crossings would stay shut.\n\n\
                A ministry official not permitted to speak to the press warned that fuel would \
                run short.\n\n\
                An aide, speaking anonymously to describe private deliberations, predicted that \
                the vote would fail.\n\n\
                A spokesperson, who declined to be identified, insisted that the figures were \
                accurate.";
    let a = quotelens::analyze(text);
    assert_eq!(
        reason_of(&a, "said").as_deref(),
        Some("because he was not authorized to discuss the negotiations publicly")
    );
    assert_eq!(
        reason_of(&a, "told").as_deref(),
        Some("for fear of reprisal")
    );
    assert_eq!(
        reason_of(&a, "warned").as_deref(),
        Some("not permitted to speak to the press")
    );
    assert_eq!(
        reason_of(&a, "predicted").as_deref(),
        Some("to describe private deliberations")
    );
    // Anonymity granted, no reason given: null, and the audit counts it.
    assert_eq!(reason_of(&a, "insisted"), None);
    // The reason's offsets are code points into the text.
    let r = quote_with_cue(&a, "told")
        .speaker
        .as_ref()
        .unwrap()
        .anonymity_reason
        .clone()
        .unwrap();
    let slice: String = text.chars().skip(r.start).take(r.end - r.start).collect();
    assert_eq!(slice, r.text);
    // "who asked not to be named" is how the source spoke, not something said.
    assert!(a
        .quotes
        .iter()
        .all(|q| q.cue.as_ref().is_none_or(|c| c.text != "asked")));
    let audit = Audit::of(&a, true);
    assert_eq!(audit.anonymous_without_reason, 1, "{audit:#?}");
    assert_eq!(audit.unnamed_sources.len(), 5);
    assert_eq!(
        audit
            .unnamed_sources
            .iter()
            .find(|u| u.speaker.contains("diplomats"))
            .unwrap()
            .group,
        "unnamed group"
    );
}

#[test]
fn a_named_source_has_no_anonymity_reason() {
    let a = quotelens::analyze(
        "Ahmed Raza said that the deal was done, although he is not authorized to sign contracts.",
    );
    let s = quote_with_cue(&a, "said").speaker.as_ref().unwrap();
    assert!(!s.anonymous);
    assert!(s.anonymity_reason.is_none());
}

#[test]
fn gender_only_where_the_text_states_it() {
    let text = "Mrs. Patel said the bridge would open in May. Jordan Lee said the date was too \
                early. Tom Fischer said tolls would rise. Later he said they would fall again.";
    let a = quotelens::analyze(text);
    let entity = |name: &str| {
        a.entities
            .iter()
            .find(|e| e.name.contains(name))
            .unwrap_or_else(|| panic!("no entity {name}: {:#?}", a.entities))
    };
    let patel = entity("Patel");
    assert_eq!(patel.gender.as_deref(), Some("female"));
    let ev = patel.gender_evidence.as_ref().unwrap();
    assert!(ev.text.starts_with("Mrs"), "{ev:?}");
    // Nothing in the text says Jordan Lee's gender; a first name is no evidence.
    assert_eq!(entity("Jordan Lee").gender, None);
    // "Tom" is a man's name in the census, but only the resolved "he" is evidence here.
    let fischer = entity("Fischer");
    if let Some(g) = &fischer.gender {
        assert_eq!(g, "male");
        assert_eq!(fischer.gender_evidence.as_ref().unwrap().text, "he");
    }
    let audit = Audit::of(&a, true);
    let row = |g: &str| audit.gender.iter().find(|r| r.group == g).unwrap().quotes;
    assert_eq!(row("female"), 1, "{audit:#?}");
    assert!(row("not stated") >= 1, "{audit:#?}");
}

#[test]
fn the_audit_adds_up_over_articles() {
    let a = quotelens::analyze("“We won,” said Maria Lopez. Critics claimed the count was rigged.");
    let one = Audit::of(&a, true);
    let both = Audit::merge([&one, &one]);
    assert_eq!(both.articles, 2);
    assert_eq!(both.quotes, 2 * one.quotes);
    for (b, o) in both.voices.iter().zip(&one.voices) {
        assert_eq!(b.quotes, 2 * o.quotes);
        assert_eq!(b.words, 2 * o.words);
    }
    assert!(both.loaded_cues.is_empty() && both.unnamed_sources.is_empty());
    // Every counted quotation is in exactly one voice group.
    assert_eq!(
        one.voices.iter().map(|v| v.quotes).sum::<usize>(),
        one.quotes
    );
}

#[test]
fn the_csv_carries_the_audit_columns() {
    let a = quotelens::analyze(
        "Mrs. Patel claimed the bridge was safe. An official, who spoke on condition of \
         anonymity for fear of losing her job, said it was not.",
    );
    let csv = quotelens::export::quotes_csv([("bridge", &a)]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let patel = rows.iter().find(|r| r[col("cue")] == *"claim").unwrap();
    assert_eq!(&patel[col("cue_loaded")], "doubt");
    assert_eq!(&patel[col("speaker_gender")], "female");
    let official = rows.iter().find(|r| r[col("cue")] == *"say").unwrap();
    assert_eq!(&official[col("anonymous")], "true");
    assert_eq!(
        &official[col("anonymity_reason")],
        "for fear of losing her job"
    );
    assert_eq!(&official[col("speaker_gender")], "");
}

#[test]
fn the_cli_prints_the_audit() {
    let dir = std::env::temp_dir().join(format!("quotelens-audit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("a.txt");
    std::fs::write(&path, "Critics claimed that the count was rigged.").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_quotelens"))
        .args(["analyze", "--audit", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["path"], path.to_str().unwrap());
    assert_eq!(v["audit"]["loaded_cues"][0]["class"], "doubt");
    assert_eq!(v["audit"]["quotes"], 1);
    // JSON Lines in, audits out, the record's own fields kept.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_quotelens"))
        .args(["analyze", "--jsonl", "--audit"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"{\"id\": 7, \"text\": \"Critics claimed that the count was rigged.\"}\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["id"], 7);
    assert_eq!(v["audit"]["voices"][3]["group"], "unnamed group");
    assert_eq!(v["audit"]["voices"][3]["quotes"], 1);
}
