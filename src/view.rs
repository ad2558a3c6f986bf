//! The reading view's model: the text cut into lines and pieces, each piece either plain or
//! inside a quotation. Plain Rust with no web dependencies, so the layout is tested natively and
//! the yew components only turn it into elements.
//!
//! Pieces carry byte ranges into the text (for slicing) and UTF-16 ranges (what the DOM and the
//! browser tests measure), both derived from the contract's code-point offsets through
//! [`OffsetMap`], the one conversion layer.

use crate::contract::Analysis;
use crate::offsets::OffsetMap;

/// A piece of one line of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Byte range in the text.
    pub bytes: (usize, usize),
    /// UTF-16 range in the text.
    pub utf16: (usize, usize),
    /// The quotation this piece belongs to, by id.
    pub quote: Option<usize>,
}

/// One line of the text (a paragraph, in most articles).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Byte range of the whole line, without its line break.
    pub bytes: (usize, usize),
    /// The line cut into pieces; empty for a blank line.
    pub pieces: Vec<Piece>,
}

/// Cuts `text` into lines and pieces following the quote parts in `analysis`.
pub fn layout(text: &str, map: &OffsetMap, analysis: &Analysis) -> Vec<Line> {
    // Highlight ranges in bytes, sorted, never overlapping (quotes do not overlap).
    let mut ranges: Vec<(usize, usize, usize)> = analysis
        .quotes
        .iter()
        .flat_map(|q| {
            q.parts
                .iter()
                .map(move |p| (map.char_to_byte(p.start), map.char_to_byte(p.end), q.id))
        })
        .filter(|(s, e, _)| s < e)
        .collect();
    ranges.sort_unstable();
    let mut next_range = 0;
    let mut lines = Vec::new();
    let mut pos = 0;
    for raw in text.split_inclusive('\n') {
        let start = pos;
        pos += raw.len();
        let end = start + raw.trim_end_matches(['\n', '\r']).len();
        let mut pieces = Vec::new();
        let mut cursor = start;
        // Skip ranges that ended before this line.
        while next_range < ranges.len() && ranges[next_range].1 <= start {
            next_range += 1;
        }
        let mut r = next_range;
        while r < ranges.len() && ranges[r].0 < end {
            let (qs, qe, id) = ranges[r];
            let (s, e) = (qs.max(start), qe.min(end));
            if s > cursor {
                pieces.push(piece(map, cursor, s, None));
            }
            if e > s {
                pieces.push(piece(map, s, e, Some(id)));
            }
            cursor = cursor.max(e);
            if qe > end {
                break; // continues on the next line
            }
            r += 1;
        }
        if cursor < end {
            pieces.push(piece(map, cursor, end, None));
        }
        lines.push(Line {
            bytes: (start, end),
            pieces,
        });
    }
    lines
}

fn piece(map: &OffsetMap, start: usize, end: usize, quote: Option<usize>) -> Piece {
    Piece {
        bytes: (start, end),
        utf16: (map.byte_to_utf16(start), map.byte_to_utf16(end)),
        quote,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(text: &str) -> Vec<Vec<(String, Option<usize>)>> {
        let analysis = crate::analyze(text);
        let map = OffsetMap::new(text);
        layout(text, &map, &analysis)
            .into_iter()
            .map(|l| {
                l.pieces
                    .into_iter()
                    .map(|p| (text[p.bytes.0..p.bytes.1].to_string(), p.quote))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn pieces_follow_quotes_and_keep_all_text() {
        let text = "“We will not back down,” Andrabi said.\n\nNo quotes here.";
        let lines = render(text);
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
        let joined: String = lines
            .iter()
            .map(|l| l.iter().map(|(t, _)| t.as_str()).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n");
        assert_eq!(joined, text);
    }

    #[test]
    fn multi_paragraph_quote_is_one_id_on_several_lines() {
        let text = "“First part.\n“Second part.”\nAfter.";
        let lines = render(text);
        assert_eq!(lines[0][1], ("First part.".to_string(), Some(0)));
        assert_eq!(lines[1][1], ("Second part.".to_string(), Some(0)));
    }

    #[test]
    fn utf16_ranges_count_emoji_as_two_units() {
        let text = "🙂 “yes” 🙂";
        let analysis = crate::analyze(text);
        let map = OffsetMap::new(text);
        let lines = layout(text, &map, &analysis);
        let quoted = lines[0].pieces.iter().find(|p| p.quote.is_some()).unwrap();
        assert_eq!(quoted.utf16, (4, 7), "🙂 is 2 units, space 1, “ 1");
    }
}
