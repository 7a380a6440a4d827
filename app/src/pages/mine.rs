//! My meetings, `/mine`: the saved meetings with their next time, and a
//! calm banner when one starts within 15 minutes.

use lantern_core::schedule::occurrence::{timing, Timing};
use leptos::prelude::*;

use crate::components::meeting_row::MeetingRow;
use crate::directory::use_directory;
use crate::i18n::use_words;

/// A saved meeting starting within this many minutes gets a banner.
const BANNER_MINUTES: i64 = 15;

/// The page.
#[component]
pub fn MinePage() -> impl IntoView {
    let words = use_words();
    let directory = use_directory();
    let banner = move || {
        let loaded = directory.loaded()?;
        let now = directory.now();
        directory.favourites().iter().find_map(|favourite| {
            let (number, meeting) = loaded.find(favourite.id.as_str())?;
            let seen = loaded.index.seen(number, now)?;
            match timing(seen.occurrence, now) {
                Timing::StartsSoon { starts_in_minutes } if starts_in_minutes <= BANNER_MINUTES => {
                    Some((words.starts_soon_banner)(&meeting.name, starts_in_minutes))
                }
                _ => None,
            }
        })
    };
    let empty = move || {
        directory
            .favourites()
            .is_empty()
            .then(|| view! { <p class="notice" data-testid="mine-empty">{words.mine_empty}</p> })
    };
    let list = move || {
        let favourites = directory.favourites();
        let loaded = directory.loaded();
        favourites
            .into_iter()
            .map(|favourite| {
                let found = loaded.as_ref().and_then(|l| {
                    let (number, meeting) = l.find(favourite.id.as_str())?;
                    // Not tracked: the rows tick on their own, and redrawing
                    // the list every 20 seconds would lose keyboard focus.
                    Some((meeting.clone(), l.index.seen(number, crate::directory::now())))
                });
                match found {
                    Some((meeting, seen)) => view! { <li class="row-slot"><MeetingRow meeting seen now=Signal::derive(move || directory.now()) /></li> }.into_any(),
                    None => {
                        let favourite_id = favourite.id.clone();
                        view! {
                            <li class="row-slot gone" data-testid="favourite-gone">
                                <p class="row-name">{favourite.name.clone()}</p>
                                <p><strong>{words.mine_gone}</strong>" · "{words.mine_gone_help}</p>
                                <button type="button" class="quiet" on:click=move |_| {
                                    let id = favourite_id.clone();
                                    leptos::task::spawn_local(async move {
                                        let _ = directory.forget_favourite(&id).await;
                                    });
                                }>{words.mine_remove}</button>
                            </li>
                        }
                        .into_any()
                    }
                }
            })
            .collect_view()
    };
    view! {
        <h1>{words.mine_title}</h1>
        // One status line whose text changes, so a screen reader hears it
        // when it changes rather than on every tick.
        <p class="notice soon" role="status" data-testid="starts-soon-banner" class:hidden=move || banner().is_none()>
            {banner}
        </p>
        {empty}
        <ul class="rows mine" data-testid="mine">{list}</ul>
    }
}
