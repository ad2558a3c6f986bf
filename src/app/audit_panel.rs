//! The sourcing audit panel: whose voices the article carries (kind of source, and named
//! persons by the gender the text states), its loaded attribution verbs and its unnamed
//! sources with their stated reasons, each row a link to its quotation; with several articles
//! open, the totals across them. The numbers come from [`crate::audit`]; this only draws them.

use super::dom;
use crate::audit::{Audit, Share};
use crate::contract::Analysis;
use crate::view;
use std::rc::Rc;
use yew::prelude::*;

/// Properties of [`AuditPanel`].
#[derive(Properties, PartialEq)]
pub struct AuditPanelProps {
    /// The current article's analysis.
    pub analysis: Option<Rc<Analysis>>,
    /// Every open article's analysis, for the totals across them.
    pub all: Vec<Rc<Analysis>>,
    /// Count unsure reported speech too.
    pub show_unsure: bool,
}

/// The panel.
#[component]
pub fn AuditPanel(props: &AuditPanelProps) -> Html {
    let Some(analysis) = props.analysis.clone() else {
        return html! {};
    };
    let audit = Audit::of(&analysis, props.show_unsure);
    if audit.quotes == 0 {
        return html! {};
    }
    let persons: usize = audit.gender.iter().map(|g| g.quotes).sum();
    let link = |id: usize| Callback::from(move |_: MouseEvent| dom::show_quote(id));
    let total = (props.all.len() > 1).then(|| {
        let audits: Vec<Audit> = props
            .all
            .iter()
            .map(|a| Audit::of(a, props.show_unsure))
            .collect();
        Audit::merge(&audits)
    });
    html! {
        <section class="panel audit-panel" aria-labelledby="audit-heading">
            <h2 id="audit-heading">{ "Sourcing audit" }</h2>
            { stacked("Whose voices, by quoted words", &audit.voices, audit.words, true) }
            if persons > 0 {
                { stacked("Named persons' quotations, by the gender the text states", &audit.gender, persons, false) }
            }
            <h3>{ format!("Loaded attribution verbs: {}", audit.loaded_cues.len()) }</h3>
            if audit.loaded_cues.is_empty() {
                <p class="hint">{ "None: every cue reports without judging." }</p>
            } else {
                <ul class="audit-list">
                    { for audit.loaded_cues.iter().map(|l| html! {
                        <li>
                            <button type="button" class={classes!("audit-link", format!("loaded-{}", l.class))}
                                title={view::loaded_tip(&l.class)} onclick={link(l.quote)}>
                                <span class="loaded-cue">{ format!("“{}”", l.cue) }</span>
                                { format!(" {} — {}", l.class, l.speaker.as_deref().unwrap_or("no speaker")) }
                            </button>
                        </li>
                    }) }
                </ul>
            }
            <h3>{ format!("Unnamed sources: {}", audit.unnamed_sources.len()) }</h3>
            if audit.anonymous_without_reason > 0 {
                <p class="audit-warning">{ format!(
                    "{} anonymous source{} without a stated reason (AP style asks for one).",
                    audit.anonymous_without_reason,
                    if audit.anonymous_without_reason == 1 { "" } else { "s" }
                ) }</p>
            }
            <ul class="audit-list">
                { for audit.unnamed_sources.iter().map(|u| html! {
                    <li>
                        <button type="button" class="audit-link" onclick={link(u.quote)}>
                            { format!("{} ({}) — ", u.speaker, u.group) }
                            { match &u.reason {
                                Some(r) => html! { <span class="reason">{ r.clone() }</span> },
                                None => html! { <em>{ "no reason given" }</em> },
                            } }
                        </button>
                    </li>
                }) }
            </ul>
            if let Some(t) = total {
                <h3>{ format!("All {} open articles", t.articles) }</h3>
                { stacked("Whose voices, by quoted words", &t.voices, t.words, true) }
                <p>{ format!(
                    "Loaded verbs: {}. Anonymous sources without a stated reason: {}.",
                    t.loaded.iter().map(|l| format!("{} {}", l.group, l.quotes)).collect::<Vec<_>>().join(", "),
                    t.anonymous_without_reason
                ) }</p>
            }
        </section>
    }
}

/// One stacked bar of `rows` (by words when `words`, else by quotations) out of `total`, with a
/// text legend of every non-empty group and its share.
fn stacked(title: &str, rows: &[Share], total: usize, words: bool) -> Html {
    let total = total.max(1) as f64;
    let value = |r: &Share| if words { r.words } else { r.quotes } as f64;
    let legend: Vec<String> = rows
        .iter()
        .filter(|r| value(r) > 0.0)
        .map(|r| format!("{} {:.0} %", r.group, value(r) * 100.0 / total))
        .collect();
    let label = format!("{title}: {}", legend.join(", "));
    let mut x = 0.0;
    html! {
        <figure class="audit-bar">
            <figcaption>{ title }</figcaption>
            <svg role="img" aria-label={label} viewBox="0 0 100 8" preserveAspectRatio="none" width="100%" height="14">
                { for rows.iter().enumerate().filter(|(_, r)| value(r) > 0.0).map(|(i, r)| {
                    let w = value(r) * 100.0 / total;
                    let rect = html! { <rect x={x.to_string()} width={w.to_string()} height="8" class={format!("seg seg-{i}")} /> };
                    x += w;
                    rect
                }) }
            </svg>
            <p class="audit-legend">
                { for rows.iter().enumerate().filter(|(_, r)| value(r) > 0.0).map(|(i, r)| html! {
                    <span class="legend-item"><span class={format!("key seg-{i}")}></span>
                        { format!(" {} {:.0} % ", r.group, value(r) * 100.0 / total) }</span>
                }) }
            </p>
        </figure>
    }
}
