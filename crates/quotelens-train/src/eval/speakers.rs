//! Who the shown speaker is, against hand-resolved speakers (`eval speakers FILE`).
//!
//! `FILE` is `speakers/dev.json` or `speakers/train.json` of PolNeAR (layout and scoring rules in
//! its `FORMAT.md`): for every source mention of an article's first `.ann` file, whether it
//! refers to one named entity and the name forms a reader accepts. The texts and annotation
//! files come from the split folder beside it (`../dev` for `dev.json`, `../train` for
//! `train.json`, or `--split DIR`).
//!
//! Rules (printed with the numbers; `docs/eval-speakers.md`):
//!
//! - **Found.** For each gold relation, the predicted quotation (scare quotes excepted) whose
//!   parts share most letters and digits with the gold content is judged; a relation no
//!   quotation overlaps is not found.
//! - **Names compared** after lower-casing, ’ → ', a trailing 's or ' dropped, punctuation other
//!   than `.` and `-` dropped, and a leading "the"/"a"/"an" dropped.
//! - **Named gold** is right when the shown name equals one of the names, is a run of a name's
//!   words ending with its last word ("Clinton" for "Hillary Clinton"), or contains a whole name
//!   ("President Barack Obama").
//! - **Unnamed gold** is right when the speaker is marked anonymous, its name is a run of words
//!   of the literal source mention, or no speaker is shown (no name was invented).
//! - **Kinds** of named relations by the source mention: a pronoun, a name (the mention itself
//!   passes the named rule), or a description (anything else). Direct: the gold content is in
//!   double quotation marks. Ambiguous relations are skipped.

use super::polnear::{self, GoldRelation};
use quotelens::types::{Document, QuoteKind, Span};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// One hand-resolved source mention (see the corpus's FORMAT.md).
#[derive(Debug, Clone, Deserialize)]
pub struct GoldSpeaker {
    /// Start of the source mention (code points).
    pub source_start: usize,
    /// End of the source mention (code points, exclusive).
    pub source_end: usize,
    /// The literal mention.
    pub source_text: String,
    /// Whether it refers to one entity the article names.
    pub named: bool,
    /// The accepted name forms, fullest first.
    #[serde(default)]
    pub names: Vec<String>,
    /// `person`, `org`, `group`, `author` or `other`.
    #[serde(rename = "type", default)]
    pub kind: String,
    /// A mention a careful reader cannot resolve (skipped when scoring).
    #[serde(default)]
    pub ambiguous: bool,
}

/// One article: its file name, text, gold relations (code points) and, parallel to them, the
/// hand-resolved speaker of each relation that has one.
pub struct Article {
    /// The text file's name.
    pub name: String,
    /// The article text.
    pub text: String,
    /// The gold relations, in the order the speakers file counts them.
    pub relations: Vec<GoldRelation>,
    /// The resolved speaker of each relation (`None`: no source, or not listed).
    pub speakers: Vec<Option<GoldSpeaker>>,
}

/// The split folder for a speakers file: `speakers/dev.json` → `dev`.
fn split_dir(file: &Path) -> PathBuf {
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("dev");
    let parent = file.parent().unwrap_or(Path::new("."));
    parent.parent().unwrap_or(Path::new("..")).join(stem)
}

/// Loads the articles listed in a speakers file, with texts and relations from `split`.
/// Relations whose listed source span differs from the annotation file's are counted in the
/// second value (a check that both count relations alike).
pub fn load(file: &Path, split: Option<&Path>) -> Result<(Vec<Article>, usize), String> {
    let raw = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let gold: BTreeMap<String, BTreeMap<String, GoldSpeaker>> =
        serde_json::from_str(&raw).map_err(|e| format!("{}: {e}", file.display()))?;
    let dir = split.map_or_else(|| split_dir(file), Path::to_path_buf);
    let mut out = Vec::new();
    let mut mismatched = 0;
    for (name, text, ann) in polnear::articles(&dir)? {
        let Some(listed) = gold.get(&name) else {
            continue;
        };
        let relations = polnear::parse_ann(&ann);
        let mut speakers = vec![None; relations.len()];
        for (id, sp) in listed {
            let Some(i) = id.strip_prefix('R').and_then(|n| n.parse::<usize>().ok()) else {
                continue;
            };
            let Some(rel) = relations.get(i) else {
                mismatched += 1;
                continue;
            };
            let first = rel.source.iter().map(|s| s.start).min();
            let last = rel.source.iter().map(|s| s.end).max();
            if first != Some(sp.source_start) || last != Some(sp.source_end) {
                mismatched += 1;
            }
            speakers[i] = Some(sp.clone());
        }
        out.push(Article {
            name,
            text,
            relations,
            speakers,
        });
    }
    if out.is_empty() {
        return Err(format!(
            "no article of {} found in {}",
            file.display(),
            dir.display()
        ));
    }
    Ok((out, mismatched))
}

