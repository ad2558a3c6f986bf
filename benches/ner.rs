//! Tagging speed: `cargo bench --bench ner`. Measures `ner::tag` on an already segmented
//! document (the stage's own cost), and reports throughput in tokens per second.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use quotelens::{ner, text, Document};
use std::hint::black_box;

const ARTICLE: &str = "ISLAMABAD: Foreign Office spokesperson Tahir Andrabi said on Friday that \
Pakistan’s security forces had killed 206 Afghan Taliban fighters since November 7, and that \
Islamabad would raise the matter with Kabul. Lt. Gen. Ahmed Sharif told reporters in Rawalpindi \
that Tehreek-e-Taliban Pakistan (TTP) militants had crossed the border at Chaman. “We will not \
allow our soil to be used against anyone,” Andrabi said, adding that the United Nations and the \
U.S. State Department had been briefed. The Pakistan Stock Exchange fell 2.3 per cent to 118,000 \
points, wiping out about $1.2 billion in market value, while the rupee weakened to 281 against \
the dollar on Thursday morning.\n\
PAKISTAN, AFGHANISTAN TO HOLD TALKS IN DOHA NEXT WEEK\n\
Prime Minister Shehbaz Sharif chaired a meeting of the National Security Committee at the PM \
House, which was attended by Defence Minister Khawaja Asif, Interior Minister Mohsin Naqvi and \
the services chiefs. The committee said the first round of the Istanbul process would resume \
on Tuesday, according to a statement issued by the Prime Minister’s Office.\n";

fn bench(c: &mut Criterion) {
    let text = ARTICLE.repeat(20);
    let mut doc = Document::new(&text);
    text::segment(&mut doc);
    let tokens = doc.tokens.len() as u64;
    ner::model().expect("model loads");
    let mut group = c.benchmark_group("ner");
    group.throughput(Throughput::Elements(tokens));
    group.bench_function("tag", |b| {
        b.iter(|| {
            let mut d = doc.clone();
            ner::tag(black_box(&mut d));
            black_box(d.mentions.len())
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
