//! The reading view: the analysed text with quotations highlighted in their speaker's colour
//! (and labelled, so colour is never the only cue) and entity mentions marked by type.

use super::dom;
use super::state::{Action, Focus};
use crate::contract::Analysis;
use crate::export::kind_name;
use crate::offsets::OffsetMap;
use crate::view;
use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;
use yew::prelude::*;

/// Paragraphs rendered at first; more on request, so a 10 MB text never floods the page.
const LINES_PER_PAGE: usize = 400;

/// Speaker colour slots in the stylesheet (`spk-0` … `spk-7`).
pub const SPEAKER_SLOTS: usize = 8;

/// Properties of [`ReadingView`].
#[derive(Properties, PartialEq)]
pub struct ReadingViewProps {
    /// The analysed text.
    pub text: Rc<str>,
    /// Its analysis.
    pub analysis: Option<Rc<Analysis>>,
    /// True while the worker is analysing a newer text.
    pub working: bool,
    /// True when the text in the box differs from the analysed one.
    pub stale: bool,
    /// Size of the text in the box, in bytes.
    pub bytes: usize,
    /// How long the last analysis took.
    pub millis: Option<f64>,
    /// What to focus on.
    pub focus: Focus,
    /// Entity types switched off.
    pub hidden_types: BTreeSet<String>,
    /// Sends actions.
    pub dispatch: Callback<Action>,
}

/// The highlighted text.
#[component]
pub fn ReadingView(props: &ReadingViewProps) -> Html {
    let shown = use_state(|| LINES_PER_PAGE);
    {
        let shown = shown.clone();
        use_effect_with(props.text.clone(), move |_| shown.set(LINES_PER_PAGE));
    }
    let layout = {
        let text = props.text.clone();
        let analysis = props.analysis.clone();
        use_memo((text, analysis), |(text, analysis)| {
            analysis.as_ref().map(|a| {
                let map = OffsetMap::new(text);
                let lines: Vec<view::Line> = view::layout(text, &map, a)
                    .into_iter()
                    .filter(|l| !l.segments.is_empty())
                    .collect();
                let slots = view::speaker_slots(a, SPEAKER_SLOTS);
                let tips: Vec<String> = a
                    .quotes
                    .iter()
                    .map(|q| view::describe_quote(text, &map, q))
                    .collect();
                (lines, slots, tips)
            })
        })
    };
    let status = status_line(props);
    let Some((lines, slots, tips)) = layout.as_ref() else {
        return html! {
            <section class="reading-view empty" aria-label="Analysed article">
                { status }
                <p class="hint">{ "The article appears here with every quotation highlighted and attributed. Try the demo article." }</p>
            </section>
        };
    };
    let analysis = props
        .analysis
        .clone()
        .expect("layout exists only with an analysis");
    let text = props.text.clone();
    let onkeydown = Callback::from(|e: KeyboardEvent| {
        let step = match e.key().as_str() {
            "j" | "n" => 1,
            "k" | "p" => -1,
            "ArrowDown" if e.alt_key() => 1,
            "ArrowUp" if e.alt_key() => -1,
            _ => return,
        };
        e.prevent_default();
        dom::focus_quote(step);
    });
    let total = lines.len();
    let more = total.saturating_sub(*shown);
    let on_more = {
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| shown.set(*shown + LINES_PER_PAGE))
    };
    let types: HashMap<usize, &str> = analysis
        .entities
        .iter()
        .map(|e| (e.id, e.entity_type.as_str()))
        .collect();
    let entity_names: HashMap<usize, &str> = analysis
        .entities
        .iter()
        .map(|e| (e.id, e.name.as_str()))
        .collect();
    let render_piece = |p: &view::Piece| -> Html {
        let piece = &text[p.bytes.0..p.bytes.1];
        let loaded = p
            .loaded_cue
            .and_then(|id| analysis.quotes.get(id))
            .and_then(|q| q.cue.as_ref()?.loaded.clone());
        if let Some(class) = loaded {
            // A loaded attribution verb: outlined, its class and the reason in the tooltip (the
            // quotation's own label says it too, for screen readers).
            return html! {
                <span class={classes!("loaded-cue", format!("loaded-{class}"))}
                    data-loaded={class.clone()} title={view::loaded_tip(&class)}>{ piece }</span>
            };
        }
        match p.entity {
            None => html! { piece },
            Some(id) => {
                let ty = types.get(&id).copied().unwrap_or("MISC");
                let off = props.hidden_types.contains(ty);
                let focused = props.focus == Focus::Entity(id);
                let onclick = props.dispatch.reform(move |e: MouseEvent| {
                    e.stop_propagation();
                    Action::Focused(Focus::Entity(id))
                });
                let title = format!("{ty}: {}", entity_names.get(&id).copied().unwrap_or(piece));
                html! {
                    <span class={classes!("ent", format!("ent-{ty}"), off.then_some("off"), focused.then_some("focused"))}
                        data-entity-id={id.to_string()} data-entity-type={ty.to_string()} {title} {onclick}>{ piece }</span>
                }
            }
        }
    };
    html! {
        <section class="reading-view" aria-label="Analysed article">
            { status }
            <div class="quote-nav">
                <button type="button" class="prev-quote" onclick={Callback::from(|_: MouseEvent| dom::focus_quote(-1))}
                    aria-label="Previous quotation">{ "‹ Previous" }</button>
                <button type="button" class="next-quote" onclick={Callback::from(|_: MouseEvent| dom::focus_quote(1))}
                    aria-label="Next quotation">{ "Next ›" }</button>
                <span class="keys-hint">{ "Keys: j / k move between quotations" }</span>
            </div>
            <article class="article" {onkeydown}>
                { for lines.iter().take(*shown).map(|line| html! {
                    <p dir="auto">
                        { for line.segments.iter().map(|seg| {
                            match seg.quote.and_then(|id| analysis.quotes.get(id)) {
                                None => html! { <>{ for seg.pieces.iter().map(render_piece) }</> },
                                Some(q) => {
                                    let speaker = q.speaker.as_ref().map(|s| s.name.clone()).unwrap_or_default();
                                    let slot = slots.get(&speaker).map_or("spk-none".to_string(), |s| format!("spk-{s}"));
                                    let kind = kind_name(q.kind);
                                    let tip = tips.get(q.id).cloned().unwrap_or_default();
                                    let uncertain = view::is_uncertain(q).then_some("uncertain");
                                    let unsure = view::is_unsure_speech(q).then_some("unsure");
                                    let focus_class = match &props.focus {
                                        Focus::None => None,
                                        Focus::Speaker(name) if *name == speaker => Some("focused"),
                                        Focus::Entity(id) if q.speaker.as_ref().and_then(|s| s.entity) == Some(*id) => Some("focused"),
                                        _ => Some("dimmed"),
                                    };
                                    let onclick = {
                                        let speaker = speaker.clone();
                                        props.dispatch.reform(move |_: MouseEvent| Action::Focused(Focus::Speaker(speaker.clone())))
                                    };
                                    html! {
                                        <>
                                            <mark
                                                class={classes!("quote", kind, slot.clone(), uncertain, unsure, focus_class)}
                                                tabindex="0"
                                                data-quote-id={q.id.to_string()}
                                                data-speaker={speaker.clone()}
                                                data-kind={kind}
                                                data-utf16-start={seg.utf16.0.to_string()}
                                                data-utf16-end={seg.utf16.1.to_string()}
                                                title={tip.clone()}
                                                aria-label={tip}
                                                {onclick}
                                            >{ for seg.pieces.iter().map(render_piece) }</mark>
                                            if seg.ends_quote {
                                                <span class={classes!("speaker-chip", slot, uncertain)} aria-hidden="true">
                                                    { view::speaker_label(&analysis, q) }
                                                    if uncertain.is_some() { { " ?" } }
                                                </span>
                                            }
                                        </>
                                    }
                                }
                            }
                        }) }
                    </p>
                }) }
            </article>
            if more > 0 {
                <button type="button" class="show-more show-more-paragraphs" onclick={on_more}>
                    { format!("Show {} more paragraphs ({more} not shown)", more.min(LINES_PER_PAGE)) }
                </button>
            }
        </section>
    }
}

