//! The one way errors are shown: what happened and what to do, in the
//! person's language.

use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::use_words;

/// An error, with a way to try again when there is one.
#[component]
pub fn ErrorView(
    error: AppError,
    #[prop(optional)] on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let words = use_words();
    view! {
        <div class="notice error" role="alert" data-testid="error">
            <p>{error.message(words)}</p>
            {on_retry.map(|retry| view! {
                <button type="button" on:click=move |_| retry.run(())>{words.try_again}</button>
            })}
        </div>
    }
}
