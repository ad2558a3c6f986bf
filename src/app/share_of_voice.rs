//! Share of voice: an SVG bar chart of the words quoted per speaker, with named, anonymous and
//! unattributed voices told apart by pattern and label as well as colour.

use super::state::{Action, Focus};
use crate::contract::Analysis;
use crate::view;
use std::rc::Rc;
use yew::prelude::*;

/// Properties of [`ShareOfVoice`].
#[derive(Properties, PartialEq)]
pub struct ShareOfVoiceProps {
    /// The analysis.
    pub analysis: Option<Rc<Analysis>>,
    /// Sends actions.
    pub dispatch: Callback<Action>,
    /// Count unsure reported speech too.
    pub show_unsure: bool,
}

/// Bars shown; the rest are summed into one "others" line of text.
const BARS: usize = 10;
const BAR_HEIGHT: f64 = 18.0;
const GAP: f64 = 6.0;
const LABEL_WIDTH: f64 = 130.0;
const CHART_WIDTH: f64 = 300.0;

/// The chart.
#[component]
pub fn ShareOfVoice(props: &ShareOfVoiceProps) -> Html {
    let Some(analysis) = props.analysis.clone() else {
        return html! {};
    };
    let voices = view::share_of_voice(&analysis, props.show_unsure);
    if voices.is_empty() {
        return html! {};
    }
    let total: usize = voices.iter().map(|v| v.words).sum::<usize>().max(1);
    let named: usize = voices
        .iter()
        .filter(|v| !v.anonymous && !v.name.is_empty())
        .map(|v| v.words)
        .sum();
    let anonymous: usize = voices.iter().filter(|v| v.anonymous).map(|v| v.words).sum();
    let unattributed = total.saturating_sub(named + anonymous);
    let max = voices[0].words.max(1) as f64;
    let shown = voices.len().min(BARS);
    let height = shown as f64 * (BAR_HEIGHT + GAP);
    let pct = |n: usize| (n as f64 * 100.0 / total as f64).round();
    let summary = format!(
        "Named sources {}% · anonymous {}% · unattributed {}% of {} quoted words",
        pct(named),
        pct(anonymous),
        pct(unattributed),
        total
    );
    html! {
        <section class="panel voice-panel" aria-labelledby="voice-heading">
            <h2 id="voice-heading">{ "Share of voice" }</h2>
            <p class="voice-summary">{ summary.clone() }</p>
            <svg class="voice-chart" role="img" aria-label={summary}
                viewBox={format!("0 0 {} {height}", LABEL_WIDTH + CHART_WIDTH + 50.0)}
                width="100%" preserveAspectRatio="xMinYMin meet">
                <defs>
                    <pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                        <rect width="6" height="6" class="hatch-bg" />
                        <line x1="0" y1="0" x2="0" y2="6" class="hatch-line" />
                    </pattern>
                </defs>
                { for voices.iter().take(shown).enumerate().map(|(i, v)| {
                    let y = i as f64 * (BAR_HEIGHT + GAP);
                    let w = (v.words as f64 / max * CHART_WIDTH).max(1.0);
                    let class = if v.name.is_empty() { "bar unattributed" } else if v.anonymous { "bar anonymous" } else { "bar named" };
                    let label = if v.name.is_empty() { "(unattributed)".to_string() } else { v.name.clone() };
                    let short = if label.chars().count() > 18 { format!("{}…", label.chars().take(17).collect::<String>()) } else { label.clone() };
                    let onclick = {
                        let name = v.name.clone();
                        props.dispatch.reform(move |_: MouseEvent| Action::Focused(Focus::Speaker(name.clone())))
                    };
                    html! {
                        <g class="voice-row" data-voice={v.name.clone()} {onclick}>
                            <title>{ format!("{label}: {} words in {} quotations{}", v.words, v.quotes, if v.anonymous { " (anonymous source)" } else { "" }) }</title>
                            <text x={(LABEL_WIDTH - 6.0).to_string()} y={(y + BAR_HEIGHT * 0.72).to_string()} text-anchor="end" class="voice-label">{ short }</text>
                            <rect x={LABEL_WIDTH.to_string()} y={y.to_string()} width={w.to_string()} height={BAR_HEIGHT.to_string()} {class} />
                            <text x={(LABEL_WIDTH + w + 4.0).to_string()} y={(y + BAR_HEIGHT * 0.72).to_string()} class="voice-value">{ v.words }</text>
                        </g>
                    }
                }) }
            </svg>
            if voices.len() > shown {
                <p class="hint">{ format!("and {} more speakers", voices.len() - shown) }</p>
            }
            <p class="voice-legend">
                <span class="key named"></span>{ " named " }
                <span class="key anonymous"></span>{ " anonymous " }
                <span class="key unattributed"></span>{ " unattributed" }
            </p>
        </section>
    }
}
