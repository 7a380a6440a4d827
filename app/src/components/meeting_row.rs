//! One meeting in the finder's list: when (in the viewer's zone), what,
//! how to attend, and Join when it is on now or soon. The row is a link to
//! the meeting's page; Join sits beside it, not inside it.

use lantern_core::schedule::occurrence::{timing, Timing};
use lantern_core::schedule::upcoming::Seen;
use lantern_core::{Attendance, Meeting};
use leptos::prelude::*;

use super::join::JoinLink;
use crate::i18n::{format, use_i18n, use_words, Words};

/// The address of a meeting's page.
pub fn meeting_href(meeting: &Meeting) -> String {
    format!(
        "/m/{}",
        String::from(js_sys::encode_uri_component(meeting.id.as_str()))
    )
}

/// "In progress · ends in 20 min", "Starts in 12 min", or nothing.
pub fn timing_text(words: &Words, timing: Timing) -> Option<String> {
    match timing {
        Timing::InProgress { ends_in_minutes } => {
            Some((words.in_progress_ends_in)(ends_in_minutes))
        }
        Timing::StartsSoon {
            starts_in_minutes: 0,
        } => Some(words.starts_now.to_owned()),
        Timing::StartsSoon { starts_in_minutes } => Some((words.starts_in)(starts_in_minutes)),
        Timing::Later => None,
    }
}

/// The city part of a zone name: `America/New_York` reads "New York".
pub fn zone_label(zone: &str) -> String {
    zone.rsplit('/').next().unwrap_or(zone).replace('_', " ")
}

/// A meeting's row. `seen` is its occurrence as the viewer sees it, when
/// its zone is known; `now` moves "starts in 12 min" on.
#[component]
pub fn MeetingRow(
    meeting: Meeting,
    seen: Option<Seen>,
    /// Now, ticking.
    #[prop(into)]
    now: Signal<jiff::Timestamp>,
) -> impl IntoView {
    let words = use_words();
    let locale = use_i18n().locale_untracked();
    let day_and_time = match seen {
        Some(seen) => {
            let day = lantern_core::Weekday::from_sunday_zero(i64::from(seen.day()))
                .unwrap_or(meeting.schedule.day);
            let mut text = format::day_and_time(locale, day, format::clock(seen.day_minute()));
            // Their own time too, when the zones differ.
            let own = meeting.schedule.start.minutes_since_midnight();
            if own != seen.day_minute() || day != meeting.schedule.day {
                text.push_str(&format!(
                    " · {} {}",
                    format::time_of_minutes(locale, own),
                    zone_label(&meeting.schedule.zone)
                ));
            }
            text
        }
        None => format!(
            "{} · {}",
            format::day_and_time(
                locale,
                meeting.schedule.day,
                format::clock(meeting.schedule.start.minutes_since_midnight())
            ),
            zone_label(&meeting.schedule.zone)
        ),
    };
    let soon = move || {
        let now = now.get();
        seen.map(|s| timing(s.occurrence, now))
            .filter(|t| *t != Timing::Later)
    };
    let timing_label = move || soon().and_then(|t| timing_text(words, t));
    let attendance = meeting.attendance();
    let badge_class = match attendance {
        Attendance::InPerson => "badge in-person",
        Attendance::Online => "badge online",
        Attendance::Hybrid => "badge hybrid",
    };
    let fellowship = words.fellowship(meeting.fellowship);
    let href = meeting_href(&meeting);
    let online = meeting.online.clone();
    let name = meeting.name.clone();
    let id = meeting.id.as_str().to_owned();
    let join = move || {
        let access = online.clone()?;
        soon()?;
        Some(
            view! { <JoinLink access meeting_name=name.clone() meeting_id=id.clone() compact=true /> },
        )
    };
    view! {
        <article class="row" data-testid="meeting-row">
            <a class="row-link" href=href>
                <span class="row-when">
                    <span data-testid="meeting-when">{day_and_time}</span>
                    {move || timing_label().map(|t| view! { " " <strong class="timing" data-testid="timing">{t}</strong> })}
                </span>
                <span class="row-name" data-testid="meeting-name">{meeting.name.clone()}</span>
                <span class="row-meta">
                    {meeting.is_demo().then(|| view! { <span class="badge demo">{words.demo_tag}</span> " " })}
                    <span class=badge_class data-testid="attendance">{words.attendance(attendance)}</span>
                    {fellowship.map(|f| view! { " " <span class="fellowship" data-testid="fellowship">{f}</span> })}
                </span>
            </a>
            {join}
        </article>
    }
}
