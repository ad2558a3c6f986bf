//! Quote attribution on a PolNeAR split (`eval polnear DIR`).
//!
//! Reads `DIR/text/*.txt` and, per article, the first `DIR/attributions/<stem>*.ann` in sort
//! order (brat standoff, code-point offsets), runs [`quotelens::analyze_document`] on the text and
//! compares predicted attribution relations with the gold ones. The matching rules are printed
//! with the numbers and documented in `docs/eval-polnear.md`:
//!
//! - **Predicted relations.** Every quotation except scare quotes is a prediction. Quotations
//!   that share a cue span (an interrupted quote, a quote continued after its cue, the indirect
//!   and partial pieces of a mixed quote) form one predicted relation whose content is the union
//!   of their parts, as PolNeAR annotates one relation with a discontinuous content span.
//! - **Overlap match.** A predicted and a gold relation match when their contents share at least
//!   one letter or digit; matching is one-to-one, greedy in gold order, preferring the
//!   predicted relation with the largest overlap.
//! - **Exact match.** Contents cover exactly the same letters and digits (whitespace,
//!   punctuation and quote marks are ignored, so a content with or without its marks or final
//!   comma is the same content).
//! - **Gold direct.** A relation whose content, or the character just outside either end of one
//!   of its content pieces, contains a double quotation mark (`"` `“` `”` `„` `‟` `«` `»`; inside
//!   a piece also `''`, the doubled straight single quote of NYT copy):
//!   direct and mixed quotes. **Predicted direct**: a predicted relation with at least one
//!   quotation (kind direct or partial) opened or closed by the same kind of mark (a double mark
//!   or `''`; a headline's ‘single-quoted’ fragment is direct on neither side). Matched by
//!   overlap, one-to-one.
//! - **Source / cue accuracy** over overlap-matched relations whose gold relation has a source
//!   (or cue): correct when the predicted speaker mention (cue span) overlaps the gold Source
//!   (Cue) span; "exact" when it covers the same letters and digits. A gold span with no letters
//!   or digits (the cues ":" and "―") is matched by character overlap instead.

use super::Prf;
use quotelens::types::{Document, QuoteKind, Span};
use std::collections::HashMap;
use std::path::Path;

/// One gold attribution relation, byte spans into the article text.
#[derive(Debug, Clone, Default)]
pub struct GoldRelation {
    /// Content pieces.
    pub content: Vec<Span>,
    /// Cue pieces (empty when not annotated).
    pub cue: Vec<Span>,
    /// Source pieces (empty for `Attribution-no-source`).
    pub source: Vec<Span>,
}

/// One predicted relation, built from the document's quotations.
#[derive(Debug, Clone, Default)]
struct Predicted {
    content: Vec<Span>,
    cue: Option<Span>,
    source: Option<Span>,
    marked: bool,
    /// A quotation in marks (direct or partial) is part of it; otherwise all its content is
    /// reported speech without marks.
    in_marks: bool,
    /// The largest confidence of its quotations.
    confidence: f64,
    /// The cue's lemma ("" without a cue).
    lemma: String,
}

