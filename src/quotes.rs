//! Stage 2: direct quotations from quotation marks.
//!
//! One left-to-right pass per paragraph with a stack, linear in the number of marks:
//!
//! 1. **Classify every mark** by its character and its neighbours. “ „ « ‘ open; ” » ’ close;
//!    straight `"` and `'` open after a space and close before one. Apostrophes are not marks:
//!    a `'`/`’` between letters (don't, Taliban’s), before a decade ('90s, ‘90s), in elisions
//!    ('em, 'til). A `’` after a word closes only a single quote that is open ("the Khans’"
//!    stays a possessive), and only when no later closer could close it instead.
//! 2. **Pair them**. Double-quote families (“ ” " „ « » 「 」) pair with each other regardless of
//!    style, so `“mixed"` and `"mixed”` are one quote; single marks pair inside them or alone.
//!    A second opener right after the first (`““`) is a typo and ignored. A second opener while a
//!    quote is open nests when enough closers follow, ends the open quote when it starts a new
//!    sentence, and is otherwise ignored as a doubled opener.
//! 3. **Paragraph ends**. A quote still open continues into the next paragraph if that
//!    paragraph reopens with a mark of the same family (the newspaper convention for
//!    multi-paragraph quotes); otherwise it ends with its paragraph (best effort, `closed: false`).
//!    A closing mark with nothing open, right after punctuation (`…down,” he said`), closes a
//!    quote that began at its paragraph's start.
//!
//! Only top-level quotations are reported; a quote inside a quote is part of the outer content.
//! The content span excludes the marks and surrounding whitespace.

use crate::types::{Document, Quotation, QuoteKind, Span};

/// Which kind of mark: double quotes and guillemets, or single quotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Double,
    Single,
}

/// What a mark does in its context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Open,
    Close,
    /// Could open or close (a straight mark with the same context on both sides).
    Either,
    /// A `’`/`'` after a word: closes an open single quote when no later closer can.
    WeakClose,
}

#[derive(Debug, Clone, Copy)]
struct Mark {
    span: Span,
    family: Family,
    role: Role,
}

/// An opener on the stack.
#[derive(Debug, Clone)]
struct Open {
    mark: usize,
    family: Family,
    /// Content pieces from earlier paragraphs, for a quote that continues across paragraphs.
    carried: Vec<Span>,
    /// The first opening mark (in the first paragraph of a multi-paragraph quote).
    first_mark: Span,
}

/// Runs the stage: fills `doc.quotations` with the direct quotations (kind refined later by
/// attribution).
pub fn detect(doc: &mut Document) {
    let text = doc.text;
    let mut found: Vec<(Vec<Span>, Span, Option<Span>)> = Vec::new();
    let mut carry: Option<Open> = None;
    let lead = lead_ends(doc);
    for p in 0..doc.paragraphs.len() {
        let para = doc.paragraphs[p].span;
        let marks = classify(text, para);
        let next_reopens = doc
            .paragraphs
            .get(p + 1)
            .and_then(|next| first_mark_family(text, next.span));
        let next = (carry.take(), next_reopens);
        carry = pair(doc, &lead, para, &marks, next, &mut found);
    }
    doc.quotations = found
        .into_iter()
        .filter_map(|(parts, open, close)| {
            let parts: Vec<Span> = parts
                .into_iter()
                .map(|s| crate::text::trim(text, s))
                .filter(|s| has_content(s.slice(text)))
                .collect();
            let q = Quotation::from_parts(parts, QuoteKind::Direct)?;
            Some(q.with_marks((!open.is_empty()).then_some(open), close))
        })
        .collect();
    for i in 0..doc.quotations.len() {
        doc.quotations[i].kind = shape_kind(doc, &lead, &doc.quotations[i]);
    }
}

/// A quote needs at least one letter or digit inside.
fn has_content(s: &str) -> bool {
    s.chars().any(char::is_alphanumeric)
}

fn is_opening_context(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | '/' | ':' | '…')
                || opening_char(c)
        }
    }
}

