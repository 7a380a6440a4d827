//! The log's calendar: a month at a time, each day with a check-in marked
//! with its mood, each day up to today a link to fill in or change it.

use std::collections::HashMap;

use lantern_core::log::check_in::CheckIn;
use lantern_core::log::day::Day;
use lantern_core::log::month::{Month, WeekStart};
use leptos::prelude::*;

use crate::i18n::{format, use_i18n, use_words};

/// Faces beside the mood words, from very low to very good. The words
/// carry the meaning; the faces are decoration.
const FACES: [&str; 5] = ["😞", "🙁", "😐", "🙂", "😄"];

/// The face for a mood, 1 to 5; empty out of range.
pub fn face(mood: u8) -> &'static str {
    usize::from(mood)
        .checked_sub(1)
        .and_then(|n| FACES.get(n))
        .copied()
        .unwrap_or("")
}

/// The calendar, opening on the month of `selected`.
#[component]
pub fn LogCalendar(check_ins: Vec<CheckIn>, today: Day, selected: Day) -> impl IntoView {
    let words = use_words();
    let locale = use_i18n().locale_untracked();
    let start = if format::week_starts_monday(locale) {
        WeekStart::Monday
    } else {
        WeekStart::Sunday
    };
    let moods: HashMap<Day, u8> = check_ins.iter().map(|c| (c.day, c.mood.get())).collect();
    let shown = RwSignal::new(selected);
    let this_month = Month::of(today, start).first;
    // The column headings: the weekdays of a week that starts on `start`.
    let headings = Month::of(today, start)
        .weeks
        .iter()
        .find(|week| week.iter().all(Option::is_some))
        .map(|week| {
            week.iter()
                .flatten()
                .map(|day| {
                    (
                        format::weekday_of(locale, day.date()),
                        format::short_weekday(locale, day.date()),
                    )
                })
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    move || {
        let month = Month::of(shown.get(), start);
        let previous = month.previous();
        let next = month.next().filter(|next| *next <= this_month);
        let rows = month
            .weeks
            .iter()
            .map(|week| {
                let cells = week
                    .iter()
                    .map(|place| {
                        let Some(day) = *place else {
                            return view! { <td></td> }.into_any();
                        };
                        let number = day.date().day();
                        if day > today {
                            return view! { <td><span class="calendar-day future">{number}</span></td> }.into_any();
                        }
                        let mood = moods.get(&day).copied();
                        let date = format::long_date(locale, day.date());
                        let label = match mood {
                            Some(m) => (words.calendar_logged)(
                                &date,
                                words.mood(m),
                            ),
                            None => (words.calendar_not_logged)(&date),
                        };
                        let face = mood.map(face);
                        view! {
                            <td>
                                <a class="calendar-day" class:logged=mood.is_some() href=format!("/log?day={day}")
                                    aria-label=label aria-current=(day == selected).then_some("date")
                                    data-testid="calendar-day">
                                    <span aria-hidden="true">{number}</span>
                                    <span class="calendar-face" aria-hidden="true">{face}</span>
                                </a>
                            </td>
                        }
                        .into_any()
                    })
                    .collect_view();
                view! { <tr>{cells}</tr> }
            })
            .collect_view();
        view! {
            <section class="calendar" aria-labelledby="calendar-title" data-testid="calendar">
                <div class="calendar-head">
                    <button type="button" class="quiet" data-testid="calendar-previous"
                        aria-label=words.calendar_previous disabled=previous.is_none()
                        on:click=move |_| if let Some(day) = previous { shown.set(day) }>"‹"</button>
                    <h3 id="calendar-title" aria-live="polite" data-testid="calendar-title">
                        {format::month_year(locale, month.first.date())}
                    </h3>
                    <button type="button" class="quiet" data-testid="calendar-next"
                        aria-label=words.calendar_next disabled=next.is_none()
                        on:click=move |_| if let Some(day) = next { shown.set(day) }>"›"</button>
                </div>
                <table class="calendar-grid">
                    <thead><tr>{headings
                        .iter()
                        .map(|(whole, short)| view! { <th scope="col" abbr=whole.clone()>{short.clone()}</th> })
                        .collect_view()}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </section>
        }
    }
}
