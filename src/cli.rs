//! The command-line interface (native only).
//!
//! ```text
//! quotelens analyze [--lossy] [--pretty] FILE...   one JSON object per input (JSON Lines)
//! quotelens analyze -                              read the text from stdin
//! quotelens analyze --jsonl [--jobs N]             stdin is JSON Lines: {"text": "...", ...}
//! quotelens analyze --audit ...                    the sourcing audit of each input instead
//! ```
//!
//! Every output object carries `"path"` (the file, `-` for stdin). In `--jsonl` mode each input
//! line is an object with a `"text"` field; its other fields (an `"id"`, say) are copied into the
//! output line, so a map step of a batch job can join results back. With `--jobs N` the lines
//! are analysed on N threads; the output keeps the input's order and is byte for byte the same.
//!
//! Exit codes: 0 all inputs analysed; 2 some input could not be read or decoded (a one-line
//! message on stderr names it, the others are still analysed) or the command line is wrong.

use crate::input::{self, InputError};
use std::io::{self, BufRead, Read, Write};

/// Usage text printed for `--help` and usage errors.
pub const USAGE: &str = "\
quotelens — who said what in a news article

usage:
  quotelens analyze [--lossy] [--pretty] FILE...   analyse files, one JSON object per line
  quotelens analyze -                              analyse the text on stdin
  quotelens analyze --jsonl [--jobs N]             stdin is JSON Lines of {\"text\": ...}
  quotelens --help | --version

options:
  --lossy    replace invalid UTF-8 with U+FFFD (with a warning) instead of refusing the file
  --pretty   indent the JSON (one input only)
  --jobs N   with --jsonl: analyse N lines at a time on N threads (default 1); the output
             keeps the input's order
  --audit    print each input's sourcing audit ({\"path\": …, \"audit\": {…}}: share of voice
             by kind of source and stated gender, loaded attribution verbs, unnamed
             sources and their stated reasons) instead of the analysis
";

/// Runs the CLI with `args` (without the program name) and returns the process exit code.
pub fn run(args: &[String], stdin: &mut dyn Read, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    // A 64 KB buffer, flushed after every JSON line: a large analysis goes out in a few hundred
    // writes instead of one per kilobyte, and JSON Lines still stream line by line.
    let mut out = io::BufWriter::with_capacity(64 * 1024, out);
    let result = run_inner(args, stdin, &mut out, err).and_then(|code| {
        out.flush()?;
        Ok(code)
    });
    match result {
        Ok(code) => code,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            let _ = writeln!(err, "quotelens: {e}");
            2
        }
    }
}

