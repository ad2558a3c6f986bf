//! Arbitrary bytes → lossy UTF-8 → `html::looks_like_html` and `html::to_text`, then the text
//! through `analyze`: no panic, no hang, and the extracted text keeps the contract invariants.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../invariants.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let _ = quotelens::html::looks_like_html(&input);
    let text = quotelens::html::to_text(&input);
    let analysis = quotelens::analyze(&text);
    if let Err(e) = invariants::check(&text, &analysis) {
        panic!("contract invariant broken on extracted text: {e}");
    }
});
