//! The benchmark inputs, in one place: the criterion benches (`benches/pipeline.rs`), the native
//! timing tool (`examples/bench_native.rs`, which also writes them to `target/bench-inputs/` for
//! the browser and compromise scripts) and the cost curve all use these texts.
//!
//! Every text is the app's demo article (`static/demo-article.txt`, written by the team) or is
//! generated from the fictional news paragraphs below (written for these benchmarks in the same
//! style; no corpus text anywhere). A small deterministic
//! generator fills their slots with names, places, organisations, dates and figures from fixed
//! lists and shuffles paragraph order, so a long input is many different articles rather than
//! one article repeated, and every run produces byte-identical files.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Paragraph templates. Slots: `{P}` `{Q}` a person's full name (`{Ps}` `{Qs}` their surname),
/// `{C}` `{D}` cities, `{N}` a country, `{O}` an organisation, `{R}` a role, `{W}` a weekday,
/// `{M}` a month, `{X}` `{Y}` numbers.
const PARAGRAPHS: &[&str] = &[
    "{N} will keep its river ports closed until the dispute over fishing quotas is settled, the {O} said on {W}, after a second round of talks in {C} ended without an agreement.",
    "“We have been patient for a long time. Patience is not the same as agreement,” {R} {P} told reporters at a briefing in {C}.",
    "{Ps} said the government had offered {X} concessions to exporters since {M}, but that “not one of them” had been answered in writing. She accused the other side of “stalling while the boats rot at the quay.”",
    "Asked when the ports would reopen, {Ps} paused. “We are looking at each case on its merits,” she said, “but the position has not moved.”",
    "{Q}, a spokesman for the {O}, told a separate news conference in {D} that at least {X} vessels had been turned back since {M} {Y}. “These are not isolated incidents,” he said.",
    "“They are organised. They are financed. And they are repeated every week,” {Qs} added. “Our answer will be measured, but it will be firm.”",
    "A senior official familiar with the negotiations, who spoke on condition of anonymity because he was not authorised to speak publicly, said the delegation had asked for \"more time to consult the cabinet in {C}.\"",
    "According to figures published by the {O}, the closure has cost traders more than ${X} million since {M}. The numbers could not be independently verified.",
    "In {D}, market association leader {P} said losses were mounting. “Every day the gate stays shut we lose more than we earn in a month,” he said. “Who is going to pay for the fruit spoiling in these lorries?”",
    "The association says some {X},{Y}00 lorries are waiting on the {N} side of the border. Its members have threatened a sit-in outside the regional assembly on {W}.",
    "Analysts said the standoff reflected a wider collapse of trust. \"Both governments are speaking to voters at home,\" said {Q}, an economist at the {O}. \"Nobody wants to be seen to blink first.\"",
    "The ministry of trade said in a statement that it was “closely following” the situation and would “take every step necessary” to protect jobs.",
    "{R} {Q} warned that the dispute could spread to rail freight. “If the ports stay closed, the trains are next,” he told the {O} in {C} on {W}.",
    "Prices of flour rose {X} per cent in {D} last week, the statistics office said, the sharpest weekly increase since {M} {Y}.",
    "{P}, who chairs the {O}, called the closure “a self-inflicted wound” and urged both sides to return to the table before the end of {M}.",
    "Residents of {C} said the shortages were already visible. \"The shelves were half empty on Saturday,\" said a shopkeeper who gave only his first name, Tomas.",
    "“We are ready to talk,” {Ps} said in an interview with a radio station in {D}. “But we will not sign anything that our fishermen cannot live with.”",
    "{N}’s foreign minister, {Q}, is expected to travel to {C} on {W} for what officials described as “technical consultations”. His office declined to comment.",
    "The {O} estimated that {X} per cent of small exporters had laid off staff since the crisis began, and that another {Y} per cent were considering it.",
    "Not everyone blames the government. \"The quotas were always going to be renegotiated,\" said {P}, a retired harbour master in {D}. \"What surprised me was how fast it fell apart.\"",
    "Opposition leader {Q} told parliament the talks had been “mishandled from the first day”. The government rejected the charge, saying the opposition had “no plan of its own”.",
    "The next round of talks is scheduled for {M} {Y} in {C}, a diplomat from {N} said.",
    "Late on {W}, the {O} issued a statement saying it remained \"committed to dialogue\" and calling for the ports to reopen \"without preconditions\".",
    "“This is bigger than fish,” {P} said. “It is about whether two neighbours can still solve a problem together.",
    "“If we cannot, then every border in the region becomes a bargaining chip.”",
    "Officials in {D} said the café owners’ guild, the Zürich-based insurers and the São Paulo shipping line had all asked for compensation — a bill that could reach ${X} million.",
];

