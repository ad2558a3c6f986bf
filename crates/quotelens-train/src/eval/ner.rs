//! Named-entity evaluation on CoNLL-2003 and OntoNotes (exact span match).
//!
//! The shipped path is tested, not the training path: each corpus document is rebuilt as raw
//! text (tokens joined by one space, sentences separated by a blank line), run through
//! [`quotelens::text::segment`] and [`quotelens::ner::tag`], and the predicted byte spans are compared
//! with the gold token spans in that text. A prediction counts only when its start, end and
//! type all match.
//!
//! - `ontonotes FILE`: all 18 types; per-type and micro-averaged P/R/F1.
//! - `conll FILE`: predictions are mapped PERSON → PER, ORG → ORG, GPE/LOC/FAC → LOC; other
//!   predicted types are dropped, and gold MISC is ignored (there is no OntoNotes equivalent
//!   that lines up with it), so only PER, ORG and LOC are scored. Two tables are printed:
//!   exact spans as tagged, and spans mapped to CoNLL's span convention, which never
//!   includes a leading article ("the Federal Reserve" → "Federal Reserve") where OntoNotes,
//!   the model's label set, includes it in about 60 % of ORG mentions; the mapping drops a
//!   leading "the" from a predicted span of more than one token.
//! - Both print the second table; on OntoNotes it scores the convention-mapped spans against
//!   OntoNotes' own gold, which shows what a tagger following CoNLL's convention would lose
//!   there (the two corpora's conventions cannot both be met by one tagger).
//!
//! With `NER_MODEL=FILE` in the environment, that model file is evaluated instead of the
//! embedded one. With `NER_ERRORS=1` in the environment, every missed and false mention is printed to
//! stderr (`miss|false<TAB>type<TAB>text<TAB>context`). With `NER_KINDS=1`, a table of the
//! errors by kind is printed after the scores: per gold or predicted type, how many errors are
//! a wrong type on the right span, a wrong boundary with the right type (and how many of those
//! differ only by a leading "the"), a wrong boundary and type, a missed mention (no overlapping
//! prediction) and a spurious one (no overlapping gold mention).

use super::Prf;
use crate::ner_train::{gold_spans, read_corpus, Format, GoldToken};
use quotelens::types::Document;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::time::Instant;

/// Runs the evaluation: `args[0]` is `conll` or `ontonotes`, `args[1]` the corpus file.
/// The text the evaluation analyses for one corpus document: tokens joined by spaces,
/// sentences by a blank line; with each sentence's token byte spans.
fn rebuild(doc: &[Vec<GoldToken>]) -> (String, Vec<Vec<(usize, usize)>>) {
    let mut text = String::new();
    let mut all = Vec::with_capacity(doc.len());
    for sent in doc {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let mut offsets = Vec::with_capacity(sent.len());
        for (i, tok) in sent.iter().enumerate() {
            if i > 0 {
                text.push(' ');
            }
            offsets.push((text.len(), text.len() + tok.text.len()));
            text.push_str(&tok.text);
        }
        all.push(offsets);
    }
    (text, all)
}

