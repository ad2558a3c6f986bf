//! The one place where offsets change units.
//!
//! quotelens works with three offset units:
//! - **bytes** (UTF-8): every span inside Rust, because `&str` slicing needs them;
//! - **code points** (Unicode scalar values): the public JSON contract, and PolNeAR's offsets;
//! - **UTF-16 code units**: the DOM, `String.length` and `Selection` offsets in JavaScript.
//!
//! [`OffsetMap`] is built once per text in one pass and converts in any direction in
//! `O(log n)`. It stores nothing for ASCII, and one run per stretch of non-ASCII characters of
//! equal UTF-8 width, so its memory is a small fraction of the text's (an Urdu word is one run).
//! All offsets are end-exclusive positions *between* characters; a byte offset inside a
//! multi-byte character is rounded down to that character's start.

/// A stretch of consecutive characters that all take `width` bytes in UTF-8 (`width` ≥ 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    /// Byte offset of the run's first character.
    byte: u32,
    /// Code-point offset of the run's first character.
    char: u32,
    /// UTF-16 offset of the run's first character.
    utf16: u32,
    /// Number of characters in the run.
    count: u32,
    /// UTF-8 width of each character (2, 3 or 4).
    width: u8,
}

impl Run {
    fn byte_end(&self) -> u32 {
        self.byte + self.count * u32::from(self.width)
    }
    /// UTF-16 units per character: 2 for characters outside the BMP (4 UTF-8 bytes), else 1.
    fn utf16_width(&self) -> u32 {
        if self.width == 4 {
            2
        } else {
            1
        }
    }
    fn char_end(&self) -> u32 {
        self.char + self.count
    }
    fn utf16_end(&self) -> u32 {
        self.utf16 + self.count * self.utf16_width()
    }
}

/// Converts offsets of one text between UTF-8 bytes, code points and UTF-16 code units.
///
/// Texts larger than 4 GiB are not supported (offsets are stored as `u32`); the CLI and the app
/// refuse inputs far below that.
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    runs: Vec<Run>,
    len_bytes: usize,
    len_chars: usize,
    len_utf16: usize,
}

/// Which unit an offset is measured in; selects the key [`OffsetMap`] searches on.
#[derive(Clone, Copy)]
enum Unit {
    Byte,
    Char,
    Utf16,
}

