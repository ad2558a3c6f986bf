//! Turning analyses into the files a reader takes away: the JSON contract, a CSV of
//! quotations, a quotation with its attribution for the clipboard, and file names derived from
//! the article. Shared by the web app and tested natively.

use crate::contract::{Analysis, Kind, Quote};

/// The CSV header: one row per quotation.
pub const CSV_HEADER: [&str; 16] = [
    "article",
    "speaker",
    "anonymous",
    "cue",
    "kind",
    "text",
    "start",
    "end",
    "resolved_by",
    "confidence",
    "quote_confidence",
    "cue_loaded",
    "anonymity_reason",
    "speaker_gender",
    "title",
    "source_url",
];

/// The contract's name for a kind (defined with the contract).
pub use crate::contract::kind_name;

/// One CSV table of the quotations of several articles (`(article name, analysis)`), with
/// [`CSV_HEADER`]; offsets are code points, as in the contract; `title` and `source_url` are the
/// web page's, empty for other texts. RFC 4180: fields with a comma,
/// quote or line break are quoted, quotes doubled; CRLF line ends.
pub fn quotes_csv<'a>(articles: impl IntoIterator<Item = (&'a str, &'a Analysis)>) -> String {
    let mut out = String::new();
    push_record(&mut out, &CSV_HEADER);
    for (article, analysis) in articles {
        for q in &analysis.quotes {
            let (speaker, anonymous) = q.speaker.as_ref().map_or(("", ""), |s| {
                (s.name.as_str(), if s.anonymous { "true" } else { "false" })
            });
            let (resolved_by, confidence) = q
                .speaker
                .as_ref()
                .map_or((String::new(), String::new()), |s| {
                    (s.resolved_by.clone(), format!("{:.2}", s.confidence))
                });
            let cue = q.cue.as_ref().map_or("", |c| &*c.lemma);
            let (start, end) = (q.start.to_string(), q.end.to_string());
            let quote_confidence = format!("{:.2}", q.confidence);
            let loaded = q
                .cue
                .as_ref()
                .and_then(|c| c.loaded.as_deref())
                .unwrap_or("");
            let reason = q
                .speaker
                .as_ref()
                .and_then(|s| s.anonymity_reason.as_ref())
                .map_or("", |r| r.text.as_str());
            let gender = crate::audit::speaker_gender(analysis, q).unwrap_or("");
            let title = analysis.title.as_deref().unwrap_or("");
            let url = analysis.source_url.as_deref().unwrap_or("");
            push_record(
                &mut out,
                &[
                    article,
                    speaker,
                    anonymous,
                    cue,
                    kind_name(q.kind),
                    &q.text,
                    &start,
                    &end,
                    &resolved_by,
                    &confidence,
                    &quote_confidence,
                    loaded,
                    reason,
                    gender,
                    title,
                    url,
                ],
            );
        }
    }
    out
}

/// Appends one CSV record and its CRLF.
fn push_record(out: &mut String, fields: &[&str]) {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if field.contains([',', '"', '\r', '\n']) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(field);
        }
    }
    out.push_str("\r\n");
}

/// The analysis as the contract's JSON, pretty-printed, with `path` set to the article's name.
pub fn analysis_json(name: &str, analysis: &Analysis) -> String {
    let mut analysis = analysis.clone();
    analysis.path = Some(name.to_string());
    serde_json::to_string_pretty(&analysis).expect("the contract always serialises")
}

/// A list entry (one quotation, or the pieces of one report: [`crate::view::report_entries`])
/// with its attribution, for the clipboard: `“…” — Name (said), in “article”`. Reported speech
/// has no quotation marks and is marked as not verbatim.
pub fn citation(entry: &[&Quote], article: &str) -> String {
    let Some(&quote) = entry.first() else {
        return String::new();
    };
    // Reported speech is the writer's paraphrase: quotation marks would present it as the
    // speaker's own words.
    let text = crate::view::entry_text(entry);
    let mut s = match (entry.len(), quote.kind) {
        (1, Kind::Indirect) => format!("Reported speech, not verbatim: {text}"),
        (1, _) => text,
        _ => format!("Reported speech with quoted words: {text}"),
    };
    match (&quote.speaker, &quote.cue) {
        (Some(sp), Some(cue)) => s.push_str(&format!(" — {} ({})", sp.name, cue.text)),
        (Some(sp), None) => s.push_str(&format!(" — {}", sp.name)),
        (None, _) => s.push_str(" — unattributed"),
    }
    if !article.is_empty() {
        s.push_str(&format!(", in “{article}”"));
    }
    s
}

