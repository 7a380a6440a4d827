//! The recovery log, `/log`: today's check-in, or an earlier day's from
//! `?day=2026-12-01`, and the check-ins before it. Everything stays on the
//! device: nothing here makes a request.

use lantern_core::log::check_in::{
    Attended, CheckIn, CheckInError, Craving, Mood, Rating, Reflection, Use,
};
use lantern_core::log::day::Day;
use lantern_core::log::joined::offered;
use lantern_core::log::people::Person;
use lantern_core::log::stats::check_in_streak;
use lantern_core::schedule::occurrence::starts_on;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;

use crate::components::backup::LogCopies;
use crate::components::calendar::{face, LogCalendar};
use crate::components::charts::LogCharts;
use crate::components::counters::Counters;
use crate::components::field::TextField;
use crate::components::lock::{LockSettings, UnlockForm};
use crate::components::people::{HardDayOffer, MyPeople};
use crate::components::reminder::ReminderSettings;
use crate::components::storage_note::StorageNote;
use crate::db::favourites::Favourite;
use crate::directory::{use_directory, Directory};
use crate::error::AppError;
use crate::i18n::{format, use_i18n, use_words, Locale, Words};
use crate::recovery_log::{not_read, not_saved, use_recovery_log, LockState};

/// What the device holds: the check-ins by day, and how many records could
/// not be read.
type Saved = Result<(Vec<CheckIn>, usize), AppError>;

/// Today, by the device's calendar.
pub fn today() -> Day {
    let now = js_sys::Date::new_0();
    let year = i16::try_from(now.get_full_year()).unwrap_or(2026);
    let month = i8::try_from(now.get_month() + 1).unwrap_or(1);
    let day = i8::try_from(now.get_date()).unwrap_or(1);
    Day::new(year, month, day).unwrap_or_else(|| Day::from(jiff::civil::Date::constant(2026, 1, 1)))
}

/// The page: the log, or, while it is locked, the passphrase that opens
/// it.
#[component]
pub fn LogPage() -> impl IntoView {
    let words = use_words();
    let log = use_recovery_log();
    // Drawn again only when the log opens or closes, not when a lock is
    // turned on or off while it is open (which keeps what the form holds).
    let state = Memo::new(move |_| match log.state() {
        LockState::Opening => LockState::Opening,
        LockState::Locked => LockState::Locked,
        LockState::Plain | LockState::Unlocked => LockState::Plain,
    });
    move || match state.get() {
        LockState::Opening => {
            view! { <p class="status" role="status">{words.log_opening}</p> }.into_any()
        }
        LockState::Locked => view! { <UnlockForm /> }.into_any(),
        LockState::Plain | LockState::Unlocked => view! { <OpenLog /> }.into_any(),
    }
}

/// The log, open.
#[component]
fn OpenLog() -> impl IntoView {
    let words = use_words();
    let locale = use_i18n().locale_untracked();
    let query = use_query_map();
    let today = today();
    let day = Memo::new(move |_| {
        query
            .with(|q| q.get_str("day").and_then(Day::parse))
            .unwrap_or(today)
    });
    // Read again after each change to the log.
    let log = use_recovery_log();
    let saved = LocalResource::new(move || {
        log.changes();
        log.check_ins()
    });
    let people_saved = LocalResource::new(move || {
        log.changes();
        log.people()
    });
    let people =
        Signal::derive(move || people_saved.get().and_then(Result::ok).unwrap_or_default());
    // The form is drawn once the device has first answered, and again for
    // another day; not after its own save, which would wipe what it says.
    let ready = RwSignal::new(false);
    Effect::new(move |_| {
        // Set once: setting a signal tells its readers even when unchanged.
        if saved.with(Option::is_some) && !ready.get_untracked() {
            ready.set(true);
        }
    });
    let form = move || {
        let day = day.get();
        if !ready.get() {
            return Some(
                view! { <p class="status" role="status">{words.log_opening}</p> }.into_any(),
            );
        }
        let existing = saved.with_untracked(|saved| {
            saved
                .as_ref()
                .and_then(|saved| saved.as_ref().ok())
                .and_then(|(all, _)| all.iter().find(|c| c.day == day).cloned())
        });
        Some(view! { <CheckInForm day existing today people /> }.into_any())
    };
    view! {
        <h1>{move || title(words, locale, day.get(), today)}</h1>
        <p class="notice quiet">{words.log_private}" "{words.quick_exit_hint}</p>
        <StorageNote />
        {form}
        // The rest comes with the form, not before it: drawn earlier, it
        // would jump down the page when the form arrives above it.
        {move || ready.get().then(|| view! {
            <Counters today />
            // People that could not be read are said so, not shown as none.
            {move || people_saved.get().and_then(Result::err).map(|error| view! {
                <p class="notice error" role="alert">{not_read(words, &error)}</p>
            })}
            <MyPeople people />
            <History saved=Signal::derive(move || saved.get()) today selected=day />
            <ReminderSettings />
            <LockSettings />
            <LogCopies today />
        })}
    }
}

