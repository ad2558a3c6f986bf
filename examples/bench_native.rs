//! Native timing tool for the performance scripts (see docs/performance.md).
//!
//! ```text
//! cargo run --release --example bench_native -- inputs [DIR]
//!     write the benchmark inputs (benches/support/inputs.rs) to DIR (default target/bench-inputs)
//! cargo run --release --example bench_native -- time [--reps N] FILE...
//!     analyse each file N times (default 5, after one warm-up run); a .jsonl file is a batch of
//!     {"text": …} lines analysed one by one. Prints one JSON object per file on stdout: chars,
//!     bytes, the one-off model load, the median wall-clock time of each stage and of the whole,
//!     the fastest whole run, and the median CPU time of the whole (Linux).
//! cargo run --release --example bench_native -- once FILE
//!     analyse FILE once (for /usr/bin/time -v and valgrind) and print the quote count
//! ```

#[path = "../benches/support/inputs.rs"]
mod inputs;
#[path = "../benches/support/stages.rs"]
mod stages;

use quotelens::ner;
use stages::STEPS;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Runs the pipeline on `text`, adding each step's seconds to `acc`; returns the quote count.
fn timed(text: &str, acc: &mut [f64]) -> usize {
    let origin = Instant::now();
    let mut ms = vec![0.0; STEPS.len()];
    let quotes = stages::timed(text, &mut ms, &|| origin.elapsed().as_secs_f64() * 1e3);
    for (a, m) in acc.iter_mut().zip(ms) {
        *a += m / 1e3;
    }
    quotes
}

fn load(path: &Path) -> Vec<String> {
    let body = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if path.extension().is_some_and(|e| e == "jsonl") {
        body.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).expect("a JSON line");
                v["text"].as_str().expect("a \"text\" field").to_string()
            })
            .collect()
    } else {
        vec![body]
    }
}

/// CPU time of this thread so far, in seconds (Linux: the first field of
/// /proc/thread-self/schedstat, in nanoseconds); `None` elsewhere. Unlike wall-clock time it
/// does not count the time other processes ran on the core.
fn cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn time(reps: usize, files: &[PathBuf]) {
    let t = Instant::now();
    let model = ner::model().is_some();
    let load_ms = t.elapsed().as_secs_f64() * 1e3;
    assert!(model, "the NER model loads");
    for path in files {
        let texts = load(path);
        let chars: usize = texts.iter().map(|t| t.chars().count()).sum();
        let bytes: usize = texts.iter().map(String::len).sum();
        // Warm-up: lazily built tables (cue model, gazetteers) and the allocator.
        let mut scratch = vec![0.0; STEPS.len()];
        let mut quotes = 0;
        let t = Instant::now();
        for text in &texts {
            quotes += timed(text, &mut scratch);
        }
        let first_ms = t.elapsed().as_secs_f64() * 1e3;
        let mut per_stage: Vec<Vec<f64>> = vec![Vec::new(); STEPS.len()];
        let mut whole = Vec::new();
        let mut cpu = Vec::new();
        for _ in 0..reps {
            let mut acc = vec![0.0; STEPS.len()];
            let c0 = cpu_seconds();
            for text in &texts {
                timed(text, &mut acc);
            }
            if let (Some(a), Some(b)) = (c0, cpu_seconds()) {
                cpu.push(b - a);
            }
            whole.push(acc.iter().sum::<f64>());
            for (i, s) in acc.into_iter().enumerate() {
                per_stage[i].push(s);
            }
        }
        let total = median(whole.clone());
        let min = whole.iter().copied().fold(f64::INFINITY, f64::min);
        let stages: serde_json::Map<String, serde_json::Value> = STEPS
            .iter()
            .zip(per_stage)
            .map(|(name, v)| (name.to_string(), serde_json::json!(median(v) * 1e3)))
            .collect();
        let out = serde_json::json!({
            "file": path.display().to_string(),
            "articles": texts.len(),
            "chars": chars,
            "bytes": bytes,
            "quotes": quotes,
            "reps": reps,
            "model_load_ms": load_ms,
            "first_run_ms": first_ms,
            "median_ms": total * 1e3,
            "min_ms": min * 1e3,
            "chars_per_s": chars as f64 / total,
            "cpu_median_ms": (!cpu.is_empty()).then(|| median(cpu.clone()) * 1e3),
            "cpu_chars_per_s": (!cpu.is_empty()).then(|| chars as f64 / median(cpu.clone())),
            "stages_ms": stages,
        });
        println!("{out}");
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("inputs") => {
            let dir = args
                .get(1)
                .map(PathBuf::from)
                .unwrap_or_else(inputs::default_dir);
            for p in inputs::write_all(&dir).expect("inputs written") {
                let len = std::fs::metadata(&p).map(|m| m.len()).unwrap_or(0);
                eprintln!("{:>10} bytes  {}", len, p.display());
            }
        }
        Some("time") => {
            let mut reps = 5;
            let mut files = Vec::new();
            let mut it = args[1..].iter();
            while let Some(a) = it.next() {
                if a == "--reps" {
                    reps = it.next().and_then(|n| n.parse().ok()).expect("--reps N");
                } else {
                    files.push(PathBuf::from(a));
                }
            }
            time(reps.max(1), &files);
        }
        Some("once") => {
            let path = PathBuf::from(args.get(1).expect("once FILE"));
            let mut acc = vec![0.0; STEPS.len()];
            let quotes: usize = load(&path).iter().map(|t| timed(t, &mut acc)).sum();
            println!("{quotes} quotations");
        }
        _ => {
            eprintln!("usage: bench_native inputs [DIR] | time [--reps N] FILE... | once FILE");
            std::process::exit(2);
        }
    }
}