/// Parses brat standoff text into relations with **code-point** spans.
pub fn parse_ann(raw: &str) -> Vec<GoldRelation> {
    // Records start only at lines "T<n>\t", "E<n>\t", "#<n>\t"; other lines continue the text.
    let mut records: Vec<String> = Vec::new();
    for line in raw.split('\n') {
        if starts_record(line) || records.is_empty() {
            records.push(line.to_string());
        } else if let Some(last) = records.last_mut() {
            last.push('\n');
            last.push_str(line);
        }
    }
    let mut spans: HashMap<&str, Vec<Span>> = HashMap::new();
    let mut relations: Vec<Vec<(&str, &str)>> = Vec::new();
    for rec in &records {
        let Some((id, rest)) = rec.split_once('\t') else {
            continue;
        };
        if id.starts_with('T') {
            let label_part = rest.split('\t').next().unwrap_or("");
            let Some((_, offsets)) = label_part.split_once(' ') else {
                continue;
            };
            let mut pieces = Vec::new();
            for piece in offsets.split(';') {
                let mut nums = piece.split_whitespace().filter_map(|n| n.parse().ok());
                if let (Some(s), Some(e)) = (nums.next(), nums.next()) {
                    if s <= e {
                        pieces.push(Span::new(s, e));
                    }
                }
            }
            spans.insert(id, pieces);
        } else if id.starts_with('E') {
            let roles: Vec<(&str, &str)> = rest
                .split_whitespace()
                .filter_map(|kv| kv.split_once(':'))
                .collect();
            if !roles.is_empty() {
                relations.push(roles);
            }
        }
    }
    relations
        .into_iter()
        .map(|roles| {
            let mut rel = GoldRelation::default();
            for (role, tid) in roles {
                let pieces = spans.get(tid).cloned().unwrap_or_default();
                match role {
                    "Content" | "Content2" => rel.content.extend(pieces),
                    "Cue" => rel.cue.extend(pieces),
                    "Source" => rel.source.extend(pieces),
                    _ => {}
                }
            }
            rel.content.sort();
            rel
        })
        .filter(|r| !r.content.is_empty())
        .collect()
}

fn starts_record(line: &str) -> bool {
    let mut chars = line.chars();
    if !matches!(chars.next(), Some('T' | 'E' | '#')) {
        return false;
    }
    let rest = &line[1..];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && rest.as_bytes().get(digits) == Some(&b'\t')
}

/// Converts code-point spans to byte spans of `doc`'s text.
pub(crate) fn to_bytes(doc: &Document, spans: &[Span]) -> Vec<Span> {
    spans
        .iter()
        .map(|s| {
            let a = doc.offsets.char_to_byte(s.start);
            let b = doc.offsets.char_to_byte(s.end).max(a);
            Span::new(a, b)
        })
        .collect()
}

/// Shrinks a span to its first and last letter or digit (empty when it has none).
fn core(text: &str, span: Span) -> Option<Span> {
    let s = text.get(span.start..span.end)?;
    let first = s.char_indices().find(|(_, c)| c.is_alphanumeric())?.0;
    let (li, lc) = s.char_indices().rev().find(|(_, c)| c.is_alphanumeric())?;
    Some(Span::new(
        span.start + first,
        span.start + li + lc.len_utf8(),
    ))
}