fn title(words: &Words, locale: Locale, day: Day, today: Day) -> String {
    if day == today {
        words.log_today.to_owned()
    } else {
        (words.log_day)(&format::long_date(locale, day.date()))
    }
}

/// The check-in form for one day, filled with what was saved for it.
#[component]
fn CheckInForm(
    day: Day,
    existing: Option<CheckIn>,
    today: Day,
    people: Signal<Vec<Person>>,
) -> impl IntoView {
    let words = use_words();
    let directory = use_directory();
    let log = use_recovery_log();
    let mood = RwSignal::new(existing.as_ref().map(|c| c.mood.get()));
    let craving = RwSignal::new(existing.as_ref().map_or(0, |c| c.craving.get()));
    let used = RwSignal::new(existing.as_ref().map_or(Use::Unsaid, |c| c.used));
    // Meetings on offer: joined that day, saved ones that met that day,
    // any this day already lists; the other saved ones a tap further.
    let went: Vec<Attended> = existing
        .as_ref()
        .map(|c| c.meetings.clone())
        .unwrap_or_default();
    let joined = LocalResource::new(move || log.joined());
    // Tracked: saved meetings and the directory may arrive after the form
    // is drawn.
    let offered = {
        let went = went.clone();
        Memo::new(move |_| {
            let saved = directory.favourites();
            let (met, others) = saved_meetings(directory, &saved, day);
            let joined = joined.get().unwrap_or_default();
            let first = offered(day, &joined, &met, &went);
            let others: Vec<Attended> = others.into_iter().filter(|m| !first.contains(m)).collect();
            (first, others)
        })
    };
    let chosen = RwSignal::new(went);
    let other = RwSignal::new(String::new());
    let note = RwSignal::new(
        existing
            .as_ref()
            .map(|c| c.note.clone())
            .unwrap_or_default(),
    );
    let reflections = RwSignal::new(existing.as_ref().map(|c| c.reflections).unwrap_or_default());
    // Open when the day already has reflections, so they are seen.
    let existing_reflections = reflections.get_untracked() != Default::default();
    let status = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // After a hard day's check-in is saved: people to call, meetings soon.
    let hard_day = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        if day > today {
            status.set(Some(words.future_day.to_owned()));
            return;
        }
        let Some(mood) = mood.get_untracked().and_then(Mood::new) else {
            status.set(Some(words.mood_needed.to_owned()));
            return;
        };
        let Some(craving) = Craving::new(craving.get_untracked()) else {
            return;
        };
        let mut meetings = chosen.get_untracked();
        let typed = other.get_untracked().trim().to_owned();
        if !typed.is_empty() {
            meetings.push(Attended::Other { name: typed });
        }
        let check_in = CheckIn {
            used: used.get_untracked(),
            meetings,
            reflections: reflections.get_untracked(),
            note: note.get_untracked(),
            ..CheckIn::new(day, mood, craving)
        };
        if let Err(error) = check_in.check() {
            status.set(Some(refusal(words, &error)));
            return;
        }
        busy.set(true);
        status.set(Some(words.saving.to_owned()));
        let hard = check_in.is_hard_day();
        spawn_local(async move {
            let result = log.save_check_in(check_in).await;
            busy.set(false);
            match result {
                Ok(()) => {
                    other.set(String::new());
                    status.set(Some(words.check_in_saved.to_owned()));
                    hard_day.set(hard);
                }
                Err(error) => status.set(Some(not_saved(words, &error))),
            }
        });
    };

    let mood_choices = (1..=5_u8)
        .map(|value| {
            let word = words.mood(value);
            let face = face(value);
            view! {
                <label class="choice">
                    <input type="radio" name="mood" data-testid="mood" value=value
                        prop:checked=move || mood.get() == Some(value)
                        on:change=move |_| mood.set(Some(value)) />
                    <span class="face" aria-hidden="true">{face}</span>
                    <span>{word}</span>
                </label>
            }
        })
        .collect_view();
    let used_choices = [Use::No, Use::Yes, Use::Unsaid]
        .into_iter()
        .zip(words.used_answers)
        .map(|(answer, word)| {
            view! {
                <label class="choice">
                    <input type="radio" name="used" data-testid="used"
                        prop:checked=move || used.get() == answer
                        on:change=move |_| used.set(answer) />
                    <span>{word}</span>
                </label>
            }
        })
        .collect_view();
    let choice = move |meeting: Attended| {
        let name = meeting.name().to_owned();
        let this = meeting.clone();
        view! {
            <label class="choice">
                <input type="checkbox" data-testid="went"
                    prop:checked=move || chosen.with(|c| c.contains(&meeting))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        chosen.update(|c| {
                            c.retain(|m| *m != this);
                            if on {
                                c.push(this.clone());
                            }
                        });
                    } />
                <span data-testid="went-name">{name}</span>
            </label>
        }
    };
    let meeting_choices = move || offered.get().0.into_iter().map(choice).collect_view();
    let other_saved = move || {
        let others = offered.get().1;
        (!others.is_empty()).then(|| {
            view! {
                <details class="other-saved">
                    <summary>{words.other_saved_meetings}</summary>
                    <div class="choices">{others.into_iter().map(choice).collect_view()}</div>
                </details>
            }
        })
    };
    let reflection_rows = Reflection::ALL
        .into_iter()
        .zip(words.reflection_names)
        .map(|(which, name)| {
            let options = (1..=5_u8)
                .zip(words.ratings)
                .map(|(value, word)| {
                    view! {
                        <option value=value selected=move || reflections.get().get(which) == Rating::new(value)>
                            {word}
                        </option>
                    }
                })
                .collect_view();
            view! {
                <label class="field">
                    <span>{name}</span>
                    <select data-testid=format!("reflection-{}", which.key()) on:change=move |ev| {
                        let rating = event_target_value(&ev).parse().ok().and_then(Rating::new);
                        reflections.update(|r| r.set(which, rating));
                    }>
                        <option value="" selected=move || reflections.get().get(which).is_none()>{words.rating_skipped}</option>
                        {options}
                    </select>
                </label>
            }
        })
        .collect_view();

    view! {
        <form class="check-in" data-testid="check-in" on:submit=submit>
            <fieldset>
                <legend>{words.mood_question}</legend>
                <div class="choices">{mood_choices}</div>
            </fieldset>
            <fieldset>
                <legend id="craving-legend">{words.craving_question}</legend>
                <p class="hint" id="craving-scale">{words.craving_scale}</p>
                <div class="range">
                    <input type="range" id="craving" min="0" max="10" step="1" data-testid="craving"
                        aria-labelledby="craving-legend" aria-describedby="craving-scale"
                        prop:value=move || craving.get().to_string()
                        on:input=move |ev| craving.set(event_target_value(&ev).parse().unwrap_or(0)) />
                    <output for="craving" data-testid="craving-value">{move || craving.get()}</output>
                </div>
            </fieldset>
            <fieldset>
                <legend>{words.used_question}</legend>
                <div class="choices">{used_choices}</div>
            </fieldset>
            <fieldset>
                <legend>{words.meetings_question}</legend>
                <div class="choices">{meeting_choices}</div>
                {other_saved}
                <TextField label=words.meeting_other value=other testid="meeting-other" maxlength=200 />
            </fieldset>
            <details class="reflections" open=existing_reflections>
                <summary>{words.reflections_title}</summary>
                <p class="hint">{words.reflections_help}</p>
                {reflection_rows}
            </details>
            <label class="field">
                <span>{words.note_label}</span>
                <textarea rows="4" data-testid="note"
                    prop:value=move || note.get()
                    on:input=move |ev| note.set(event_target_value(&ev))></textarea>
            </label>
            <button type="submit" class="primary" data-testid="save-check-in" disabled=move || busy.get()>
                {words.save_check_in}
            </button>
            <p class="status" role="status" data-testid="check-in-status">{move || status.get()}</p>
            {move || hard_day.get().then(|| view! { <HardDayOffer people /> })}
        </form>
    }
}

