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