impl OffsetMap {
    /// Builds the map for `text` in one pass over its bytes.
    pub fn new(text: &str) -> Self {
        assert!(
            text.len() <= u32::MAX as usize,
            "texts over 4 GiB are not supported"
        );
        let mut runs: Vec<Run> = Vec::new();
        let bytes = text.as_bytes();
        let (mut i, mut chars, mut utf16) = (0usize, 0u32, 0u32);
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                // ASCII fast path: skip the whole ASCII stretch.
                let stretch = bytes[i..].iter().take_while(|&&c| c < 0x80).count();
                i += stretch;
                chars += stretch as u32;
                utf16 += stretch as u32;
                continue;
            }
            let width: u8 = match b {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            match runs.last_mut() {
                Some(run) if run.width == width && run.byte_end() as usize == i => run.count += 1,
                _ => runs.push(Run {
                    byte: i as u32,
                    char: chars,
                    utf16,
                    count: 1,
                    width,
                }),
            }
            i += usize::from(width);
            chars += 1;
            utf16 += if width == 4 { 2 } else { 1 };
        }
        runs.shrink_to_fit(); // kept for the whole analysis: no growth slack
        OffsetMap {
            runs,
            len_bytes: text.len(),
            len_chars: chars as usize,
            len_utf16: utf16 as usize,
        }
    }

    /// Length of the text in bytes.
    pub fn len_bytes(&self) -> usize {
        self.len_bytes
    }

    /// Length of the text in code points (the contract's `text_length`).
    pub fn len_chars(&self) -> usize {
        self.len_chars
    }

    /// Length of the text in UTF-16 code units (JavaScript's `String.length`).
    pub fn len_utf16(&self) -> usize {
        self.len_utf16
    }

    /// True when the text is pure ASCII, so all three units coincide.
    pub fn is_ascii(&self) -> bool {
        self.runs.is_empty()
    }

    /// Byte offset → code-point offset. Offsets past the end clamp to the end.
    pub fn byte_to_char(&self, byte: usize) -> usize {
        self.convert(byte.min(self.len_bytes), Unit::Byte, Unit::Char)
    }

    /// Code-point offset → byte offset. Offsets past the end clamp to the end.
    pub fn char_to_byte(&self, char: usize) -> usize {
        self.convert(char.min(self.len_chars), Unit::Char, Unit::Byte)
    }

    /// Byte offset → UTF-16 offset. Offsets past the end clamp to the end.
    pub fn byte_to_utf16(&self, byte: usize) -> usize {
        self.convert(byte.min(self.len_bytes), Unit::Byte, Unit::Utf16)
    }

    /// UTF-16 offset → byte offset. An offset between the two halves of a surrogate pair rounds
    /// down to the character's start. Offsets past the end clamp to the end.
    pub fn utf16_to_byte(&self, utf16: usize) -> usize {
        self.convert(utf16.min(self.len_utf16), Unit::Utf16, Unit::Byte)
    }

    /// Code-point offset → UTF-16 offset.
    pub fn char_to_utf16(&self, char: usize) -> usize {
        self.convert(char.min(self.len_chars), Unit::Char, Unit::Utf16)
    }

    /// UTF-16 offset → code-point offset.
    pub fn utf16_to_char(&self, utf16: usize) -> usize {
        self.convert(utf16.min(self.len_utf16), Unit::Utf16, Unit::Char)
    }

    fn convert(&self, offset: usize, from: Unit, to: Unit) -> usize {
        if self.runs.is_empty() {
            return offset;
        }
        let offset = offset as u32;
        let start_of = |r: &Run| match from {
            Unit::Byte => r.byte,
            Unit::Char => r.char,
            Unit::Utf16 => r.utf16,
        };
        // The last run starting at or before `offset`.
        let idx = self.runs.partition_point(|r| start_of(r) <= offset);
        if idx == 0 {
            return offset as usize; // only ASCII before the first run
        }
        let run = &self.runs[idx - 1];
        let (from_start, from_end, from_width) = match from {
            Unit::Byte => (run.byte, run.byte_end(), u32::from(run.width)),
            Unit::Char => (run.char, run.char_end(), 1),
            Unit::Utf16 => (run.utf16, run.utf16_end(), run.utf16_width()),
        };
        let (to_start, to_end, to_width) = match to {
            Unit::Byte => (run.byte, run.byte_end(), u32::from(run.width)),
            Unit::Char => (run.char, run.char_end(), 1),
            Unit::Utf16 => (run.utf16, run.utf16_end(), run.utf16_width()),
        };
        let result = if offset < from_end {
            // Inside the run: whole characters from its start (rounding down mid-character).
            to_start + (offset - from_start) / from_width * to_width
        } else {
            // Past the run: ASCII until the next run, one unit per character in every encoding.
            to_end + (offset - from_end)
        };
        result as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks every boundary of `text` against the standard library's own counting.
    fn check_all_boundaries(text: &str) {
        let map = OffsetMap::new(text);
        assert_eq!(map.len_bytes(), text.len());
        assert_eq!(map.len_chars(), text.chars().count());
        assert_eq!(map.len_utf16(), text.encode_utf16().count());
        let mut utf16 = 0;
        let boundaries = text
            .char_indices()
            .chain(std::iter::once((text.len(), ' ')));
        for (chars, (byte, c)) in boundaries.enumerate() {
            assert_eq!(
                map.byte_to_char(byte),
                chars,
                "byte {byte} → char in {text:?}"
            );
            assert_eq!(
                map.char_to_byte(chars),
                byte,
                "char {chars} → byte in {text:?}"
            );
            assert_eq!(map.byte_to_utf16(byte), utf16, "byte {byte} → utf16");
            assert_eq!(map.utf16_to_byte(utf16), byte, "utf16 {utf16} → byte");
            assert_eq!(map.char_to_utf16(chars), utf16);
            assert_eq!(map.utf16_to_char(utf16), chars);
            utf16 += c.len_utf16();
        }
    }

    #[test]
    fn ascii_is_identity() {
        let map = OffsetMap::new("He said \"no\".");
        assert!(map.is_ascii());
        assert_eq!(map.byte_to_char(9), 9);
        assert_eq!(map.char_to_utf16(13), 13);
        check_all_boundaries("He said \"no\".");
    }

    #[test]
    fn curly_quotes_round_trip() {
        // “ and ” are three bytes each but one code point and one UTF-16 unit.
        let text = "“We will not back down,” Andrabi said.";
        check_all_boundaries(text);
        let map = OffsetMap::new(text);
        let said = text.find("said").unwrap();
        assert_eq!(said, 37); // “ and ” take 3 bytes each
        assert_eq!(map.byte_to_char(said), 33);
        assert_eq!(map.byte_to_utf16(said), 33);
    }

    #[test]
    fn urdu_round_trips() {
        check_all_boundaries("ترجمان نے کہا کہ ”پاکستان امن چاہتا ہے“ اور مزید کہا۔");
        check_all_boundaries("Mixed: پاکستان said “yes” — اور");
    }

    #[test]
    fn emoji_and_zwj_sequences_round_trip() {
        // 👩‍👩‍👧 is three emoji (4 bytes, 2 UTF-16 units each) joined by ZWJ (3 bytes, 1 unit).
        let text = "Family 👩‍👩‍👧 and flag 🇵🇰: “ok” 🙂";
        check_all_boundaries(text);
        let map = OffsetMap::new(text);
        let colon = text.find(':').unwrap();
        let chars = text[..colon].chars().count();
        let utf16 = text[..colon].encode_utf16().count();
        assert_eq!(map.byte_to_char(colon), chars);
        assert_eq!(map.byte_to_utf16(colon), utf16);
        assert!(utf16 > chars, "emoji take two UTF-16 units");
    }

    #[test]
    fn mid_character_offsets_round_down_and_out_of_range_clamps() {
        let text = "a“b";
        let map = OffsetMap::new(text);
        assert_eq!(map.byte_to_char(2), 1, "inside “ rounds down to its start");
        assert_eq!(map.byte_to_char(99), 3);
        assert_eq!(map.char_to_byte(99), text.len());
        let emoji = "x🙂y";
        let map = OffsetMap::new(emoji);
        assert_eq!(map.utf16_to_byte(2), 1, "between surrogates rounds down");
        assert_eq!(map.utf16_to_byte(3), 5);
    }

    #[test]
    fn empty_text() {
        let map = OffsetMap::new("");
        assert_eq!(map.len_chars(), 0);
        assert_eq!(map.byte_to_char(0), 0);
        assert_eq!(map.char_to_byte(5), 0);
    }

    #[test]
    fn adjacent_runs_of_different_width() {
        // é (2 bytes), “ (3 bytes), 🙂 (4 bytes) back to back, no ASCII between them.
        check_all_boundaries("éé““🙂🙂é“🙂x");
    }
}
