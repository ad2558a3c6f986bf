//! The reading view's model: the text cut into lines, each line into segments (inside one
//! quotation or outside all), each segment into pieces (inside one entity mention or not).
//! Plain Rust with no web dependencies, so the layout is tested natively and the yew components
//! only turn it into elements: a segment with a quote becomes one `<mark>`, a piece with an
//! entity one `<span>` inside it.
//!
//! Ranges are byte ranges into the text (for slicing) plus UTF-16 ranges on segments (what the
//! DOM and the browser tests measure), all derived from the contract's code-point offsets
//! through [`OffsetMap`], the one conversion layer.

use crate::contract::{Analysis, Kind, Quote};
use crate::offsets::OffsetMap;
use std::collections::HashMap;

/// A run of text inside at most one entity mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Byte range in the text.
    pub bytes: (usize, usize),
    /// The entity mentioned here, by id.
    pub entity: Option<usize>,
    /// The quotation whose loaded cue this is ("claimed", "slammed"), by id.
    pub loaded_cue: Option<usize>,
}

/// A run of text inside one quotation, or outside all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Byte range in the text.
    pub bytes: (usize, usize),
    /// UTF-16 range in the text.
    pub utf16: (usize, usize),
    /// The quotation, by id.
    pub quote: Option<usize>,
    /// True on the segment that ends its quotation (where a speaker label goes).
    pub ends_quote: bool,
    /// The pieces, in order, covering `bytes` exactly.
    pub pieces: Vec<Piece>,
}

/// One line of the text (a paragraph, in most articles).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Byte range of the line, without its line break.
    pub bytes: (usize, usize),
    /// The segments; empty for a blank line.
    pub segments: Vec<Segment>,
}

/// Sorted, non-overlapping byte ranges tagged with an id, walked line by line.
struct Ranges {
    items: Vec<(usize, usize, usize)>,
    next: usize,
}

impl Ranges {
    fn new(mut items: Vec<(usize, usize, usize)>) -> Self {
        items.retain(|(s, e, _)| s < e);
        items.sort_unstable();
        // Drop anything that overlaps an earlier range (the contract says quotes never overlap;
        // mentions should not either, but the view must not break if they do).
        let mut end = 0;
        items.retain(|&(s, e, _)| {
            let keep = s >= end;
            if keep {
                end = e;
            }
            keep
        });
        Ranges { items, next: 0 }
    }

    /// Adds `more` ranges with ids above every id here; one that overlaps an earlier range
    /// is dropped (at equal spans the smaller id stays).
    fn add(&mut self, more: impl Iterator<Item = (usize, usize, usize)>) {
        let mut items = std::mem::take(&mut self.items);
        items.extend(more);
        *self = Ranges::new(items);
    }

    /// The ranges that intersect `[start, end)`, clipped to it.
    fn within(&mut self, start: usize, end: usize) -> Vec<(usize, usize, usize)> {
        while self.next < self.items.len() && self.items[self.next].1 <= start {
            self.next += 1;
        }
        let mut out = Vec::new();
        let mut i = self.next;
        while i < self.items.len() && self.items[i].0 < end {
            let (s, e, id) = self.items[i];
            out.push((s.max(start), e.min(end), id));
            i += 1;
        }
        out
    }
}

