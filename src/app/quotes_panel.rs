//! The quotations panel: quotations grouped by speaker, unattributed and anonymous ones shown
//! as such; click a speaker to focus the text on them, copy a quotation with its attribution.

use super::dom;
use super::state::{Action, Focus};
use crate::contract::{Analysis, Kind, Quote};
use crate::export::{citation, kind_name};
use crate::view;
use crate::view::{entry_text, report_entries};
use std::rc::Rc;
use yew::prelude::*;

/// Properties of [`QuotesPanel`].
#[derive(Properties, PartialEq)]
pub struct QuotesPanelProps {
    /// The analysed text (the speaker mentions in the tooltips come from it).
    pub text: Rc<str>,
    /// The analysis.
    pub analysis: Option<Rc<Analysis>>,
    /// The article's name (for citations).
    pub article: Rc<str>,
    /// What is focused.
    pub focus: Focus,
    /// List unsure reported speech too.
    pub show_unsure: bool,
    /// Sends actions.
    pub dispatch: Callback<Action>,
}

/// A speaker's group: name, anonymous, the quotes.
struct Group<'a> {
    name: String,
    anonymous: bool,
    quotes: Vec<&'a Quote>,
}

/// The speakers' groups; unsure reported speech ([`view::is_unsure_speech`]) only when
/// `show_unsure`.
fn groups(analysis: &Analysis, show_unsure: bool) -> Vec<Group<'_>> {
    let mut out: Vec<Group> = Vec::new();
    for q in &analysis.quotes {
        if !show_unsure && view::is_unsure_speech(q) {
            continue;
        }
        let (name, anonymous) = q
            .speaker
            .as_ref()
            .map_or((String::new(), false), |s| (s.name.clone(), s.anonymous));
        match out.iter_mut().find(|g| g.name == name) {
            Some(g) => g.quotes.push(q),
            None => out.push(Group {
                name,
                anonymous,
                quotes: vec![q],
            }),
        }
    }
    // Most-quoted first; unattributed last.
    out.sort_by_key(|g| (g.name.is_empty(), std::cmp::Reverse(g.quotes.len())));
    out
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// An entry's text for the list, shortened: a long quotation keeps its closing mark.
fn shown(entry: &[&Quote]) -> String {
    match entry {
        [q] if q.kind != Kind::Indirect => format!("“{}”", shorten(q.text.trim(), 140)),
        _ => shorten(&entry_text(entry), 160),
    }
}

/// Quotations listed per speaker before "show more"; speakers listed before the rest are folded.
const QUOTES_SHOWN: usize = 12;
const SPEAKERS_SHOWN: usize = 40;

/// Quotations grouped by speaker.
#[component]
pub fn QuotesPanel(props: &QuotesPanelProps) -> Html {
    let expanded = use_state(std::collections::HashSet::<String>::new);
    let Some(analysis) = props.analysis.clone() else {
        return html! {};
    };
    let slots = view::speaker_slots(&analysis, super::reading_view::SPEAKER_SLOTS);
    let map = crate::offsets::OffsetMap::new(&props.text);
    let groups = groups(&analysis, props.show_unsure);
    let unsure = analysis
        .quotes
        .iter()
        .filter(|q| view::is_unsure_speech(q))
        .count();
    let on_switch = {
        let on = props.show_unsure;
        props
            .dispatch
            .reform(move |_: Event| Action::ShowedUnsure(!on))
    };
    html! {
        <section class="panel quotes-panel" aria-labelledby="quotes-heading">
            <h2 id="quotes-heading">{ "Who said what" }</h2>
            if unsure > 0 || props.show_unsure {
                <label class="unsure-switch">
                    <input type="checkbox" checked={props.show_unsure} onchange={on_switch} />
                    { format!(" Include reported speech that may not be speech ({unsure})") }
                </label>
            }
            if groups.is_empty() {
                <p class="hint">{ "No quotations in this article." }</p>
            }
            <ul class="speaker-groups">
            { for groups.iter().take(SPEAKERS_SHOWN).map(|g| {
                // Reported speech and the quoted words inside it are one entry.
                let entries = report_entries(&g.quotes);
                let open = expanded.contains(&g.name);
                let hidden = if open { 0 } else { entries.len().saturating_sub(QUOTES_SHOWN) };
                let on_more = {
                    let expanded = expanded.clone();
                    let name = g.name.clone();
                    Callback::from(move |_: MouseEvent| {
                        let mut next = (*expanded).clone();
                        next.insert(name.clone());
                        expanded.set(next);
                    })
                };
                let focused = props.focus == Focus::Speaker(g.name.clone());
                let slot = slots.get(&g.name).map_or("spk-none".to_string(), |s| format!("spk-{s}"));
                let title = if g.name.is_empty() { "Unattributed".to_string() } else { g.name.clone() };
                let onclick = {
                    let name = g.name.clone();
                    props.dispatch.reform(move |_: MouseEvent| Action::Focused(Focus::Speaker(name.clone())))
                };
                html! {
                    <li class="speaker-group" data-speaker-group={g.name.clone()}>
                        <button type="button" class={classes!("speaker-name", focused.then_some("focused"))}
                            aria-pressed={focused.to_string()} {onclick}>
                            <span class={classes!("swatch", slot)} aria-hidden="true"></span>
                            { title }
                            if g.anonymous { <span class="badge anonymous">{ "anonymous" }</span> }
                            <span class="count">{ entries.len() }</span>
                        </button>
                        <ol class="speaker-quotes">
                        { for entries.iter().take(entries.len() - hidden).map(|entry| {
                            let q = entry[0];
                            let id = q.id;
                            let cite = citation(entry, &props.article);
                            // One piece of reported speech alone is a paraphrase; pieces of one
                            // report carry quoted words (partial).
                            let kind = if entry.len() > 1 { Kind::Partial } else { q.kind };
                            let chain = view::speaker_chain(&props.text, &map, q);
                            let uncertain = view::is_uncertain(q);
                            let on_copy = Callback::from(move |_: MouseEvent| dom::copy(&cite));
                            let on_jump = Callback::from(move |_: MouseEvent| dom::show_quote(id));
                            html! {
                                <li class="quote-item" data-item-quote-id={id.to_string()}>
                                    <span class={classes!("badge", kind_name(kind))}>{ kind_name(kind) }</span>
                                    <button type="button" class="quote-text" dir="auto" onclick={on_jump} title="Show in the text">
                                        // Reported speech is a paraphrase: no quotation marks.
                                        { shown(entry) }
                                    </button>
                                    if let Some(cue) = &q.cue { <span class="cue">{ &cue.text }</span> }
                                    if uncertain {
                                        <span class="badge uncertain" title={chain.clone()}>{ "check speaker" }</span>
                                    }
                                    <span class="chain">{ chain }</span>
                                    <button type="button" class="copy" onclick={on_copy}
                                        aria-label="Copy the quotation with its attribution">{ "Copy" }</button>
                                </li>
                            }
                        }) }
                        </ol>
                        if hidden > 0 {
                            <button type="button" class="show-more" onclick={on_more}>{ format!("Show {hidden} more") }</button>
                        }
                    </li>
                }
            }) }
            </ul>
            if groups.len() > SPEAKERS_SHOWN {
                <p class="hint">{ format!("… and {} more speakers (all are in the CSV export).", groups.len() - SPEAKERS_SHOWN) }</p>
            }
        </section>
    }
}
