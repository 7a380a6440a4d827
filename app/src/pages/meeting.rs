//! A meeting's page, `/m/<id>`: when (in the viewer's zone and its own),
//! how to join, where, details, and what one can do with it.

use lantern_core::schedule::occurrence::{local_day_and_time, occurrence_on, timing};
use lantern_core::Meeting;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use crate::components::join::{DialLink, JoinLink};
use crate::components::meeting_actions::{ReportForm, ShareButton};
use crate::components::meeting_row::{timing_text, zone_label};
use crate::directory::{use_directory, LoadState, Loaded};
use crate::i18n::{format, use_i18n, use_words};

/// How many coming occurrences the page lists.
const NEXT_TIMES: i64 = 4;

/// The meeting page.
#[component]
pub fn MeetingPage() -> impl IntoView {
    let words = use_words();
    let directory = use_directory();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    move || {
        match directory.state() {
        LoadState::Loading => view! { <p class="status" role="status" data-testid="meeting-loading">{words.meeting_loading}</p> }.into_any(),
        LoadState::Failed(error) => view! { <crate::components::error_view::ErrorView error /> }.into_any(),
        LoadState::Ready(loaded) => match loaded.find(&id()) {
            Some((_, meeting)) => view! { <MeetingDetails meeting=meeting.clone() loaded=loaded.clone() /> }.into_any(),
            // Before the first sync finishes, the meeting may still come.
            None if directory.syncing() || directory.last_sync().is_none() => {
                view! { <p class="status" role="status" data-testid="meeting-loading">{words.meeting_loading}</p> }.into_any()
            }
            None => view! {
                <div class="notice" data-testid="meeting-missing">
                    <h1>{words.meeting_not_here}</h1>
                    <p>{words.meeting_not_here_help}</p>
                    <a class="button" href="/">{words.back_to_finder}</a>
                </div>
            }.into_any(),
        },
    }
    }
}