/// Cuts `text` into lines, segments and pieces following the quote parts and entity mentions
/// in `analysis`. Concatenating every piece of every line, with the line breaks between lines,
/// gives back `text`.
pub fn layout(text: &str, map: &OffsetMap, analysis: &Analysis) -> Vec<Line> {
    let to_bytes = |s: usize, e: usize| (map.char_to_byte(s), map.char_to_byte(e));
    let mut quotes = Ranges::new(
        analysis
            .quotes
            .iter()
            .flat_map(|q| {
                q.parts.iter().map(move |p| {
                    let (s, e) = to_bytes(p.start, p.end);
                    (s, e, q.id)
                })
            })
            .collect(),
    );
    // Where each quotation's last part ends (one pass; parts are sorted).
    let mut quote_ends: HashMap<usize, usize> = HashMap::with_capacity(analysis.quotes.len());
    for &(_, e, id) in &quotes.items {
        quote_ends.insert(id, e);
    }
    let mut mentions = Ranges::new(
        analysis
            .entities
            .iter()
            .flat_map(|ent| {
                ent.mentions.iter().map(move |m| {
                    let (s, e) = to_bytes(m.start, m.end);
                    (s, e, ent.id)
                })
            })
            .collect(),
    );
    // Loaded cues share the pieces' layer with the mentions (a cue is seldom inside one; when
    // it is, the mention wins), told apart by an id past every entity's.
    let cue_base = analysis.entities.len();
    mentions.add(analysis.quotes.iter().filter_map(|q| {
        let c = q.cue.as_ref().filter(|c| c.loaded.is_some())?;
        let (s, e) = to_bytes(c.start, c.end);
        Some((s, e, cue_base + q.id))
    }));
    let mut lines = Vec::new();
    let mut pos = 0;
    for raw in text.split_inclusive('\n') {
        let start = pos;
        pos += raw.len();
        let end = start + raw.trim_end_matches(['\n', '\r']).len();
        let mut segments = Vec::new();
        let mut cursor = start;
        for (s, e, id) in quotes.within(start, end) {
            if s > cursor {
                segments.push(segment(
                    map,
                    &mut mentions,
                    cue_base,
                    cursor,
                    s,
                    None,
                    false,
                ));
            }
            let ends = quote_ends.get(&id) == Some(&e);
            segments.push(segment(map, &mut mentions, cue_base, s, e, Some(id), ends));
            cursor = e;
        }
        if cursor < end {
            segments.push(segment(
                map,
                &mut mentions,
                cue_base,
                cursor,
                end,
                None,
                false,
            ));
        }
        lines.push(Line {
            bytes: (start, end),
            segments,
        });
    }
    lines
}

fn segment(
    map: &OffsetMap,
    mentions: &mut Ranges,
    cue_base: usize,
    start: usize,
    end: usize,
    quote: Option<usize>,
    ends_quote: bool,
) -> Segment {
    let mut pieces = Vec::new();
    let mut cursor = start;
    for (s, e, id) in mentions.within(start, end) {
        if s > cursor {
            pieces.push(Piece {
                bytes: (cursor, s),
                entity: None,
                loaded_cue: None,
            });
        }
        pieces.push(Piece {
            bytes: (s, e),
            entity: (id < cue_base).then_some(id),
            loaded_cue: id.checked_sub(cue_base),
        });
        cursor = e;
    }
    if cursor < end {
        pieces.push(Piece {
            bytes: (cursor, end),
            entity: None,
            loaded_cue: None,
        });
    }
    Segment {
        bytes: (start, end),
        utf16: (map.byte_to_utf16(start), map.byte_to_utf16(end)),
        quote,
        ends_quote,
        pieces,
    }
}

/// Colour slots for speakers, in order of first appearance: each named speaker gets the next
/// slot of a palette of `slots` colours (cycling); unattributed quotes get none.
pub fn speaker_slots(analysis: &Analysis, slots: usize) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    for q in &analysis.quotes {
        if let Some(s) = &q.speaker {
            let n = out.len();
            out.entry(s.name.clone()).or_insert(n % slots.max(1));
        }
    }
    out
}

/// Words quoted from one speaker (share of voice).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Voice {
    /// The speaker's resolved name; empty for unattributed quotations.
    pub name: String,
    /// True for unnamed sources.
    pub anonymous: bool,
    /// Words in their quotations (direct, partial and indirect; scare quotes have no voice).
    pub words: usize,
    /// How many quotations.
    pub quotes: usize,
}

