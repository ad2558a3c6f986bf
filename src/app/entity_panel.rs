//! The entities panel: a legend of entity types that toggles their marks, and one card per
//! entity; clicking a card focuses the text on its mentions and quotations.

use super::state::{Action, Focus};
use crate::contract::Analysis;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;
use yew::prelude::*;

/// Properties of [`EntityPanel`].
#[derive(Properties, PartialEq)]
pub struct EntityPanelProps {
    /// The analysis.
    pub analysis: Option<Rc<Analysis>>,
    /// What is focused.
    pub focus: Focus,
    /// Entity types switched off.
    pub hidden_types: BTreeSet<String>,
    /// Sends actions.
    pub dispatch: Callback<Action>,
}

/// A readable name for an OntoNotes type.
pub fn type_label(t: &str) -> &str {
    match t {
        "PERSON" => "People",
        "NORP" => "Groups & nationalities",
        "FAC" => "Facilities",
        "ORG" => "Organisations",
        "GPE" => "Countries & cities",
        "LOC" => "Places",
        "PRODUCT" => "Products",
        "EVENT" => "Events",
        "WORK_OF_ART" => "Works",
        "LAW" => "Laws",
        "LANGUAGE" => "Languages",
        "DATE" => "Dates",
        "TIME" => "Times",
        "PERCENT" => "Percentages",
        "MONEY" => "Money",
        "QUANTITY" => "Quantities",
        "ORDINAL" => "Ordinals",
        "CARDINAL" => "Numbers",
        other => other,
    }
}

/// Legend and entity cards.
#[component]
pub fn EntityPanel(props: &EntityPanelProps) -> Html {
    let Some(analysis) = props.analysis.clone() else {
        return html! {};
    };
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &analysis.entities {
        *counts.entry(e.entity_type.as_str()).or_default() += e.mentions.len();
    }
    let mut cards: Vec<&crate::contract::Entity> = analysis
        .entities
        .iter()
        .filter(|e| !props.hidden_types.contains(&e.entity_type))
        .collect();
    // Most salient first (the summary stage's documented score), then most mentioned.
    cards.sort_by(|a, b| {
        b.salience
            .total_cmp(&a.salience)
            .then_with(|| b.mentions.len().cmp(&a.mentions.len()))
    });
    html! {
        <section class="panel entity-panel" aria-labelledby="entities-heading">
            <h2 id="entities-heading">{ "People, places, organisations" }</h2>
            if counts.is_empty() {
                <p class="hint">{ "No named entities found." }</p>
            }
            <ul class="legend" aria-label="Entity types (click to show or hide)">
            { for counts.iter().map(|(t, n)| {
                let t = t.to_string();
                let on = !props.hidden_types.contains(&t);
                let onclick = {
                    let t = t.clone();
                    props.dispatch.reform(move |_: MouseEvent| Action::ToggledType(t.clone()))
                };
                html! {
                    <li>
                        <button type="button" class={classes!("legend-item", format!("ent-{t}"))}
                            aria-pressed={on.to_string()} data-legend-type={t.clone()} {onclick}>
                            { format!("{} ({n})", type_label(&t)) }
                        </button>
                    </li>
                }
            }) }
            </ul>
            <ul class="entity-cards">
            { for cards.iter().take(60).map(|e| {
                let id = e.id;
                let focused = props.focus == Focus::Entity(id);
                let onclick = props.dispatch.reform(move |_: MouseEvent| Action::Focused(Focus::Entity(id)));
                html! {
                    <li class={classes!("entity-card", format!("ent-{}", e.entity_type), focused.then_some("focused"))}
                        data-card-entity-id={id.to_string()}>
                        <button type="button" class="card-button" aria-pressed={focused.to_string()} {onclick}>
                            <span class="card-name">{ &e.name }</span>
                            <span class="card-type">{ type_label(&e.entity_type) }</span>
                            <span class="card-count">{ format!("{} mentions", e.mentions.len()) }</span>
                            if e.quote_count > 0 {
                                <span class="card-quotes">{ format!("{} quotations", e.quote_count) }</span>
                            }
                        </button>
                        if !e.descriptors.is_empty() {
                            <p class="descriptors">{ e.descriptors.join("; ") }</p>
                        }
                        if !e.aliases.is_empty() {
                            <p class="aliases">{ format!("also: {}", e.aliases.join(", ")) }</p>
                        }
                        if let Some(value) = &e.value {
                            <p class="value">{ format!("= {value}") }</p>
                        }
                        if let Some(counts) = &e.counts {
                            <p class="value">{ format!("{}counts {counts}", e.qualifier.as_ref().map(|q| format!("{q} · ")).unwrap_or_default()) }</p>
                        }
                    </li>
                }
            }) }
            </ul>
        </section>
    }
}
