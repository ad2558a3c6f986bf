//! Arbitrary bytes → lossy UTF-8 → `quotelens::analyze`: no panic, and every contract
//! invariant holds (see `fuzz/invariants.rs`).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../invariants.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let analysis = quotelens::analyze(&text);
    if let Err(e) = invariants::check(&text, &analysis) {
        panic!("contract invariant broken: {e}");
    }
    if let Err(e) = invariants::check_json(&analysis) {
        panic!("{e}");
    }
});