/// Share of voice: words quoted per speaker, most first, with unattributed quotations as one
/// entry with an empty name. Scare quotes are left out: nobody speaks in them; so is unsure
/// reported speech ([`is_unsure_speech`]) unless `include_unsure`.
pub fn share_of_voice(analysis: &Analysis, include_unsure: bool) -> Vec<Voice> {
    let mut voices: Vec<Voice> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for q in &analysis.quotes {
        if q.kind == crate::contract::Kind::Scare || (!include_unsure && is_unsure_speech(q)) {
            continue;
        }
        let (name, anonymous) = q
            .speaker
            .as_ref()
            .map_or(("", false), |s| (s.name.as_str(), s.anonymous));
        let i = *index.entry(name).or_insert_with(|| {
            voices.push(Voice {
                name: name.to_string(),
                anonymous,
                words: 0,
                quotes: 0,
            });
            voices.len() - 1
        });
        voices[i].words += q.text.split_whitespace().count();
        voices[i].quotes += 1;
    }
    voices.sort_by(|a, b| b.words.cmp(&a.words).then_with(|| a.name.cmp(&b.name)));
    voices
}

/// The short label shown after a quotation: a person's last name ("Qureshi"), otherwise the
/// whole name, shortened to about 24 characters ("Foreign Office", "Diplomatic sources");
/// "?" when nobody was found.
pub fn speaker_label(analysis: &Analysis, q: &Quote) -> String {
    let Some(s) = &q.speaker else {
        return "?".to_string();
    };
    let person = match s.entity.and_then(|e| analysis.entities.get(e)) {
        Some(e) => e.entity_type == "PERSON",
        // Not linked to an entity: a name of capitalised words reads as a person's.
        None => {
            !s.anonymous
                && s.name.split_whitespace().count() <= 3
                && s.name
                    .split_whitespace()
                    .all(|w| w.chars().next().is_some_and(char::is_uppercase))
                && !s.name.starts_with("The ")
        }
    };
    if person {
        return s.name.split_whitespace().last().unwrap_or("?").to_string();
    }
    const MAX: usize = 24;
    if s.name.chars().count() <= MAX {
        return s.name.clone();
    }
    let cut: String = s.name.chars().take(MAX - 1).collect();
    format!("{}…", cut.trim_end())
}

pub use crate::types::UNSURE_BELOW;

/// The tooltip of a loaded cue of class `class` ("doubt"): the class and why a style desk
/// flags its verbs (from `models/loaded-cues.tsv`).
pub fn loaded_tip(class: &str) -> String {
    let why = crate::types::Loaded::from_name(class)
        .map(|c| crate::sourcing::loaded::table().reason(c))
        .unwrap_or_default();
    format!("Loaded attribution verb — {class}. {why}")
}

/// True for reported speech below [`UNSURE_BELOW`].
pub fn is_unsure_speech(q: &Quote) -> bool {
    q.kind == crate::contract::Kind::Indirect && q.confidence < UNSURE_BELOW
}

/// Below this confidence a speaker is marked uncertain in the app: worth checking.
pub const UNCERTAIN_BELOW: f64 = 0.6;

/// True when the quotation's speaker was resolved with a confidence below
/// [`UNCERTAIN_BELOW`].
pub fn is_uncertain(q: &Quote) -> bool {
    q.speaker
        .as_ref()
        .is_some_and(|s| s.confidence < UNCERTAIN_BELOW)
}

/// How the speaker was found, as a reader checks it: the mention and what it was resolved to
/// ("he → Tahir Andrabi, pronoun, 84 % sure"; "continues the quote before: Tahir Andrabi";
/// "officials (unnamed source)"). `text` is the analysed text.
pub fn speaker_chain(text: &str, map: &OffsetMap, q: &Quote) -> String {
    let Some(s) = &q.speaker else {
        return "speaker unknown".to_string();
    };
    let mention = crate::contract::slice_chars(text, map, s.start, s.end)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let sure = format!("{:.0} % sure", s.confidence * 100.0);
    match s.resolved_by.as_str() {
        "continuation" => format!(
            "{} (continues the quotation before, “{mention}”; {sure})",
            s.name
        ),
        "none" if s.anonymous => format!("{} (unnamed source; {sure})", s.name),
        "none" => format!("{mention} (not resolved to a name; {sure})"),
        "name" if mention == s.name => format!("{} (named; {sure})", s.name),
        how => format!("{mention} → {} ({how}; {sure})", s.name),
    }
}

