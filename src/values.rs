//! Dates and figures as values: what the entity cards and the speaker features read from a
//! DATE, TIME or number mention.
//!
//! - **Article date** ([`article_date`]): an ISO date on a line starting with "date"
//!   ("date 2025-11-15", "Date: 2025-11-15"), else the first "Month Day, Year" / "Day Month
//!   Year" / ISO date in the first paragraphs (a dateline like "ISLAMABAD, Nov. 14, 2025").
//! - **Date values** ([`date_value`]): absolute dates as written; dates without a year,
//!   weekdays and relative expressions ("yesterday", "last month") against the article date.
//! - **Figures** ([`figure`]): the number, its qualifier ("at least"), unit ("USD") and the
//!   noun phrase it counts ("Afghan Taliban fighters").
//!
//! Both the entity stage (which fills these values) and the summary use them; neither owns
//! them. The rules are documented in `docs/entities.md`.

use crate::types::{Document, Span, TokenKind, Ymd};

/// Labels of named entities (the ones a speaker can be): the first eleven OntoNotes types,
/// PERSON to LANGUAGE, in the NER model's label order; the rest are dates, times and numbers.
pub const NAMED: &[&str] = crate::types::ENTITY_TYPES.as_slice().split_at(11).0;

/// Labels of figures: numbers that count or measure something.
pub const FIGURES: &[&str] = &["CARDINAL", "MONEY", "QUANTITY", "PERCENT"];

/// True for a named-entity label (not a date, time or number).
pub fn is_named(label: &str) -> bool {
    NAMED.contains(&label)
}

// ---------------------------------------------------------------------------------------------
// Calendar arithmetic (days since 1970-01-01, proleptic Gregorian).