const FIRST: &[&str] = &[
    "Marta", "Jonas", "Ilse", "Kofi", "Amara", "Tobias", "Leena", "Rafael", "Noor", "Edwin",
    "Sofia", "Dmitri", "Hana", "Oskar", "Priya", "Mateo", "Greta", "Yusuf", "Clara", "Anders",
];
const LAST: &[&str] = &[
    "Vellinga",
    "Ostrander",
    "Mbeki-Hale",
    "Kowalczyk",
    "Arnaud",
    "Lindqvist",
    "Okonjo",
    "Varga",
    "Haddad",
    "Brannigan",
    "Sørlie",
    "Castellano",
    "Petrov",
    "Nakamura",
    "Feldmann",
    "Osei",
    "Rautio",
    "Delacroix",
    "Moreau",
    "Quist",
];
const CITIES: &[&str] = &[
    "Port Alder",
    "Vestmark",
    "Ravensholm",
    "Calder Bay",
    "Nordhaven",
    "Saltmere",
    "Brisk",
    "Eastwick",
    "Lindfjord",
    "Tarrow",
    "Mirovac",
    "Keldby",
];
const COUNTRIES: &[&str] = &[
    "Norland", "Estavia", "Valdoria", "Kestrel", "Marovia", "Ostland", "Belmaria", "Tyrenia",
];
const ORGS: &[&str] = &[
    "Ministry of Fisheries",
    "Harbour Authority",
    "Chamber of Commerce",
    "Institute for Trade Policy",
    "Coastal Exporters Association",
    "National Statistics Office",
    "Regional Development Bank",
    "Union of Port Workers",
    "Centre for Maritime Studies",
    "Federation of Small Traders",
];
const ROLES: &[&str] = &[
    "Trade Minister",
    "Deputy spokesperson",
    "Harbour commissioner",
    "Senator",
    "Mayor",
    "Prof.",
    "Dr.",
    "Lt. Gen.",
];
const WEEKDAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
const MONTHS: &[&str] = &[
    "January",
    "March",
    "April",
    "June",
    "July",
    "September",
    "October",
    "Nov.",
];
const HEADLINES: &[&str] = &[
    "Ports stay shut as {N} and its neighbour trade warnings over fishing quotas",
    "Talks in {C} end without deal; traders count the cost",
    "{O} warns of wider fallout from the harbour dispute",
    "Lorries stranded, shelves emptying: the price of a closed border",
];

/// A small deterministic generator (xorshift64*), so every run writes the same texts.
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed (any value but zero works; zero is replaced).
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }
    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    /// One item of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// The cast of one article: its people, places and organisation stay fixed within it.
struct Cast {
    p: (String, &'static str),
    q: (String, &'static str),
    c: &'static str,
    d: &'static str,
    n: &'static str,
    o: &'static str,
    r: &'static str,
}

impl Cast {
    fn new(rng: &mut Rng) -> Self {
        let person = |rng: &mut Rng| {
            let last = rng.pick(LAST);
            (format!("{} {}", rng.pick(FIRST), last), last)
        };
        let p = person(rng);
        let mut q = person(rng);
        while q.1 == p.1 {
            q = person(rng);
        }
        Cast {
            p,
            q,
            c: rng.pick(CITIES),
            d: rng.pick(CITIES),
            n: rng.pick(COUNTRIES),
            o: rng.pick(ORGS),
            r: rng.pick(ROLES),
        }
    }

    fn fill(&self, template: &str, rng: &mut Rng, out: &mut String) {
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = open + rest[open..].find('}').expect("closed slot");
            match &rest[open + 1..close] {
                "P" => out.push_str(&self.p.0),
                "Q" => out.push_str(&self.q.0),
                "Ps" => out.push_str(self.p.1),
                "Qs" => out.push_str(self.q.1),
                "C" => out.push_str(self.c),
                "D" => out.push_str(self.d),
                "N" => out.push_str(self.n),
                "O" => out.push_str(self.o),
                "R" => out.push_str(self.r),
                "W" => out.push_str(rng.pick(WEEKDAYS)),
                "M" => out.push_str(rng.pick(MONTHS)),
                "X" => {
                    let _ = write!(out, "{}", 2 + rng.below(480));
                }
                "Y" => {
                    let _ = write!(out, "{}", 1 + rng.below(28));
                }
                slot => panic!("unknown slot {{{slot}}}"),
            }
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
    }
}

/// Appends one article of at least `words` words (headline, byline, dateline, paragraphs
/// separated by blank lines) to `out`.
pub fn write_article(rng: &mut Rng, words: usize, out: &mut String) {
    let cast = Cast::new(rng);
    let start = out.len();
    cast.fill(rng.pick(HEADLINES), rng, out);
    out.push_str("\n\nBy ");
    let (a, b) = (rng.pick(FIRST), rng.pick(LAST));
    let _ = write!(
        out,
        "{a} {b}\n{}, {} {}, 2025\n",
        cast.c.to_uppercase(),
        rng.pick(MONTHS),
        1 + rng.below(28)
    );
    // Paragraphs in a shuffled order; a quotation continued across paragraphs (the two templates
    // starting “This is bigger” and “If we cannot”) stays together.
    let mut order: Vec<usize> = (0..PARAGRAPHS.len()).collect();
    loop {
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i + 1));
        }
        for &i in &order {
            if PARAGRAPHS[i].starts_with("“If we cannot") {
                continue;
            }
            out.push('\n');
            cast.fill(PARAGRAPHS[i], rng, out);
            out.push('\n');
            if PARAGRAPHS[i].starts_with("“This is bigger") {
                out.push('\n');
                cast.fill(PARAGRAPHS[i + 1], rng, out);
                out.push('\n');
            }
            if out[start..].split_whitespace().count() >= words {
                return;
            }
        }
    }
}

