//! Charts of the log, drawn as inline SVG (no chart library), each with the
//! same story in words beside it for screen readers and for anyone.

use lantern_core::log::check_in::CheckIn;
use lantern_core::log::day::Day;
use lantern_core::log::stats::{daily, spread};
use leptos::prelude::*;

use crate::i18n::use_words;

/// Days the charts cover.
const DAYS: u16 = 30;
/// Horizontal room per day, in the drawing's units.
const STEP: u32 = 10;

/// One value per day, drawn between `lowest` (bottom) and `highest` (top),
/// with `words` saying the same beside it. `name` keys the ids and test ids.
#[component]
fn DayChart(
    name: &'static str,
    title: &'static str,
    values: Vec<Option<u8>>,
    lowest: u8,
    highest: u8,
    words: String,
) -> impl IntoView {
    let range = u32::from(highest.saturating_sub(lowest)).max(1);
    // 5 at the top to 95 at the bottom, in whole units.
    let height =
        move |value: u8| 95 - u32::from(value.clamp(lowest, highest) - lowest) * 90 / range;
    let known: Vec<(u32, u8)> = values
        .iter()
        .enumerate()
        .filter_map(|(n, v)| Some((u32::try_from(n).ok()? * STEP, (*v)?)))
        .collect();
    let points = known
        .iter()
        .map(|(x, v)| format!("{x},{}", height(*v)))
        .collect::<Vec<_>>()
        .join(" ");
    let dots = known
        .iter()
        .map(|(x, v)| view! { <circle cx=x.to_string() cy=height(*v).to_string() r="3" /> })
        .collect_view();
    let width = u32::try_from(values.len().saturating_sub(1)).unwrap_or(0) * STEP;
    let title_id = format!("{name}-title");
    let text_id = format!("{name}-text");
    view! {
        <figure class="chart" data-testid=name>
            <figcaption id=title_id.clone()>{title}</figcaption>
            <svg viewBox=format!("-4 0 {} 100", width + 8) role="img"
                aria-labelledby=title_id aria-describedby=text_id.clone()>
                <line class="axis" x1="0" y1="99" x2=width.to_string() y2="99" />
                <polyline points=points fill="none" />
                {dots}
            </svg>
            <p id=text_id.clone() data-testid=text_id>{words}</p>
        </figure>
    }
}

/// Mood and cravings over the last 30 days.
#[component]
pub fn LogCharts(check_ins: Vec<CheckIn>, today: Day) -> impl IntoView {
    let words = use_words();
    let moods = daily(&check_ins, today, DAYS, |c| c.mood.get());
    let cravings = daily(&check_ins, today, DAYS, |c| c.craving.get());
    let (low, high, average) = spread(&moods)?;
    let (least, most, usual) = spread(&cravings)?;
    let mood_word = |mood: u32| {
        words
            .moods
            .get(usize::try_from(mood.saturating_sub(1)).unwrap_or(0))
            .copied()
            .unwrap_or("")
    };
    let days = moods.iter().flatten().count();
    let mood_words = (words.mood_chart_summary)(
        days,
        mood_word(u32::from(low)),
        mood_word(u32::from(high)),
        mood_word((average + 5) / 10),
    );
    let craving_words = (words.craving_chart_summary)(least, most, (usual + 5) / 10);
    Some(view! {
        <DayChart name="mood-chart" title=words.mood_chart_title values=moods lowest=1 highest=5 words=mood_words />
        <DayChart name="craving-chart" title=words.craving_chart_title values=cravings lowest=0 highest=10 words=craving_words />
    })
}
