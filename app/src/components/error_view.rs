//! The one fallback for errors: what happened and what to do.

use leptos::prelude::*;

use crate::i18n::text;

/// Lists the errors inside an `ErrorBoundary`.
#[component]
pub fn ErrorView(errors: ArcRwSignal<Errors>) -> impl IntoView {
    let messages = move || {
        errors.with(|errors| {
            errors
                .iter()
                .map(|(_, error)| view! { <p>{error.to_string()}</p> })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="notice error" role="alert" data-testid="error">
            <h2>{text::SOMETHING_WRONG}</h2>
            {messages}
        </div>
    }
}