/// The app's demo article (about 670 words; the one the "demo" button loads).
pub const DEMO_ARTICLE: &str = include_str!("../../static/demo-article.txt");

/// One article of about 1,000 words (the budget's "1,000-word article").
pub fn article_1000_words() -> String {
    let mut out = String::new();
    write_article(&mut Rng::new(1000), 1000, &mut out);
    out
}

/// Articles of 500 to 1,500 words until their total reaches `chars` characters.
pub fn batch(chars: usize, seed: u64) -> Vec<String> {
    let mut rng = Rng::new(seed);
    let mut articles = Vec::new();
    let mut total = 0;
    while total < chars {
        let mut a = String::new();
        let words = 500 + rng.below(1001);
        write_article(&mut rng, words, &mut a);
        total += a.chars().count();
        articles.push(a);
    }
    articles
}

/// The 400 k-character batch of articles (analysed one by one, like `analyze --jsonl`): the
/// demo article, then generated ones.
pub fn batch_400k() -> Vec<String> {
    let mut articles = vec![DEMO_ARTICLE.to_string()];
    articles.extend(batch(400_000 - DEMO_ARTICLE.chars().count(), 400));
    articles
}

/// One document of at least `chars` characters: articles one after another, cut at the last
/// paragraph break at or after `chars` (so sizes are exact to within one paragraph).
pub fn sized(chars: usize) -> String {
    let mut out = String::new();
    let mut rng = Rng::new(chars as u64);
    let mut count = 0;
    while count < chars {
        let before = out.len();
        let words = 500 + rng.below(1001);
        write_article(&mut rng, words, &mut out);
        out.push('\n');
        count += out[before..].chars().count();
    }
    // Trim whole paragraphs from the end while still at least `chars` long.
    let mut cut = out.len();
    let mut over = count - chars;
    while let Some(p) = out[..cut].trim_end().rfind("\n\n") {
        let removed = out[p..cut].chars().count();
        if removed > over {
            break;
        }
        over -= removed;
        cut = p;
    }
    out.truncate(cut);
    out.push('\n');
    out
}

/// The sizes of the cost curve, in characters (10 KB to 10 MB; the text is almost all ASCII).
pub const CURVE: &[(&str, usize)] = &[
    ("10k", 10_000),
    ("100k", 100_000),
    ("1m", 1_000_000),
    ("3m", 3_000_000),
    ("10m", 10_000_000),
];

/// `target/bench-inputs/` of this package.
pub fn default_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-inputs")
}

/// Writes every input to `dir`: `demo-article.txt`, `article-1000w.txt`, `batch-400k.jsonl` (one
/// `{"id": …, "text": …}` per line), `batch-400k.txt` (the same articles separated by blank
/// lines, for tools that take one text) and `curve-<size>.txt` for each [`CURVE`] size
/// (`curve-10m.txt` is the 10 MB input). Returns the paths written.
pub fn write_all(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    let mut put = |name: &str, body: &str| -> std::io::Result<()> {
        let path = dir.join(name);
        std::fs::write(&path, body)?;
        written.push(path);
        Ok(())
    };
    put("demo-article.txt", DEMO_ARTICLE)?;
    put("article-1000w.txt", &article_1000_words())?;
    let batch = batch_400k();
    let mut jsonl = String::new();
    for (i, a) in batch.iter().enumerate() {
        let line = serde_json::json!({ "id": format!("a{i}"), "text": a });
        jsonl.push_str(&line.to_string());
        jsonl.push('\n');
    }
    put("batch-400k.jsonl", &jsonl)?;
    put("batch-400k.txt", &batch.join("\n"))?;
    for (name, chars) in CURVE {
        put(&format!("curve-{name}.txt"), &sized(*chars))?;
    }
    Ok(written)
}