fn run_inner(
    args: &[String],
    stdin: &mut dyn Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    let mut lossy = false;
    let mut pretty = false;
    let mut jsonl = false;
    let mut audit = false;
    let mut jobs = 1usize;
    let mut files: Vec<&str> = Vec::new();
    let mut iter = args.iter();
    match iter.next().map(String::as_str) {
        Some("analyze") => {}
        Some("--help") | Some("-h") | Some("help") => {
            out.write_all(USAGE.as_bytes())?;
            return Ok(0);
        }
        Some("--version") | Some("-V") => {
            writeln!(out, "quotelens {}", env!("CARGO_PKG_VERSION"))?;
            return Ok(0);
        }
        other => {
            if let Some(cmd) = other {
                writeln!(err, "quotelens: unknown command {cmd:?}")?;
            }
            err.write_all(USAGE.as_bytes())?;
            return Ok(2);
        }
    }
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--jobs" | "-j" => match iter.next().map(|n| n.parse::<usize>()) {
                Some(Ok(n)) if n >= 1 => jobs = n,
                _ => {
                    writeln!(
                        err,
                        "quotelens: --jobs needs a number of threads (1 or more)"
                    )?;
                    return Ok(2);
                }
            },
            "--lossy" => lossy = true,
            "--pretty" => pretty = true,
            "--jsonl" => jsonl = true,
            "--audit" => audit = true,
            "-" => files.push("-"),
            flag if flag.starts_with("--") => {
                writeln!(err, "quotelens: unknown option {flag}")?;
                return Ok(2);
            }
            file => files.push(file),
        }
    }
    if jsonl {
        if !files.is_empty() {
            writeln!(
                err,
                "quotelens: --jsonl reads stdin only; drop the file names"
            )?;
            return Ok(2);
        }
        return analyze_jsonl(stdin, out, err, jobs, audit);
    }
    if files.is_empty() {
        writeln!(err, "quotelens: name a FILE to analyse, or - for stdin")?;
        return Ok(2);
    }
    let mut code = 0;
    let pretty = pretty && files.len() == 1;
    for path in files {
        let bytes = if path == "-" {
            let mut buf = Vec::new();
            stdin
                .take(input::MAX_INPUT_BYTES as u64 + 1)
                .read_to_end(&mut buf)
                .map(|_| buf)
        } else {
            read_limited(path)
        };
        let bytes = match bytes {
            Ok(b) => b,
            Err(e) => {
                writeln!(err, "quotelens: {path}: cannot read: {e}")?;
                code = 2;
                continue;
            }
        };
        let decoded = input::decode(&bytes, lossy);
        drop(bytes); // the text is a copy: free the raw bytes before the analysis
        match decoded {
            Ok(decoded) => {
                for w in &decoded.warnings {
                    writeln!(err, "quotelens: {path}: warning: {w}")?;
                }
                let mut analysis = crate::analyze(&decoded.text);
                if audit {
                    let line = AuditLine {
                        path: path.to_string(),
                        audit: crate::audit::Audit::of(&analysis, false),
                    };
                    write_json(out, &line, pretty)?;
                    continue;
                }
                analysis.path = Some(path.to_string());
                write_json(out, &analysis, pretty)?;
            }
            Err(e) => {
                writeln!(err, "quotelens: {path}: {e}")?;
                code = 2;
            }
        }
    }
    Ok(code)
}

/// One `--audit` output line.
#[derive(serde::Serialize)]
struct AuditLine {
    path: String,
    audit: crate::audit::Audit,
}

fn read_limited(path: &str) -> io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    if file.metadata()?.is_dir() {
        return Err(io::Error::other("is a directory"));
    }
    let mut buf = Vec::new();
    file.take(input::MAX_INPUT_BYTES as u64 + 1)
        .read_to_end(&mut buf)?;
    Ok(buf)
}

fn write_json(out: &mut dyn Write, value: &impl serde::Serialize, pretty: bool) -> io::Result<()> {
    // A buffer of its own in front of `out`: the serialiser's small writes then cost a copy,
    // not a call through `dyn Write` each.
    let mut w = io::BufWriter::with_capacity(64 << 10, &mut *out);
    if pretty {
        serde_json::to_writer_pretty(&mut w, value)?;
    } else {
        serde_json::to_writer(&mut w, value)?;
    }
    w.write_all(b"\n")?;
    w.flush()?;
    drop(w);
    out.flush()
}

/// Input lines read ahead for the threads of `--jobs`: at most this many bytes (or four lines a
/// thread) are held at once, so memory stays bounded on an archive of any length.
const BATCH_BYTES: usize = 32 << 20;

fn analyze_jsonl(
    stdin: &mut dyn Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
    jobs: usize,
    audit: bool,
) -> io::Result<i32> {
    let mut failed = false;
    let reader = io::BufReader::new(stdin);
    let mut lines = reader.split(b'\n').enumerate();
    if jobs <= 1 {
        for (n, line) in lines {
            failed |= !jsonl_record(line?, n + 1, out, err, audit)?;
        }
        return Ok(if failed { 2 } else { 0 });
    }
    loop {
        // Read a batch, then analyse it on `jobs` threads, each taking the next unclaimed line
        // ([`crate::batch::map_ordered`]).
        let mut batch: Vec<(usize, Vec<u8>)> = Vec::new();
        let mut bytes = 0;
        while batch.len() < jobs * 4 && bytes < BATCH_BYTES {
            let Some((n, line)) = lines.next() else { break };
            let line = line?;
            bytes += line.len();
            batch.push((n + 1, line));
        }
        if batch.is_empty() {
            break;
        }
        let done = crate::batch::map_ordered(batch, jobs, |(line_no, line)| {
            let (mut o, mut e) = (Vec::new(), Vec::new());
            let ok = jsonl_record(line, line_no, &mut o, &mut e, audit).unwrap_or(false);
            (o, e, ok)
        });
        for (o, e, ok) in done {
            out.write_all(&o)?;
            err.write_all(&e)?;
            failed |= !ok;
        }
        out.flush()?;
    }
    Ok(if failed { 2 } else { 0 })
}

