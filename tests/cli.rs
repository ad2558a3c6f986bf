//! The CLI as a user runs it: real files, stdin, exit codes, JSON on stdout, messages on stderr.

use serde_json::Value;
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn quotelens(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_quotelens"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the quotelens binary runs");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn temp_file(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("quotelens-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn json_lines(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

/// Slices `text` by code points, the contract's unit.
fn chars(text: &str, start: u64, end: u64) -> String {
    text.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

#[test]
fn mixed_mark_styles_give_correct_code_point_spans() {
    let text = "Islamabad — “We will not back down,\" Andrabi said. \
                He called it 'a provocation' and «unacceptable». 🇵🇰 \"Talks resume Friday,” he added.";
    let path = temp_file("mixed.txt", text.as_bytes());
    let out = quotelens(&["analyze", path.to_str().unwrap()], b"");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = &json_lines(&out)[0];
    assert_eq!(v["version"], 1);
    assert_eq!(v["text_length"], text.chars().count());
    assert_eq!(v["path"], path.to_str().unwrap());
    let quotes = v["quotes"].as_array().unwrap();
    // Every span (marked or reported speech) slices to its text; the marked ones are exactly
    // the four quotations in the text.
    let found: Vec<String> = quotes
        .iter()
        .filter(|q| q["kind"] != "indirect")
        .map(|q| {
            let (s, e) = (q["start"].as_u64().unwrap(), q["end"].as_u64().unwrap());
            let sliced = chars(text, s, e);
            assert_eq!(sliced, q["text"].as_str().unwrap(), "span matches text");
            sliced
        })
        .collect();
    assert_eq!(
        found,
        [
            "We will not back down,",
            "a provocation",
            "unacceptable",
            "Talks resume Friday,"
        ]
    );
    for q in quotes {
        let (s, e) = (q["start"].as_u64().unwrap(), q["end"].as_u64().unwrap());
        assert_eq!(chars(text, s, e), q["text"].as_str().unwrap());
        assert!(q.get("speaker").is_some() && q.get("cue").is_some());
        assert!(["direct", "partial", "scare", "indirect"].contains(&q["kind"].as_str().unwrap()));
    }
    assert!(v["entities"].is_array());
}

#[test]
fn several_inputs_and_stdin_give_json_lines_with_paths() {
    let a = temp_file("a.txt", "“One,” she said.".as_bytes());
    let out = quotelens(
        &["analyze", a.to_str().unwrap(), "-"],
        "He said “two”.".as_bytes(),
    );
    assert!(out.status.success());
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["path"], a.to_str().unwrap());
    assert_eq!(lines[1]["path"], "-");
    assert_eq!(lines[1]["quotes"][0]["text"], "two");
}

#[test]
fn jsonl_mode_copies_other_fields_through() {
    let input = b"{\"id\": \"doc-1\", \"text\": \"\xe2\x80\x9cHi,\xe2\x80\x9d he said.\"}\n\n{\"id\": 2}\nnot json\n";
    let out = quotelens(&["analyze", "--jsonl"], input);
    assert_eq!(out.status.code(), Some(2), "bad lines make the exit code 2");
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["id"], "doc-1");
    assert_eq!(lines[0]["quotes"][0]["text"], "Hi,");
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert!(err.contains("line 3: no \"text\""), "{err}");
    assert!(err.contains("line 4: invalid JSON"), "{err}");
}

#[test]
fn bad_inputs_get_one_line_messages_and_exit_2() {
    let invalid = temp_file("latin1.txt", b"caf\xe9 \xab quoted \xbb");
    let binary = temp_file("image.png", &[0x89, b'P', b'N', b'G', 0, 0, 0, 13]);
    let empty = temp_file("empty.txt", b"   \n");
    let good = temp_file("good.txt", "“Fine,” he said.".as_bytes());
    let missing = "/nonexistent/quotelens/none.txt";
    let out = quotelens(
        &[
            "analyze",
            invalid.to_str().unwrap(),
            binary.to_str().unwrap(),
            empty.to_str().unwrap(),
            missing,
            good.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 4, "one line per bad input: {err}");
    assert!(lines[0].contains("latin1.txt") && lines[0].contains("not valid UTF-8"));
    assert!(lines[1].contains("image.png") && lines[1].contains("binary"));
    assert!(lines[2].contains("empty.txt") && lines[2].contains("empty"));
    assert!(lines[3].contains("none.txt") && lines[3].contains("cannot read"));
    assert!(!err.contains("panicked"));
    // The good file is still analysed.
    let out_lines = json_lines(&out);
    assert_eq!(out_lines.len(), 1);
    assert_eq!(out_lines[0]["quotes"][0]["text"], "Fine,");
}

#[test]
fn lossy_decoding_warns_and_analyses() {
    let invalid = temp_file("latin1-lossy.txt", b"He said \"caf\xe9 time\".");
    let out = quotelens(&["analyze", "--lossy", invalid.to_str().unwrap()], b"");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("warning"));
    assert_eq!(json_lines(&out)[0]["quotes"][0]["text"], "caf\u{FFFD} time");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(quotelens(&[], b"").status.code(), Some(2));
    assert_eq!(quotelens(&["frobnicate"], b"").status.code(), Some(2));
    assert_eq!(quotelens(&["analyze"], b"").status.code(), Some(2));
    assert_eq!(
        quotelens(&["analyze", "--bogus", "x"], b"").status.code(),
        Some(2)
    );
    let help = quotelens(&["--help"], b"");
    assert!(help.status.success());
    assert!(String::from_utf8(help.stdout).unwrap().contains("analyze"));
}

#[test]
fn jsonl_on_several_threads_keeps_order_and_output() {
    let mut input = String::new();
    for k in 0..23 {
        input.push_str(&format!(
            "{{\"id\": {k}, \"text\": \"“Line {k} is in,” said Officer Number{k}. The convoy \
             left Peshawar on Friday.\"}}\n"
        ));
        if k % 7 == 3 {
            input.push_str("not json\n\n{\"text\": 5}\n");
        }
    }
    let one = quotelens(&["analyze", "--jsonl"], input.as_bytes());
    for jobs in ["2", "5"] {
        let many = quotelens(&["analyze", "--jsonl", "--jobs", jobs], input.as_bytes());
        assert_eq!(many.status.code(), one.status.code());
        assert_eq!(many.stdout, one.stdout, "--jobs {jobs}");
        assert_eq!(many.stderr, one.stderr, "--jobs {jobs}");
    }
    let ids: Vec<u64> = json_lines(&one)
        .iter()
        .map(|v| v["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, (0..23).collect::<Vec<_>>());
    assert_eq!(one.status.code(), Some(2), "the bad lines are reported");
    let bad = quotelens(&["analyze", "--jsonl", "--jobs", "0"], b"");
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--jobs"));
}
