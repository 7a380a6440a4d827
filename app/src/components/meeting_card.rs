//! One meeting in a list: what, when, how to attend, and the join link.

use lantern_core::{Attendance, Meeting};
use leptos::prelude::*;

use crate::i18n::{self, text};

/// A meeting's card. The Join link appears only for a validated `https:`
/// link; a dial-in appears as a `tel:` link.
#[component]
pub fn MeetingCard(meeting: Meeting) -> impl IntoView {
    let when = format!(
        "{} {} · {}",
        i18n::weekday(meeting.schedule.day),
        meeting.schedule.start,
        meeting.schedule.zone.replace('_', " ")
    );
    let attendance = meeting.attendance();
    let attendance_class = match attendance {
        Attendance::InPerson => "badge in-person",
        Attendance::Online => "badge online",
        Attendance::Hybrid => "badge hybrid",
    };
    let is_demo = meeting.is_demo();
    let fellowship = i18n::fellowship(meeting.fellowship)
        .map(|name| view! { <span class="badge" data-testid="fellowship">{name}</span> " " });
    let venue = meeting.in_person.clone().map(|venue| {
        view! {
            <p class="venue" data-testid="venue">
                {(!venue.location.is_empty()).then(|| view! { <strong>{venue.location}</strong> " " })}
                {venue.address}
            </p>
        }
    });
    let online = meeting.online.clone();
    let join_label = text::join_label(&meeting.name);
    let join = online.as_ref().and_then(|o| o.url.clone()).map(|url| {
        view! {
            <a
                class="button join"
                data-testid="join-link"
                aria-label=join_label
                href=url.as_str().to_owned()
                target="_blank"
                rel="noopener noreferrer"
            >
                {text::JOIN}
            </a>
        }
    });
    let dial = online.as_ref().filter(|o| !o.phone.is_empty()).map(|o| {
        let tel = format!("tel:{}", o.phone.replace([' ', '(', ')', '-', '.'], ""));
        view! {
            <a class="button dial" data-testid="dial-link" href=tel>
                {text::DIAL_IN}
            </a>
        }
    });
    let online_notes = online
        .map(|o| o.notes)
        .filter(|n| !n.is_empty())
        .map(|notes| view! { <p class="online-notes">{notes}</p> });
    view! {
        <article class="meeting" data-testid="meeting-card">
            <header>
                <h3 data-testid="meeting-name">{meeting.name}</h3>
                {is_demo.then(|| view! { <span class="badge demo">{text::DEMO_TAG}</span> })}
            </header>
            <p class="when" data-testid="meeting-when">{when}</p>
            <p>
                {fellowship}
                <span class=attendance_class data-testid="attendance">
                    {i18n::attendance(attendance)}
                </span>
            </p>
            {venue}
            {online_notes}
            <div class="actions">{join} {dial}</div>
        </article>
    }
}
