//! The directory: every saved meeting, kept up to date with the worker.

use lantern_core::Meeting;
use leptos::prelude::*;

use crate::components::error_view::ErrorView;
use crate::components::meeting_card::MeetingCard;
use crate::components::sync_status::SyncStatus;
use crate::i18n::text;
use crate::{db, sync};

/// The directory page.
#[component]
pub fn DirectoryPage() -> impl IntoView {
    let sync_action = Action::new_local(|_: &()| sync::directory::sync_directory());
    // Saved meetings are read again each time a sync finishes.
    let meetings = LocalResource::new(move || {
        sync_action.version().get();
        db::directory::load_meetings()
    });
    // Sync on start and whenever the connection comes back.
    sync_action.dispatch(());
    let _online = window_event_listener(leptos::ev::online, move |_| {
        sync_action.dispatch(());
    });

    view! {
        <header class="app-header">
            <h1>{text::APP_NAME}</h1>
            <p class="tagline">{text::TAGLINE}</p>
        </header>
        <main>
            <SyncStatus
                pending=sync_action.pending().into()
                outcome=sync_action.value().into()
                on_retry=Callback::new(move |()| {
                    sync_action.dispatch(());
                })
            />
            <Transition fallback=|| view! { <p class="status">{text::LOADING}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorView errors /> }>
                    {move || Suspend::new(async move {
                        meetings.await.map(|meetings| view! { <MeetingList meetings /> })
                    })}
                </ErrorBoundary>
            </Transition>
        </main>
    }
}

/// The list, with the demo notice when demo meetings are shown.
#[component]
pub fn MeetingList(meetings: Vec<Meeting>) -> impl IntoView {
    if meetings.is_empty() {
        return view! { <p class="notice" data-testid="empty">{text::EMPTY}</p> }.into_any();
    }
    let has_demo = meetings.iter().any(Meeting::is_demo);
    view! {
        {has_demo.then(|| view! { <p class="notice demo" data-testid="demo-banner">{text::DEMO_BANNER}</p> })}
        <h2>{text::MEETINGS}</h2>
        <ul class="meetings">
            <For each=move || meetings.clone() key=|m| m.id.clone() let:meeting>
                <li>
                    <MeetingCard meeting />
                </li>
            </For>
        </ul>
    }
    .into_any()
}
