//! `eval audit DIR`: the sourcing audit over a PolNeAR split — how often each loaded-verb class
//! and each kind of stated anonymity reason occurs, share of voice and stated gender — and,
//! with `--sample N`, N of its flags (loaded cues and anonymity reasons, evenly spaced through
//! the split) with their sentences, to be checked by hand. The listing prints corpus text to
//! the terminal; never commit it.

use quotelens::audit::Audit;
use std::collections::BTreeMap;
use std::path::Path;

/// Runs `eval audit DIR [--sample N]`.
pub fn run(args: &[String]) -> Result<(), String> {
    let dir = args.first().ok_or("usage: eval audit DIR [--sample N]")?;
    let sample = match args.iter().position(|a| a == "--sample") {
        Some(i) => args
            .get(i + 1)
            .and_then(|n| n.parse::<usize>().ok())
            .ok_or("--sample needs a number")?,
        None => 0,
    };
    let articles = super::polnear::articles(Path::new(dir))?;
    let mut audits = Vec::new();
    let mut cue_words: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let mut reasons: BTreeMap<&'static str, usize> = BTreeMap::new();
    // (article, what is flagged, the flag, its context)
    let mut flags: Vec<(String, String, String, String)> = Vec::new();
    for (name, text, _) in &articles {
        let a = quotelens::analyze(text);
        let audit = Audit::of(&a, false);
        for l in &audit.loaded_cues {
            *cue_words
                .entry(l.class.clone())
                .or_default()
                .entry(l.cue.to_lowercase())
                .or_default() += 1;
            let q = &a.quotes[l.quote];
            let at = q.cue.as_ref().map_or(q.start, |c| c.start);
            flags.push((
                name.clone(),
                format!("cue {:?}", l.cue),
                l.class.clone(),
                context(text, at),
            ));
        }
        for u in &audit.unnamed_sources {
            let kind = u.reason.as_deref().map_or("no reason given", reason_kind);
            *reasons.entry(kind).or_default() += 1;
            if let Some(r) = &u.reason {
                let q = &a.quotes[u.quote];
                let at = q.speaker.as_ref().map_or(q.start, |s| s.start);
                flags.push((
                    name.clone(),
                    format!("reason of {:?}", u.speaker),
                    r.clone(),
                    context(text, at),
                ));
            }
        }
        audits.push(audit);
    }
    let total = Audit::merge(&audits);
    println!("Sourcing audit: {dir}");
    println!(
        "articles {}  quotations {} ({} words; {} unsure reported speech left out)",
        total.articles, total.quotes, total.words, total.unsure_left_out
    );
    let pct = |n: usize, of: usize| {
        if of == 0 {
            0.0
        } else {
            100.0 * n as f64 / of as f64
        }
    };
    println!("\nshare of voice (quotations, words)");
    for v in &total.voices {
        println!(
            "  {:<14} {:>5}  {:5.1} %   {:>6}  {:5.1} %",
            v.group,
            v.quotes,
            pct(v.quotes, total.quotes),
            v.words,
            pct(v.words, total.words)
        );
    }
    let persons: usize = total.gender.iter().map(|g| g.quotes).sum();
    println!("\nquotations of named persons by the gender the text states");
    for g in &total.gender {
        println!(
            "  {:<14} {:>5}  {:5.1} %",
            g.group,
            g.quotes,
            pct(g.quotes, persons)
        );
    }
    println!("\nloaded cues (quotations), with their most frequent words");
    for l in &total.loaded {
        let mut words: Vec<(&String, &usize)> = cue_words
            .get(&l.group)
            .map(|m| m.iter().collect())
            .unwrap_or_default();
        words.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let top: Vec<String> = words
            .iter()
            .take(6)
            .map(|(w, n)| format!("{w} {n}"))
            .collect();
        println!(
            "  {:<12} {:>5}  {:4.1} % of quotations   {}",
            l.group,
            l.quotes,
            pct(l.quotes, total.quotes),
            top.join(", ")
        );
    }
    let unnamed: usize = reasons.values().sum();
    println!("\nunnamed sources (quotations) by stated reason");
    for (kind, n) in &reasons {
        println!("  {kind:<28} {n:>5}  {:5.1} %", pct(*n, unnamed));
    }
    println!(
        "  single anonymous sources without a stated reason: {}",
        total.anonymous_without_reason
    );
    if sample > 0 && !flags.is_empty() {
        println!(
            "\n{} of {} flags, evenly spaced, to check by hand:",
            sample.min(flags.len()),
            flags.len()
        );
        let step = flags.len() as f64 / sample.min(flags.len()) as f64;
        for i in 0..sample.min(flags.len()) {
            let (article, what, flag, ctx) = &flags[(i as f64 * step) as usize];
            println!("[{}] {article}\n    {what} -> {flag}\n    {ctx}", i + 1);
        }
    }
    Ok(())
}

/// The kind of a stated reason, by its first words.
fn reason_kind(reason: &str) -> &'static str {
    let r = reason.to_lowercase();
    if r.starts_with("because of") {
        "because of (sensitivity)"
    } else if r.starts_with("because") || r.starts_with("since") || r.starts_with("as ") {
        "because …"
    } else if r.contains("fear") {
        "for fear of …"
    } else if r.starts_with("not ") || r.contains("authori") || r.starts_with("no ") {
        "not authorised …"
    } else if r.starts_with("to ") || r.starts_with("in order") || r.starts_with("so as") {
        "to discuss / describe …"
    } else {
        "other"
    }
}

/// About 240 characters of `text` around code point `at`, on one line.
fn context(text: &str, at: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let from = at.saturating_sub(120);
    let to = (at + 120).min(chars.len());
    chars[from..to]
        .iter()
        .map(|&c| if c == '\n' { ' ' } else { c })
        .collect()
}
