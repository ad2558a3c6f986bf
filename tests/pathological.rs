//! Hostile shapes of input that would expose a quadratic path: each is big enough that an
//! `O(n²)` stage would take minutes, so a regression shows up as a test that does not finish.
//! No wall-clock assertions here (timings are benchmarks; see docs/robustness.md for the
//! measured times and the command that measures them). Every result must keep the contract.

#[path = "../fuzz/invariants.rs"]
mod invariants;

fn analyze_checked(text: &str) -> quotelens::Analysis {
    let a = quotelens::analyze(text);
    if let Err(e) = invariants::check(text, &a) {
        panic!("contract invariant broken: {e}");
    }
    a
}

/// A realistic news article (written for these tests) of about 1.5 KB; `n` varies names,
/// figures and places so repeated copies are not identical.
pub fn article(n: usize) -> String {
    const FIRST: &[&str] = &[
        "Tahir", "Amina", "John", "Maria", "Ahmed", "Sofia", "Imran", "Claire", "Bilal", "Yusuf",
    ];
    const LAST: &[&str] = &[
        "Andrabi", "Khan", "Miller", "Garcia", "Sharif", "Rossi", "Qureshi", "Dubois", "Baig",
    ];
    const PLACES: &[&str] = &[
        "Islamabad",
        "Kabul",
        "Geneva",
        "Peshawar",
        "New York",
        "Doha",
    ];
    let (f, l) = (FIRST[n % FIRST.len()], LAST[(n / 3) % LAST.len()]);
    let place = PLACES[n % PLACES.len()];
    let other = format!(
        "{} {}",
        FIRST[(n + 4) % FIRST.len()],
        LAST[(n + 2) % LAST.len()]
    );
    format!(
        "Talks on the border resume in {place}\n\n\
         {place}, Nov. {day} (Reuters) - Foreign Office spokesperson {f} {l} said on Friday that \
         Pakistan would not accept \"empty promises\" from its neighbour.\n\n\
         “We will not back down,” {l} told reporters. “Our patience has limits, and the \
         world knows it.”\n\n\
         According to a senior official, at least {killed} fighters were killed and {injured} \
         injured in clashes near the Chaman crossing on Nov. {day2}.\n\n\
         {other}, the U.N. envoy, called the violence ‘deeply troubling’ and urged both sides \
         to return to the table. \"The '90s showed us what happens when talks fail,\" {other} \
         added.\n\n\
         Dr. {l} said the Khans’ farm had been hit twice. 'It's a provocation,' he said.\n\n\
         ترجمان نے کہا کہ ”پاکستان امن چاہتا ہے“ اور مزید بات چیت ہوگی۔\n\n\
         The ministry said it had spent $ {money} million on relief, up {pct}% from 2024. \
         Officials in {place} declined to comment. 🇵🇰 👩‍👩‍👧\n\n",
        day = 1 + n % 28,
        day2 = 1 + (n + 7) % 28,
        killed = 20 + n % 300,
        injured = 5 + n % 90,
        money = 3 + n % 40,
        pct = 1 + n % 60,
    )
}

/// Copies of [`article`] up to at least `bytes` bytes.
pub fn articles(bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + 4096);
    let mut n = 0;
    while text.len() < bytes {
        text.push_str(&article(n));
        n += 1;
    }
    text
}

#[test]
fn hundred_thousand_quote_marks() {
    analyze_checked(&("“".repeat(50_000) + &"”".repeat(50_000)));
    analyze_checked(&"\"".repeat(100_000));
    analyze_checked(&"\" ".repeat(100_000));
    let mixed = ["“", "”", "\"", "'", "‘", "’", "«", "»", "„"];
    let text: String = (0..100_000).map(|i| mixed[(i * 7) % mixed.len()]).collect();
    analyze_checked(&text);
}

#[test]
fn one_megabyte_token_without_spaces() {
    analyze_checked(&"a".repeat(1 << 20));
    analyze_checked(&"Pakistan".repeat(1 << 17));
    analyze_checked(&"پ".repeat(1 << 19));
    analyze_checked(&"a.".repeat(1 << 19));
}

#[test]
fn two_thousand_nested_quotations() {
    let mut text = String::from("He said ");
    for i in 0..2_000 {
        text.push_str(if i % 2 == 0 { "“level " } else { "‘level " });
    }
    for i in (0..2_000).rev() {
        text.push_str(if i % 2 == 0 { "two” " } else { "one’ " });
    }
    text.push_str("and left.");
    let a = analyze_checked(&text);
    assert!(!a.quotes.is_empty());
    let guillemets = "«a ".repeat(2_000) + &"b» ".repeat(2_000);
    analyze_checked(&guillemets);
}

#[test]
fn hundred_thousand_lines_of_one_character() {
    analyze_checked(&"a\n".repeat(100_000));
    analyze_checked(&"“\n".repeat(100_000));
    analyze_checked(&"A\n\n".repeat(100_000));
}

#[test]
fn fifty_thousand_apostrophes() {
    analyze_checked(&"'".repeat(50_000));
    analyze_checked(&"’".repeat(50_000));
    analyze_checked(&"don't ".repeat(50_000));
    analyze_checked(&"the Khans’ ".repeat(50_000));
}

#[test]
fn one_megabyte_line_of_said() {
    analyze_checked(&"said ".repeat(1 << 18));
    // One sentence with 65,536 cues and quotes: was quadratic in attribution (dc24d7f fixed it).
    analyze_checked(&"He said “yes” ".repeat(1 << 16));
    analyze_checked(&"Andrabi said ".repeat(1 << 16));
}

#[test]
fn five_megabytes_of_realistic_articles() {
    let text = articles(5 << 20);
    let a = analyze_checked(&text);
    assert!(a.quotes.len() > 10_000, "{} quotes", a.quotes.len());
    assert!(!a.entities.is_empty());
}

#[test]
fn hostile_html_is_extracted_in_linear_time() {
    use quotelens::html::{looks_like_html, to_text};
    let pages = [
        "<p>".repeat(200_000),
        "<a ".repeat(200_000),
        "< a".repeat(200_000),
        "<!--".repeat(200_000),
        "<!x".repeat(200_000),
        "&amp;&#8220;&#x201D;&bogus;&".repeat(40_000),
        "<script>".repeat(100_000) + &"</script>".repeat(100_000),
        "<div><article>".repeat(50_000),
        "<title>x</title><articlex>".repeat(50_000),
        "<p title=\"".repeat(100_000),
        format!("<html><body>{}</body></html>", articles(1 << 20)),
    ];
    for page in &pages {
        let _ = looks_like_html(page);
        let text = to_text(page);
        analyze_checked(&text);
    }
}

/// A long transcript: every paragraph opens with a speaker label and carries a quotation and
/// reported speech, so label handling that rescanned all quotations per paragraph (or removed
/// them one by one) would be quadratic.
#[test]
fn long_transcript_with_labels() {
    let mut text = String::from("Transcript of the hearing\n\n");
    for k in 0..40_000 {
        let who = if k % 2 == 0 { "HOST" } else { "QUINN" };
        text.push_str(&format!(
            "{who}: Turn {k}. I said “not yet” and I have said so for weeks.\n\n"
        ));
    }
    let a = analyze_checked(&text);
    assert!(a.quotes.len() >= 40_000);
}
