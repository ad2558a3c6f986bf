//! Learning the word clusters (native only): `train-ner clusters` reads the raw text of the
//! training corpora and writes the compressed table that the runtime's [`quotelens::ner::clusters`]
//! loads. Kept apart from the runtime module so that it imports no training code.

use crate::ner_train::{read_corpus, Format};
use quotelens::ner::features;
use quotelens::ner::tokens;
use quotelens::types::Span;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Options of `train-ner clusters`.
#[derive(Debug, Clone)]
pub struct ClusterOptions {
    /// `../shared/data`.
    pub data: PathBuf,
    /// Where to write the compressed table.
    pub out: PathBuf,
    /// Number of leaves (flat classes before they are joined into a tree).
    pub classes: usize,
    /// Words seen fewer times than this get no cluster.
    pub min_count: u64,
    /// Most passes of the exchange algorithm.
    pub passes: usize,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions {
            data: PathBuf::from("../shared/data"),
            out: PathBuf::from("models/ner-clusters.z"),
            classes: 256,
            min_count: 8,
            passes: 12,
        }
    }
}

/// Running text as word ids, sentences separated by [`BOUNDARY`] ids.
struct Text {
    ids: HashMap<String, u32>,
    words: Vec<String>,
    seq: Vec<u32>,
    form: String,
    raw: Vec<quotelens::types::Token>,
    spans: Vec<Span>,
}

/// Placeholder id of a sentence boundary while reading.
const BOUNDARY: u32 = u32::MAX;

impl Text {
    fn word(&mut self, w: &str) {
        self.form.clear();
        features::lower_form(w, &mut self.form);
        let id = match self.ids.get(self.form.as_str()) {
            Some(&id) => id,
            None => {
                let id = self.words.len() as u32;
                self.ids.insert(self.form.clone(), id);
                self.words.push(self.form.clone());
                id
            }
        };
        self.seq.push(id);
    }

    /// Adds a corpus token, split into tagging tokens as training does.
    fn corpus_token(&mut self, text: &str) {
        let (mut raw, mut spans) = (
            std::mem::take(&mut self.raw),
            std::mem::take(&mut self.spans),
        );
        raw.clear();
        spans.clear();
        tokens::raw_tokens(text, Span::new(0, text.len()), &mut raw);
        tokens::tagging_tokens(text, &raw, &mut spans);
        for s in &spans {
            self.word(s.slice(text));
        }
        (self.raw, self.spans) = (raw, spans);
    }

    fn end_sentence(&mut self) {
        if self.seq.last() != Some(&BOUNDARY) {
            self.seq.push(BOUNDARY);
        }
    }
}

fn read_text(data: &Path) -> Result<Text, String> {
    let mut text = Text {
        ids: HashMap::new(),
        words: Vec::new(),
        seq: vec![BOUNDARY],
        form: String::new(),
        raw: Vec::new(),
        spans: Vec::new(),
    };
    for (file, format) in [
        ("ontonotes5/onto.train.bio", Format::OntoNotes),
        ("conll2003/eng.train", Format::Conll),
        ("re3d/re3d-train.conll", Format::Re3d),
    ] {
        for doc in read_corpus(&data.join(file), format)? {
            for sent in doc {
                for tok in sent {
                    text.corpus_token(&tok.text);
                }
                text.end_sentence();
            }
        }
    }
    // PolNeAR train articles (raw text, segmented as the app does).
    let dir = data.join("polnear/train/text");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let mut spans = Vec::new();
    for f in &files {
        let article = std::fs::read_to_string(f).map_err(|e| format!("{}: {e}", f.display()))?;
        let mut doc = quotelens::types::Document::new(&article);
        quotelens::text::segment(&mut doc);
        for s in &doc.sentences {
            spans.clear();
            let raw = doc.tokens.get(s.tokens()).unwrap_or(&[]);
            tokens::tagging_tokens(&article, raw, &mut spans);
            for sp in &spans {
                text.word(sp.slice(&article));
            }
            text.end_sentence();
        }
    }
    Ok(text)
}

/// `x ln x`, from a table for small counts.
struct XLogX(Vec<f64>);

impl XLogX {
    fn new() -> Self {
        XLogX(
            (0..1u32 << 20)
                .map(|x| {
                    if x == 0 {
                        0.0
                    } else {
                        x as f64 * (x as f64).ln()
                    }
                })
                .collect(),
        )
    }
    #[inline]
    fn f(&self, x: u64) -> f64 {
        match self.0.get(x as usize) {
            Some(&v) => v,
            None => x as f64 * (x as f64).ln(),
        }
    }
}