fn days_from_civil(d: Ymd) -> i64 {
    let y = i64::from(d.year) - i64::from(d.month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(d.month);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d.day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> Ymd {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Ymd { year, month, day }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A valid date, or `None`.
pub fn ymd(year: i32, month: u32, day: u32) -> Option<Ymd> {
    ((1..=12).contains(&month)
        && (1000..=2999).contains(&year)
        && day >= 1
        && day <= days_in_month(year, month))
    .then_some(Ymd { year, month, day })
}

/// 0 = Monday … 6 = Sunday.
fn weekday(d: Ymd) -> i64 {
    (days_from_civil(d) + 3).rem_euclid(7)
}

fn add_days(d: Ymd, n: i64) -> Ymd {
    civil_from_days(days_from_civil(d) + n)
}

/// Formats as "YYYY-MM-DD".
pub fn iso(d: Ymd) -> String {
    format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)
}

fn iso_month(year: i32, month: u32) -> String {
    format!("{year:04}-{month:02}")
}

/// The month (1–12) a word names: full names and three-letter abbreviations, any case, a
/// trailing period allowed ("Aug.", "Sept").
pub(crate) fn month_of(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let w = word.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    if w == "sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() == 3 && m.starts_with(&w)))
        .map(|i| i as u32 + 1)
}

/// True for a month or weekday name (lower case; "may" excluded).
pub fn is_calendar_word(lower: &str) -> bool {
    (lower != "may" && month_of(lower).is_some()) || weekday_of(lower).is_some()
}

fn weekday_of(word: &str) -> Option<i64> {
    const DAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let w = word.to_lowercase();
    DAYS.iter().position(|d| *d == w).map(|i| i as i64)
}

/// Alphanumeric runs of `s` ("Nov. 14, 2025" → ["Nov", "14", "2025"]).
fn words(s: &str) -> Vec<&str> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

fn number(w: &str) -> Option<u32> {
    let w = w
        .trim_end_matches("st")
        .trim_end_matches("nd")
        .trim_end_matches("rd")
        .trim_end_matches("th");
    (!w.is_empty() && w.len() <= 4 && w.bytes().all(|b| b.is_ascii_digit()))
        .then(|| w.parse().ok())
        .flatten()
}

/// Finds an ISO date ("2025-11-15") in `s`.
fn find_iso(s: &str) -> Option<Ymd> {
    let b = s.as_bytes();
    if b.len() < 10 {
        return None;
    }
    for i in 0..=b.len() - 10 {
        let w = &b[i..i + 10];
        let digits = |r: std::ops::Range<usize>| w[r].iter().all(u8::is_ascii_digit);
        if digits(0..4) && w[4] == b'-' && digits(5..7) && w[7] == b'-' && digits(8..10) {
            let before_ok = i == 0 || !b[i - 1].is_ascii_digit();
            let after_ok = i + 10 == b.len() || !b[i + 10].is_ascii_digit();
            if before_ok && after_ok {
                let n = |r: std::ops::Range<usize>| -> u32 {
                    w[r].iter().fold(0, |a, &c| a * 10 + u32::from(c - b'0'))
                };
                if let Some(d) = ymd(n(0..4) as i32, n(5..7), n(8..10)) {
                    return Some(d);
                }
            }
        }
    }
    None
}

/// Finds a full written date ("Nov. 14, 2025", "14 November 2025") among `ws`.
fn find_written(ws: &[&str]) -> Option<Ymd> {
    for i in 0..ws.len() {
        let Some(m) = month_of(ws[i]) else { continue };
        // Month Day Year
        if let (Some(d), Some(y)) = (
            ws.get(i + 1).and_then(|w| number(w)),
            ws.get(i + 2).and_then(|w| number(w)),
        ) {
            if y >= 1000 {
                if let Some(date) = ymd(y as i32, m, d) {
                    return Some(date);
                }
            }
        }
        // Day Month Year
        if let (Some(d), Some(y)) = (
            i.checked_sub(1).and_then(|j| number(ws[j])),
            ws.get(i + 1).and_then(|w| number(w)),
        ) {
            if y >= 1000 {
                if let Some(date) = ymd(y as i32, m, d) {
                    return Some(date);
                }
            }
        }
    }
    None
}

/// How many leading paragraphs may hold the dateline.
pub const LEAD_PARAGRAPHS: usize = 6;

/// The article's date: an ISO date on a line starting with "date" anywhere in the lead, else
/// the first full date (ISO or written with a year) in the first [`LEAD_PARAGRAPHS`]
/// paragraphs.
pub fn article_date(doc: &Document) -> Option<Ymd> {
    let lead: Vec<&str> = doc
        .paragraphs
        .iter()
        .take(LEAD_PARAGRAPHS)
        .map(|p| doc.slice(p.span))
        .collect();
    for p in &lead {
        for line in p.lines() {
            let l = line.trim_start().to_lowercase();
            if l.starts_with("date") {
                if let Some(d) = find_iso(line) {
                    return Some(d);
                }
            }
        }
    }
    lead.iter().find_map(|p| {
        // Only short lines: a dateline, not a date inside the story's first sentence.
        p.lines()
            .filter(|l| l.len() <= 80)
            .find_map(|l| find_iso(l).or_else(|| find_written(&words(l))))
    })
}

/// Picks the year for a month (and day) written without one: the one that puts it closest to
/// the article date.
fn closest_year(anchor: Ymd, month: u32, day: u32) -> Option<Ymd> {
    let a = days_from_civil(anchor);
    [anchor.year - 1, anchor.year, anchor.year + 1]
        .into_iter()
        .filter_map(|y| ymd(y, month, day))
        .min_by_key(|d| (days_from_civil(*d) - a).abs())
}

/// The normalised value of a DATE mention's text, relative to the article date `anchor`:
/// "2025-11-07" for a day, "2025-10" for a month, "2025" for a year; `None` when the text is
/// not a date this understands or needs an anchor that is missing.
pub fn date_value(text: &str, anchor: Option<Ymd>) -> Option<String> {
    if let Some(d) = find_iso(text) {
        return Some(iso(d));
    }
    let ws = words(text);
    if let Some(d) = find_written(&ws) {
        return Some(iso(d));
    }
    let lower: Vec<String> = ws.iter().map(|w| w.to_lowercase()).collect();
    let has = |w: &str| lower.iter().any(|x| x == w);
    let year_of = |w: &str| number(w).filter(|y| (1000..=2999).contains(y));
    // Month with a day and/or a year.
    for (i, w) in ws.iter().enumerate() {
        let Some(m) = month_of(w) else { continue };
        // "may" is a month only when capitalised.
        if lower[i] == "may" && !w.starts_with('M') {
            continue;
        }
        let next = ws.get(i + 1).copied();
        let prev = i.checked_sub(1).map(|j| ws[j]);
        if let Some(y) = next.and_then(year_of) {
            return Some(iso_month(y as i32, m));
        }
        let day = next
            .and_then(number)
            .filter(|d| (1..=31).contains(d))
            .or_else(|| prev.and_then(number).filter(|d| (1..=31).contains(d)));
        let a = anchor?;
        return match day {
            Some(d) => closest_year(a, m, d).map(iso),
            None => closest_year(a, m, 1).map(|d| iso_month(d.year, m)),
        };
    }
    // A bare year.
    if let Some(y) = ws.iter().find_map(|w| year_of(w)) {
        if ws.len() <= 3 {
            return Some(format!("{y:04}"));
        }
    }
    let a = anchor?;
    for (i, w) in lower.iter().enumerate() {
        if let Some(wd) = weekday_of(w) {
            let cur = weekday(a);
            let prev_word = i.checked_sub(1).map(|j| lower[j].as_str());
            let d = match prev_word {
                Some("next") => (wd - cur - 1).rem_euclid(7) + 1,
                Some("last") => -((cur - wd - 1).rem_euclid(7) + 1),
                _ => -((cur - wd).rem_euclid(7)),
            };
            return Some(iso(add_days(a, d)));
        }
    }
    let shift_month = |n: i32| {
        let total = a.year * 12 + a.month as i32 - 1 + n;
        iso_month(total.div_euclid(12), total.rem_euclid(12) as u32 + 1)
    };
    if has("today") || has("tonight") {
        return Some(iso(a));
    }
    if has("yesterday") {
        return Some(iso(add_days(a, -1)));
    }
    if has("tomorrow") {
        return Some(iso(add_days(a, 1)));
    }
    let rel = |unit: &str| -> Option<i32> {
        lower.windows(2).find_map(|p| {
            (p[1] == unit).then_some(())?;
            match p[0].as_str() {
                "last" | "past" | "previous" => Some(-1),
                "this" | "current" => Some(0),
                "next" | "coming" => Some(1),
                _ => None,
            }
        })
    };
    if let Some(n) = rel("month") {
        return Some(shift_month(n));
    }
    if let Some(n) = rel("year") {
        return Some(format!("{:04}", a.year + n));
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Figures.

/// A figure read from a CARDINAL, MONEY, QUANTITY or PERCENT mention.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Figure {
    /// The number, as a plain decimal string ("206", "45000000", "3.5").
    pub value: Option<String>,
    /// "at least", "more than", …
    pub qualifier: Option<String>,
    /// The noun phrase after the number ("Afghan Taliban fighters").
    pub counts: Option<String>,
    /// "USD", "EUR", "GBP", "PKR", "%", …
    pub unit: Option<String>,
}

/// Qualifiers, longest first so "just over" wins over "over".
const QUALIFIERS: &[&str] = &[
    "as many as",
    "as much as",
    "as few as",
    "no fewer than",
    "no more than",
    "not more than",
    "more than",
    "less than",
    "fewer than",
    "at least",
    "at most",
    "up to",
    "close to",
    "just over",
    "just under",
    "well over",
    "an estimated",
    "an additional",
    "approximately",
    "roughly",
    "around",
    "about",
    "nearly",
    "almost",
    "over",
    "under",
    "some",
    "only",
    "exactly",
    "estimated",
    "another",
];

/// Words that end the noun phrase a figure counts.
const COUNT_STOP: &[&str] = &[
    "and", "or", "but", "nor", "in", "on", "at", "of", "to", "from", "for", "with", "by", "into",
    "over", "under", "since", "during", "after", "before", "across", "along", "near", "than",
    "per", "had", "have", "has", "were", "was", "are", "is", "be", "been", "will", "would",
    "could", "can", "may", "might", "should", "must", "did", "do", "does", "who", "whom", "whose",
    "which", "that", "said", "says", "a", "an", "the", "this", "these", "those", "as", "if",
    "when", "while", "where", "because", "so", "last", "this", "each", "a", "also", "remain",
    "remained", "died", "killed", "left", "stuck", "went",
];

fn scale(word: &str) -> Option<f64> {
    Some(match word.to_lowercase().as_str() {
        "hundred" => 1e2,
        "thousand" | "k" => 1e3,
        "lakh" => 1e5,
        "million" | "mn" | "m" => 1e6,
        "crore" => 1e7,
        "billion" | "bn" => 1e9,
        "trillion" => 1e12,
        _ => return None,
    })
}

fn small_number(word: &str) -> Option<f64> {
    const N: [&str; 21] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    let w = word.to_lowercase();
    if w == "dozen" || w == "dozens" {
        return Some(12.0);
    }
    N.iter().position(|n| *n == w).map(|i| i as f64)
}

fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Reads a figure from a mention's text plus the text just before it (for a qualifier) and
/// the counted noun phrase after it, taken from the document's tokens.
pub fn figure(doc: &Document, span: Span, label: &str) -> Figure {
    let text = doc.slice(span);
    let mut fig = Figure::default();
    let lower = text.to_lowercase();
    let mut rest = lower.trim();
    for q in QUALIFIERS {
        if let Some(r) = rest.strip_prefix(q) {
            if r.starts_with(|c: char| !c.is_alphanumeric()) {
                fig.qualifier = Some((*q).to_string());
                rest = r.trim_start();
                break;
            }
        }
    }
    if fig.qualifier.is_none() {
        let start = doc.text[..span.start]
            .char_indices()
            .rev()
            .nth(24)
            .map_or(0, |(i, _)| i);
        let before = doc.text[start..span.start].to_lowercase();
        let before = before.trim_end();
        for q in QUALIFIERS {
            if let Some(b) = before.strip_suffix(q) {
                if b.is_empty() || b.ends_with(|c: char| !c.is_alphanumeric()) {
                    fig.qualifier = Some((*q).to_string());
                    break;
                }
            }
        }
    }
    // Unit from symbols and words.
    let unit = if rest.contains('$') || rest.contains("dollar") {
        Some("USD")
    } else if rest.contains('€') || rest.contains("euro") {
        Some("EUR")
    } else if rest.contains('£') || rest.contains("pound") {
        Some("GBP")
    } else if rest.contains('¥') || rest.contains("yen") {
        Some("JPY")
    } else if rest.contains("rupee") || rest.starts_with("rs") || rest.starts_with("pkr") {
        Some("PKR")
    } else if rest.contains('%') || rest.contains("percent") || rest.contains("per cent") {
        Some("%")
    } else {
        None
    };
    fig.unit = unit.map(str::to_string);
    // A quantity's unit is its last word ("300 tons", "15 km").
    if label == "QUANTITY" && fig.unit.is_none() {
        fig.unit = text
            .split_whitespace()
            .next_back()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .filter(|w| w.chars().all(char::is_alphabetic) && !w.is_empty() && scale(w).is_none())
            .map(str::to_string);
    }
    // The number: digits (with thousands separators), or a small number word, times a scale.
    let mut value: Option<f64> = None;
    let mut digits = String::new();
    let mut scale_seen = false;
    for w in rest.split(|c: char| c.is_whitespace() || matches!(c, '$' | '€' | '£' | '¥' | '%'))
    {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != ',');
        let w = w.trim_end_matches(['.', ',']);
        if w.is_empty() {
            continue;
        }
        if value.is_none() {
            digits.clear();
            let mut ok = w.starts_with(|c: char| c.is_ascii_digit());
            for c in w.chars() {
                match c {
                    '0'..='9' | '.' => digits.push(c),
                    ',' => {}
                    _ => {
                        ok = ok && scale(&w[w.find(c).unwrap_or(0)..]).is_some();
                        break;
                    }
                }
            }
            if ok {
                value = digits.parse().ok();
                if let Some(pos) = w.find(|c: char| c.is_alphabetic()) {
                    if let (Some(v), Some(s)) = (value, scale(&w[pos..])) {
                        value = Some(v * s);
                        scale_seen = true;
                    }
                }
            } else if let Some(n) = small_number(w) {
                value = Some(n);
            }
        } else if !scale_seen {
            if let Some(s) = scale(w) {
                value = value.map(|v| v * s);
                scale_seen = true;
            } else {
                break;
            }
        }
    }
    fig.value = value.map(format_number);
    // What it counts: up to four words after the mention, for counts (not money or percent).
    if label == "CARDINAL" || label == "QUANTITY" {
        let mut t = doc.token_from(span.end);
        let sentence_end = doc
            .sentence_at(span.start)
            .and_then(|s| doc.sentences.get(s))
            .map_or(doc.text.len(), |s| s.span().end);
        let mut first = None;
        let mut last = None;
        let mut n = 0;
        while let Some(tok) = doc.tokens.get(t) {
            if tok.span().start >= sentence_end || n >= 4 {
                break;
            }
            let w = doc.slice(tok.span());
            match tok.kind() {
                TokenKind::Word => {
                    let lw = w.to_lowercase();
                    if COUNT_STOP.contains(&lw.as_str()) {
                        break;
                    }
                    first.get_or_insert(tok.span().start);
                    last = Some(tok.span().end);
                    n += 1;
                }
                TokenKind::Punct if w == "-" && last.is_some() => {}
                _ => break,
            }
            t += 1;
        }
        if let (Some(a), Some(b)) = (first, last) {
            let c: String = doc.text[a..b]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            fig.counts = Some(c.trim_end_matches('-').to_string());
        }
    }
    fig
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<Ymd> {
        ymd(y, m, day)
    }

    #[test]
    fn calendar_round_trips() {
        for z in [-1000, 0, 1, 59, 60, 365, 10_957, 20_406, 50_000] {
            assert_eq!(days_from_civil(civil_from_days(z)), z);
        }
        // 2025-11-14 was a Friday.
        assert_eq!(weekday(d(2025, 11, 14).unwrap()), 4);
    }

    #[test]
    fn dates_resolve_against_the_article_date() {
        let a = d(2025, 11, 14);
        assert_eq!(date_value("November 7", a).as_deref(), Some("2025-11-07"));
        assert_eq!(date_value("Nov. 28", a).as_deref(), Some("2025-11-28"));
        assert_eq!(date_value("Oct. 11", a).as_deref(), Some("2025-10-11"));
        assert_eq!(date_value("Friday", a).as_deref(), Some("2025-11-14"));
        assert_eq!(date_value("Thursday", a).as_deref(), Some("2025-11-13"));
        assert_eq!(date_value("last Friday", a).as_deref(), Some("2025-11-07"));
        assert_eq!(date_value("next Monday", a).as_deref(), Some("2025-11-17"));
        assert_eq!(date_value("yesterday", a).as_deref(), Some("2025-11-13"));
        assert_eq!(date_value("last month", a).as_deref(), Some("2025-10"));
        assert_eq!(date_value("October", a).as_deref(), Some("2025-10"));
        assert_eq!(date_value("January", a).as_deref(), Some("2026-01"));
        assert_eq!(date_value("last year", a).as_deref(), Some("2024"));
        assert_eq!(date_value("2024", a).as_deref(), Some("2024"));
        assert_eq!(
            date_value("Nov. 14, 2025", None).as_deref(),
            Some("2025-11-14")
        );
        assert_eq!(
            date_value("14 March 2023", None).as_deref(),
            Some("2023-03-14")
        );
        assert_eq!(date_value("Friday", None), None);
        assert_eq!(date_value("the same period", a), None);
        assert_eq!(date_value("", a), None);
    }

    #[test]
    fn article_dates() {
        let mut doc = Document::new("Headline\n\nISLAMABAD, Nov. 14, 2025\n\nBody text.");
        crate::text::segment(&mut doc);
        assert_eq!(article_date(&doc), d(2025, 11, 14));
        let mut doc = Document::new("Title\ndate 2025-11-15\n\nOn Nov. 1, 2024 it rained.");
        crate::text::segment(&mut doc);
        assert_eq!(article_date(&doc), d(2025, 11, 15));
        let mut doc = Document::new("No date here at all.");
        crate::text::segment(&mut doc);
        assert_eq!(article_date(&doc), None);
    }
}