/// The tooltip and accessible label of a quotation: kind, the speaker chain, the cue, and
/// whether the quote was left open.
pub fn describe_quote(text: &str, map: &OffsetMap, q: &Quote) -> String {
    let kind = crate::contract::kind_name(q.kind);
    let cue = q
        .cue
        .as_ref()
        .map(|c| match &c.loaded {
            Some(class) => format!(", cue “{}”, a loaded verb ({class})", c.text),
            None => format!(", cue “{}”", c.text),
        })
        .unwrap_or_default();
    let open = if q.closed { "" } else { ", never closed" };
    let check = if is_uncertain(q) {
        " — uncertain speaker, check it"
    } else {
        ""
    };
    let unsure = if is_unsure_speech(q) {
        format!(
            " — unsure this reports speech at all ({:.0} % sure)",
            q.confidence * 100.0
        )
    } else {
        String::new()
    };
    format!(
        "{kind} quotation — {}{cue}{open}{check}{unsure}",
        speaker_chain(text, map, q)
    )
}

/// True when `b` continues the report that `a` belongs to: reported speech and the quoted
/// words inside it, split at the quotation marks (`Kabul remained` + “committed to dialogue”),
/// share one cue and follow each other with at most a mark and a space between them, or a
/// dropped glue word ("and") and the marks around it.
fn continues_report(a: &Quote, b: &Quote) -> bool {
    let same_cue =
        matches!((&a.cue, &b.cue), (Some(x), Some(y)) if (x.start, x.end) == (y.start, y.end));
    let piece = |q: &Quote| matches!(q.kind, Kind::Indirect | Kind::Partial);
    same_cue && piece(a) && piece(b) && b.start >= a.end && b.start - a.end <= REPORT_GAP
}

/// Most code points between two pieces of one report (" and “" is 6).
const REPORT_GAP: usize = 8;

/// The quotations of one speaker (in text order) as list entries: a quotation on its own, or
/// the pieces of one report together (see `continues_report`; a run of quoted words without
/// reported speech around them stays one entry per quotation).
pub fn report_entries<'a>(quotes: &[&'a Quote]) -> Vec<Vec<&'a Quote>> {
    let mut out: Vec<Vec<&'a Quote>> = Vec::new();
    let mut run: Vec<&'a Quote> = Vec::new();
    let flush = |run: &mut Vec<&'a Quote>, out: &mut Vec<Vec<&'a Quote>>| {
        if run.iter().any(|q| q.kind == Kind::Indirect) {
            out.push(std::mem::take(run));
        } else {
            out.extend(run.drain(..).map(|q| vec![q]));
        }
    };
    for &q in quotes {
        if !run.last().is_some_and(|p| continues_report(p, q)) {
            flush(&mut run, &mut out);
        }
        run.push(q);
    }
    flush(&mut run, &mut out);
    out
}

