//! The reading view: the analysed text with each quotation highlighted.

use crate::contract::{Analysis, Quote};
use crate::offsets::OffsetMap;
use crate::view;
use std::rc::Rc;
use yew::prelude::*;

/// Properties of [`ReadingView`].
#[derive(Properties, PartialEq)]
pub struct ReadingViewProps {
    /// The analysed text.
    pub text: Rc<str>,
    /// Its analysis, if there is one.
    pub analysis: Option<Rc<Analysis>>,
}

fn kind_name(q: &Quote) -> &'static str {
    match q.kind {
        crate::contract::Kind::Direct => "direct",
        crate::contract::Kind::Partial => "partial",
        crate::contract::Kind::Scare => "scare",
        crate::contract::Kind::Indirect => "indirect",
    }
}

/// The highlighted text.
#[component]
pub fn ReadingView(props: &ReadingViewProps) -> Html {
    let Some(analysis) = props.analysis.clone() else {
        return html! {
            <section class="reading-view empty" aria-label="Analysed article">
                <p class="hint">{ "The article appears here with every quotation highlighted." }</p>
            </section>
        };
    };
    let text = props.text.clone();
    let lines = {
        let text = text.clone();
        let analysis = analysis.clone();
        use_memo((text, analysis), |(text, analysis)| {
            let map = OffsetMap::new(text);
            view::layout(text, &map, analysis)
        })
    };
    let count = analysis.quotes.len();
    let summary = match count {
        0 => "No quotations found".to_string(),
        1 => "1 quotation".to_string(),
        n => format!("{n} quotations"),
    };
    html! {
        <section class="reading-view" aria-label="Analysed article">
            <p class="summary" id="quote-count">{ summary }</p>
            <article class="article">
                { for lines.iter().filter(|l| !l.pieces.is_empty()).map(|line| html! {
                    <p dir="auto">
                        { for line.pieces.iter().map(|p| {
                            let piece_text = &text[p.bytes.0..p.bytes.1];
                            match p.quote.and_then(|id| analysis.quotes.get(id)) {
                                None => html! { piece_text },
                                Some(q) => {
                                    let speaker = q.speaker.as_ref().map(|s| s.name.clone()).unwrap_or_default();
                                    let kind = kind_name(q);
                                    let title = if speaker.is_empty() {
                                        format!("{kind} quotation, speaker unknown")
                                    } else {
                                        format!("{kind} quotation — {speaker}")
                                    };
                                    html! {
                                        <mark
                                            class={classes!("quote", kind)}
                                            data-quote-id={q.id.to_string()}
                                            data-speaker={speaker}
                                            data-kind={kind}
                                            data-utf16-start={p.utf16.0.to_string()}
                                            data-utf16-end={p.utf16.1.to_string()}
                                            {title}
                                        >{ piece_text }</mark>
                                    }
                                }
                            }
                        }) }
                    </p>
                }) }
            </article>
        </section>
    }
}
