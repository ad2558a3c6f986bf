//! Per-stage timing in wasm32, in the browser (see docs/performance.md). Built with
//!
//! ```text
//! cd bench/wasm-stages
//! cargo build --release --target wasm32-unknown-unknown
//! wasm-bindgen --target web --no-typescript --out-dir DIR \
//!     $CARGO_TARGET_DIR/wasm32-unknown-unknown/release/quotelens-wasm-stages.wasm
//! wasm-opt -O3 DIR/quotelens-wasm-stages_bg.wasm -o DIR/quotelens-wasm-stages_bg.wasm  # as Trunk does for the worker
//! ```
//!
//! and run by `scripts/bench-wasm-stages.mjs --dir DIR` in headless Chromium (with
//! `--check-native CLI` it also checks that the wasm build analyses every input exactly as the
//! native `quotelens analyze` does). Natively it only says so.

#[cfg(target_arch = "wasm32")]
#[path = "../../../benches/support/stages.rs"]
mod stages;

#[cfg(target_arch = "wasm32")]
mod exports {
    use super::stages::{self, STEPS};
    use wasm_bindgen::prelude::*;

    fn now() -> f64 {
        web_sys::window()
            .and_then(|w| w.performance())
            .map_or(0.0, |p| p.now())
    }

    /// Milliseconds to load the models (the first call only; later calls return about 0).
    #[wasm_bindgen]
    pub fn model_load_ms() -> f64 {
        let t = now();
        let loaded = quotelens::ner::model().is_some();
        let ms = now() - t;
        if loaded {
            ms
        } else {
            -1.0
        }
    }

    /// The whole analysis of `text` as the contract's JSON (to compare the wasm build's output
    /// with the native CLI's: `--check-native` in the script).
    #[wasm_bindgen]
    pub fn analyze_json(text: &str) -> String {
        serde_json::to_string(&quotelens::analyze(text)).unwrap_or_default()
    }

    /// Analyses `text` once to warm up, then `reps` times, and returns JSON: the mean
    /// milliseconds of each step (means, because the browser's clock is coarse: a step shorter
    /// than its resolution still averages out) and the fastest whole run.
    #[wasm_bindgen]
    pub fn stage_times(text: &str, reps: u32) -> String {
        let reps = reps.max(1);
        let mut acc = vec![0.0; STEPS.len()];
        let quotes = stages::timed(text, &mut acc, &now);
        let mut sum = vec![0.0; STEPS.len()];
        let mut min = f64::INFINITY;
        for _ in 0..reps {
            let mut acc = vec![0.0; STEPS.len()];
            stages::timed(text, &mut acc, &now);
            min = min.min(acc.iter().sum());
            for (s, a) in sum.iter_mut().zip(acc) {
                *s += a;
            }
        }
        let steps: serde_json::Map<String, serde_json::Value> = STEPS
            .iter()
            .zip(&sum)
            .map(|(name, s)| (name.to_string(), serde_json::json!(s / reps as f64)))
            .collect();
        let total: f64 = sum.iter().sum::<f64>() / reps as f64;
        serde_json::json!({
            "bytes": text.len(),
            "chars": text.chars().count(),
            "quotes": quotes,
            "reps": reps,
            "mean_ms": total,
            "min_ms": min,
            "stages_ms": steps,
        })
        .to_string()
    }
}

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("quotelens-wasm-stages runs in the browser: see scripts/bench-wasm-stages.mjs");
}