#[component]
fn MeetingDetails(meeting: Meeting, loaded: std::sync::Arc<Loaded>) -> impl IntoView {
    let words = use_words();
    let locale = use_i18n().locale_untracked();
    let directory = use_directory();
    let zone = loaded.zones.get(&meeting.schedule.zone).cloned();
    // Now (ticking), the occurrence in progress or next, and the ones after.
    let upcoming = {
        let zone = zone.clone();
        let schedule = meeting.schedule.clone();
        move || {
            let zone = zone.as_ref()?;
            let now = directory.now();
            let first = lantern_core::schedule::occurrence::current_or_next(&schedule, zone, now)?;
            let date = first.start.to_zoned(zone.clone()).date();
            let times: Vec<_> = (0..NEXT_TIMES)
                .filter_map(|week| {
                    let date = date.checked_add(jiff::Span::new().days(7 * week)).ok()?;
                    occurrence_on(&schedule, zone, date)
                })
                .collect();
            Some((now, times))
        }
    };
    let viewer = loaded.viewer.clone();
    let own_time = format!(
        "{} · {}",
        format::day_and_time(
            locale,
            meeting.schedule.day,
            format::clock(meeting.schedule.start.minutes_since_midnight())
        ),
        (words.their_time)(&zone_label(&meeting.schedule.zone))
    );
    // The viewer's time, and the meeting's own when that reads differently.
    let times = {
        let upcoming = upcoming.clone();
        let viewer = viewer.clone();
        let schedule = meeting.schedule.clone();
        move || {
            let Some((_, times)) = upcoming() else {
                return view! { <p data-testid="their-time">{own_time.clone()}</p> }.into_any();
            };
            let first = times.first().copied();
            let yours = first.map(|o| local_day_and_time(o.start, &viewer));
            let same = yours.is_some_and(|(day, time)| {
                day == schedule.day
                    && i32::from(time.hour()) * 60 + i32::from(time.minute())
                        == i32::from(schedule.start.minutes_since_midnight())
            });
            view! {
                <p data-testid="your-time">
                    <strong>{words.your_time}": "</strong>
                    {yours.map(|(day, time)| format::day_and_time(locale, day, time))}
                </p>
                {(!same).then(|| view! { <p data-testid="their-time">{own_time.clone()}</p> })}
            }
            .into_any()
        }
    };
    let status = {
        let upcoming = upcoming.clone();
        move || {
            let (now, times) = upcoming()?;
            timing_text(words, timing(*times.first()?, now))
        }
    };
    let next_times = {
        let viewer = viewer.clone();
        move || {
            upcoming().map(|(_, times)| {
                times
                    .into_iter()
                    .map(|o| {
                        let civil = o.start.to_zoned(viewer.clone()).datetime();
                        view! { <li>{format::date_time(locale, civil)}</li> }
                    })
                    .collect_view()
            })
        }
    };
    let online = meeting.online.clone();
    let join = online.clone().map(|access| view! { <JoinLink access=access.clone() meeting_name=meeting.name.clone() meeting_id=meeting.id.as_str().to_owned() /> <DialLink access=access.clone() /> });
    let tech_check = online.as_ref().filter(|o| o.url.is_some()).map(|_| {
        let href = crate::pages::tech_check::href(Some(meeting.id.as_str()));
        view! { <p><a href=href data-testid="tech-check-link">{words.tech_check.meeting_link}</a></p> }
    });
    let passcode = online.filter(|o| !o.notes.is_empty()).map(
        |o| view! { <p class="passcode"><strong>{words.passcode_notes}": "</strong>{o.notes}</p> },
    );
    let venue = meeting.in_person.clone().map(|venue| {
        let directions = directions_href(&venue);
        view! {
            <section>
                <h2>{words.address}</h2>
                {(!venue.location.is_empty()).then(|| view! { <p><strong>{venue.location.clone()}</strong></p> })}
                <p data-testid="address">{venue.address.clone()}</p>
                {directions.map(|href| view! {
                    <a class="button" href=href target="_blank" rel="noopener noreferrer">{words.directions}</a>
                })}
            </section>
        }
    });
    // Where an online meeting is based, or where a closed room usually is:
    // no directions, as there is nothing to go to now.
    let area = meeting.area.clone().map(|area| {
        let heading = if area.approximate {
            words.based_in
        } else {
            words.usual_venue
        };
        view! {
            <section>
                <h2>{heading}</h2>
                <p data-testid="area">{area.address}</p>
            </section>
        }
    });
    let id = meeting.id.clone();
    let calendar = zone.as_ref().and_then(|zone| {
        let file = lantern_core::calendar::ics(&meeting, zone, crate::directory::now())?;
        let href = format!(
            "data:text/calendar;charset=utf-8,{}",
            String::from(js_sys::encode_uri_component(&file))
        );
        let name = format!("{}.ics", file_name(&meeting.name));
        Some(view! {
            <a class="button" data-testid="add-to-calendar" href=href download=name>{words.add_to_calendar}</a>
        })
    });
    let favourite_failed = RwSignal::new(None::<crate::error::AppError>);
    let favourite = {
        let meeting = meeting.clone();
        move || {
            let saved = directory.is_favourite(&meeting.id);
            let meeting = meeting.clone();
            view! {
                <button type="button" data-testid="favourite" aria-pressed=if saved { "true" } else { "false" }
                    on:click=move |_| {
                        let meeting = meeting.clone();
                        spawn_local(async move {
                            favourite_failed.set(directory.set_favourite(&meeting, !saved).await.err());
                        });
                    }>
                    {if saved { words.favourite_remove } else { words.favourite_add }}
                </button>
            }
        }
    };
    view! {
        <article class="meeting-page" data-testid="meeting-page">
            <a href="/" class="back">{words.back_to_finder}</a>
            <h1 data-testid="meeting-title">{meeting.name.clone()}</h1>
            {meeting.is_demo().then(|| view! { <p class="notice demo">{words.demo_banner}</p> })}
            <p class="meta">
                {words.fellowship(meeting.fellowship)}
                " · " {words.attendance(meeting.attendance())}
            </p>
            <section class="when">
                {times}
                <p class="timing" role="status" data-testid="meeting-timing">{status}</p>
                <p>{(words.minutes_long)(meeting.schedule.minutes)}</p>
            </section>
            <div class="actions">{join}</div>
            {passcode}
            <p data-testid="first-meeting-link">
                <a href="/first-meeting">
                    {if meeting.has_type("BE") { words.first_link_newcomers } else { words.first_link }}
                </a>
            </p>
            {tech_check}
            {venue}
            {area}
            <section>
                <h2>{words.next_times}</h2>
                <ul class="plain">{next_times}</ul>
            </section>
            <Details meeting=meeting.clone() />
            <div class="actions">
                {favourite}
                {calendar}
                <ShareButton meeting=meeting.clone() />
            </div>
            {move || favourite_failed.get().map(|error| view! { <p class="notice" role="alert">{error.message(words)}</p> })}
            <ReportForm meeting_id=id />
        </article>
    }
}

