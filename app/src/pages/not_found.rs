//! Any address the app does not have.

use leptos::prelude::*;

use crate::i18n::use_words;

/// The page.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let words = use_words();
    view! {
        <div class="notice" data-testid="not-found">
            <p>{words.page_not_found}</p>
            <a class="button" href="/">{words.back_to_finder}</a>
        </div>
    }
}