/// A file-name stem from an article's name or first line: lower-case ASCII words joined by
/// hyphens, at most 60 characters; `article` when nothing usable is left.
pub fn file_stem(name_or_text: &str) -> String {
    let first_line = name_or_text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    let base = first_line
        .rsplit_once('.')
        .filter(|(_, ext)| matches!(*ext, "txt" | "md" | "html" | "htm" | "text"))
        .map_or(first_line, |(stem, _)| stem);
    let mut stem = String::new();
    for word in base
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if stem.len() + word.len() + 1 > 60 {
            break;
        }
        if !stem.is_empty() {
            stem.push('-');
        }
        stem.push_str(&word.to_ascii_lowercase());
    }
    if stem.is_empty() {
        "article".to_string()
    } else {
        stem
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_has_one_row_per_quote_and_quotes_fields() {
        let a = crate::analyze("“Yes, \"really\",” he said.\nShe called it “odd”.");
        let csv = quotes_csv([("Talks, day 1", &a)]);
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(header, CSV_HEADER);
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), a.quotes.len());
        assert_eq!(&rows[0][0], "Talks, day 1");
        assert_eq!(&rows[0][5], "Yes, \"really\",");
        assert_eq!(rows[0][6].parse::<usize>().unwrap(), a.quotes[0].start);
        // No loaded cue, no unnamed source, no gender stated; no page.
        for col in 11..16 {
            assert_eq!(&rows[0][col], "", "column {}", CSV_HEADER[col]);
        }
        assert!(csv.contains("\"Talks, day 1\""));
    }

    #[test]
    fn exports_carry_the_page_title_and_address() {
        let mut a = crate::analyze("“Fine,” she said.");
        a.title = Some("Talks, day 1 | Example News".to_string());
        a.source_url = Some("https://news.example/talks".to_string());
        let csv = quotes_csv([("Talks", &a)]);
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let row = reader.records().next().unwrap().unwrap();
        assert_eq!(&row[14], "Talks, day 1 | Example News");
        assert_eq!(&row[15], "https://news.example/talks");
        let back: Analysis = serde_json::from_str(&analysis_json("talks", &a)).unwrap();
        assert_eq!(back.title, a.title);
        assert_eq!(back.source_url, a.source_url);
    }

    #[test]
    fn csv_fields_with_line_breaks_and_quotes_round_trip() {
        let mut a = crate::analyze("“Line one.\n“Line two, \"quoted\".”");
        a.quotes.truncate(1);
        let csv = quotes_csv([("a\"b", &a)]);
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let row = reader.records().next().unwrap().unwrap();
        assert_eq!(&row[0], "a\"b");
        assert_eq!(&row[5], a.quotes[0].text);
        assert!(csv.ends_with("\r\n"));
    }

    #[test]
    fn json_export_is_the_contract_with_a_path() {
        let a = crate::analyze("“Fine,” she said.");
        let json = analysis_json("brief.txt", &a);
        let back: Analysis = serde_json::from_str(&json).unwrap();
        assert_eq!(back.path.as_deref(), Some("brief.txt"));
        assert_eq!(back.quotes, a.quotes);
    }

    #[test]
    fn citation_names_the_speaker_or_says_unattributed() {
        let a = crate::analyze("He called it “odd”.");
        let c = citation(&[&a.quotes[0]], "Demo");
        assert!(c.starts_with("“odd” — "), "{c}");
        assert!(c.ends_with(", in “Demo”"));
    }

    #[test]
    fn a_citation_of_a_report_keeps_its_quoted_words_in_marks() {
        let a = crate::analyze("A statement said Kabul remained “committed to dialogue”.");
        let quotes: Vec<&Quote> = a.quotes.iter().collect();
        let entries = crate::view::report_entries(&quotes);
        assert_eq!(entries.len(), 1, "{quotes:?}");
        assert_eq!(
            citation(&entries[0], ""),
            "Reported speech with quoted words: Kabul remained “committed to dialogue” — A \
             statement (said)"
        );
        assert_eq!(citation(&[], "Demo"), "");
    }

    #[test]
    fn a_citation_of_reported_speech_has_no_quotation_marks() {
        let a = crate::analyze("The minister said the border would reopen on Monday.");
        let q = a
            .quotes
            .iter()
            .find(|q| q.kind == Kind::Indirect)
            .expect("reported speech");
        let c = citation(&[q], "Demo");
        assert_eq!(
            c,
            "Reported speech, not verbatim: the border would reopen on Monday — The minister \
             (said), in “Demo”"
        );
    }

    #[test]
    fn file_stems() {
        assert_eq!(
            file_stem("Border crossings stay shut: Islamabad & Kabul"),
            "border-crossings-stay-shut-islamabad-kabul"
        );
        assert_eq!(file_stem("report.final.txt"), "report-final");
        assert_eq!(file_stem("ترجمان"), "article");
        assert_eq!(file_stem(""), "article");
        assert!(file_stem(&"word ".repeat(100)).len() <= 60);
    }
}