fn status_line(props: &ReadingViewProps) -> Html {
    let size = if props.bytes >= 1_000_000 {
        format!("{:.1} MB", props.bytes as f64 / 1e6)
    } else {
        format!("{:.0} KB", (props.bytes as f64 / 1e3).ceil())
    };
    let summary = props.analysis.as_ref().map(|a| {
        let n = a.quotes.len();
        let speakers: BTreeSet<&str> = a
            .quotes
            .iter()
            .filter_map(|q| q.speaker.as_ref().map(|s| s.name.as_str()))
            .collect();
        let quotes = match n {
            0 => "No quotations found".to_string(),
            1 => "1 quotation".to_string(),
            n => format!("{n} quotations"),
        };
        let time = props
            .millis
            .map(|m| format!(" · analysed in {m:.1} ms"))
            .unwrap_or_default();
        format!(
            "{quotes} · {} speakers · {} entities{time}",
            speakers.len(),
            a.entities.len()
        )
    });
    // Where a page's article came from: title, address, date.
    let page = props.analysis.as_ref().and_then(|a| {
        let url = a.source_url.as_ref()?;
        let title = a.title.as_deref().unwrap_or("a web page");
        let date = a.date.as_ref().map_or(String::new(), |d| format!(" · {d}"));
        Some(format!("From {title} · {url}{date}"))
    });
    html! {
        <div class="status" role="status" aria-live="polite">
            if let Some(page) = page {
                <p class="page-source">{ page }</p>
            }
            if let Some(summary) = summary {
                <p class="summary" id="quote-count">{ summary }</p>
            }
            if props.working {
                <p class="progress">
                    <progress aria-label="Analysing"></progress>
                    { format!(" Analysing {size} in the background — you can keep reading and typing.") }
                </p>
            } else if props.stale && props.analysis.is_some() {
                <p class="progress">{ "Waiting for you to pause typing…" }</p>
            }
        </div>
    }
}