/// Learns the clusters and writes the compressed table; returns the table's text.
///
/// Each word `w` of the vocabulary (seen at least `min_count` times) is in one of
/// `classes` classes, chosen to maximise the likelihood of two class-based bigram
/// models of the text, one predicting each word from the word before it and one from
/// the word after it: `P(w | v) = P(class(w) | v) · P(w | class(w))`. That likelihood
/// is, up to constants, `Σ_{v,c} F(N(v,c)) + Σ_{v,c} F(N'(v,c)) − 2 Σ_c F(N(c))` with
/// `F(x) = x ln x`, `N(v,c)` the count of `v` followed by a word of class `c`, `N'` the
/// same with `v` after it, and `N(c)` the class's count. The exchange algorithm moves
/// one word at a time to the class that gains most, in order of frequency, until a
/// pass moves almost nothing. The classes are then joined two at a time, always the
/// pair whose merging loses least of the same likelihood, into a binary tree; a word's
/// path is that of its class.
pub fn learn(opt: &ClusterOptions) -> Result<String, String> {
    let t0 = Instant::now();
    let text = read_text(&opt.data)?;
    let nw = text.words.len();
    let mut counts = vec![0u64; nw];
    for &w in &text.seq {
        if w != BOUNDARY {
            counts[w as usize] += 1;
        }
    }
    let mut order: Vec<u32> = (0..nw as u32)
        .filter(|&w| counts[w as usize] >= opt.min_count)
        .filter(|&w| !text.words[w as usize].contains(char::is_whitespace))
        .collect();
    order.sort_by(|&a, &b| {
        counts[b as usize]
            .cmp(&counts[a as usize])
            .then_with(|| text.words[a as usize].cmp(&text.words[b as usize]))
    });
    let v = order.len();
    // Vocabulary ids 0..v by frequency; `v` stands for every rarer word, `v + 1` for a
    // sentence boundary (both only as context).
    let (rare, boundary) = (v as u32, v as u32 + 1);
    let mut remap = vec![rare; nw];
    for (i, &w) in order.iter().enumerate() {
        remap[w as usize] = i as u32;
    }
    let seq: Vec<u32> = text
        .seq
        .iter()
        .map(|&w| {
            if w == BOUNDARY {
                boundary
            } else {
                remap[w as usize]
            }
        })
        .collect();
    eprintln!(
        "{} tokens, {} distinct words, {} seen at least {} times ({:.0?})",
        seq.len(),
        nw,
        v,
        opt.min_count,
        t0.elapsed()
    );
    // Bigram counts, as each vocabulary word's left and right contexts.
    let mut pairs: HashMap<u64, u32> = HashMap::new();
    for p in seq.windows(2) {
        *pairs.entry((p[0] as u64) << 32 | p[1] as u64).or_insert(0) += 1;
    }
    let mut pairs: Vec<(u64, u32)> = pairs.into_iter().collect();
    pairs.sort_unstable();
    let mut left: Vec<Vec<(u32, u32)>> = vec![Vec::new(); v];
    let mut right: Vec<Vec<(u32, u32)>> = vec![Vec::new(); v];
    for &(k, n) in &pairs {
        let (a, b) = ((k >> 32) as u32, k as u32);
        if (b as usize) < v {
            left[b as usize].push((a, n));
        }
        if (a as usize) < v {
            right[a as usize].push((b, n));
        }
    }
    drop(pairs);
    let freq: Vec<u64> = (0..v).map(|w| counts[order[w] as usize]).collect();
    let c = opt.classes.clamp(2, v.max(2));
    let rows = v + 2;
    let f = XLogX::new();
    // Class of each word; counts of (context word, class) for both sides; class counts.
    let mut class: Vec<usize> = (0..v).map(|w| w % c).collect();
    let mut ml = vec![0u64; rows * c];
    let mut mr = vec![0u64; rows * c];
    let mut nc = vec![0u64; c];
    for w in 0..v {
        let k = class[w];
        for &(x, n) in &left[w] {
            ml[x as usize * c + k] += n as u64;
        }
        for &(x, n) in &right[w] {
            mr[x as usize * c + k] += n as u64;
        }
        nc[k] += freq[w];
    }
    let mut gain = vec![0f64; c];
    for pass in 0..opt.passes {
        let mut moved = 0usize;
        for w in 0..v {
            let from = class[w];
            for &(x, n) in &left[w] {
                ml[x as usize * c + from] -= n as u64;
            }
            for &(x, n) in &right[w] {
                mr[x as usize * c + from] -= n as u64;
            }
            nc[from] -= freq[w];
            gain.iter_mut().for_each(|g| *g = 0.0);
            for (ctx, m) in [(&left[w], &ml), (&right[w], &mr)] {
                for &(x, n) in ctx {
                    let row = &m[x as usize * c..(x as usize + 1) * c];
                    let n = n as u64;
                    for (g, &y) in gain.iter_mut().zip(row) {
                        *g += f.f(y + n) - f.f(y);
                    }
                }
            }
            let mut best = from;
            let score = |k: usize| gain[k] - 2.0 * (f.f(nc[k] + freq[w]) - f.f(nc[k]));
            let mut best_score = score(from);
            for k in 0..c {
                let s = score(k);
                if s > best_score + 1e-9 {
                    best = k;
                    best_score = s;
                }
            }
            if best != from {
                moved += 1;
            }
            class[w] = best;
            for &(x, n) in &left[w] {
                ml[x as usize * c + best] += n as u64;
            }
            for &(x, n) in &right[w] {
                mr[x as usize * c + best] += n as u64;
            }
            nc[best] += freq[w];
        }
        eprintln!(
            "pass {}: {moved} words moved ({:.0?})",
            pass + 1,
            t0.elapsed()
        );
        if moved * 1000 < v {
            break;
        }
    }
    // Join the classes into a tree. Each class as sparse columns (context, count).
    let column = |m: &[u64], k: usize| -> Vec<(u32, u64)> {
        (0..rows)
            .filter(|&x| m[x * c + k] != 0)
            .map(|x| (x as u32, m[x * c + k]))
            .collect()
    };
    let mut cols: Vec<[Vec<(u32, u64)>; 2]> =
        (0..c).map(|k| [column(&ml, k), column(&mr, k)]).collect();
    drop((ml, mr));
    let merge_loss = |a: &[Vec<(u32, u64)>; 2], b: &[Vec<(u32, u64)>; 2], na: u64, nb: u64| {
        let mut d = -2.0 * (f.f(na + nb) - f.f(na) - f.f(nb));
        for side in 0..2 {
            let (x, y) = (&a[side], &b[side]);
            let (mut i, mut j) = (0, 0);
            while i < x.len() && j < y.len() {
                match x[i].0.cmp(&y[j].0) {
                    std::cmp::Ordering::Less => i += 1,
                    std::cmp::Ordering::Greater => j += 1,
                    std::cmp::Ordering::Equal => {
                        let (p, q) = (x[i].1, y[j].1);
                        d += f.f(p + q) - f.f(p) - f.f(q);
                        i += 1;
                        j += 1;
                    }
                }
            }
        }
        d
    };
    let mut delta = vec![f64::NEG_INFINITY; c * c];
    for a in 0..c {
        for b in a + 1..c {
            delta[a * c + b] = merge_loss(&cols[a], &cols[b], nc[a], nc[b]);
        }
    }
    // Tree nodes: 0..c are the classes, later ones (left child, right child).
    let mut node_of: Vec<usize> = (0..c).collect();
    let mut children: Vec<(usize, usize)> = Vec::new();
    let mut alive = vec![true; c];
    for _ in 1..c {
        let mut best = (f64::NEG_INFINITY, 0, 0);
        for a in (0..c).filter(|&a| alive[a]) {
            for b in (a + 1..c).filter(|&b| alive[b]) {
                if delta[a * c + b] > best.0 {
                    best = (delta[a * c + b], a, b);
                }
            }
        }
        let (_, a, b) = best;
        if a == b {
            break;
        }
        let cb = std::mem::take(&mut cols[b]);
        for side in 0..2 {
            let x = std::mem::take(&mut cols[a][side]);
            let y = &cb[side];
            let mut m = Vec::with_capacity(x.len() + y.len());
            let (mut i, mut j) = (0, 0);
            while i < x.len() || j < y.len() {
                if j == y.len() || (i < x.len() && x[i].0 < y[j].0) {
                    m.push(x[i]);
                    i += 1;
                } else if i == x.len() || y[j].0 < x[i].0 {
                    m.push(y[j]);
                    j += 1;
                } else {
                    m.push((x[i].0, x[i].1 + y[j].1));
                    i += 1;
                    j += 1;
                }
            }
            cols[a][side] = m;
        }
        nc[a] += nc[b];
        alive[b] = false;
        children.push((node_of[a], node_of[b]));
        node_of[a] = c + children.len() - 1;
        for k in (0..c).filter(|&k| alive[k] && k != a) {
            let (lo, hi) = (k.min(a), k.max(a));
            delta[lo * c + hi] = merge_loss(&cols[lo], &cols[hi], nc[lo], nc[hi]);
        }
    }
    eprintln!("tree of {c} classes built ({:.0?})", t0.elapsed());
    // Paths from the root.
    let mut path = vec![String::new(); c + children.len()];
    for node in (c..c + children.len()).rev() {
        let (l, r) = children[node - c];
        path[l] = format!("{}0", path[node]);
        path[r] = format!("{}1", path[node]);
    }
    let mut members: Vec<Vec<&str>> = vec![Vec::new(); c];
    for w in 0..v {
        members[class[w]].push(&text.words[order[w] as usize]);
    }
    let mut lines: Vec<String> = members
        .iter_mut()
        .enumerate()
        .filter(|(_, m)| !m.is_empty())
        .map(|(k, m)| {
            m.sort_unstable();
            format!("{}\t{}", path[k], m.join(" "))
        })
        .collect();
    lines.sort();
    let table = lines.join("\n") + "\n";
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(table.as_bytes(), 10);
    if let Some(dir) = opt.out.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(&opt.out, &packed).map_err(|e| format!("{}: {e}", opt.out.display()))?;
    let depth = path[..c].iter().map(String::len).max().unwrap_or(0);
    eprintln!(
        "wrote {} ({} words, {} leaves, deepest path {depth} bits, {} bytes) in {:.0?}",
        opt.out.display(),
        v,
        lines.len(),
        packed.len(),
        t0.elapsed()
    );
    Ok(table)
}
