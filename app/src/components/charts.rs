//! Charts of the log, drawn as inline SVG (no chart library), each with the
//! same story in words beside it for screen readers and for anyone.

use lantern_core::log::check_in::CheckIn;
use lantern_core::log::day::Day;
use lantern_core::log::stats::{daily, spread};
use leptos::prelude::*;

use crate::i18n::use_words;

/// Days the mood chart covers.
const DAYS: u16 = 30;
/// Horizontal room per day, in the drawing's units.
const STEP: u32 = 10;

/// Where a mood from 1 to 5 sits: 1 at the bottom, 5 at the top.
fn height(mood: u8) -> u32 {
    95 - u32::from(mood.clamp(1, 5) - 1) * 22
}

/// Mood over the last 30 days.
#[component]
pub fn MoodChart(check_ins: Vec<CheckIn>, today: Day) -> impl IntoView {
    let words = use_words();
    let moods = daily(&check_ins, today, DAYS, |c| c.mood.get());
    let (low, high, average) = spread(&moods)?;
    let word = |mood: u32| {
        words
            .moods
            .get(usize::try_from(mood.saturating_sub(1)).unwrap_or(0))
            .copied()
            .unwrap_or("")
    };
    let known: Vec<(u32, u8)> = moods
        .iter()
        .enumerate()
        .filter_map(|(n, m)| Some((u32::try_from(n).ok()? * STEP, (*m)?)))
        .collect();
    let points = known
        .iter()
        .map(|(x, m)| format!("{x},{}", height(*m)))
        .collect::<Vec<_>>()
        .join(" ");
    let dots = known
        .iter()
        .map(|(x, m)| view! { <circle cx=x.to_string() cy=height(*m).to_string() r="3" /> })
        .collect_view();
    let summary = (words.mood_chart_summary)(
        known.len(),
        word(u32::from(low)),
        word(u32::from(high)),
        word((average + 5) / 10),
    );
    let width = (u32::from(DAYS) - 1) * STEP;
    Some(view! {
        <figure class="chart" data-testid="mood-chart">
            <figcaption id="mood-chart-title">{words.mood_chart_title}</figcaption>
            <svg viewBox=format!("-4 0 {} 100", width + 8) role="img"
                aria-labelledby="mood-chart-title" aria-describedby="mood-chart-text">
                <line class="axis" x1="0" y1="99" x2=width.to_string() y2="99" />
                <polyline points=points fill="none" />
                {dots}
            </svg>
            <p id="mood-chart-text" data-testid="mood-chart-text">{summary}</p>
        </figure>
    })
}