/// The saved meetings as the check-in of `day` lists them: those that met
/// that day (as the person lives it), and the others. Saved meetings no
/// longer in the directory count as others.
fn saved_meetings(
    directory: Directory,
    saved: &[Favourite],
    day: Day,
) -> (Vec<Attended>, Vec<Attended>) {
    let loaded = directory.loaded();
    let (mut met, mut others) = (Vec::new(), Vec::new());
    for favourite in saved {
        let listed = Attended::Listed {
            id: favourite.id.as_str().to_owned(),
            name: favourite.name.clone(),
        };
        let was_on = loaded.as_ref().is_some_and(|loaded| {
            loaded
                .find(favourite.id.as_str())
                .is_some_and(|(_, meeting)| {
                    loaded
                        .zones
                        .get(&meeting.schedule.zone)
                        .is_some_and(|zone| {
                            starts_on(&meeting.schedule, zone, &loaded.viewer, day.date())
                        })
                })
        });
        if was_on {
            met.push(listed)
        } else {
            others.push(listed)
        }
    }
    (met, others)
}

/// Why a check-in was not saved, in the person's words.
fn refusal(words: &Words, error: &CheckInError) -> String {
    match error {
        CheckInError::NoteTooLong { .. } => {
            (words.note_too_long)(lantern_core::log::check_in::MAX_NOTE_CHARS)
        }
        CheckInError::Markup { field: "note" } => words.note_markup.to_owned(),
        CheckInError::ControlCharacters { field: "note" } => words.note_control.to_owned(),
        _ => words.meeting_name_bad.to_owned(),
    }
}