/// Letters and digits covered, as sorted byte positions (the unit for overlap and exactness).
fn letters(text: &str, spans: &[Span]) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for s in spans {
        let Some(t) = text.get(s.start..s.end) else {
            continue;
        };
        out.extend(
            t.char_indices()
                .filter(|(_, c)| c.is_alphanumeric())
                .map(|(i, _)| s.start + i),
        );
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// How many positions two sorted lists share.
pub(crate) fn shared(a: &[usize], b: &[usize]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

fn is_double_mark(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '‟' | '«' | '»')
}

/// Gold "direct": a double mark (or `''`, the doubled straight single quote of some wire copy)
/// inside a content piece, or a double mark just outside either end of one.
pub fn gold_is_direct(text: &str, content: &[Span]) -> bool {
    content.iter().any(|s| {
        let inside = text
            .get(s.start..s.end)
            .is_some_and(|t| t.chars().any(is_double_mark) || t.contains("''"));
        let before = text.get(..s.start).and_then(|t| t.chars().next_back());
        let after = text.get(s.end..).and_then(|t| t.chars().next());
        inside || before.is_some_and(is_double_mark) || after.is_some_and(is_double_mark)
    })
}

/// Groups the document's quotations into predicted relations.
fn predicted(doc: &Document) -> Vec<Predicted> {
    let mut out: Vec<Predicted> = Vec::new();
    let mut by_cue: HashMap<Span, usize> = HashMap::new();
    for q in &doc.quotations {
        if q.kind == QuoteKind::Scare {
            continue;
        }
        // The same test as the gold side: double marks (or `''`), so a headline's
        // ‘single-quoted’ fragment is not a direct quote on one side only.
        let double = |m: Option<Span>| {
            m.and_then(|m| doc.text.get(m.start..m.end))
                .is_some_and(|t| t.chars().any(is_double_mark) || t == "''")
        };
        let marked =
            q.kind != QuoteKind::Indirect && (double(q.open_mark()) || double(q.close_mark()));
        let cue = q.cue.as_ref().map(|c| c.span);
        let idx = match cue.and_then(|c| by_cue.get(&c).copied()) {
            Some(i) => i,
            None => {
                out.push(Predicted {
                    cue,
                    source: q.speaker.as_ref().map(|s| s.mention),
                    lemma: q
                        .cue
                        .as_ref()
                        .map(|c| c.lemma.to_string())
                        .unwrap_or_default(),
                    ..Predicted::default()
                });
                if let Some(c) = cue {
                    by_cue.insert(c, out.len() - 1);
                }
                out.len() - 1
            }
        };
        let p = &mut out[idx];
        p.content.extend(q.parts().iter().copied());
        p.marked |= marked;
        p.in_marks |= matches!(q.kind, QuoteKind::Direct | QuoteKind::Partial);
        p.confidence = p.confidence.max(q.confidence());
        if p.source.is_none() {
            p.source = q.speaker.as_ref().map(|s| s.mention);
        }
    }
    out
}

/// Running totals over a split.
#[derive(Debug, Default)]
struct Totals {
    articles: usize,
    direct: Prf,
    overlap: Prf,
    exact: Prf,
    source: (usize, usize, usize),
    cue: (usize, usize, usize),
    kinds: HashMap<&'static str, usize>,
    invariant_violations: usize,
    /// Gold relations whose content shares a letter with any predicted relation's content.
    covered: usize,
    /// Gold relations matched by the largest one-to-one matching.
    max_matched: usize,
    /// Predicted relations with a quotation in marks: (right, all, overlapping some gold).
    in_marks: (usize, usize, usize),
    /// Predicted relations without any quotation marks: (right, all, overlapping some gold).
    no_marks: (usize, usize, usize),
    /// Relations without marks by tenth of confidence: (all, right, overlapping some gold).
    by_confidence: [(usize, usize, usize); 10],
}

/// Options for error listings (development aid).
#[derive(Debug, Default)]
struct Options {
    show_missed: bool,
    show_spurious: bool,
    show_lemmas: bool,
    show_source: bool,
    show_direct: bool,
    show_false: bool,
}

fn show(text: &str, spans: &[Span]) -> String {
    spans
        .iter()
        .filter_map(|s| text.get(s.start..s.end))
        .map(|t| t.replace('\n', " "))
        .collect::<Vec<_>>()
        .join(" | ")
}

/// The overlap matching: each gold relation (letters of its content) in order takes the free
/// prediction it shares most letters with. Returns which predictions were taken and each gold
/// relation's prediction.
fn greedy(gl: &[Vec<usize>], pl: &[Vec<usize>]) -> (Vec<bool>, Vec<Option<usize>>) {
    let mut taken = vec![false; pl.len()];
    let mut matched_pred: Vec<Option<usize>> = vec![None; gl.len()];
    for (gi, g) in gl.iter().enumerate() {
        let best = (0..pl.len())
            .filter(|&pi| !taken[pi])
            .map(|pi| (shared(g, &pl[pi]), pi))
            .filter(|&(n, _)| n > 0)
            .max_by_key(|&(n, pi)| (n, std::cmp::Reverse(pi)));
        if let Some((_, pi)) = best {
            taken[pi] = true;
            matched_pred[gi] = Some(pi);
        }
    }
    (taken, matched_pred)
}

/// Training the relation model: for each predicted relation of an analysed `doc` that has a
/// cue, its cue span and whether it is right: the overlap matching pairs it with one of the
/// gold relations `gold_cp` (code-point spans, as [`parse_ann`] gives them) and its cue shares
/// a letter with that relation's cue (when the gold relation has one).
pub fn cue_outcomes(doc: &Document, gold_cp: &[GoldRelation]) -> Vec<(Span, bool)> {
    let text = doc.text;
    let gl: Vec<Vec<usize>> = gold_cp
        .iter()
        .map(|g| letters(text, &to_bytes(doc, &g.content)))
        .collect();
    let pred = predicted(doc);
    let pl: Vec<Vec<usize>> = pred.iter().map(|p| letters(text, &p.content)).collect();
    let (_, matched_pred) = greedy(&gl, &pl);
    let mut right = vec![false; pred.len()];
    for (g, pi) in gold_cp.iter().zip(matched_pred) {
        let Some(pi) = pi else { continue };
        let gold_cue = letters(text, &to_bytes(doc, &g.cue));
        let cue = pred[pi]
            .cue
            .map(|c| letters(text, &[c]))
            .unwrap_or_default();
        right[pi] = g.cue.is_empty() || shared(&gold_cue, &cue) > 0;
    }
    pred.iter()
        .zip(right)
        .filter_map(|(p, r)| Some((p.cue?, r)))
        .collect()
}

fn score_article(text: &str, gold_cp: &[GoldRelation], t: &mut Totals, opt: &Options) {
    let doc = quotelens::analyze_document(text);
    // The contract's invariant: quotations sorted by start and never overlapping.
    t.invariant_violations += doc
        .quotations
        .windows(2)
        .filter(|w| w[0].span.end > w[1].span.start)
        .count();
    for q in &doc.quotations {
        let k = match q.kind {
            QuoteKind::Direct => "direct",
            QuoteKind::Partial => "partial",
            QuoteKind::Scare => "scare",
            QuoteKind::Indirect => "indirect",
        };
        *t.kinds.entry(k).or_default() += 1;
    }
    let gold: Vec<GoldRelation> = gold_cp
        .iter()
        .map(|g| GoldRelation {
            content: to_bytes(&doc, &g.content),
            cue: to_bytes(&doc, &g.cue),
            source: to_bytes(&doc, &g.source),
        })
        .collect();
    let pred = predicted(&doc);
    let gl: Vec<Vec<usize>> = gold.iter().map(|g| letters(text, &g.content)).collect();
    let pl: Vec<Vec<usize>> = pred.iter().map(|p| letters(text, &p.content)).collect();
    t.covered += gl
        .iter()
        .filter(|g| pl.iter().any(|p| shared(g, p) > 0))
        .count();
    // Candidate pairs: each gold against the predictions whose letter ranges intersect; the
    // predictions are few per article, so a scan per gold item is cheap for an evaluation.
    let (taken, matched_pred) = greedy(&gl, &pl);
    // Diagnostic: the largest one-to-one matching (augmenting paths), to show what the greedy
    // order costs.
    {
        let edges: Vec<Vec<usize>> = gl
            .iter()
            .map(|g| {
                (0..pred.len())
                    .filter(|&pi| shared(g, &pl[pi]) > 0)
                    .collect()
            })
            .collect();
        let mut owner: Vec<Option<usize>> = vec![None; pred.len()];
        fn augment(
            g: usize,
            edges: &[Vec<usize>],
            owner: &mut [Option<usize>],
            seen: &mut [bool],
        ) -> bool {
            for &p in &edges[g] {
                if seen[p] {
                    continue;
                }
                seen[p] = true;
                if owner[p].is_none_or(|o| augment(o, edges, owner, seen)) {
                    owner[p] = Some(g);
                    return true;
                }
            }
            false
        }
        for g in 0..gold.len() {
            let mut seen = vec![false; pred.len()];
            if augment(g, &edges, &mut owner, &mut seen) {
                t.max_matched += 1;
            }
        }
    }
    t.overlap.gold += gold.len();
    t.overlap.predicted += pred.len();
    t.exact.gold += gold.len();
    t.exact.predicted += pred.len();
    for (gi, g) in gold.iter().enumerate() {
        let Some(pi) = matched_pred[gi] else {
            if opt.show_missed {
                let covered = pl.iter().any(|p| shared(&gl[gi], p) > 0);
                println!(
                    "MISS{} C[{}]  Q[{}]  S[{}]",
                    if covered { "*" } else { " " },
                    show(text, &g.content),
                    show(text, &g.cue),
                    show(text, &g.source)
                );
            }
            continue;
        };
        let p = &pred[pi];
        t.overlap.true_positives += 1;
        if gl[gi] == pl[pi] {
            t.exact.true_positives += 1;
        }
        for (gold_spans, pred_span, acc, what) in [
            (&g.source, p.source, &mut t.source, "SRC"),
            (&g.cue, p.cue, &mut t.cue, "CUE"),
        ] {
            if gold_spans.is_empty() {
                continue;
            }
            acc.2 += 1;
            let gs = letters(text, gold_spans);
            let ps = pred_span.map(|s| letters(text, &[s])).unwrap_or_default();
            // A gold span without letters or digits (the cue ":" or "―") matches a predicted
            // span that overlaps it, exactly when it covers the same characters.
            if gs.is_empty() {
                let trimmed: Vec<Span> = gold_spans
                    .iter()
                    .map(|&g| quotelens::text::trim(text, g))
                    .collect();
                let hit = pred_span
                    .is_some_and(|p| trimmed.iter().any(|g| g.start < p.end && p.start < g.end));
                if hit {
                    acc.0 += 1;
                    if pred_span.is_some_and(|p| {
                        trimmed.len() == 1 && quotelens::text::trim(text, p) == trimmed[0]
                    }) {
                        acc.1 += 1;
                    }
                }
                continue;
            }
            if shared(&gs, &ps) > 0 {
                acc.0 += 1;
                let gcore: Vec<Span> = gold_spans.iter().filter_map(|&s| core(text, s)).collect();
                if letters(text, &gcore) == ps {
                    acc.1 += 1;
                }
            } else if opt.show_source {
                println!(
                    "{what}  gold[{}]  pred[{}]  C[{}]",
                    show(text, gold_spans),
                    pred_span.map(|s| show(text, &[s])).unwrap_or_default(),
                    show(text, &g.content)
                );
            }
        }
    }
    if opt.show_lemmas {
        for (pi, p) in pred.iter().enumerate() {
            println!("LEMMA\t{}\t{}", u8::from(taken[pi]), p.lemma);
        }
    }
    if opt.show_spurious {
        for (pi, p) in pred.iter().enumerate() {
            if !taken[pi] {
                println!(
                    "SPUR  C[{}]  Q[{}]  S[{}]",
                    show(text, &p.content),
                    p.cue.map(|s| show(text, &[s])).unwrap_or_default(),
                    p.source.map(|s| show(text, &[s])).unwrap_or_default()
                );
            }
        }
    }
    for (pi, p) in pred.iter().enumerate() {
        let bucket = if p.in_marks {
            &mut t.in_marks
        } else {
            &mut t.no_marks
        };
        bucket.1 += 1;
        bucket.0 += usize::from(taken[pi]);
        let overlaps = gl.iter().any(|g| shared(g, &pl[pi]) > 0);
        bucket.2 += usize::from(overlaps);
        if !p.in_marks {
            let b = &mut t.by_confidence[((p.confidence * 10.0) as usize).min(9)];
            b.0 += 1;
            b.1 += usize::from(taken[pi]);
            b.2 += usize::from(overlaps);
        }
        if opt.show_false && !taken[pi] {
            let at = p.cue.or(p.content.first().copied()).map_or(0, |s| s.start);
            let sentence = doc
                .sentence_at(at)
                .map(|i| show(text, &[doc.sentences[i].span()]))
                .unwrap_or_default();
            println!(
                "FALSE {}  Q[{}]  S[{}]  C[{}]  IN[{}]",
                if p.in_marks { "marks" } else { "no-marks" },
                p.cue.map(|s| show(text, &[s])).unwrap_or_default(),
                p.source.map(|s| show(text, &[s])).unwrap_or_default(),
                show(text, &p.content),
                sentence
            );
        }
    }
    // Direct quotes: gold direct relations against predicted relations with a marked quote.
    let gd: Vec<usize> = (0..gold.len())
        .filter(|&g| gold_is_direct(text, &gold[g].content))
        .collect();
    let pd: Vec<usize> = (0..pred.len()).filter(|&p| pred[p].marked).collect();
    t.direct.gold += gd.len();
    t.direct.predicted += pd.len();
    let mut dtaken = vec![false; pred.len()];
    for &g in &gd {
        let best = pd
            .iter()
            .filter(|&&p| !dtaken[p])
            .map(|&p| (shared(&gl[g], &pl[p]), p))
            .filter(|&(n, _)| n > 0)
            .max_by_key(|&(n, p)| (n, std::cmp::Reverse(p)));
        if let Some((_, p)) = best {
            dtaken[p] = true;
            t.direct.true_positives += 1;
        } else if opt.show_direct {
            println!("DMISS C[{}]", show(text, &gold[g].content));
        }
    }
    if opt.show_direct {
        for &p in pd.iter().filter(|&&p| !dtaken[p]) {
            println!(
                "DSPUR C[{}]  Q[{}]",
                show(text, &pred[p].content),
                pred[p].cue.map(|s| show(text, &[s])).unwrap_or_default()
            );
        }
    }
}

fn accuracy(label: &str, (ok, exact, n): (usize, usize, usize)) -> String {
    let r = |a: usize| if n == 0 { 1.0 } else { a as f64 / n as f64 };
    format!(
        "{label}  overlap {:.3}  exact {:.3}  ({ok}/{n}, exact {exact}/{n})",
        r(ok),
        r(exact)
    )
}

/// The articles of a split, in file-name order: (text file name, text, first annotation file's
/// content). Articles without an annotation file are skipped.
pub fn articles(dir: &Path) -> Result<Vec<(String, String, String)>, String> {
    let list = |sub: &str| -> Result<Vec<String>, String> {
        let mut names: Vec<String> = std::fs::read_dir(dir.join(sub))
            .map_err(|e| format!("{}: {e}", dir.join(sub).display()))?
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        Ok(names)
    };
    let texts = list("text")?;
    let anns = list("attributions")?;
    let mut out = Vec::new();
    for name in texts.iter().filter(|n| n.ends_with(".txt")) {
        let stem = &name[..name.len() - 4];
        // The first annotation file of this article in sort order.
        let from = anns.partition_point(|a| a.as_str() < stem);
        let Some(ann) = anns[from..]
            .iter()
            .take_while(|a| a.starts_with(stem))
            .find(|a| a.ends_with(".ann"))
        else {
            continue;
        };
        let read = |p: std::path::PathBuf| {
            std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))
        };
        let text = read(dir.join("text").join(name))?;
        let raw = read(dir.join("attributions").join(ann))?;
        out.push((name.clone(), text, raw));
    }
    Ok(out)
}