fn is_closing_context(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(
                    c,
                    '.' | ','
                        | ';'
                        | ':'
                        | '!'
                        | '?'
                        | ')'
                        | ']'
                        | '}'
                        | '—'
                        | '–'
                        | '-'
                        | '…'
                        | '/'
                        | '۔'
                        | '،'
                        | '؟'
                )
                || closing_char(c)
        }
    }
}

fn opening_char(c: char) -> bool {
    matches!(
        c,
        '“' | '„' | '‟' | '«' | '‘' | '‚' | '‛' | '‹' | '「' | '『' | '"' | '\''
    )
}

fn closing_char(c: char) -> bool {
    matches!(c, '”' | '»' | '’' | '›' | '」' | '』' | '"' | '\'')
}

/// Words that begin with an apostrophe standing for dropped letters.
const ELISIONS: &[&str] = &[
    "em", "til", "tis", "twas", "cause", "bout", "n", "round", "nuff",
];

fn is_elision(rest: &str) -> bool {
    // The word's length in `rest`, not in its lower-case form: lower-casing can change the byte
    // length ("Ⱥ" is 2 bytes, "ⱥ" 3), and slicing `rest` by it would split a character.
    let len: usize = rest
        .chars()
        .take_while(|c| c.is_alphabetic())
        .map(char::len_utf8)
        .sum();
    let word = rest[..len].to_lowercase();
    let after = rest[len..].chars().next();
    ELISIONS.contains(&word.as_str()) && !after.is_some_and(char::is_alphanumeric)
}

/// '90s, ’90s, ‘90s, '05: an apostrophe before two digits.
fn is_decade(rest: &str) -> bool {
    let mut c = rest.chars();
    matches!((c.next(), c.next(), c.next()), (Some(a), Some(b), after)
        if a.is_ascii_digit() && b.is_ascii_digit() && !after.is_some_and(|x| x.is_ascii_digit()))
}

/// Finds and classifies the quotation marks in a paragraph.
fn classify(text: &str, para: Span) -> Vec<Mark> {
    let s = para.slice(text);
    let mut marks = Vec::new();
    let mut prev: Option<char> = None;
    let mut iter = s.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let next = iter.peek().map(|&(_, n)| n);
        if c == '\'' && next == Some('\'') {
            // `''` (two straight apostrophes) is the double quotation mark of typewriter and
            // NYT-archive copy: one double mark, in the context of what surrounds the pair.
            iter.next();
            let after = iter.peek().map(|&(_, n)| n);
            let span = Span::new(para.start + i, para.start + i + 2);
            let role = contextual(is_opening_context(prev), is_closing_context(after));
            marks.push(Mark {
                span,
                family: Family::Double,
                role,
            });
            prev = Some('\'');
            continue;
        }
        if crate::text::is_quote_char(c) && c != '`' {
            let span = Span::new(para.start + i, para.start + i + c.len_utf8());
            let rest = &s[i + c.len_utf8()..];
            let left_open = is_opening_context(prev);
            let right_close = is_closing_context(next);
            let letters_around =
                prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric);
            let mark = match c {
                '"' | '＂' => Some((Family::Double, contextual(left_open, right_close))),
                '“' | '‟' => Some((
                    Family::Double,
                    if !left_open && right_close {
                        Role::Close // a left mark used to close (German style or a typo)
                    } else {
                        Role::Open
                    },
                )),
                '„' => Some((Family::Double, Role::Open)),
                '”' => Some((
                    Family::Double,
                    if left_open && !right_close {
                        Role::Open // a right mark used to open (Swedish style or a typo)
                    } else {
                        Role::Close
                    },
                )),
                '«' | '»' | '「' | '」' | '『' | '』' => {
                    let natural = if matches!(c, '«' | '「' | '『') {
                        Role::Open
                    } else {
                        Role::Close
                    };
                    let role = match contextual(left_open, right_close) {
                        Role::Either => natural,
                        role => role,
                    };
                    Some((Family::Double, role))
                }
                '‹' | '›' => Some((
                    Family::Single,
                    match contextual(left_open, right_close) {
                        Role::Either if c == '‹' => Role::Open,
                        Role::Either => Role::Close,
                        role => role,
                    },
                )),
                '\'' | '’' | '‘' | '‚' | '‛' => {
                    if letters_around || is_decade(rest) || (left_open && is_elision(rest)) {
                        None // apostrophe
                    } else if left_open && !right_close {
                        Some((Family::Single, Role::Open))
                    } else if !left_open && right_close {
                        let after_word = prev.is_some_and(char::is_alphanumeric);
                        Some((
                            Family::Single,
                            if after_word && c != '‘' {
                                Role::WeakClose
                            } else {
                                Role::Close
                            },
                        ))
                    } else if c == '‘' && !right_close {
                        Some((Family::Single, Role::Open))
                    } else {
                        None // a lone mark between spaces or inside a word: not a quote
                    }
                }
                _ => None,
            };
            if let Some((family, role)) = mark {
                marks.push(Mark { span, family, role });
            }
        }
        prev = Some(c);
    }
    marks
}

