//! The learners the model-building commands share: a deterministic shuffle and the averaged
//! perceptron of the cue model (`build-cues`). The runtime only reads the weights they write.

use quotelens::attribution::cuemodel::Example;
use std::collections::HashMap;

/// Shuffles `order` in place, deterministically (Fisher–Yates driven by a xorshift generator
/// whose state is `seed`): the training passes of the cue and relation models.
pub fn shuffle(order: &mut [usize], seed: &mut u64) {
    for k in (1..order.len()).rev() {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        order.swap(k, (*seed % (k as u64 + 1)) as usize);
    }
}

/// Trains an averaged perceptron on the features seen at least `min_count` times; returns the
/// non-zero weights, largest first.
pub fn perceptron(examples: &[Example], epochs: usize, min_count: usize) -> Vec<(String, f32)> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (feats, _) in examples {
        for f in feats {
            *seen.entry(f.as_str()).or_default() += 1;
        }
    }
    let examples: Vec<(Vec<&str>, bool)> = examples
        .iter()
        .map(|(feats, gold)| {
            let kept = feats
                .iter()
                .map(String::as_str)
                .filter(|f| seen.get(f).is_some_and(|&n| n >= min_count))
                .collect();
            (kept, *gold)
        })
        .collect();
    // weight, accumulated weight × time, time of the last change
    let mut w: HashMap<&str, (f64, f64, u64)> = HashMap::new();
    let mut t: u64 = 0;
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..epochs {
        shuffle(&mut order, &mut seed);
        for &e in &order {
            t += 1;
            let (feats, gold) = &examples[e];
            let s: f64 = feats.iter().filter_map(|f| w.get(f)).map(|v| v.0).sum();
            if (s > 0.0) != *gold {
                let delta = if *gold { 1.0 } else { -1.0 };
                for f in feats {
                    let entry = w.entry(f).or_insert((0.0, 0.0, 0));
                    entry.1 += entry.0 * (t - entry.2) as f64;
                    entry.2 = t;
                    entry.0 += delta;
                }
            }
        }
    }
    let mut out: Vec<(String, f32)> = w
        .into_iter()
        .map(|(f, (v, acc, last))| {
            let total = acc + v * (t - last) as f64;
            (f.to_string(), (total / t.max(1) as f64) as f32)
        })
        .filter(|(_, v)| v.abs() >= 1e-4)
        .collect();
    out.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&b.0)));
    out
}