/// A name as the scoring rules compare it: lower case, ’ as ', no trailing 's or ', no
/// punctuation but `.` and `-`, no leading article; its words.
pub fn norm_words(s: &str) -> Vec<String> {
    let mut t = s.to_lowercase().replace('’', "'");
    let trimmed = t.trim_end();
    if let Some(x) = trimmed.strip_suffix("'s") {
        t = x.to_string();
    } else if let Some(x) = trimmed.strip_suffix('\'') {
        t = x.to_string();
    }
    let cleaned: String = t
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '.' || c == '-' || c.is_whitespace() {
                c
            } else {
                ' '
            }
        })
        .collect();
    let mut words: Vec<String> = cleaned.split_whitespace().map(str::to_string).collect();
    if words.len() > 1 && matches!(words[0].as_str(), "the" | "a" | "an") {
        words.remove(0);
    }
    words
}

fn contains_run(hay: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// The named rule: `shown` is one of `names`, a run of a name's words ending with its last
/// word, or contains a whole name.
pub fn name_matches(shown: &str, names: &[String]) -> bool {
    let s = norm_words(shown);
    if s.is_empty() {
        return false;
    }
    names.iter().any(|n| {
        let n = norm_words(n);
        !n.is_empty() && (n.ends_with(&s) || contains_run(&s, &n))
    })
}

/// The unnamed rule: the name shown is a run of words of the literal mention.
pub fn part_of_mention(shown: &str, mention: &str) -> bool {
    contains_run(&norm_words(mention), &norm_words(shown))
}

static PRONOUNS: &[&str] = &[
    "he",
    "him",
    "his",
    "himself",
    "she",
    "her",
    "hers",
    "herself",
    "it",
    "its",
    "itself",
    "they",
    "them",
    "their",
    "theirs",
    "themselves",
    "we",
    "us",
    "our",
    "ours",
    "ourselves",
    "i",
    "me",
    "my",
    "mine",
    "myself",
    "you",
    "your",
    "yours",
    "yourself",
];

/// The kind of a source mention: pronoun, name or description.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MentionKind {
    /// He, she, it, they, we, I, you and their other forms.
    Pronoun,
    /// The mention itself is one of the accepted names (by the named rule).
    Name,
    /// Anything else ("the newspaper", "the director").
    Description,
}

/// Classifies a gold mention.
pub fn mention_kind(sp: &GoldSpeaker) -> MentionKind {
    let w = norm_words(&sp.source_text);
    if w.len() == 1 && PRONOUNS.contains(&w[0].as_str()) {
        MentionKind::Pronoun
    } else if sp.named && name_matches(&sp.source_text, &sp.names) {
        MentionKind::Name
    } else {
        MentionKind::Description
    }
}

