//! The log's counters: days since a start the person chose, the milestone
//! reached and the next one, and starting again without losing the run
//! before (it stays in the history, in neutral words).

use lantern_core::log::counter::{Counter, CounterError, Milestone};
use lantern_core::log::day::Day;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::ask_first::AskFirst;
use crate::components::field::TextField;
use crate::error::AppError;
use crate::i18n::{format, use_i18n, use_words, Words};
use crate::recovery_log::{not_changed, not_read, use_recovery_log};

fn milestone_name(words: &Words, milestone: Milestone) -> String {
    match milestone {
        Milestone::Days(n) => (words.counter_days)(i32::from(n)),
        Milestone::Years(n) => (words.milestone_years)(n),
    }
}

/// The counters section of the log.
#[component]
pub fn Counters(today: Day) -> impl IntoView {
    let words = use_words();
    let log = use_recovery_log();
    // Read again after each change to the log.
    let counters = LocalResource::new(move || {
        log.changes();
        log.counters()
    });
    let status = RwSignal::new(None::<String>);
    let changed = Callback::new(move |result: Result<(), AppError>| match result {
        Ok(()) => status.set(None),
        Err(error) => status.set(Some(not_changed(words, &error))),
    });
    let list = move || {
        let counters = counters.get()?;
        Some(match counters {
            Err(error) => {
                view! { <p class="notice error" role="alert">{not_read(words, &error)}</p> }
                    .into_any()
            }
            Ok(counters) if counters.is_empty() => {
                view! { <p class="quiet" data-testid="counters-empty">{words.counters_empty}</p> }
                    .into_any()
            }
            Ok(counters) => counters
                .into_iter()
                .map(|counter| view! { <CounterCard counter today changed /> })
                .collect_view()
                .into_any(),
        })
    };
    view! {
        <section class="counters" aria-labelledby="counters-title">
            <h2 id="counters-title">{words.counters_title}</h2>
            {list}
            <p class="status" role="status" data-testid="counter-status">{move || status.get()}</p>
            <NewCounter today changed status />
        </section>
    }
}

/// One counter: its days, milestones, history, and starting again.
#[component]
fn CounterCard(
    counter: Counter,
    today: Day,
    changed: Callback<Result<(), AppError>>,
) -> impl IntoView {
    let words = use_words();
    let log = use_recovery_log();
    let locale = use_i18n().locale_untracked();
    let date = |day: Day| format::long_date(locale, day.date());
    let reached = counter
        .reached(today)
        .map(|m| (words.milestone_reached)(&milestone_name(words, m)));
    let next = counter
        .next(today)
        .map(|(m, day)| (words.milestone_next)(&milestone_name(words, m), &date(day)));
    let earlier = counter
        .history
        .iter()
        .rev()
        .map(|run| {
            view! { <li>{(words.counter_earlier)(run.days(), &date(run.from), &date(run.until))}</li> }
        })
        .collect_view();
    let restart = {
        let counter = counter.clone();
        Callback::new(move |()| {
            let mut counter = counter.clone();
            if counter.restart(today).is_ok() {
                spawn_local(async move { changed.run(log.save_counter(counter).await) });
            }
        })
    };
    view! {
        <article class="counter" data-testid="counter">
            <h3>{counter.name.clone()}</h3>
            <p class="counter-days" data-testid="counter-days">{(words.counter_days)(counter.days(today))}</p>
            <p class="quiet">{words.counter_since}" "{date(counter.since)}</p>
            {reached.map(|text| view! { <p data-testid="milestone">{text}</p> })}
            {next.map(|text| view! { <p class="quiet">{text}</p> })}
            <ul class="counter-history" data-testid="counter-history">{earlier}</ul>
            <AskFirst label=words.counter_restart question=words.counter_restart_question
                yes=words.counter_restart_yes testid="restart" yes_testid="restart-yes" act=restart />
        </article>
    }
}

/// Adding a counter: what it counts and since when.
#[component]
fn NewCounter(
    today: Day,
    changed: Callback<Result<(), AppError>>,
    status: RwSignal<Option<String>>,
) -> impl IntoView {
    let words = use_words();
    let log = use_recovery_log();
    let name = RwSignal::new(String::new());
    let since = RwSignal::new(today.to_string());
    // One save at a time: a second tap while saving would add it twice.
    let busy = RwSignal::new(false);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Some(start) = Day::parse(&since.get_untracked()) else {
            status.set(Some(words.counter_future.to_owned()));
            return;
        };
        let id = format!("c{}", js_sys::Date::now() as u64);
        let counter = Counter::new(id, name.get_untracked().trim(), start);
        if let Err(error) = counter.check(today) {
            status.set(Some(refusal(words, &error)));
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let result = log.save_counter(counter).await;
            busy.set(false);
            // What was typed stays until it is saved.
            if result.is_ok() {
                name.set(String::new());
            }
            changed.run(result);
        });
    };
    view! {
        <form class="check-in new-counter" on:submit=add>
            <TextField label=words.counter_name value=name testid="counter-name" maxlength=60 required=true />
            <label class="field">
                <span>{words.counter_since}</span>
                <input type="date" data-testid="counter-since" max=today.to_string()
                    prop:value=move || since.get()
                    on:input=move |ev| since.set(event_target_value(&ev)) />
            </label>
            <button type="submit" data-testid="counter-add" disabled=move || busy.get()>{words.counter_add}</button>
        </form>
    }
}

fn refusal(words: &Words, error: &CounterError) -> String {
    match error {
        CounterError::StartsInTheFuture => words.counter_future.to_owned(),
        _ => words.counter_bad_name.to_owned(),
    }
}
