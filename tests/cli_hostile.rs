//! The CLI against hostile inputs: every one gets valid JSON (exit 0) or a one-line message on
//! stderr (exit 2), never a panic and never a hang.

use serde_json::Value;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "../fuzz/invariants.rs"]
mod invariants;

/// A run far longer than any input here needs (the slowest, 10 MB, takes seconds): past it the
/// CLI is taken to hang and is killed. A hang guard, not a benchmark.
const HANG: Duration = Duration::from_secs(600);

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("quotelens-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Runs the CLI with stdin from `stdin` (a file), output to files, and a hang guard.
fn quotelens(args: &[&str], stdin: Option<&Path>) -> Run {
    let tag = args.join("_").replace(['/', ' ', '.'], "_");
    let tag = &tag[tag.len().saturating_sub(60)..];
    let (out_path, err_path) = (
        dir().join(format!("{tag}.out")),
        dir().join(format!("{tag}.err")),
    );
    let stdin = match stdin {
        Some(p) => Stdio::from(File::open(p).unwrap()),
        None => Stdio::null(),
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_quotelens"))
        .args(args)
        .stdin(stdin)
        .stdout(File::create(&out_path).unwrap())
        .stderr(File::create(&err_path).unwrap())
        .spawn()
        .expect("the quotelens binary runs");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > HANG {
            let _ = child.kill();
            panic!("quotelens {args:?} still running after {HANG:?}: a hang");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = std::fs::read(&out_path).unwrap();
    let stderr = std::fs::read(&err_path).unwrap();
    Run {
        code: status
            .code()
            .expect("exited, not killed by a signal (abort, overflow)"),
        stdout: String::from_utf8(stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

/// The outcome every input must have: exit 0 with one JSON analysis per input that keeps the
/// contract, or exit 2 with one `quotelens:` line per refused input. Returns the analyses.
fn answered(run: &Run, inputs: usize) -> Vec<Value> {
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("RUST_BACKTRACE"),
        "a panic: {}",
        run.stderr
    );
    assert!(run.code == 0 || run.code == 2, "exit code {}", run.code);
    let lines: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each stdout line is JSON"))
        .collect();
    let messages = run
        .stderr
        .lines()
        .filter(|l| !l.contains("warning:"))
        .count();
    for line in run.stderr.lines() {
        assert!(line.starts_with("quotelens: "), "stderr line {line:?}");
    }
    if run.code == 0 {
        assert_eq!(lines.len(), inputs, "one analysis per input");
        assert_eq!(messages, 0, "{}", run.stderr);
    } else {
        assert!(messages >= 1, "exit 2 says why");
        assert_eq!(lines.len() + messages, inputs, "{}", run.stderr);
    }
    for v in &lines {
        assert_eq!(v["version"], 1);
        assert!(v["quotes"].is_array() && v["entities"].is_array());
    }
    lines
}

fn analyse_file(name: &str, bytes: &[u8]) -> Run {
    let path = temp_file(name, bytes);
    quotelens(&["analyze", path.to_str().unwrap()], None)
}

/// Checks a successful analysis against the text it was given.
fn keeps_contract(v: &Value, text: &str) {
    let a: quotelens::Analysis = serde_json::from_value(v.clone()).expect("contract JSON");
    if let Err(e) = invariants::check(text, &a) {
        panic!("{e}");
    }
}

/// A small deterministic generator (xorshift), so failures reproduce.
fn random_bytes(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 24) as u8
        })
        .collect()
}

#[test]
fn empty_and_whitespace_only_files_are_refused_in_one_line() {
    for (name, bytes) in [
        ("empty.txt", &b""[..]),
        ("spaces.txt", b"   \n\t\r\n  \x0c "),
        ("bom-only.txt", b"\xef\xbb\xbf"),
        ("bom-spaces.txt", b"\xef\xbb\xbf \n"),
        ("utf16-bom-only.txt", b"\xff\xfe"),
        ("nbsp-only.txt", "\u{a0}\u{2003}\u{3000}\n".as_bytes()),
    ] {
        let run = analyse_file(name, bytes);
        answered(&run, 1);
        assert_eq!(run.code, 2, "{name}");
        assert!(run.stderr.contains("empty"), "{name}: {}", run.stderr);
    }
}

#[test]
fn ten_megabytes_of_article_text_finish() {
    let mut text = String::new();
    let mut n = 0;
    while text.len() < 10 << 20 {
        text.push_str(&format!(
            "“We will not back down,” Tahir Andrabi{n} said on Friday. According to a senior \
             official, at least {n} people were killed in Islamabad. He called it \"a \
             provocation\" and «unacceptable». ترجمان نے کہا ”امن“۔ 🇵🇰\n\n"
        ));
        n += 1;
    }
    let run = analyse_file("ten-mb.txt", text.as_bytes());
    std::fs::remove_file(dir().join("ten-mb.txt")).unwrap();
    let lines = answered(&run, 1);
    assert_eq!(run.code, 0, "{}", run.stderr);
    keeps_contract(&lines[0], &text);
}

#[test]
fn random_bytes_are_refused_or_analysed() {
    let bytes = random_bytes(1 << 20, 0x9E37_79B9_7F4A_7C15);
    let run = analyse_file("random.bin", &bytes);
    answered(&run, 1);
    assert_eq!(run.code, 2, "random bytes contain NULs: binary");
    let path = temp_file("random-lossy.bin", &bytes);
    answered(
        &quotelens(&["analyze", "--lossy", path.to_str().unwrap()], None),
        1,
    );
    // Random bytes without NULs or control characters: invalid UTF-8, and --lossy analyses it.
    let printable: Vec<u8> = bytes.iter().map(|&b| b | 0x20).collect();
    let run = analyse_file("random-printable.bin", &printable);
    answered(&run, 1);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not valid UTF-8"), "{}", run.stderr);
    let path = temp_file("random-printable-lossy.bin", &printable);
    let run = quotelens(&["analyze", "--lossy", path.to_str().unwrap()], None);
    let lines = answered(&run, 1);
    assert_eq!(run.code, 0, "{}", run.stderr);
    keeps_contract(&lines[0], &String::from_utf8_lossy(&printable));
}

#[test]
fn invalid_utf8_and_nul_bytes() {
    for (name, bytes) in [
        ("latin1.txt", &b"caf\xe9 \xab quoted \xbb he said"[..]),
        ("truncated.txt", b"He said \xe2\x80"),
        ("surrogate.txt", b"He said \xed\xa0\x80 ok"),
        ("overlong.txt", b"He said \xc0\xaf ok"),
        ("nul.txt", b"He said \"yes\"\0 and left."),
        ("nul-only.txt", b"\0\0\0\0"),
        ("utf16-odd.txt", b"\xff\xfeH\0i\0!"),
        ("utf16-lone-surrogate.txt", b"\xff\xfe\x00\xd8a\0"),
    ] {
        let run = analyse_file(name, bytes);
        answered(&run, 1);
        let path = temp_file(&format!("lossy-{name}"), bytes);
        answered(
            &quotelens(&["analyze", "--lossy", path.to_str().unwrap()], None),
            1,
        );
    }
    // NUL inside a JSON Lines text is text, not a file's binary marker: it is analysed.
    let jsonl = temp_file(
        "nul.jsonl",
        b"{\"id\":1,\"text\":\"He said \\\"a\\u0000b\\\".\"}\n{\"text\":\"\\ud800\"}\n",
    );
    let run = quotelens(&["analyze", "--jsonl"], Some(&jsonl));
    answered(&run, 2);
}

#[test]
fn right_to_left_and_emoji_texts_are_analysed() {
    let texts = [
        (
            "urdu.txt",
            "ترجمان نے کہا کہ ”پاکستان امن چاہتا ہے“ اور مزید کہا۔\n\nوزیر اعظم نے کہا «ہم تیار ہیں»۔",
        ),
        ("arabic.txt", "قال المتحدث: «لن نتراجع». وأضاف أن المحادثات ستستأنف."),
        ("hebrew.txt", "הדובר אמר: ״לא נוותר״. \u{200F}השיחות יימשכו."),
        ("bidi-controls.txt", "\u{202E}“evil” he said\u{202C} \u{2067}“x”\u{2069}"),
        (
            "emoji.txt",
            "👩‍👩‍👧‍👦 “👨🏽‍💻 said 🙂,” 🏳️‍🌈 🇵🇰🇵🇰 ‍‍‍ \u{FE0F}\u{200D}“‍”",
        ),
        ("combining.txt", "e\u{301}\u{301}\u{301} “Z\u{351}\u{35b}\u{36d}” she said."),
    ];
    for (name, text) in texts {
        let run = analyse_file(name, text.as_bytes());
        let lines = answered(&run, 1);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        keeps_contract(&lines[0], text);
    }
}

#[test]
fn an_html_file_gives_json() {
    let html = "<!doctype html><html><head><title>Talks</title><script>alert(\"x\")</script>\
                </head><body><p onclick=\"evil()\">&ldquo;We will not back down,&rdquo; \
                Andrabi said.</p><img src=x onerror=\"alert('y')\"></body></html>";
    let run = analyse_file("page.html", html.as_bytes());
    let lines = answered(&run, 1);
    assert_eq!(run.code, 0, "{}", run.stderr);
    keeps_contract(&lines[0], html);
}

#[test]
fn odd_paths_and_sizes() {
    // A directory, a missing file, and one over the size limit: one line each, exit 2.
    let big = temp_file(
        "big.txt",
        &vec![b'a'; quotelens::input::MAX_INPUT_BYTES + 1],
    );
    let run = quotelens(
        &[
            "analyze",
            dir().to_str().unwrap(),
            "/nonexistent/quotelens/none.txt",
            big.to_str().unwrap(),
        ],
        None,
    );
    answered(&run, 3);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("limit"), "{}", run.stderr);
    std::fs::remove_file(&big).unwrap(); // 32 MiB: do not leave it in the temp directory
                                         // Hostile stdin: NULs refused, control-heavy text refused, a lone CR analysed.
    for (name, bytes) in [
        ("stdin-nul", &b"\0abc"[..]),
        ("stdin-controls", b"\x01\x02\x03\x04\x05\x06\x07\x08abc"),
        ("stdin-cr", b"\"One,\" he said.\r\"Two,\" she said.\r"),
    ] {
        let path = temp_file(name, bytes);
        answered(&quotelens(&["analyze", "-"], Some(&path)), 1);
    }
}
