//! The app's frame: a skip link, the name, the main navigation, and quick
//! exit.
//! Navigation is links, so it works with the keyboard, the back button and
//! "open in new tab".

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::use_words;

/// The header with the navigation.
#[component]
pub fn AppHeader() -> impl IntoView {
    let words = use_words();
    let discretion = crate::discretion::use_discretion();
    view! {
        <a class="skip" href="#content">{words.skip_to_content}</a>
        <header class="app-header">
            <a class="app-name" href="/" data-testid="app-name">{move || discretion.app_name(words)}</a>
            <nav aria-label=words.nav_label>
                <A href="/" exact=true>{words.nav_find}</A>
                <A href="/mine">{words.nav_mine}</A>
                <A href="/log">{words.nav_log}</A>
                <A href="/settings">{words.nav_settings}</A>
            </nav>
            <a class="help-now" href="/help" data-testid="help-now">{words.nav_help}</a>
            <button type="button" class="exit" data-testid="quick-exit" title=words.quick_exit_hint
                on:click=move |_| crate::quick_exit::leave()>{words.quick_exit}</button>
        </header>
    }
}