/// A file name from a meeting's name: letters, digits and dashes.
fn file_name(name: &str) -> String {
    let mut out = String::new();
    for ch in name.chars().take(60) {
        if ch.is_alphanumeric() {
            out.push(ch);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() {
        "meeting".to_owned()
    } else {
        out
    }
}

/// A directions link for a venue: to coordinates when known, else to the
/// address. Opened only when tapped; the page itself asks no one.
fn directions_href(venue: &lantern_core::Venue) -> Option<String> {
    let destination = match venue.coordinates {
        Some(point) => format!("{},{}", point.latitude(), point.longitude()),
        None if !venue.address.is_empty() => venue.address.clone(),
        None => return None,
    };
    Some(format!(
        "https://www.openstreetmap.org/search?query={}",
        String::from(js_sys::encode_uri_component(&destination))
    ))
}

#[component]
fn Details(meeting: Meeting) -> impl IntoView {
    let words = use_words();
    let locale = use_i18n().locale_untracked();
    let types: Vec<String> = meeting
        .types
        .iter()
        .map(|code| {
            lantern_core::meeting_type::MeetingType::lookup(code)
                .map(|t| t.name(locale.type_language()).to_owned())
                .unwrap_or_else(|| code.clone())
        })
        .collect();
    let languages: Vec<String> = meeting
        .languages
        .iter()
        .map(|code| format::language_name(locale, code))
        .collect();
    let row = |label: &'static str, value: String| {
        (!value.is_empty()).then(|| view! { <dt>{label}</dt><dd>{value}</dd> })
    };
    let contact = &meeting.contact;
    // A website is a link only when it passes the checks join links pass
    // (https, a host, no credentials); otherwise it is shown as text.
    let website = (!contact.website.is_empty()).then(|| {
        let text = contact.website.clone();
        match lantern_core::JoinUrl::parse(&contact.website) {
            Ok(url) => view! {
                <dt>{words.website}</dt>
                <dd><a href=url.as_str().to_owned() target="_blank" rel="noopener noreferrer">{text}</a></dd>
            }
            .into_any(),
            Err(_) => view! { <dt>{words.website}</dt><dd>{text}</dd> }.into_any(),
        }
    });
    let email = (!contact.email.is_empty()).then(|| {
        let href = format!("mailto:{}", contact.email);
        view! { <dt>{words.email}</dt><dd><a href=href>{contact.email.clone()}</a></dd> }
    });
    let phone = (!contact.phone.is_empty()).then(|| {
        let href = lantern_core::meeting::tel_uri(&contact.phone);
        view! { <dt>{words.phone}</dt><dd><a href=href>{contact.phone.clone()}</a></dd> }
    });
    view! {
        <section>
            <h2>{words.details}</h2>
            <dl class="details">
                {row(words.meeting_types, types.join(", "))}
                {row(words.languages, languages.join(", "))}
                {row(words.notes, meeting.notes.clone())}
                {row(words.group, meeting.group.clone())}
                {website}
                {email}
                {phone}
                {row(words.source, meeting.source.clone())}
                {row(words.updated, meeting.updated.clone())}
            </dl>
        </section>
    }
}
