//! Builds the cue lexicon `models/cues.tsv` from the Cue spans of a PolNeAR split (native only).
//!
//! ```text
//! cargo run --release --bin build-cues -- ../shared/data/polnear/train models/cues.tsv
//! ```
//!
//! For every annotated cue it takes the head word (the first word that is not an auxiliary or an
//! adverb, `quotelens::attribution::SKIP_BEFORE_CUE`: "has said" → "said", "also told" →
//! "told"), lower-cased, and counts how often each
//! head word heads a cue and how often it occurs in the split's texts at all. Heads seen at least
//! twice are written with their lemma (see `quotelens::attribution::lexicon::lemma`). Only these
//! derived counts are written, never corpus text.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 2 {
        eprintln!("usage: build-cues SPLIT_DIR OUT.tsv");
        std::process::exit(2);
    }
    match build(&args[0], &args[1]) {
        Ok(n) => eprintln!("build-cues: wrote {n} forms to {}", args[1]),
        Err(e) => {
            eprintln!("build-cues: {e}");
            std::process::exit(2);
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

#[cfg(not(target_arch = "wasm32"))]
fn build(dir: &str, out: &str) -> Result<usize, String> {
    use quotelens::attribution::lexicon::lemma;
    use quotelens::attribution::SKIP_BEFORE_CUE;
    use quotelens::eval::polnear::{articles, parse_ann};
    use std::collections::{BTreeMap, HashMap};
    use std::path::Path;
    let mut heads: BTreeMap<String, u32> = BTreeMap::new();
    let mut totals: HashMap<String, u32> = HashMap::new();
    for (_, text, raw) in articles(Path::new(dir))? {
        for w in words(&text) {
            *totals.entry(w).or_default() += 1;
        }
        let chars: Vec<char> = text.chars().collect();
        for rel in parse_ann(&raw) {
            let cue: String = rel
                .cue
                .iter()
                .map(|s| {
                    let (a, b) = (s.start.min(chars.len()), s.end.min(chars.len()));
                    chars[a..b].iter().collect::<String>() + " "
                })
                .collect();
            let head = words(&cue).find(|w| {
                !SKIP_BEFORE_CUE.contains(&w.as_str()) && w.chars().any(char::is_alphabetic)
            });
            if let Some(head) = head {
                *heads.entry(head).or_default() += 1;
            }
        }
    }
    let mut lines = vec![
        "# Cue lexicon derived from PolNeAR train Cue spans by build-cues (src/bin/build_cues.rs)."
            .to_string(),
        "# form\tlemma\tcue (times it headed a cue)\ttotal (times the word occurs)".to_string(),
    ];
    for (form, n) in &heads {
        if *n < 2 {
            continue;
        }
        let total = totals.get(form).copied().unwrap_or(*n);
        lines.push(format!("{form}\t{}\t{n}\t{total}", lemma(form)));
    }
    let count = lines.len() - 2;
    std::fs::write(out, lines.join("\n") + "\n").map_err(|e| e.to_string())?;
    Ok(count)
}
