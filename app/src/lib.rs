//! Lantern's web app: find a meeting, join it in one tap, keep a private log.
//! Client-side rendered with Leptos; all storage and network access lives in
//! `db` and `sync`.

pub mod components;
pub mod crypto;
pub mod db;
pub mod directory;
pub mod discretion;
pub mod error;
pub mod first_join;
pub mod i18n;
pub mod location;
pub mod media_check;
pub mod pages;
pub mod pwa;
pub mod query_url;
pub mod quick_exit;
pub mod recovery_log;
pub mod sync;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use components::nav::AppHeader;
use directory::Directory;
use i18n::I18n;
use location::Location;
use pages::first_meeting::FirstMeetingPage;
use pages::guide::GuidePage;
use pages::help::HelpPage;
use pages::log::LogPage;
use pages::settings::SettingsPage;
use pages::tech_check::TechCheckPage;
use pages::{finder::FinderPage, meeting::MeetingPage, mine::MinePage, not_found::NotFoundPage};

/// The whole app: the context handles and the routes. It is drawn again
/// when the language changes.
#[component]
pub fn App() -> impl IntoView {
    pwa::AppUpdate::provide();
    let i18n = I18n::provide();
    Directory::provide();
    Location::provide();
    recovery_log::RecoveryLog::provide();
    first_join::FirstJoinOffer::provide();
    discretion::Discretion::provide();
    quick_exit::listen_for_escape_twice();
    view! {
        <Router>
            {move || {
                let _language = i18n.locale();
                view! {
                    <AppHeader />
                    <components::reminder::ReminderPrompt />
                    <first_join::FirstJoinDialog />
                    <main id="content" tabindex="-1">
                        <pwa::UpdateNotice />
                        <Routes fallback=NotFoundPage>
                            <Route path=path!("/") view=FinderPage />
                            <Route path=path!("/m/:id") view=MeetingPage />
                            <Route path=path!("/mine") view=MinePage />
                            <Route path=path!("/log") view=LogPage />
                            <Route path=path!("/settings") view=SettingsPage />
                            <Route path=path!("/help") view=HelpPage />
                            <Route path=path!("/first-meeting") view=FirstMeetingPage />
                            <Route path=path!("/guide") view=GuidePage />
                            <Route path=path!("/tech-check") view=TechCheckPage />
                        </Routes>
                    </main>
                }
            }}
        </Router>
    }
}