/// `eval texts conll|ontonotes FILE DIR`: writes the texts the evaluation analyses, one file
/// per corpus document (`00000.txt`, …), so that other tools (the no-change check,
/// `scripts/same-output.sh`) can run the CLI on exactly them.
pub fn write_texts(args: &[String]) -> Result<(), String> {
    let [kind, file, dir] = args else {
        return Err("usage: eval texts conll|ontonotes FILE DIR".to_string());
    };
    let format = match kind.as_str() {
        "conll" => Format::Conll,
        "ontonotes" => Format::OntoNotes,
        other => return Err(format!("unknown corpus kind {other}")),
    };
    let docs = read_corpus(Path::new(file), format)?;
    std::fs::create_dir_all(dir).map_err(|e| format!("{dir}: {e}"))?;
    for (i, doc) in docs.iter().enumerate() {
        let path = Path::new(dir).join(format!("{i:05}.txt"));
        std::fs::write(&path, rebuild(doc).0).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    eprintln!("eval: wrote {} texts to {dir}", docs.len());
    Ok(())
}

pub fn run(args: &[String]) -> Result<(), String> {
    let (kind, file) = match args {
        [k, f, ..] => (k.as_str(), f),
        _ => return Err("usage: eval conll|ontonotes FILE".to_string()),
    };
    let format = match kind {
        "conll" => Format::Conll,
        "ontonotes" => Format::OntoNotes,
        other => return Err(format!("unknown corpus kind {other}")),
    };
    // `NER_MODEL=FILE` evaluates another model file instead of the embedded one (for
    // comparing retrained models without rebuilding).
    let loaded;
    let model = match std::env::var_os("NER_MODEL") {
        Some(path) => {
            let bytes =
                std::fs::read(&path).map_err(|e| format!("{}: {e}", Path::new(&path).display()))?;
            loaded = quotelens::ner::load(&bytes).ok_or("NER_MODEL failed to load")?;
            &loaded
        }
        None => quotelens::ner::model().ok_or("the embedded NER model failed to load")?,
    };
    let docs = read_corpus(Path::new(file), format)?;
    let map: fn(&str) -> Option<&'static str> = if format == Format::Conll {
        |t| match t {
            "PERSON" | "PER" => Some("PER"),
            "ORG" => Some("ORG"),
            "GPE" | "LOC" | "FAC" => Some("LOC"),
            _ => None,
        }
    } else {
        |t| quotelens::ner::model::type_index(t).map(|i| quotelens::ner::model::TYPES[i])
    };
    let mut per_type: BTreeMap<&'static str, Prf> = BTreeMap::new();
    // Scores after mapping predicted spans to CoNLL's span convention (on OntoNotes: what
    // a tagger following CoNLL's convention would lose there).
    let mut per_type_conv: BTreeMap<&'static str, Prf> = BTreeMap::new();
    let mut kinds: BTreeMap<&'static str, ErrorKinds> = BTreeMap::new();
    let want_kinds = std::env::var_os("NER_KINDS").is_some();
    let mut tokens = 0usize;
    let started = Instant::now();
    let (mut tag_cpu_ns, mut tag_wall) = (0u64, std::time::Duration::ZERO);
    for doc in &docs {
        let (text, sentence_offsets) = rebuild(doc);
        let mut gold: Spans = HashSet::new();
        for (sent, offsets) in doc.iter().zip(&sentence_offsets) {
            tokens += sent.len();
            for (a, b, ty) in gold_spans(sent) {
                if let Some(ty) = map(ty) {
                    gold.insert((offsets[a].0, offsets[b - 1].1, ty));
                }
            }
        }
        let mut d = Document::new(&text);
        quotelens::text::segment(&mut d);
        let (cpu0, wall0) = (cpu_ns(), Instant::now());
        quotelens::ner::tag_with(model, &mut d);
        tag_cpu_ns += cpu_ns().saturating_sub(cpu0);
        tag_wall += wall0.elapsed();
        let predicted: Spans = d
            .mentions
            .iter()
            .filter_map(|m| Some((m.span.start, m.span.end, map(m.label)?)))
            .collect();
        if std::env::var_os("NER_ERRORS").is_some() {
            let mut all: Vec<_> = gold.symmetric_difference(&predicted).collect();
            all.sort();
            for e in all {
                let side = if gold.contains(e) { "miss" } else { "false" };
                let mut a = e.0.saturating_sub(30);
                while !text.is_char_boundary(a) {
                    a -= 1;
                }
                let mut b = (e.1 + 30).min(text.len());
                while !text.is_char_boundary(b) {
                    b += 1;
                }
                let ctx = &text[a..b];
                eprintln!(
                    "{side}\t{}\t{}\t{}",
                    e.2,
                    &text[e.0..e.1],
                    ctx.replace('\n', " ")
                );
            }
        }
        score(&gold, &predicted, &mut per_type);
        if want_kinds {
            count_kinds(&text, &gold, &predicted, &mut kinds);
        }
        {
            let conv: HashSet<_> = predicted
                .iter()
                .map(|&(a, b, ty)| {
                    // CoNLL annotates only names: dates and numbers keep their article.
                    let name = matches!(ty, "PER" | "PERSON" | "ORG" | "LOC" | "GPE" | "FAC");
                    let skip = if name { conll_article(&text[a..b]) } else { 0 };
                    (a + skip, b, ty)
                })
                .collect();
            score(&gold, &conv, &mut per_type_conv);
        }
    }
    let elapsed = started.elapsed();
    println!(
        "NER on {file} ({} documents, {tokens} tokens; raw text rebuilt from tokens; exact span match)",
        docs.len()
    );
    if format == Format::Conll {
        println!(
            "predictions mapped PERSON→PER, ORG→ORG, GPE/LOC/FAC→LOC; MISC ignored on both sides"
        );
    }
    print_table(&per_type);
    if format == Format::Conll {
        println!("spans mapped to CoNLL's convention (a leading \"the\" dropped):");
    } else {
        println!("names' spans (PERSON, ORG, GPE, LOC, FAC) mapped to CoNLL's convention (a leading \"the\" dropped), against OntoNotes gold, which often includes it:");
    }
    print_table(&per_type_conv);
    if want_kinds {
        print_kinds(&kinds);
    }
    println!(
        "({:.1}s, {:.0} tokens/s including segmentation)",
        elapsed.as_secs_f64(),
        tokens as f64 / elapsed.as_secs_f64().max(1e-9)
    );
    let per_s = |secs: f64| tokens as f64 / secs.max(1e-9);
    println!(
        "(ner::tag alone: {:.0} tokens/s wall clock; {})",
        per_s(tag_wall.as_secs_f64()),
        if tag_cpu_ns > 0 {
            format!("{:.0} tokens/s of CPU time", per_s(tag_cpu_ns as f64 / 1e9))
        } else {
            "CPU time not available".to_string()
        }
    );
    Ok(())
}

