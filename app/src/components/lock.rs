//! The log's lock: turning it on with a passphrase, unlocking, locking
//! now, the auto-lock, and removing it. A forgotten passphrase cannot be
//! recovered, and the page says so before the lock is turned on.

use lantern_core::log::sealed::{check_new_passphrase, PassphraseError, MIN_PASSPHRASE_CHARS};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::ask_first::AskFirst;
use crate::components::backup::DeleteEverything;
use crate::components::field::TextField;
use crate::error::AppError;
use crate::i18n::{use_words, Words};
use crate::recovery_log::{not_changed, not_read, use_recovery_log, LockState, AUTO_LOCK_CHOICES};

/// Why a new passphrase is not taken, in the person's words.
pub fn passphrase_refusal(words: &Words, error: PassphraseError) -> String {
    match error {
        PassphraseError::TooShort => (words.passphrase_too_short)(MIN_PASSPHRASE_CHARS),
        PassphraseError::TooLong => words.passphrase_too_long.to_owned(),
        PassphraseError::Different => words.passphrase_different.to_owned(),
    }
}

/// A new passphrase, typed twice.
#[component]
pub fn NewPassphrase(passphrase: RwSignal<String>, again: RwSignal<String>) -> impl IntoView {
    let words = use_words();
    view! {
        <TextField label=words.passphrase_label value=passphrase testid="passphrase"
            kind="password" autocomplete="new-password" />
        <TextField label=words.passphrase_again value=again testid="passphrase-again"
            kind="password" autocomplete="new-password" />
    }
}

/// What `/log` shows while the log is locked.
#[component]
pub fn UnlockForm() -> impl IntoView {
    let words = use_words();
    let log = use_recovery_log();
    let passphrase = RwSignal::new(String::new());
    let status = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let unlock = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let typed = passphrase.get_untracked();
        busy.set(true);
        status.set(Some(words.unlocking.to_owned()));
        spawn_local(async move {
            let result = log.unlock(&typed).await;
            busy.set(false);
            match result {
                Ok(()) => status.set(None),
                Err(error) => status.set(Some(not_read(words, &error))),
            }
        });
    };
    view! {
        <h1>{words.locked_title}</h1>
        <form class="check-in" data-testid="unlock" on:submit=unlock>
            <TextField label=words.passphrase_label value=passphrase testid="unlock-passphrase"
                kind="password" autocomplete="current-password" />
            <button type="submit" class="primary" data-testid="unlock-button" disabled=move || busy.get()>{words.unlock}</button>
            <p class="status" role="status" data-testid="unlock-status">{move || status.get()}</p>
        </form>
        <p class="quiet">{words.locked_forgotten}</p>
        <DeleteEverything status />
    }
}

/// The lock section of `/log`: turning it on, or, when on, locking now,
/// the auto-lock and removing it.
#[component]
pub fn LockSettings() -> impl IntoView {
    let words = use_words();
    let log = use_recovery_log();
    let today = crate::pages::log::today();
    let status = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let passphrase = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let lock = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let (typed, repeated) = (passphrase.get_untracked(), again.get_untracked());
        if let Err(error) = check_new_passphrase(&typed, &repeated) {
            status.set(Some(passphrase_refusal(words, error)));
            return;
        }
        busy.set(true);
        status.set(Some(words.locking.to_owned()));
        spawn_local(async move {
            let result = log.lock(&typed, today).await;
            busy.set(false);
            match result {
                Ok(()) => {
                    passphrase.set(String::new());
                    again.set(String::new());
                    status.set(None);
                }
                Err(error) => status.set(Some(not_changed(words, &error))),
            }
        });
    };
    let done = move |result: Result<(), AppError>| {
        status.set(result.err().map(|error| not_changed(words, &error)));
    };
    let remove = Callback::new(move |()| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        status.set(Some(words.removing_lock.to_owned()));
        spawn_local(async move {
            let result = log.remove_lock().await;
            busy.set(false);
            done(result);
        });
    });
    let choose = move |ev: leptos::ev::Event| {
        let Ok(minutes) = event_target_value(&ev).parse::<u32>() else {
            return;
        };
        spawn_local(async move { done(log.set_auto_lock(minutes).await) });
    };
    let body = move || {
        match log.state() {
        LockState::Unlocked => {
            let choices = AUTO_LOCK_CHOICES
                .into_iter()
                .map(|minutes| {
                    view! {
                        <option value=minutes.to_string() selected=move || log.auto_lock() == minutes>
                            {(words.auto_lock_minutes)(minutes)}
                        </option>
                    }
                })
                .collect_view();
            view! {
                <p data-testid="lock-on">{words.lock_on}</p>
                <p><button type="button" class="primary" data-testid="lock-now" on:click=move |_| log.lock_now()>{words.lock_now}</button></p>
                <label class="field">
                    <span>{words.auto_lock_label}</span>
                    <select data-testid="auto-lock" on:change=choose>{choices}</select>
                </label>
                <AskFirst label=words.lock_remove question=words.lock_remove_question
                    yes=words.lock_remove_yes testid="lock-remove" yes_testid="lock-remove-yes" act=remove />
            }
            .into_any()
        }
        _ => view! {
            <p class="quiet">{words.lock_help}</p>
            <form class="check-in" data-testid="lock-form" on:submit=lock>
                <p class="notice">{words.lock_warning}</p>
                <NewPassphrase passphrase again />
                <button type="submit" class="primary" data-testid="lock-turn-on" disabled=move || busy.get()>{words.lock_turn_on}</button>
            </form>
        }
        .into_any(),
    }
    };
    view! {
        <section class="lock" aria-labelledby="lock-title">
            <h2 id="lock-title">{words.lock_title}</h2>
            {body}
            <p class="status" role="status" data-testid="lock-status">{move || status.get()}</p>
        </section>
    }
}
