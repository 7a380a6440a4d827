//! Whether the browser will keep the log: asks for persistent storage once
//! the log is opened, and says what the answer means. On iPhone and iPad in
//! Safari, also why installing to the home screen keeps it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;

use crate::i18n::use_words;

/// Asks the browser to keep this site's storage; `None` when it cannot be
/// asked.
async fn persist() -> Option<bool> {
    let storage = web_sys::window()?.navigator().storage();
    let already = JsFuture::from(storage.persisted().ok()?).await.ok()?;
    if already.as_bool() == Some(true) {
        return Some(true);
    }
    JsFuture::from(storage.persist().ok()?)
        .await
        .ok()?
        .as_bool()
}

/// Safari on an iPhone or iPad, not installed to the home screen.
fn safari_in_a_tab() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let agent = window.navigator().user_agent().unwrap_or_default();
    let apple = agent.contains("iPhone") || agent.contains("iPad");
    apple && !crate::pwa::installed()
}

/// The note.
#[component]
pub fn StorageNote() -> impl IntoView {
    let words = use_words();
    let kept = RwSignal::new(None::<bool>);
    spawn_local(async move { kept.set(persist().await) });
    let ios = safari_in_a_tab();
    view! {
        {move || kept.get().map(|kept| {
            let text = if kept { words.storage_kept } else { words.storage_not_kept };
            view! { <p class="quiet" data-testid="storage-note">{text}</p> }
        })}
        {ios.then(|| view! { <p class="notice" data-testid="storage-ios">{words.storage_ios}</p> })}
    }
}
