//! Turning bytes from a file, a drop or stdin into text — or into a clear reason why not.
//! Shared by the CLI and the web app so both say the same thing about the same bad input.

use std::fmt;

/// The largest input quotelens accepts (32 MiB); larger inputs are refused, not truncated.
///
/// The pipeline stores token offsets as `u32` ([`crate::types::Token`]), so this cap must stay
/// at or below `u32::MAX` bytes (checked at compile time).
pub const MAX_INPUT_BYTES: usize = 32 * 1024 * 1024;
const _: () = assert!(MAX_INPUT_BYTES <= u32::MAX as usize);

/// Why some bytes could not be turned into text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputError {
    /// Nothing but whitespace.
    Empty,
    /// Over [`MAX_INPUT_BYTES`].
    TooLarge {
        /// The input's size in bytes.
        bytes: usize,
    },
    /// Looks like a binary file (NUL bytes or mostly control characters).
    Binary,
    /// Not valid UTF-8 (nor UTF-16 with a byte-order mark).
    InvalidUtf8 {
        /// Byte offset of the first invalid sequence.
        at: usize,
    },
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Empty => write!(f, "the text is empty"),
            InputError::TooLarge { bytes } => write!(
                f,
                "the input is {:.1} MB, over the {} MB limit",
                *bytes as f64 / 1e6,
                MAX_INPUT_BYTES / (1024 * 1024)
            ),
            InputError::Binary => write!(f, "this looks like a binary file, not text"),
            InputError::InvalidUtf8 { at } => write!(
                f,
                "the text is not valid UTF-8 (first bad byte at offset {at}); save it as UTF-8, or use --lossy"
            ),
        }
    }
}

impl std::error::Error for InputError {}

/// Decoded text and anything the reader should know about how it was decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// Warnings, e.g. that invalid bytes were replaced.
    pub warnings: Vec<String>,
}

/// Decodes bytes as UTF-8 (a UTF-8 BOM is dropped; UTF-16 with a BOM is converted).
/// With `lossy`, invalid UTF-8 sequences become U+FFFD and a warning says how many.
pub fn decode(bytes: &[u8], lossy: bool) -> Result<Decoded, InputError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(InputError::TooLarge { bytes: bytes.len() });
    }
    let mut warnings = Vec::new();
    let text = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        utf8(rest, lossy, &mut warnings)?
    } else if let Some(text) = utf16_with_bom(bytes) {
        warnings.push("decoded from UTF-16".to_string());
        text
    } else {
        if looks_binary(bytes) {
            return Err(InputError::Binary);
        }
        utf8(bytes, lossy, &mut warnings)?
    };
    if text.trim().is_empty() {
        return Err(InputError::Empty);
    }
    Ok(Decoded { text, warnings })
}

/// Checks text that is already a string (pasted text): size and emptiness.
pub fn check_text(text: &str) -> Result<(), InputError> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(InputError::TooLarge { bytes: text.len() });
    }
    if text.trim().is_empty() {
        return Err(InputError::Empty);
    }
    Ok(())
}

fn utf8(bytes: &[u8], lossy: bool, warnings: &mut Vec<String>) -> Result<String, InputError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) if lossy => {
            let text = String::from_utf8_lossy(bytes).into_owned();
            let replaced = text.matches('\u{FFFD}').count();
            warnings.push(format!(
                "invalid UTF-8 from byte {}: {replaced} sequence(s) replaced with U+FFFD",
                e.valid_up_to()
            ));
            Ok(text)
        }
        Err(e) => Err(InputError::InvalidUtf8 {
            at: e.valid_up_to(),
        }),
    }
}

fn utf16_with_bom(bytes: &[u8]) -> Option<String> {
    let (le, rest) = match bytes {
        [0xFF, 0xFE, rest @ ..] => (true, rest),
        [0xFE, 0xFF, rest @ ..] => (false, rest),
        _ => return None,
    };
    let units = rest.chunks_exact(2).map(|c| {
        if le {
            u16::from_le_bytes([c[0], c[1]])
        } else {
            u16::from_be_bytes([c[0], c[1]])
        }
    });
    Some(
        char::decode_utf16(units)
            .map(|r| r.unwrap_or('\u{FFFD}'))
            .collect(),
    )
}

/// NUL bytes, or more than 10 % control characters in the first 8 KiB, mean binary.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    control * 10 > head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode("“hi”".as_bytes(), false).unwrap().text, "“hi”");
        let bom = [&[0xEF, 0xBB, 0xBF][..], "text".as_bytes()].concat();
        assert_eq!(decode(&bom, false).unwrap().text, "text");
    }

    #[test]
    fn utf16_with_bom_is_converted() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "پاکستان ok".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&bytes, false).unwrap();
        assert_eq!(d.text, "پاکستان ok");
        assert_eq!(d.warnings.len(), 1);
    }

    #[test]
    fn invalid_utf8_is_an_error_or_a_warning() {
        let bytes = b"He said \xff\xfe hello";
        assert_eq!(decode(bytes, false), Err(InputError::InvalidUtf8 { at: 8 }));
        let d = decode(bytes, true).unwrap();
        assert!(d.text.contains('\u{FFFD}'));
        assert!(d.warnings[0].contains("replaced"));
    }

    #[test]
    fn empty_binary_and_huge_inputs_are_refused_with_reasons() {
        assert_eq!(decode(b"  \n\t ", false), Err(InputError::Empty));
        assert_eq!(decode(b"abc\0def", false), Err(InputError::Binary));
        let control: Vec<u8> = (0..100).map(|i| (i % 8) as u8 + 1).collect();
        assert_eq!(decode(&control, false), Err(InputError::Binary));
        let huge = vec![b'a'; MAX_INPUT_BYTES + 1];
        assert!(matches!(
            decode(&huge, false),
            Err(InputError::TooLarge { .. })
        ));
        assert!(InputError::Binary.to_string().contains("binary"));
    }
}