/// The check-ins before, newest first, each a link to edit it, and the
/// streak of days with one.
#[component]
fn History(
    #[prop(into)] saved: Signal<Option<Saved>>,
    today: Day,
    #[prop(into)] selected: Signal<Day>,
) -> impl IntoView {
    let words = use_words();
    let locale = use_i18n().locale_untracked();
    move || {
        let saved = saved.get()?;
        let selected = selected.get();
        let view = match saved {
            Err(error) => {
                view! { <p class="notice error" role="alert">{not_read(words, &error)}</p> }
                    .into_any()
            }
            Ok((check_ins, unreadable)) => {
                let streak = check_in_streak(check_ins.iter().map(|c| c.day), today);
                let lines = check_ins
                    .iter()
                    .rev()
                    .map(|c| {
                        let href = format!("/log?day={}", c.day);
                        let mood = words.mood(c.mood.get());
                        view! {
                            <li>
                                <a href=href data-testid="history-day">
                                    <span class="history-date">{format::long_date(locale, c.day.date())}</span>
                                    <span class="history-summary">{(words.history_line)(mood, c.craving.get())}</span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <section class="history" aria-labelledby="history-title">
                        <h2 id="history-title">{words.history_title}</h2>
                        {(unreadable > 0).then(|| view! { <p class="notice">{(words.unreadable_check_ins)(unreadable)}</p> })}
                        {if check_ins.is_empty() {
                            view! { <p class="quiet" data-testid="history-empty">{words.history_empty}</p> }.into_any()
                        } else {
                            view! {
                                <p data-testid="streak">{(words.streak)(streak)}</p>
                                <LogCalendar check_ins=check_ins.clone() today selected />
                                <LogCharts check_ins=check_ins.clone() today />
                                <ul class="history-list">{lines}</ul>
                            }.into_any()
                        }}
                    </section>
                }
                .into_any()
            }
        };
        Some(view)
    }
}
