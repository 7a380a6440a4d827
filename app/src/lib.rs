//! Lantern's web app: find a meeting, join it in one tap, keep a private log.
//! Client-side rendered with Leptos; all storage and network access lives in
//! `db` and `sync`.

pub mod components;
pub mod db;
pub mod error;
pub mod i18n;
pub mod pages;
pub mod pwa;
pub mod sync;

use leptos::prelude::*;

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    pwa::register_service_worker();
    view! { <pages::directory::DirectoryPage /> }
}