/// Runs the evaluation: `args[0]` is the split directory; `--missed`, `--spurious` and
/// `--errors` list misses, spurious predictions and wrong sources/cues; `--direct` lists
/// direct-quote misses and spurious ones; `--false` lists every predicted relation the matching
/// finds wrong, with or without marks, with its cue, source, content and sentence.
pub fn run(args: &[String]) -> Result<(), String> {
    let dir = args
        .first()
        .ok_or("usage: eval polnear DIR (e.g. ../shared/data/polnear/dev)")?;
    let opt = Options {
        show_missed: args.iter().any(|a| a == "--missed"),
        show_spurious: args.iter().any(|a| a == "--spurious"),
        show_lemmas: args.iter().any(|a| a == "--lemmas"),
        show_source: args.iter().any(|a| a == "--errors"),
        show_direct: args.iter().any(|a| a == "--direct"),
        show_false: args.iter().any(|a| a == "--false"),
    };
    let mut totals = Totals::default();
    let started = std::time::Instant::now();
    let mut words = 0usize;
    let mut stage_time = std::time::Duration::ZERO;
    let mut attribution_time = std::time::Duration::ZERO;
    for (name, text, raw) in articles(Path::new(dir))? {
        words += text.split_whitespace().count();
        if opt.show_missed
            || opt.show_spurious
            || opt.show_lemmas
            || opt.show_source
            || opt.show_direct
            || opt.show_false
        {
            println!("== {name}");
        }
        score_article(&text, &parse_ann(&raw), &mut totals, &opt);
        totals.articles += 1;
        // The attribution stage's own cost: segmentation, quotes and attribution only.
        let t = std::time::Instant::now();
        let mut doc = quotelens::types::Document::new(&text);
        quotelens::text::segment(&mut doc);
        quotelens::quotes::detect(&mut doc);
        let before = t.elapsed();
        quotelens::attribution::attribute(&mut doc);
        stage_time += t.elapsed();
        attribution_time += t.elapsed() - before;
    }
    let elapsed = started.elapsed();
    println!("PolNeAR attribution: {dir}");
    println!(
        "articles {}  words {}  analysis+scoring {:.0} ms",
        totals.articles,
        words,
        elapsed.as_secs_f64() * 1000.0
    );
    let per_k = |d: std::time::Duration| d.as_secs_f64() * 1000.0 * 1000.0 / words.max(1) as f64;
    println!(
        "per 1,000 words (native): segment+quotes+attribution {:.2} ms, attribution alone {:.2} ms",
        per_k(stage_time),
        per_k(attribution_time)
    );
    println!();
    println!("Matching rules:");
    println!("  predicted relation = quotations (not scare) grouped by shared cue span; content = union of parts");
    println!("  overlap = contents share a letter/digit; one-to-one, greedy in gold order, largest overlap first");
    println!("  exact   = contents cover exactly the same letters/digits (marks, punctuation, spaces ignored)");
    println!(
        "  gold direct = content piece contains, or is bordered by, a double mark \" “ ” „ ‟ « »"
    );
    println!("                or contains '' (the doubled straight single quote of NYT copy)");
    println!(
        "  predicted direct = relation with a quotation (direct or partial) opened or closed by a"
    );
    println!("                     double mark or '' (as for gold)");
    println!("  with/without quotation marks = the predicted relation holds a direct or partial");
    println!("                     quotation / only reported speech; right = overlap-matched");
    println!("  source/cue accuracy over overlap-matched relations whose gold has a source/cue:");
    println!(
        "    overlap = predicted span shares a letter/digit with gold; exact = same letters/digits"
    );
    println!();
    println!("direct quotes (overlap)      {}", totals.direct.line());
    println!("all attributions (overlap)   {}", totals.overlap.line());
    println!("all attributions (exact)     {}", totals.exact.line());
    let precision = |label: &str, (right, all, any): (usize, usize, usize)| {
        println!(
            "{label} P {:.3}  ({right}/{all} right; {:.3} overlap some gold relation)",
            right as f64 / all.max(1) as f64,
            any as f64 / all.max(1) as f64
        );
    };
    precision("  with quotation marks     ", totals.in_marks);
    precision("  without quotation marks  ", totals.no_marks);
    let unsure = (quotelens::view::UNSURE_BELOW * 10.0).round() as usize;
    let sure = totals.by_confidence[unsure..]
        .iter()
        .fold((0, 0, 0), |a, b| (a.0 + b.1, a.1 + b.0, a.2 + b.2));
    precision(
        &format!(
            "    shown by default (≥ {:.2})",
            quotelens::view::UNSURE_BELOW
        ),
        sure,
    );
    println!("  without marks by confidence: predicted, right, overlapping some gold");
    for (i, (all, right, any)) in totals.by_confidence.iter().enumerate() {
        if *all > 0 {
            println!(
                "    [{:.1}, {:.1})  {all:4}  {:.3}  {:.3}",
                i as f64 / 10.0,
                (i + 1) as f64 / 10.0,
                *right as f64 / *all as f64,
                *any as f64 / *all as f64
            );
        }
    }
    println!("{}", accuracy("source accuracy ", totals.source));
    println!("{}", accuracy("cue accuracy    ", totals.cue));
    println!(
        "gold relations overlapping any prediction {:.3}  ({}/{}; the most overlap recall \
         could be with these predictions)",
        totals.covered as f64 / totals.overlap.gold.max(1) as f64,
        totals.covered,
        totals.overlap.gold
    );
    println!(
        "largest one-to-one matching {:.3}  ({}/{}; the greedy matching above finds {})",
        totals.max_matched as f64 / totals.overlap.gold.max(1) as f64,
        totals.max_matched,
        totals.overlap.gold,
        totals.overlap.true_positives
    );
    if totals.invariant_violations > 0 {
        println!(
            "WARNING: {} overlapping or unsorted quotation pairs",
            totals.invariant_violations
        );
    }
    let mut kinds: Vec<_> = totals.kinds.iter().collect();
    kinds.sort();
    println!(
        "predicted quotations by kind: {}",
        kinds
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_multiline_records_discontinuous_spans_and_forward_ids() {
        let ann = "T1\tContent 10 20;30 40\tsome text\nthat continues\nE1\tAttribution:T4 Content:T1 Cue:T2 Source:T3\nE2\t\nT2\tCue 21 25\tsaid\nT3\tSource 0 5\tSmith\nT4\tAttribution 21 25\tsaid\n";
        let rels = parse_ann(ann);
        assert_eq!(rels.len(), 1);
        assert_eq!(rels[0].content, [Span::new(10, 20), Span::new(30, 40)]);
        assert_eq!(rels[0].cue, [Span::new(21, 25)]);
        assert_eq!(rels[0].source, [Span::new(0, 5)]);
    }

    #[test]
    fn gold_direct_needs_a_double_mark() {
        let text = "He said “yes” and it’s fine.";
        let yes = text.find("yes").unwrap();
        let its = text.find("it’s").unwrap();
        assert!(gold_is_direct(text, &[Span::new(yes, yes + 3)]));
        assert!(!gold_is_direct(text, &[Span::new(its, text.len())]));
    }

    #[test]
    fn a_prediction_is_right_when_it_matches_with_its_cue() {
        // ASCII text: code points and bytes agree.
        let text = "Officials said the border would reopen on Monday.";
        let doc = quotelens::analyze_document(text);
        let at = |s: &str| {
            let a = text.find(s).unwrap();
            vec![Span::new(a, a + s.len())]
        };
        let gold = |cue: &str| GoldRelation {
            content: at("the border would reopen on Monday"),
            cue: at(cue),
            source: at("Officials"),
        };
        let said = at("said")[0];
        assert_eq!(cue_outcomes(&doc, &[gold("said")]), [(said, true)]);
        // The same content under another cue: matched, but the cue is wrong.
        assert_eq!(cue_outcomes(&doc, &[gold("Officials")]), [(said, false)]);
        assert_eq!(cue_outcomes(&doc, &[]), [(said, false)]);
    }
}
