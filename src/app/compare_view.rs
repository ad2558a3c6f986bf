//! The comparison view: several articles on one story side by side — who speaks in each,
//! quotations that appear in more than one, entities only one article mentions.

use super::state::Article;
use crate::compare::{compare, Comparison};
use crate::contract::Analysis;
use std::rc::Rc;
use yew::prelude::*;

/// Properties of [`CompareView`].
#[derive(Properties, PartialEq)]
pub struct CompareViewProps {
    /// The open articles.
    pub articles: Vec<Article>,
}

/// Side-by-side comparison of the analysed articles.
#[component]
pub fn CompareView(props: &CompareViewProps) -> Html {
    let inputs: Vec<(String, Rc<Analysis>, Rc<str>)> = props
        .articles
        .iter()
        .filter_map(|a| {
            a.analysis
                .clone()
                .map(|an| (a.name.to_string(), an, a.analysed_text.clone()))
        })
        .collect();
    let comparison = use_memo(inputs, |inputs| {
        let owned: Vec<(String, Analysis, String)> = inputs
            .iter()
            .map(|(n, a, t)| (n.clone(), (**a).clone(), t.to_string()))
            .collect();
        compare(&owned)
    });
    let c: &Comparison = &comparison;
    if c.articles.len() < 2 {
        return html! {
            <section class="reading-view compare-view" aria-label="Comparison">
                <p class="hint">{ "Open two or more articles (drop several files, or paste articles separated by a line of ---) to compare them." }</p>
            </section>
        };
    }
    let name_of = |i: usize| {
        c.articles
            .get(i)
            .map_or("?".to_string(), |a| a.name.clone())
    };
    html! {
        <section class="reading-view compare-view" aria-label="Comparison">
            <h2>{ format!("Comparing {} articles", c.articles.len()) }</h2>
            <h3>{ "Who speaks where" }</h3>
            <div class="compare-grid">
                { for c.articles.iter().enumerate().map(|(i, a)| html! {
                    <div class="compare-column" data-compare-article={i.to_string()}>
                        <h4 title={a.name.clone()}>{ &a.name }</h4>
                        <p class="hint">{ format!("{} quotations", a.quote_count) }</p>
                        <ul>
                        { for a.speakers.iter().map(|s| html! {
                            <li>
                                { if s.name.is_empty() { "(unattributed)".to_string() } else { s.name.clone() } }
                                if s.anonymous { <span class="badge anonymous">{ "anonymous" }</span> }
                                <span class="count">{ s.quotes.len() }</span>
                            </li>
                        }) }
                        </ul>
                    </div>
                }) }
            </div>
            <h3>{ format!("Quotations in more than one article ({})", c.shared_quotes.len()) }</h3>
            if c.shared_quotes.is_empty() {
                <p class="hint">{ "None: every quotation appears in one article only." }</p>
            }
            <ul class="shared-quotes">
            { for c.shared_quotes.iter().map(|sq| html! {
                <li class="shared-quote">
                    <q dir="auto">{ &sq.text }</q>
                    <ul>
                    { for sq.occurrences.iter().map(|o| html! {
                        <li>{ format!("{} — {}", name_of(o.article), o.speaker.clone().unwrap_or_else(|| "unattributed".to_string())) }</li>
                    }) }
                    </ul>
                </li>
            }) }
            </ul>
            <h3>{ format!("Mentioned by only one article ({})", c.unique_entities.len()) }</h3>
            <div class="compare-grid">
                { for (0..c.articles.len()).map(|i| html! {
                    <div class="compare-column">
                        <h4>{ name_of(i) }</h4>
                        <ul class="unique-entities">
                        { for c.unique_entities.iter().filter(|e| e.article == i).take(40).map(|e| html! {
                            <li class={classes!("ent-pill", format!("ent-{}", e.entity_type))}>{ &e.name }</li>
                        }) }
                        </ul>
                    </div>
                }) }
            </div>
        </section>
    }
}
