//! Charts of the log, drawn as inline SVG (no chart library), each with the
//! same story in words beside it for screen readers and for anyone.

use lantern_core::log::check_in::{CheckIn, Rating, Reflection};
use lantern_core::log::day::Day;
use lantern_core::log::stats::{daily, meetings_per_week, spread};
use leptos::prelude::*;

use crate::i18n::use_words;

/// Days the charts cover.
const DAYS: u16 = 30;
/// Weeks the meetings chart covers.
const WEEKS: u16 = 12;
/// Horizontal room per day, in the drawing's units.
const STEP: u32 = 10;

/// One value per day, drawn between `lowest` (bottom) and `highest` (top),
/// with `words` saying the same beside it. `name` keys the ids and test ids.
#[component]
fn DayChart(
    #[prop(into)] name: String,
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
        <figure class="chart" data-testid=name.clone()>
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
    let moods = daily(&check_ins, today, DAYS, |c| Some(c.mood.get()));
    let cravings = daily(&check_ins, today, DAYS, |c| Some(c.craving.get()));
    let (low, high, average) = spread(&moods)?;
    let (least, most, usual) = spread(&cravings)?;
    let mood_word = |mood: u32| words.mood(u8::try_from(mood).unwrap_or(0));
    let days = moods.iter().flatten().count();
    let mood_words = (words.mood_chart_summary)(
        days,
        mood_word(u32::from(low)),
        mood_word(u32::from(high)),
        mood_word((average + 5) / 10),
    );
    let craving_words = (words.craving_chart_summary)(least, most, (usual + 5) / 10);
    let reflections = Reflection::ALL
        .into_iter()
        .zip(words.reflection_names)
        .filter_map(|(which, name)| {
            let values = daily(&check_ins, today, DAYS, |c| c.reflections.get(which).map(Rating::get));
            let (low, high, _) = spread(&values)?;
            let days = values.iter().flatten().count();
            let text = (words.reflection_chart_summary)(name, days, words.rating(low), words.rating(high));
            let chart_name = format!("reflection-{}", which.key());
            Some(view! { <DayChart name=chart_name title=name values lowest=1 highest=5 words=text /> })
        })
        .collect::<Vec<_>>();
    Some(view! {
        <DayChart name="mood-chart" title=words.mood_chart_title values=moods lowest=1 highest=5 words=mood_words />
        <DayChart name="craving-chart" title=words.craving_chart_title values=cravings lowest=0 highest=10 words=craving_words />
        <MeetingsChart check_ins=check_ins.clone() today />
        {(!reflections.is_empty()).then(|| view! {
            <details class="reflection-charts">
                <summary>{words.reflection_charts_title}</summary>
                {reflections}
            </details>
        })}
    })
}

/// Meetings attended each week, as bars, with the same in words.
#[component]
fn MeetingsChart(check_ins: Vec<CheckIn>, today: Day) -> impl IntoView {
    let words = use_words();
    let weeks = meetings_per_week(&check_ins, today, WEEKS);
    let total: u32 = weeks.iter().sum();
    let most = weeks.iter().copied().max().unwrap_or(0);
    let scale = most.max(1);
    let width = u32::from(WEEKS) * 20;
    let bars = weeks
        .iter()
        .enumerate()
        .map(|(n, count)| {
            let height = count * 90 / scale;
            let x = u32::try_from(n).unwrap_or(0) * 20 + 3;
            view! { <rect x=x.to_string() y=(99 - height).to_string() width="14" height=height.to_string() rx="2" /> }
        })
        .collect_view();
    let text =
        (words.meetings_chart_summary)(total, WEEKS, most, weeks.last().copied().unwrap_or(0));
    view! {
        <figure class="chart" data-testid="meetings-chart">
            <figcaption id="meetings-chart-title">{words.meetings_chart_title}</figcaption>
            <svg viewBox=format!("0 0 {width} 100") role="img"
                aria-labelledby="meetings-chart-title" aria-describedby="meetings-chart-text">
                <line class="axis" x1="0" y1="99" x2=width.to_string() y2="99" />
                {bars}
            </svg>
            <p id="meetings-chart-text" data-testid="meetings-chart-text">{text}</p>
        </figure>
    }
}