fn contextual(left_open: bool, right_close: bool) -> Role {
    match (left_open, right_close) {
        (true, false) => Role::Open,
        (false, true) => Role::Close,
        _ => Role::Either,
    }
}

/// The family of the mark that opens a paragraph, if it opens with one.
fn first_mark_family(text: &str, para: Span) -> Option<Family> {
    // Look at the first few characters only (a byte cap could split a character).
    let head: usize = para.slice(text).chars().take(4).map(char::len_utf8).sum();
    let marks = classify(text, Span::new(para.start, para.start + head));
    let first = marks.first()?;
    (first.span.start == para.start && matches!(first.role, Role::Open | Role::Either))
        .then_some(first.family)
}

/// Pairs the marks of one paragraph; returns the quote that continues into the next paragraph.
fn pair(
    doc: &Document,
    lead: &[usize],
    para: Span,
    marks: &[Mark],
    (carry, next_reopens): (Option<Open>, Option<Family>),
    found: &mut Vec<(Vec<Span>, Span, Option<Span>)>,
) -> Option<Open> {
    // Close-capable double marks at or after each index, for the nesting decision.
    let mut double_closers_from = vec![0usize; marks.len() + 1];
    // Whether a later single mark could close, for weak closers.
    let mut single_closer_after = vec![false; marks.len() + 1];
    for i in (0..marks.len()).rev() {
        let m = marks[i];
        let can_close = matches!(m.role, Role::Close | Role::Either | Role::WeakClose);
        double_closers_from[i] =
            double_closers_from[i + 1] + usize::from(m.family == Family::Double && can_close);
        single_closer_after[i] = single_closer_after[i + 1]
            || (m.family == Family::Single && can_close)
            || (m.family == Family::Single && m.role == Role::Open);
    }
    let mut stack: Vec<Open> = Vec::new();
    let mut start_mark = 0;
    if let Some(mut open) = carry {
        // The paragraph reopens the carried quote with its first mark.
        open.mark = 0;
        stack.push(open);
        start_mark = 1;
    }
    // Where a quote with a missing opener may start: the paragraph start or the last quote's end.
    let mut free_from = para.start;
    let content_after = |m: usize| marks[m].span.end;
    let emit = |open: &Open, close: Option<Span>, end: usize, found: &mut Vec<_>| {
        let mut parts = open.carried.clone();
        parts.push(Span::new(content_after(open.mark), end));
        found.push((parts, open.first_mark, close));
    };
    for (i, &mark) in marks.iter().enumerate().skip(start_mark) {
        let top_double = stack.iter().rposition(|o| o.family == Family::Double);
        match (mark.family, mark.role) {
            (Family::Double, Role::Open) | (Family::Double, Role::Either) => {
                if let Some(d) = top_double {
                    if mark.role == Role::Either {
                        // A straight mark with a quote open closes it.
                        close_double(&mut stack, d, i, mark, &emit, found, &mut free_from);
                        continue;
                    }
                    let pending = &stack[d];
                    let between = &doc.text[marks[pending.mark].span.end..mark.span.start];
                    // trim_end, not trim: only the blanks before this mark are scanned, so
                    // a long blank stretch after the pending opener is not rescanned per mark.
                    if between.trim_end().is_empty() {
                        stack[d].mark = i; // ““ doubled opener: the content starts after both
                        continue;
                    }
                    let new_sentence = starts_sentence(doc, lead, mark.span.start)
                        && doc.sentence_at(mark.span.start)
                            != doc.sentence_at(marks[pending.mark].span.start);
                    if double_closers_from[i + 1] >= 2 && !new_sentence {
                        stack.push(open_at(i, mark)); // a nested quote
                    } else if new_sentence {
                        // The open quote was never closed: it ends where this one begins.
                        let open = stack.swap_remove(d);
                        stack.truncate(d);
                        if d == 0 {
                            emit(&open, None, mark.span.start, found);
                        }
                        stack.push(open_at(i, mark));
                    }
                    // else: a stray second opener inside the quote; ignore it.
                } else {
                    stack.push(open_at(i, mark));
                }
            }
            (Family::Double, Role::Close) | (Family::Double, Role::WeakClose) => {
                if let Some(d) = top_double {
                    close_double(&mut stack, d, i, mark, &emit, found, &mut free_from);
                } else if stack.is_empty() {
                    // A closer with no opener: the quote ran from the paragraph start (or the
                    // last quote) when punctuation precedes the mark, as in `… down,” he said`.
                    let before = doc.text[free_from..mark.span.start].trim_end();
                    if before
                        .chars()
                        .last()
                        .is_some_and(|c| matches!(c, ',' | '.' | '?' | '!' | '…' | '—'))
                        && free_from == para.start
                    {
                        found.push((
                            vec![Span::new(free_from, mark.span.start)],
                            Span::new(free_from, free_from),
                            Some(mark.span),
                        ));
                        free_from = mark.span.end;
                    }
                }
            }
            (Family::Single, Role::Open) => stack.push(open_at(i, mark)),
            (Family::Single, role) => {
                // Single closers close only a single quote open at the current level.
                let Some(top) = stack.last() else { continue };
                if top.family != Family::Single {
                    continue; // an apostrophe inside a double quote
                }
                if role == Role::WeakClose && single_closer_after[i + 1] {
                    continue; // a possessive; a later mark closes the quote
                }
                if role == Role::Either {
                    continue;
                }
                let open = stack.pop().expect("checked above");
                if stack.is_empty() {
                    emit(&open, Some(mark.span), mark.span.start, found);
                    free_from = mark.span.end;
                }
            }
        }
    }
    // Paragraph end: the outermost open quote continues or ends here; inner ones are dropped.
    let outer = stack.into_iter().next()?;
    let end = para.end;
    if next_reopens == Some(outer.family) {
        let mut carried = outer.carried.clone();
        carried.push(Span::new(content_after(outer.mark), end));
        return Some(Open {
            mark: 0,
            family: outer.family,
            carried,
            first_mark: outer.first_mark,
        });
    }
    if outer.family == Family::Double || !outer.carried.is_empty() {
        emit(&outer, None, end, found);
    }
    None
}

