//! Descriptors: the titles and role words before a name and the appositives after it that say
//! what an entity is ("Foreign Office spokesperson").

#[allow(unused_imports)]
use super::*;

/// Descriptors of the name starting at byte `name_start` in a mention ending at
/// `mention_end`: the title phrase before the name and an appositive after the mention.
pub fn descriptors_at(doc: &Document, name_start: usize, mention_end: usize) -> Vec<String> {
    let mut out = Vec::new();
    let toks = &doc.tokens;
    let text = doc.text;
    let lw = |i: usize| lower(toks[i].span().slice(text));
    let sentence = doc
        .sentence_at(name_start)
        .and_then(|s| doc.sentences.get(s));
    let (s_first, s_end) = sentence.map_or((0, toks.len()), |s| (s.tokens().start, s.tokens().end));
    // Before: titles and role phrases ("Lt. Gen.", "Foreign Office spokesperson").
    let t = doc.token_from(name_start);
    let mut j = t;
    let mut start: Option<usize> = None;
    let mut has_role = false;
    let mut n = 0;
    while j > s_first && n < 7 {
        let k = j - 1;
        let tok = toks[k];
        let w = tok.span().slice(text);
        let l = lw(k);
        let ok = match tok.kind() {
            TokenKind::Punct if w == "." => {
                k > s_first && toks[k - 1].kind() == TokenKind::Word && TITLES.contains(lw(k - 1))
            }
            TokenKind::Word if TITLES.contains(&l) || ROLES.contains(&l) => {
                has_role = true;
                true
            }
            TokenKind::Word
                if DETERMINERS.contains(&*l)
                    || PRONOUNS.contains(&l)
                    || STOP_CAPS.contains(&*l)
                    || values::is_calendar_word(&l) =>
            {
                false
            }
            // "Secretary of State": "of" between capitalised words.
            TokenKind::Word if l == "of" => start.is_some(),
            TokenKind::Word if ROLE_MODIFIERS.contains(&l) => true,
            TokenKind::Word if w.chars().next().is_some_and(char::is_uppercase) => true,
            TokenKind::Word => toks
                .get(k + 1)
                .is_some_and(|t| t.kind() == TokenKind::QuoteMark),
            TokenKind::QuoteMark => {
                start.is_some() && k > s_first && toks[k - 1].kind() == TokenKind::Word
            }
            _ => false,
        };
        if !ok {
            break;
        }
        start = Some(k);
        j = k;
        n += 1;
    }
    // Never start on "of" or a mark.
    while let Some(s) = start.filter(|&s| s < t) {
        let w = toks[s].span().slice(text);
        if w == "of" || toks[s].kind() == TokenKind::QuoteMark {
            start = Some(s + 1);
        } else {
            break;
        }
    }
    if let (Some(s), true) = (start.filter(|&s| s < t), has_role && t > 0) {
        let span = Span::new(toks[s].span().start, toks[t - 1].span().end);
        let d = collapse(span.slice(text));
        // A courtesy title alone ("Mr.") describes nothing.
        let courtesy = matches!(
            name_key(&d).as_str(),
            "mr" | "mrs" | "ms" | "miss" | "mx" | "sir" | "dame"
        );
        if !courtesy {
            out.push(d);
        }
    }
    // After: ", a security analyst at the Islamabad Policy Institute,".
    let t = doc.token_from(mention_end);
    if t < s_end && toks[t].span().slice(text) == "," {
        let first = t + 1;
        let mut k = first;
        let mut role_seen = false;
        let mut end = None;
        while k < s_end && k - first < 16 {
            let tok = toks[k];
            let w = tok.span().slice(text);
            let last_in_sentence = k + 1 == s_end;
            let stop = matches!(w, "," | ";" | ":" | "—" | "–")
                || tok.kind() == TokenKind::QuoteMark
                || (last_in_sentence && tok.kind() == TokenKind::Punct);
            if stop {
                end = Some(k);
                break;
            }
            if tok.kind() == TokenKind::Word {
                let l = lw(k);
                if k == first
                    && matches!(
                        &*l,
                        "who"
                            | "whom"
                            | "whose"
                            | "which"
                            | "where"
                            | "when"
                            | "said"
                            | "says"
                            | "and"
                            | "but"
                            | "or"
                            | "told"
                            | "added"
                            | "according"
                            | "he"
                            | "she"
                            | "it"
                            | "they"
                            | "we"
                            | "i"
                    )
                {
                    break;
                }
                if k - first < 5 && ROLES.contains(&l) {
                    role_seen = true;
                }
            }
            k += 1;
        }
        if end.is_none() && k == s_end && k > first {
            end = Some(k);
        }
        if let (Some(e), true) = (end, role_seen) {
            if e > first {
                let span = Span::new(toks[first].span().start, toks[e - 1].span().end);
                out.push(collapse(span.slice(text)));
            }
        }
    }
    out
}

/// True for a name written in capitals that is not an acronym ("ISLAMABAD", not "ISPR").
pub(super) fn shouting(s: &str) -> bool {
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    letters > 5 && !s.chars().any(char::is_lowercase)
}

pub(super) fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