/// For each gold relation of `article`, the index of the quotation of `doc` judged for it: the
/// one (scare quotes excepted) whose parts share most letters and digits with its content.
pub fn judged_quotations(doc: &Document, relations: &[GoldRelation]) -> Vec<Option<usize>> {
    let text = doc.text;
    let letters = |spans: &[Span]| -> Vec<usize> {
        let mut v: Vec<usize> = spans
            .iter()
            .filter_map(|s| Some((s.start, text.get(s.start..s.end)?)))
            .flat_map(|(o, t)| {
                t.char_indices()
                    .filter(|(_, c)| c.is_alphanumeric())
                    .map(move |(i, _)| o + i)
            })
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let quotes: Vec<(usize, Vec<usize>)> = doc
        .quotations
        .iter()
        .enumerate()
        .filter(|(_, q)| q.kind != QuoteKind::Scare)
        .map(|(i, q)| (i, letters(q.parts())))
        .collect();
    relations
        .iter()
        .map(|r| {
            let g = letters(&polnear::to_bytes(doc, &r.content));
            let (lo, hi) = (g.first().copied()?, g.last().copied()?);
            quotes
                .iter()
                .filter(|(_, l)| l.last().is_some_and(|&e| e >= lo) && l[0] <= hi)
                .map(|(i, l)| (polnear::shared(&g, l), *i))
                .filter(|&(n, _)| n > 0)
                .max_by_key(|&(n, i)| (n, std::cmp::Reverse(i)))
                .map(|(_, i)| i)
        })
        .collect()
}

/// Whether the speaker shown for a quotation is right for `gold`: (name shown, anonymous)
/// or `None` when no speaker is shown.
pub fn judge(shown: Option<(&str, bool)>, gold: &GoldSpeaker) -> bool {
    if gold.named {
        shown.is_some_and(|(name, _)| name_matches(name, &gold.names))
    } else {
        shown.is_none_or(|(name, anonymous)| anonymous || part_of_mention(name, &gold.source_text))
    }
}

/// Which of a mention's candidates are right for `gold`: an entity whose name or an alias is
/// one of the gold names; the rules' own name when the scoring rules accept it; *unnamed* for
/// an unnamed source. (What `train-speakers` learns from, and `--ceiling` counts.)
pub fn right_candidates(
    doc: &Document,
    q: usize,
    cands: &[quotelens::speakers::Candidate],
    gold: &GoldSpeaker,
) -> Vec<bool> {
    use quotelens::speakers::Target;
    let sp = doc.quotations[q].speaker.as_ref();
    cands
        .iter()
        .map(|c| match c.target {
            Target::Entity(e) => {
                let ent = &doc.entities[e];
                let body =
                    sp.and_then(|s| quotelens::speakers::possessed_body(doc.slice(s.mention)));
                gold.named
                    && std::iter::once(&ent.name)
                        .chain(&ent.aliases)
                        .any(|n| match body {
                            Some((_, b)) => {
                                name_matches(&quotelens::speakers::body_name(n, b), &gold.names)
                            }
                            None => name_matches(n, &gold.names),
                        })
            }
            Target::Keep => sp.is_some_and(|s| judge(Some((&s.name, s.anonymous)), gold)),
            // Only for a named body: for an unnamed source the mention is right as *unnamed*.
            Target::Phrase => {
                gold.named
                    && sp.is_some_and(|s| {
                        let m = doc.slice(s.mention);
                        quotelens::speakers::phrase_name(m)
                            .is_some_and(|p| name_matches(p, &gold.names))
                    })
            }
            Target::Unnamed => !gold.named,
        })
        .collect()
}

/// Right and judged counts.
#[derive(Debug, Default, Clone, Copy)]
struct Acc(usize, usize);

impl Acc {
    fn add(&mut self, right: bool) {
        self.0 += usize::from(right);
        self.1 += 1;
    }
    fn line(&self) -> String {
        format!(
            "{:.3}  ({}/{})",
            self.0 as f64 / self.1.max(1) as f64,
            self.0,
            self.1
        )
    }
}

/// The measures of one run.
#[derive(Debug, Default)]
struct Measures {
    named: Acc,
    name: Acc,
    pronoun: Acc,
    description: Acc,
    direct: Acc,
    unnamed: Acc,
    named_found: Acc,
    /// Judged relations whose speaker mention overlaps the gold source mention.
    mention: Acc,
    /// Of the wrong ones, those whose speaker mention does not overlap the gold source.
    missed_mention: Acc,
    /// (confidence, right) of every judged named or unnamed relation.
    confidence: Vec<(f32, bool)>,
    by_resolution: BTreeMap<&'static str, Acc>,
}

/// `--ceiling`: how many judged relations have a right candidate at all (the most the ranker
/// could get right), by kind; with `--errors`, those without one and their candidates.
fn ceiling(articles: &[Article], errors: bool) {
    let mut by: BTreeMap<String, Acc> = BTreeMap::new();
    for art in articles {
        let doc = quotelens::analyze_before_speakers(&art.text);
        let judged = judged_quotations(&doc, &art.relations);
        let cx = quotelens::speakers::Context::new(&doc);
        for (i, gold) in art.speakers.iter().enumerate() {
            let (Some(gold), Some(q)) = (gold, judged[i]) else {
                continue;
            };
            if gold.ambiguous {
                continue;
            }
            let kind = if gold.named {
                format!("{:?}", mention_kind(gold))
            } else {
                "Unnamed".to_string()
            };
            let cands = quotelens::speakers::candidates(
                &cx,
                q,
                &quotelens::speakers::History::default(),
                false,
            );
            let ok = right_candidates(&doc, q, &cands, gold).contains(&true);
            by.entry(kind.clone()).or_default().add(ok);
            if errors && !ok {
                let sp = doc.quotations[q].speaker.as_ref();
                let shown: Vec<String> = cands
                    .iter()
                    .map(|c| match c.target {
                        quotelens::speakers::Target::Entity(e) => doc.entities[e].name.clone(),
                        quotelens::speakers::Target::Keep => {
                            format!("keep:{}", sp.map_or("", |s| s.name.as_str()))
                        }
                        quotelens::speakers::Target::Phrase => "phrase".to_string(),
                        quotelens::speakers::Target::Unnamed => "unnamed".to_string(),
                    })
                    .collect();
                println!(
                    "NOCAND {} R{i} [{kind}] mention {:?} predicted {:?} gold {:?} candidates {:?}",
                    art.name,
                    gold.source_text,
                    sp.map_or("(no speaker)", |s| doc.slice(s.mention)),
                    gold.names,
                    shown
                );
            }
        }
    }
    println!("judged relations with a right candidate (the ranker's ceiling):");
    for (k, a) in &by {
        println!("  {k:<12} {}", a.line());
    }
}

/// Prints, for every source mention of one article, its candidates best first with their
/// scores and the weighted features behind them (`--explain NAME`: why the ranker chose).
fn explain(art: &Article) {
    explain_text(&art.text, Some(art));
}

/// [`explain`] for any text; with `art`, the gold speakers are printed too.
pub fn explain_text(text: &str, art: Option<&Article>) {
    let doc = quotelens::analyze_before_speakers(text);
    let model = quotelens::speakers::model();
    let gold_of: HashMap<usize, &GoldSpeaker> = match art {
        Some(art) => judged_quotations(&doc, &art.relations)
            .iter()
            .zip(&art.speakers)
            .filter_map(|(q, g)| Some(((*q)?, g.as_ref()?)))
            .collect(),
        None => HashMap::new(),
    };
    quotelens::speakers::decide(&doc, true, |q, cands| {
        let scores: Vec<f32> = cands.iter().map(|c| model.score(&c.feats)).collect();
        let p = quotelens::speakers::probabilities(&scores, model.temperature);
        let sp = doc.quotations[q].speaker.as_ref();
        let gold = gold_of.get(&q);
        println!(
            "\n#{q} mention {:?} rules {:?} gold {}",
            sp.map_or("", |s| doc.slice(s.mention)),
            sp.map_or("", |s| s.name.as_str()),
            gold.map_or("-".to_string(), |g| if g.named {
                format!("{:?}", g.names)
            } else {
                "unnamed".to_string()
            })
        );
        let mut order: Vec<usize> = (0..cands.len()).collect();
        order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
        for &i in order.iter().take(4) {
            let c = &cands[i];
            let what = match c.target {
                quotelens::speakers::Target::Entity(e) => doc.entities[e].name.clone(),
                t => format!("{t:?}"),
            };
            let mut fs: Vec<(f32, &str)> = c
                .feats
                .iter()
                .zip(&c.names)
                .map(|(f, n)| (model.weights.get(f).copied().unwrap_or(0.0), n.as_str()))
                .filter(|(w, _)| *w != 0.0)
                .collect();
            fs.sort_by(|a, b| b.0.abs().total_cmp(&a.0.abs()));
            let fs: Vec<String> = fs
                .iter()
                .take(10)
                .map(|(w, n)| format!("{n}:{w:.2}"))
                .collect();
            println!("  {:.2} {:<28} {}", p[i], what, fs.join(" "));
        }
        let best = quotelens::speakers::best_candidate(cands, &scores);
        (best, p[best])
    });
}

/// Runs `eval speakers FILE [--split DIR] [--errors] [--ceiling] [--explain NAME]`, or
/// `eval speakers TEXT_FILE --text` (the ranker's candidates for any text).
pub fn run(args: &[String]) -> Result<(), String> {
    let file = args
        .first()
        .filter(|a| !a.starts_with("--"))
        .ok_or("usage: eval speakers FILE [--split DIR] [--errors] (e.g. ../shared/data/polnear/speakers/dev.json)")?;
    let split = args
        .iter()
        .position(|a| a == "--split")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);
    let errors = args.iter().any(|a| a == "--errors");
    if args.iter().any(|a| a == "--text") {
        let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
        explain_text(&text, None);
        return Ok(());
    }
    let (articles, mismatched) = load(Path::new(file), split.as_deref())?;
    if args.iter().any(|a| a == "--ceiling") {
        ceiling(&articles, errors);
        return Ok(());
    }
    if let Some(name) = args
        .iter()
        .position(|a| a == "--explain")
        .and_then(|i| args.get(i + 1))
    {
        let art = articles
            .iter()
            .find(|a| a.name.contains(name.as_str()))
            .ok_or_else(|| format!("no article named like {name:?}"))?;
        explain(art);
        return Ok(());
    }
    let mut m = Measures::default();
    let mut skipped = 0;
    for art in &articles {
        let doc = quotelens::analyze_document(&art.text);
        let judged = judged_quotations(&doc, &art.relations);
        for (i, (rel, gold)) in art.relations.iter().zip(&art.speakers).enumerate() {
            let Some(gold) = gold else { continue };
            if gold.ambiguous {
                skipped += 1;
                continue;
            }
            let Some(q) = judged[i] else {
                if gold.named {
                    m.named_found.add(false);
                }
                continue;
            };
            let sp = doc.quotations[q].speaker.as_ref();
            let shown = sp.map(|s| (s.name.as_str(), s.anonymous));
            let right = judge(shown, gold);
            let gold_mention = Span::new(
                doc.offsets.char_to_byte(gold.source_start),
                doc.offsets.char_to_byte(gold.source_end),
            );
            let mention_ok = sp.is_some_and(|s| s.mention.overlaps(gold_mention));
            m.mention.add(mention_ok);
            if !right {
                m.missed_mention.add(!mention_ok);
            }
            let resolved_by = sp.map_or("none", |s| s.resolved_by.as_str());
            m.by_resolution.entry(resolved_by).or_default().add(right);
            if let Some(s) = sp {
                m.confidence.push((s.confidence(), right));
            }
            if gold.named {
                m.named_found.add(true);
                m.named.add(right);
                match mention_kind(gold) {
                    MentionKind::Pronoun => m.pronoun.add(right),
                    MentionKind::Name => m.name.add(right),
                    MentionKind::Description => m.description.add(right),
                }
                let text = &art.text;
                if polnear::gold_is_direct(text, &polnear::to_bytes(&doc, &rel.content)) {
                    m.direct.add(right);
                }
            } else {
                m.unnamed.add(right);
            }
            if errors && !right {
                let content = doc.slice(doc.quotations[q].span);
                let short: String = content.chars().take(70).collect();
                println!(
                    "MISS {} R{i} [{}]{} mention {:?} gold {} shown {} by {} ({:.2}) | {}",
                    art.name,
                    if gold.named {
                        format!("{:?}", mention_kind(gold))
                    } else {
                        "Unnamed".to_string()
                    },
                    match sp {
                        None => " NO-SPEAKER",
                        Some(_) if !mention_ok => {
                            " OTHER-MENTION"
                        }
                        Some(_) => "",
                    },
                    gold.source_text,
                    if gold.named {
                        format!("{:?}", gold.names)
                    } else {
                        format!("unnamed {}", gold.kind)
                    },
                    sp.map_or("(none)".to_string(), |s| format!(
                        "{:?}{}",
                        s.name,
                        if s.anonymous { " anonymous" } else { "" }
                    )),
                    resolved_by,
                    sp.map_or(0.0, |s| s.confidence()),
                    short.replace('\n', " ")
                );
            }
        }
    }
    println!("PolNeAR speakers: {file}");
    println!(
        "articles {}  relations with a resolved source {}  ambiguous skipped {skipped}{}",
        articles.len(),
        articles
            .iter()
            .map(|a| a.speakers.iter().flatten().count())
            .sum::<usize>(),
        if mismatched > 0 {
            format!("  WARNING: {mismatched} listed source spans differ from the .ann files")
        } else {
            String::new()
        }
    );
    println!();
    println!("Matching rules:");
    println!("  judged quotation = the one (not scare) sharing most letters/digits with the gold content");
    println!("  names compared lower-cased, ’→', trailing 's/' and a leading the/a/an dropped,");
    println!("    punctuation other than . and - dropped");
    println!("  named: shown name is a listed name, a run of its words ending with its last word,");
    println!("    or contains a whole name");
    println!("  unnamed: speaker marked anonymous, or its name is part of the literal mention, or no speaker");
    println!("  kinds (named): pronoun | name (the mention passes the named rule) | description");
    println!();
    println!("named, right on found        {}", m.named.line());
    println!("  source is a name           {}", m.name.line());
    println!("  source is a pronoun        {}", m.pronoun.line());
    println!("  source is a description    {}", m.description.line());
    println!("  direct quotes              {}", m.direct.line());
    println!("unnamed, no name invented    {}", m.unnamed.line());
    println!("named relations found        {}", m.named_found.line());
    println!(
        "speaker mention is the gold source mention (overlap), all judged {}",
        m.mention.line()
    );
    println!(
        "  of the wrong ones: another mention or none {}",
        m.missed_mention.line()
    );
    println!();
    println!("by resolution (all judged, named and unnamed):");
    for (k, a) in &m.by_resolution {
        println!("  {k:<13} {}", a.line());
    }
    println!("calibration (all judged with a speaker):");
    let bands = [(0.9, 1.01), (0.8, 0.9), (0.6, 0.8), (0.0, 0.6)];
    for (lo, hi) in bands {
        let mut a = Acc::default();
        for &(c, r) in &m.confidence {
            if c >= lo && c < hi {
                a.add(r);
            }
        }
        println!("  confidence {lo:.1}–{:.1}     {}", hi.min(1.0), a.line());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn names_match_by_the_format_rules() {
        let n = names(&["Hillary Clinton", "Clinton"]);
        assert!(name_matches("Clinton", &n));
        assert!(name_matches("Hillary Clinton’s", &n));
        assert!(name_matches("Former Secretary Hillary Clinton", &n));
        assert!(!name_matches("Hillary", &n));
        assert!(!name_matches("Bill Clinton", &names(&["Hillary Clinton"])));
        assert!(name_matches(
            "the Post",
            &names(&["The New York Post", "The Post"])
        ));
        assert!(!name_matches("", &n));
    }

    #[test]
    fn unnamed_sources_are_right_without_an_invented_name() {
        let g = GoldSpeaker {
            source_start: 0,
            source_end: 9,
            source_text: "senior officials".into(),
            named: false,
            names: vec![],
            kind: "group".into(),
            ambiguous: false,
        };
        assert!(judge(Some(("officials", false)), &g));
        assert!(judge(Some(("Kabul", true)), &g));
        assert!(judge(None, &g));
        assert!(!judge(Some(("Donald Trump", false)), &g));
    }

    #[test]
    fn mention_kinds() {
        let g = |t: &str, named: bool| GoldSpeaker {
            source_start: 0,
            source_end: 0,
            source_text: t.into(),
            named,
            names: names(&["Donald Trump"]),
            kind: "person".into(),
            ambiguous: false,
        };
        assert_eq!(mention_kind(&g("He", true)), MentionKind::Pronoun);
        assert_eq!(mention_kind(&g("Trump’s", true)), MentionKind::Name);
        // "Mr. Trump" is neither a listed name nor a run ending a name: a description.
        assert_eq!(
            mention_kind(&g("Mr. Trump", true)),
            MentionKind::Description
        );
        assert_eq!(
            mention_kind(&g("the Republican nominee", true)),
            MentionKind::Description
        );
    }
}