fn open_at(i: usize, mark: Mark) -> Open {
    Open {
        mark: i,
        family: mark.family,
        carried: Vec::new(),
        first_mark: mark.span,
    }
}

#[allow(clippy::too_many_arguments)]
fn close_double(
    stack: &mut Vec<Open>,
    d: usize,
    _i: usize,
    mark: Mark,
    emit: &impl Fn(&Open, Option<Span>, usize, &mut Vec<(Vec<Span>, Span, Option<Span>)>),
    found: &mut Vec<(Vec<Span>, Span, Option<Span>)>,
    free_from: &mut usize,
) {
    let open = stack.swap_remove(d);
    stack.truncate(d); // single quotes opened inside and never closed were apostrophes
    if d == 0 {
        emit(&open, Some(mark.span), mark.span.start, found);
        *free_from = mark.span.end;
    }
}

/// For each sentence, the end of the whitespace and marks it starts with: the first byte at or
/// after its start that is neither (a run may continue into the next sentences). One backward
/// pass, linear in the text, so [`starts_sentence`] is `O(log n)` however many marks a
/// sentence opens with.
fn lead_ends(doc: &Document) -> Vec<usize> {
    let mut lead = vec![doc.text.len(); doc.sentences.len()];
    for s in (0..doc.sentences.len()).rev() {
        let start = doc.sentences[s].span().start;
        let limit = doc
            .sentences
            .get(s + 1)
            .map_or(doc.text.len(), |n| n.span().start);
        let run = doc.text[start..limit]
            .find(|c: char| !(c.is_whitespace() || crate::text::is_quote_char(c)));
        lead[s] = match run {
            Some(i) => start + i,
            None => lead.get(s + 1).copied().unwrap_or(doc.text.len()),
        };
    }
    lead
}