/// An entry's text as a reader should see it: reported speech plain, the speaker's own words
/// in quotation marks, the pieces joined by a space (or " … " where words were left out).
pub fn entry_text(entry: &[&Quote]) -> String {
    let mut s = String::new();
    for (i, q) in entry.iter().enumerate() {
        if i > 0 {
            let gap = q.start.saturating_sub(entry[i - 1].end);
            s.push_str(if gap <= 3 { " " } else { " … " });
        }
        if q.kind == Kind::Indirect {
            s.push_str(q.text.trim());
        } else {
            s.push('“');
            s.push_str(q.text.trim());
            s.push('”');
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speaker_labels() {
        let a = crate::analyze(
            "Foreign Office spokesperson Nadia Qureshi said the talks had stalled. \
             The Ministry of Commerce said it was monitoring the situation. \
             Diplomatic sources said a fourth round was being arranged.",
        );
        let label_of = |start: &str| {
            let q = a
                .quotes
                .iter()
                .find(|q| q.text.starts_with(start))
                .expect("a quotation");
            speaker_label(&a, q)
        };
        assert_eq!(label_of("the talks"), "Qureshi");
        // The entity's name, as the speaker stage resolves the mention to the entity.
        assert_eq!(label_of("it was monitoring"), "Ministry of Commerce");
        assert_eq!(label_of("a fourth round"), "Diplomatic sources");
    }

    fn texts(text: &str, analysis: &Analysis) -> Vec<Vec<(String, Option<usize>)>> {
        let map = OffsetMap::new(text);
        layout(text, &map, analysis)
            .into_iter()
            .map(|l| {
                l.segments
                    .into_iter()
                    .map(|s| (text[s.bytes.0..s.bytes.1].to_string(), s.quote))
                    .collect()
            })
            .collect()
    }

    fn joined(text: &str, analysis: &Analysis) -> String {
        let map = OffsetMap::new(text);
        layout(text, &map, analysis)
            .iter()
            .map(|l| {
                l.segments
                    .iter()
                    .flat_map(|s| s.pieces.iter())
                    .map(|p| &text[p.bytes.0..p.bytes.1])
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn no_entities(text: &str) -> Analysis {
        let mut a = crate::analyze(text);
        a.entities.clear();
        a
    }

    #[test]
    fn segments_follow_quotes_and_keep_all_text() {
        let text = "“We will not back down,” Andrabi said.\n\nNo quotes here.";
        let a = no_entities(text);
        let lines = texts(text, &a);
        assert_eq!(
            lines[0],
            [
                ("“".to_string(), None),
                ("We will not back down,".to_string(), Some(0)),
                ("” Andrabi said.".to_string(), None),
            ]
        );
        assert!(lines[1].is_empty());
        assert_eq!(lines[2], [("No quotes here.".to_string(), None)]);
        assert_eq!(joined(text, &a), text);
    }

    #[test]
    fn multi_paragraph_quote_is_one_id_and_ends_once() {
        let text = "“First part.\n“Second part.”\nAfter.";
        let a = no_entities(text);
        let map = OffsetMap::new(text);
        let lines = layout(text, &map, &a);
        let quoted: Vec<&Segment> = lines
            .iter()
            .flat_map(|l| &l.segments)
            .filter(|s| s.quote == Some(0))
            .collect();
        assert_eq!(quoted.len(), 2);
        assert!(!quoted[0].ends_quote && quoted[1].ends_quote);
    }

    #[test]
    fn entity_pieces_split_inside_and_outside_quotes() {
        let text = "“Pakistan wants peace,” Qureshi said.";
        let mut a = no_entities(text);
        // Built from JSON with only the required fields, so additive contract fields fit.
        a.entities = serde_json::from_str(
            r#"[{"id": 0, "name": "Pakistan", "type": "GPE", "aliases": [], "mentions": [{"start": 1, "end": 9}]},
                {"id": 1, "name": "Qureshi", "type": "PERSON", "aliases": [], "mentions": [{"start": 24, "end": 31}]}]"#,
        )
        .unwrap();
        let map = OffsetMap::new(text);
        let lines = layout(text, &map, &a);
        let seg = &lines[0].segments;
        assert_eq!(seg[1].quote, Some(0));
        let quoted_pieces: Vec<(&str, Option<usize>)> = seg[1]
            .pieces
            .iter()
            .map(|p| (&text[p.bytes.0..p.bytes.1], p.entity))
            .collect();
        assert_eq!(
            quoted_pieces,
            [("Pakistan", Some(0)), (" wants peace,", None)]
        );
        assert!(seg[2].pieces.iter().any(|p| p.entity == Some(1)));
        assert_eq!(joined(text, &a), text);
    }

    #[test]
    fn utf16_ranges_count_emoji_as_two_units() {
        let text = "🙂 “yes” 🙂";
        let a = no_entities(text);
        let map = OffsetMap::new(text);
        let lines = layout(text, &map, &a);
        let quoted = lines[0]
            .segments
            .iter()
            .find(|s| s.quote.is_some())
            .unwrap();
        assert_eq!(quoted.utf16, (4, 7), "🙂 is 2 units, space 1, “ 1");
    }

    #[test]
    fn share_of_voice_counts_words_and_skips_scare_quotes() {
        let mut a =
            no_entities("“One two three,” he said. “Four five,” she said. The “so-called” deal.");
        let speakers = [Some(("Ann Lee", false)), Some(("an official", true))];
        for (q, s) in a.quotes.iter_mut().zip(speakers) {
            q.speaker = s.map(|(n, anon)| crate::contract::Speaker {
                name: n.into(),
                start: 0,
                end: 1,
                entity: None,
                anonymous: anon,
                resolved_by: "name".into(),
                confidence: 1.0,
                anonymity_reason: None,
            });
        }
        let voices = share_of_voice(&a, true);
        assert_eq!(voices.len(), 2, "{voices:?}");
        assert_eq!((voices[0].name.as_str(), voices[0].words), ("Ann Lee", 3));
        assert!(voices[1].anonymous);
        assert_eq!(voices[1].words, 2);
    }

    #[test]
    fn loaded_cues_are_pieces_of_their_own_and_the_layout_still_covers_the_text() {
        let text = "The senator claimed that the budget was balanced.\nAli Khan said it was not.";
        let a = crate::analyze(text);
        let map = OffsetMap::new(text);
        let lines = layout(text, &map, &a);
        let loaded: Vec<&str> = lines
            .iter()
            .flat_map(|l| &l.segments)
            .flat_map(|s| &s.pieces)
            .filter(|p| p.loaded_cue.is_some())
            .map(|p| &text[p.bytes.0..p.bytes.1])
            .collect();
        assert_eq!(loaded, ["claimed"]);
        let joined: Vec<String> = lines
            .iter()
            .map(|l| {
                l.segments
                    .iter()
                    .flat_map(|s| &s.pieces)
                    .map(|p| &text[p.bytes.0..p.bytes.1])
                    .collect()
            })
            .collect();
        assert_eq!(joined.join("\n"), text);
        let q = a.quotes.iter().find(|q| q.text.contains("budget")).unwrap();
        assert!(describe_quote(text, &map, q).contains("a loaded verb (doubt)"));
        assert!(loaded_tip("doubt").starts_with("Loaded attribution verb — doubt. "));
    }

    #[test]
    fn speaker_slots_in_order_of_appearance() {
        let mut a = no_entities("“a,” he said. “b,” she said. “c,” he said.");
        let names = ["X", "Y", "X"];
        for (q, n) in a.quotes.iter_mut().zip(names) {
            q.speaker = Some(crate::contract::Speaker {
                name: n.into(),
                start: 0,
                end: 1,
                entity: None,
                anonymous: false,
                resolved_by: "name".into(),
                confidence: 1.0,
                anonymity_reason: None,
            });
        }
        let slots = speaker_slots(&a, 8);
        assert_eq!(slots["X"], 0);
        assert_eq!(slots["Y"], 1);
    }

    #[test]
    fn reported_speech_and_its_quoted_words_are_one_entry() {
        let a = crate::analyze(
            "A statement said Kabul remained “committed to dialogue” and called on Pakistan to \
             reopen the crossings “without preconditions”. “We will not wait,” he said. \
             “Nor will we,” he added.",
        );
        let quotes: Vec<&Quote> = a.quotes.iter().collect();
        let entries = report_entries(&quotes);
        let texts: Vec<String> = entries.iter().map(|e| entry_text(e)).collect();
        // Two reports (two cues), each with its quoted words inside; the direct quotes stay
        // entries of their own even though each is one piece.
        assert_eq!(
            texts,
            [
                "Kabul remained “committed to dialogue”",
                "on Pakistan to reopen the crossings “without preconditions”",
                "“We will not wait,”",
                "“Nor will we,”",
            ],
        );
        assert_eq!(entries.iter().map(Vec::len).sum::<usize>(), quotes.len());
    }

    #[test]
    fn a_report_runs_across_several_quoted_words() {
        let a = crate::analyze(
            "The minister said the plan was “reckless” and “dangerous” for the region. \
             He called it “odd” and “unfair”.",
        );
        let quotes: Vec<&Quote> = a.quotes.iter().collect();
        let texts: Vec<String> = report_entries(&quotes)
            .iter()
            .map(|e| entry_text(e))
            .collect();
        assert_eq!(
            texts[0], "the plan was “reckless” … “dangerous” for the region",
            "{texts:?}"
        );
        // Quoted words with no reported speech around them stay apart.
        assert!(
            texts.contains(&"“odd”".to_string()) && texts.contains(&"“unfair”".to_string()),
            "{texts:?}"
        );
    }
}