type Spans = HashSet<(usize, usize, &'static str)>;

/// Adds one document's gold and predicted spans to the per-type counts.
fn score(gold: &Spans, predicted: &Spans, per_type: &mut BTreeMap<&'static str, Prf>) {
    for g in gold {
        let e = per_type.entry(g.2).or_default();
        e.gold += 1;
        if predicted.contains(g) {
            e.true_positives += 1;
        }
    }
    for p in predicted {
        per_type.entry(p.2).or_default().predicted += 1;
    }
}

/// Errors of one type by kind (see the module documentation).
#[derive(Default)]
struct ErrorKinds {
    /// Predicted span equals a gold span of another type (counted under the gold type).
    wrong_type: usize,
    /// Predicted span overlaps a gold span of the same type without matching it.
    boundary: usize,
    /// Of `boundary`: the two spans differ only by a leading "the".
    article: usize,
    /// Predicted span overlaps gold spans of other types only, none with the same span.
    boundary_type: usize,
    /// Gold mention no prediction overlaps.
    missed: usize,
    /// Predicted mention no gold mention overlaps.
    spurious: usize,
}

/// Classifies one document's errors by kind.
fn count_kinds(
    text: &str,
    gold: &Spans,
    predicted: &Spans,
    kinds: &mut BTreeMap<&'static str, ErrorKinds>,
) {
    let overlaps = |a: &(usize, usize, &str), b: &(usize, usize, &str)| a.0 < b.1 && b.0 < a.1;
    let strip = |s: usize, e: usize| s + conll_article(&text[s..e]);
    for p in predicted.difference(gold) {
        let over: Vec<_> = gold.iter().filter(|g| overlaps(g, p)).collect();
        if let Some(g) = over.iter().find(|g| g.0 == p.0 && g.1 == p.1) {
            kinds.entry(g.2).or_default().wrong_type += 1;
        } else if let Some(g) = over.iter().find(|g| g.2 == p.2) {
            let k = kinds.entry(p.2).or_default();
            k.boundary += 1;
            if g.1 == p.1 && strip(g.0, g.1) == strip(p.0, p.1) {
                k.article += 1;
            }
        } else if over.is_empty() {
            kinds.entry(p.2).or_default().spurious += 1;
        } else {
            kinds.entry(p.2).or_default().boundary_type += 1;
        }
    }
    for g in gold.difference(predicted) {
        if !predicted.iter().any(|p| overlaps(g, p)) {
            kinds.entry(g.2).or_default().missed += 1;
        }
    }
}

/// Prints the error kinds per type and their totals.
fn print_kinds(kinds: &BTreeMap<&'static str, ErrorKinds>) {
    println!("errors by kind: wrong type (by gold type), boundary (of which a leading \"the\"), boundary and type, missed, spurious");
    let mut total = ErrorKinds::default();
    let line = |ty: &str, k: &ErrorKinds| {
        println!(
            "  {ty:<12} type {:>4}  boundary {:>4} ({:>3})  both {:>4}  missed {:>4}  spurious {:>4}",
            k.wrong_type, k.boundary, k.article, k.boundary_type, k.missed, k.spurious
        );
    };
    for (ty, k) in kinds {
        line(ty, k);
        total.wrong_type += k.wrong_type;
        total.boundary += k.boundary;
        total.article += k.article;
        total.boundary_type += k.boundary_type;
        total.missed += k.missed;
        total.spurious += k.spurious;
    }
    line("all", &total);
}

/// Prints per-type and micro-averaged scores.
fn print_table(per_type: &BTreeMap<&'static str, Prf>) {
    let mut micro = Prf::default();
    for (ty, prf) in per_type {
        println!("  {ty:<12} {}", prf.line());
        micro.true_positives += prf.true_positives;
        micro.predicted += prf.predicted;
        micro.gold += prf.gold;
    }
    println!("  {:<12} {}", "micro", micro.line());
}

/// Bytes to skip at the start of a predicted mention under CoNLL's span convention: a
/// leading article "the" followed by more words (CoNLL never includes it; OntoNotes often
/// does).
fn conll_article(mention: &str) -> usize {
    match mention.split_once(' ') {
        Some((first, rest)) if first.eq_ignore_ascii_case("the") && !rest.trim().is_empty() => {
            mention.len() - rest.trim_start().len()
        }
        _ => 0,
    }
}

/// CPU time used by this thread so far, in nanoseconds (Linux `/proc/thread-self/schedstat`;
/// 0 where unavailable). Unlike wall-clock time it does not grow when other processes share
/// the CPU.
fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::conll_article;

    #[test]
    fn leading_article_is_dropped_under_the_conll_convention() {
        assert_eq!(conll_article("the Federal Reserve"), 4);
        assert_eq!(conll_article("THE BANK"), 4);
        assert_eq!(conll_article("The"), 0);
        assert_eq!(conll_article("Theo Walcott"), 0);
        assert_eq!(conll_article("Bank of Canada"), 0);
    }
}
