//! A calm line saying whether the directory is up to date, updating, or
//! offline, with a way to try again.

use leptos::prelude::*;

use crate::directory::use_directory;
use crate::i18n::use_words;

/// The state of the last sync.
#[component]
pub fn SyncStatus() -> impl IntoView {
    let words = use_words();
    let directory = use_directory();
    move || {
        if directory.syncing() {
            return view! { <p class="status" role="status" data-testid="sync-status">{words.checking}</p> }
                .into_any();
        }
        match directory.last_sync() {
            None => view! { <p class="status" role="status" data-testid="sync-status"></p> }.into_any(),
            Some(Ok(_)) => view! {
                <p class="status" role="status" data-testid="sync-status">{words.up_to_date}</p>
            }
            .into_any(),
            Some(Err(error)) => view! {
                <div class="notice" role="status" data-testid="sync-status">
                    <p>{error.message(words)}</p>
                    <button type="button" on:click=move |_| directory.sync()>{words.try_again}</button>
                </div>
            }
            .into_any(),
        }
    }
}