/// Analyses one `--jsonl` input line (number `line_no`) and writes its output record to `out`,
/// or a one-line message to `err` (with `audit`, the record's fields other than "text", its
/// "path" and its "audit"). Returns false when the line could not be analysed.
fn jsonl_record(
    line: Vec<u8>,
    line_no: usize,
    out: &mut dyn Write,
    err: &mut dyn Write,
    audit: bool,
) -> io::Result<bool> {
    if line.iter().all(u8::is_ascii_whitespace) {
        return Ok(true);
    }
    let record: serde_json::Map<String, serde_json::Value> = match serde_json::from_slice(&line) {
        Ok(serde_json::Value::Object(m)) => m,
        Ok(_) => {
            writeln!(err, "quotelens: stdin line {line_no}: not a JSON object")?;
            return Ok(false);
        }
        Err(e) => {
            writeln!(err, "quotelens: stdin line {line_no}: invalid JSON: {e}")?;
            return Ok(false);
        }
    };
    drop(line); // the record holds the text: free the raw line before the analysis
    let Some(text) = record.get("text").and_then(|t| t.as_str()) else {
        writeln!(
            err,
            "quotelens: stdin line {line_no}: no \"text\" string field"
        )?;
        return Ok(false);
    };
    if let Err(e @ InputError::TooLarge { .. }) = input::check_text(text) {
        writeln!(err, "quotelens: stdin line {line_no}: {e}")?;
        return Ok(false);
    }
    let mut analysis = crate::analyze(text);
    if audit {
        let audit = serde_json::to_value(crate::audit::Audit::of(&analysis, false))?;
        let mut obj: serde_json::Map<String, serde_json::Value> =
            record.into_iter().filter(|(k, _)| k != "text").collect();
        obj.entry("path")
            .or_insert_with(|| format!("-:{line_no}").into());
        obj.insert("audit".into(), audit);
        write_json(out, &obj, false)?;
        return Ok(true);
    }
    // The line is a JSON object with sorted keys (a `serde_json::Map`): the analysis's fields,
    // then the record's other fields, then "path". The quotations and entities are kept out
    // of the map and written one by one, so a large record is never held twice (as an
    // `Analysis` and as a `Value` tree: 613 MB for a 10 MB record).
    let quotes = std::mem::take(&mut analysis.quotes);
    let entities = std::mem::take(&mut analysis.entities);
    let serde_json::Value::Object(mut obj) = serde_json::to_value(&analysis)? else {
        unreachable!("an Analysis serialises to a JSON object");
    };
    for (k, v) in record.into_iter().filter(|(k, _)| k != "text") {
        obj.entry(k).or_insert(v);
    }
    obj.entry("path")
        .or_insert_with(|| format!("-:{line_no}").into());
    write_record(out, &obj, &quotes, &entities)?;
    Ok(true)
}

/// Writes one JSON Lines record: `obj` (its keys sorted), with its empty "quotes" and "entities"
/// arrays filled from `quotes` and `entities`, each element written straight from the contract
/// type (its fields in the contract's order, as `quotelens analyze FILE` prints them).
fn write_record(
    out: &mut dyn Write,
    obj: &serde_json::Map<String, serde_json::Value>,
    quotes: &[crate::contract::Quote],
    entities: &[crate::contract::Entity],
) -> io::Result<()> {
    out.write_all(b"{")?;
    for (i, (key, value)) in obj.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        serde_json::to_writer(&mut *out, key)?;
        out.write_all(b":")?;
        match key.as_str() {
            "quotes" => write_array(out, quotes)?,
            "entities" => write_array(out, entities)?,
            _ => serde_json::to_writer(&mut *out, value)?,
        }
    }
    out.write_all(b"}\n")?;
    out.flush()
}

