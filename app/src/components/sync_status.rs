//! A calm line saying whether the directory is up to date, updating, or
//! offline, with a way to try again.

use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::text;
use crate::sync::directory::SyncReport;

/// Shows the state of the last sync. `on_retry` starts another.
#[component]
pub fn SyncStatus(
    pending: Signal<bool>,
    outcome: Signal<Option<Result<SyncReport, AppError>>>,
    on_retry: Callback<()>,
) -> impl IntoView {
    move || {
        if pending.get() {
            return view! { <p class="status" role="status" data-testid="sync-status">{text::CHECKING}</p> }
                .into_any();
        }
        match outcome.get() {
            None => ().into_any(),
            Some(Ok(_)) => view! {
                <p class="status" role="status" data-testid="sync-status">{text::UP_TO_DATE}</p>
            }
            .into_any(),
            Some(Err(error)) => view! {
                <div class="notice" role="status" data-testid="sync-status">
                    <p>{error.to_string()}</p>
                    <button type="button" on:click=move |_| on_retry.run(())>{text::TRY_AGAIN}</button>
                </div>
            }
            .into_any(),
        }
    }
}
