//! `offsets::OffsetMap` against the standard library's own counting at every boundary (see
//! `check_offsets` in `fuzz/invariants.rs`), and `input::decode` on the raw bytes: it must
//! answer with text or a reason, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../invariants.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    let _ = quotelens::input::decode(data, false);
    let _ = quotelens::input::decode(data, true);
    let text = String::from_utf8_lossy(data);
    if let Err(e) = invariants::check_offsets(&text) {
        panic!("{e}");
    }
});
