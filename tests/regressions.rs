//! One test per robustness finding (fuzzing, property tests, pathological inputs) that was
//! fixed: the minimised input, and the contract check it failed. See docs/robustness.md.

#[path = "../fuzz/invariants.rs"]
mod invariants;

fn analyze_checked(text: &str) -> quotelens::Analysis {
    let a = quotelens::analyze(text);
    if let Err(e) = invariants::check(text, &a) {
        panic!("contract invariant broken on {text:?}: {e}");
    }
    a
}

/// proptest: an apostrophe before a letter whose lower case is longer in UTF-8 ("Ⱥ" → "ⱥ",
/// 2 → 3 bytes) made the elision check slice inside the next character (quotes.rs panicked:
/// "byte index 3 is not a char boundary").
#[test]
fn elision_check_with_a_letter_that_grows_when_lower_cased() {
    analyze_checked("'Ⱥ‘");
    analyze_checked("He said 'ȺȺ' and 'Ⱦ.");
    analyze_checked(" 'İ' ");
    // The elisions themselves still count as apostrophes in any case.
    assert!(analyze_checked("Rock 'N' roll, let 'EM go 'Til dawn.")
        .quotes
        .is_empty());
}

/// pathological: openers separated only by stray marks and spaces, so every opener found the
/// sentence start behind nothing but marks; `starts_sentence` rescanned the sentence from its
/// start for each one (quadratic: 32 s for 50,000 openers at opt-level 1, now linear).
#[test]
fn openers_separated_by_stray_marks_in_one_sentence() {
    analyze_checked(&"“ ' ".repeat(50_000));
    analyze_checked(&"“ ‘ ".repeat(50_000));
}

/// pathological: a long blank stretch after an opener, then many stray openers; the
/// doubled-opener check trimmed the whole stretch again for each (over 100 s at opt-level 1
/// for 512 KiB of spaces and 50,000 openers, now linear).
#[test]
fn stray_openers_after_a_long_blank_stretch() {
    let text = "“".to_string() + &" ".repeat(1 << 19) + "x" + &" “ y".repeat(50_000);
    analyze_checked(&text);
}
