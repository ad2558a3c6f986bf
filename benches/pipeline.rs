//! Pipeline speed: `cargo bench --bench pipeline` (see docs/performance.md).
//!
//! For each input — the demo article, a 1,000-word article, a 400 k-character batch of articles
//! (analysed one by one) and a 10 MB document — it measures each stage on its own (the stages
//! before it run in setup, outside the measurement; only the stage runs in the timed closure)
//! and the whole of `analyze`. Throughput is in input bytes. Filter as usual: `cargo bench
//! --bench pipeline -- article`. The inputs come from `benches/support/inputs.rs`, shared with
//! the scripts.

#[path = "support/inputs.rs"]
mod inputs;
#[path = "support/stages.rs"]
mod stages;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use quotelens::contract::Analysis;
use quotelens::{ner, Document};
use stages::STAGES;
use std::cell::OnceCell;
use std::hint::black_box;
use std::time::Duration;

/// The documents after the first `k` stages, one per text.
fn prefix<'t>(texts: &'t [String], k: usize) -> Vec<Document<'t>> {
    texts
        .iter()
        .map(|t| {
            let mut doc = Document::new(t);
            for (_, stage) in &STAGES[..k] {
                stage(&mut doc);
            }
            doc
        })
        .collect()
}

fn bench_input(c: &mut Criterion, name: &str, texts: &[String], samples: usize, secs: u64) {
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut group = c.benchmark_group(format!("pipeline/{name}"));
    group
        .throughput(Throughput::Bytes(bytes as u64))
        .sample_size(samples)
        .measurement_time(Duration::from_secs(secs))
        .warm_up_time(Duration::from_secs(1));
    group.bench_function("offsets", |b| {
        b.iter(|| {
            for t in texts {
                black_box(Document::new(black_box(t)));
            }
        })
    });
    // Documents are prepared on first use only, so a filtered-out input costs nothing.
    for (k, (stage_name, stage)) in STAGES.iter().enumerate() {
        let before = OnceCell::new();
        group.bench_function(*stage_name, |b| {
            let before = before.get_or_init(|| prefix(texts, k));
            b.iter_batched(
                || before.clone(),
                |mut docs| {
                    for d in &mut docs {
                        stage(black_box(d));
                    }
                    docs
                },
                BatchSize::PerIteration,
            )
        });
    }
    let done = OnceCell::new();
    group.bench_function("contract", |b| {
        let done = done.get_or_init(|| prefix(texts, STAGES.len()));
        b.iter(|| {
            for d in done {
                black_box(Analysis::from_document(black_box(d)));
            }
        })
    });
    group.bench_function("analyze", |b| {
        b.iter(|| {
            for t in texts {
                black_box(quotelens::analyze(black_box(t)));
            }
        })
    });
    group.finish();
}

fn bench(c: &mut Criterion) {
    ner::model().expect("the NER model loads");
    bench_input(
        c,
        "demo-article",
        &[inputs::DEMO_ARTICLE.to_string()],
        50,
        3,
    );
    bench_input(c, "article-1000w", &[inputs::article_1000_words()], 50, 3);
    bench_input(c, "batch-400k", &inputs::batch_400k(), 10, 5);
    bench_input(c, "doc-10mb", &[inputs::sized(10_000_000)], 10, 20);
}

criterion_group!(benches, bench);
criterion_main!(benches);