/// Writes `items` as a JSON array, each element serialised directly (no `Value` tree: building
/// one per quotation cost as much as a tenth of a batch run).
fn write_array<T: serde::Serialize>(out: &mut dyn Write, items: &[T]) -> io::Result<()> {
    // Each element is serialised into one reused buffer and written with one call: the
    // serialiser's many small writes then stay out of the `dyn Write` (a third of the time of
    // writing a quotation went to them).
    let mut buf = Vec::new();
    for (i, item) in items.iter().enumerate() {
        buf.clear();
        buf.push(if i == 0 { b'[' } else { b',' });
        serde_json::to_writer(&mut buf, item)?;
        out.write_all(&buf)?;
    }
    out.write_all(if items.is_empty() { b"[]" } else { b"]" })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `write_record` streams the arrays but must print the same JSON as serialising the whole
    /// record as one `Value` (the analysis's fields winning), on one line, with the record's keys
    /// sorted and each quotation's keys in the contract's order.
    /// The keys of a JSON object in the order they are written (values skipped).
    struct KeyOrder(Vec<String>);

    impl<'de> serde::Deserialize<'de> for KeyOrder {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct Keys;
            impl<'de> serde::de::Visitor<'de> for Keys {
                type Value = KeyOrder;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("a JSON object")
                }
                fn visit_map<A: serde::de::MapAccess<'de>>(
                    self,
                    mut map: A,
                ) -> Result<KeyOrder, A::Error> {
                    let mut keys = Vec::new();
                    while let Some(k) = map.next_key::<String>()? {
                        map.next_value::<serde::de::IgnoredAny>()?;
                        keys.push(k);
                    }
                    Ok(KeyOrder(keys))
                }
            }
            d.deserialize_map(Keys)
        }
    }

    #[test]
    fn streamed_record_matches_the_value_tree() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/static/demo-article.txt"
        ))
        .unwrap();
        let analysis = crate::analyze(&text);
        assert!(!analysis.quotes.is_empty() && !analysis.entities.is_empty());
        let extra = serde_json::json!({"quotes": 1, "id": {"b": [2], "a": 1}, "zz": null});
        let serde_json::Value::Object(extra) = extra else {
            unreachable!()
        };

        let mut whole = serde_json::to_value(&analysis).unwrap();
        if let serde_json::Value::Object(obj) = &mut whole {
            for (k, v) in extra.clone() {
                obj.entry(k).or_insert(v);
            }
            obj.entry("path").or_insert_with(|| "-:1".into());
        }
        let sorted_keys: Vec<String> = whole.as_object().unwrap().keys().cloned().collect();

        let mut analysis = analysis;
        let quotes = std::mem::take(&mut analysis.quotes);
        let entities = std::mem::take(&mut analysis.entities);
        let serde_json::Value::Object(mut obj) = serde_json::to_value(&analysis).unwrap() else {
            unreachable!()
        };
        for (k, v) in extra {
            obj.entry(k).or_insert(v);
        }
        obj.entry("path").or_insert_with(|| "-:1".into());
        let mut out = Vec::new();
        write_record(&mut out, &obj, &quotes, &entities).unwrap();
        let line = String::from_utf8(out).unwrap();
        assert!(line.ends_with('\n') && line.matches('\n').count() == 1);
        let parsed: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(parsed, whole);
        // The record's own keys, in the order the line has them: sorted, as the map holds them.
        let KeyOrder(top) = serde_json::from_str(&line).unwrap();
        assert_eq!(top, sorted_keys);
        // A quotation's fields in the contract's order ("id" before "start" before "text").
        let first_quote = serde_json::to_string(&quotes[0]).unwrap();
        assert!(line.contains(&first_quote));
        assert!(first_quote.starts_with("{\"id\":"));
    }
}