/// True when only whitespace and other marks separate `pos` from the start of its sentence
/// (`lead` from [`lead_ends`]).
fn starts_sentence(doc: &Document, lead: &[usize], pos: usize) -> bool {
    match doc.sentence_at(pos) {
        None => true,
        Some(s) => pos <= lead[s],
    }
}

/// A first, structural guess at the kind from the quote's shape and place in its sentence;
/// the attribution stage refines it with cues and speakers.
fn shape_kind(doc: &Document, lead: &[usize], q: &Quotation) -> QuoteKind {
    let content = doc.slice(q.span);
    let words = content.split_whitespace().count();
    let opens_sentence = q
        .open_mark()
        .map(|m| starts_sentence(doc, lead, m.start))
        .unwrap_or(true);
    let after_colon = q.open_mark().is_some_and(|m| {
        doc.text[..m.start]
            .trim_end()
            .ends_with([':', ',', '—', '–'])
    });
    let ends_clause = content
        .trim_end()
        .ends_with(['.', ',', '?', '!', '…', ';', '—', '-', '۔']);
    if opens_sentence || after_colon || q.parts().len() > 1 || (ends_clause && words >= 4) {
        QuoteKind::Direct
    } else if words <= 3 && !ends_clause {
        QuoteKind::Scare
    } else {
        QuoteKind::Partial
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::segment;

    /// The quote contents found in `text`.
    fn quotes(text: &str) -> Vec<String> {
        let mut doc = Document::new(text);
        segment(&mut doc);
        detect(&mut doc);
        doc.quotations
            .iter()
            .map(|q| doc.slice(q.span).to_string())
            .collect()
    }

    fn kinds(text: &str) -> Vec<QuoteKind> {
        let mut doc = Document::new(text);
        segment(&mut doc);
        detect(&mut doc);
        doc.quotations.iter().map(|q| q.kind).collect()
    }

    #[test]
    fn every_mark_style() {
        assert_eq!(quotes("He said “curly” here."), ["curly"]);
        assert_eq!(quotes("He said \"straight\" here."), ["straight"]);
        assert_eq!(quotes("He said ‘single’ here."), ["single"]);
        assert_eq!(quotes("Il a dit « bonjour » hier."), ["bonjour"]);
        assert_eq!(quotes("Er sagte „ja“ gestern."), ["ja"]);
        assert_eq!(quotes("Er sagte »nein« gestern."), ["nein"]);
        assert_eq!(quotes("彼は「はい」と言った。"), ["はい"]);
    }

    #[test]
    fn mixed_curly_and_straight_marks_make_one_quote() {
        assert_eq!(
            quotes("“We will not back down,\" Andrabi said."),
            ["We will not back down,"]
        );
        assert_eq!(
            quotes("\"We will not back down,” Andrabi said."),
            ["We will not back down,"]
        );
        assert_eq!(
            quotes("Andrabi said: «We will not back down.\""),
            ["We will not back down."]
        );
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        assert!(quotes("Don't blame the Taliban’s leaders for the Khans’ house.").is_empty());
        assert!(quotes("In the '90s and ’90s and ‘90s it was different.").is_empty());
        assert!(quotes("Rock 'n' roll, let 'em go 'til dawn.").is_empty());
        assert!(quotes("The Khans' farm and the Joneses' car.").is_empty());
        assert_eq!(
            quotes("“Don't touch the Taliban’s guns,” he said."),
            ["Don't touch the Taliban’s guns,"]
        );
    }

    #[test]
    fn possessive_inside_single_quotes() {
        assert_eq!(
            quotes("‘The Khans’ farm is ours,’ he said."),
            ["The Khans’ farm is ours,"]
        );
    }

    #[test]
    fn quote_inside_a_quote_is_part_of_the_outer_one() {
        assert_eq!(
            quotes("“He told me ‘never again’ and left,” she said."),
            ["He told me ‘never again’ and left,"]
        );
        assert_eq!(
            quotes("\"They called it 'a disgrace,'\" she said."),
            ["They called it 'a disgrace,'"]
        );
    }

    #[test]
    fn multi_paragraph_quote_reopens_and_closes_once() {
        let text = "Andrabi said:\n\n“Pakistan wants peace.\n\n“We have shown restraint.\n\n“But patience has limits.”\n\nThe talks ended.";
        let mut doc = Document::new(text);
        segment(&mut doc);
        detect(&mut doc);
        assert_eq!(doc.quotations.len(), 1);
        let q = &doc.quotations[0];
        let parts: Vec<&str> = q.parts().iter().map(|p| doc.slice(*p)).collect();
        assert_eq!(
            parts,
            [
                "Pakistan wants peace.",
                "We have shown restraint.",
                "But patience has limits."
            ]
        );
        assert!(q.close_mark().is_some());
        assert_eq!(q.kind, QuoteKind::Direct);
    }

    #[test]
    fn unclosed_quote_ends_with_its_paragraph() {
        let text = "“We will respond with full force, he said.\n\nThe army was on alert.";
        assert_eq!(quotes(text), ["We will respond with full force, he said."]);
    }

    #[test]
    fn unclosed_quote_ends_where_the_next_sentence_opens_a_quote() {
        let text = "“We will respond. “Nobody should doubt it,” he said.";
        assert_eq!(
            quotes(text),
            ["We will respond.", "Nobody should doubt it,"]
        );
    }

    #[test]
    fn doubled_opener_and_wrong_closer_give_one_quote() {
        assert_eq!(
            quotes("““We will not back down,\" he said."),
            ["We will not back down,"]
        );
        assert_eq!(
            quotes("“We will “not back down,\" he said."),
            ["We will “not back down,"]
        );
    }

    #[test]
    fn closer_without_opener_at_paragraph_start() {
        assert_eq!(
            quotes("We will not back down,” Andrabi said."),
            ["We will not back down,"]
        );
    }

    #[test]
    fn interrupted_quote_gives_two_pieces() {
        assert_eq!(
            quotes("“We are ready,” he said, “and we are waiting.”"),
            ["We are ready,", "and we are waiting."]
        );
    }

    #[test]
    fn several_quotes_in_one_paragraph_and_empty_ones() {
        assert_eq!(
            quotes("He called it “absurd” and “dangerous”. “” was all she wrote."),
            ["absurd", "dangerous"]
        );
    }

    #[test]
    fn kinds_from_shape() {
        assert_eq!(
            kinds("“We will not back down,” Andrabi said."),
            [QuoteKind::Direct]
        );
        assert_eq!(
            kinds("He accused the regime of “empty promises and inaction on the border” today."),
            [QuoteKind::Partial]
        );
        assert_eq!(
            kinds("The so-called “peace deal” was signed."),
            [QuoteKind::Scare]
        );
    }

    #[test]
    fn quotes_across_scripts() {
        assert_eq!(
            quotes("ترجمان نے کہا ”پاکستان امن چاہتا ہے“ اور چلے گئے۔"),
            ["پاکستان امن چاہتا ہے"]
        );
        assert_eq!(
            quotes("She wrote “👩‍👩‍👧 family first 🇵🇰” online."),
            ["👩‍👩‍👧 family first 🇵🇰"]
        );
    }

    #[test]
    fn pathological_inputs_are_linear_and_safe() {
        let many = "“".repeat(20_000) + &"”".repeat(20_000);
        let _ = quotes(&many);
        let straight = "\" ".repeat(50_000);
        let _ = quotes(&straight);
        let nested: String = (0..2000).map(|_| "“a ‘b ").collect::<String>() + &"’ c”".repeat(2000);
        let _ = quotes(&nested);
        let apos = "'".repeat(10_000);
        assert!(quotes(&apos).is_empty());
    }
}
