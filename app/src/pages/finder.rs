//! The finder, `/`: what is starting soon, then the rest of the week,
//! searched and filtered from the address.

use std::sync::Arc;

use lantern_core::search::index::OptionCounts;
use lantern_core::search::query::{Sort, When};
use leptos::prelude::*;

use crate::components::error_view::ErrorView;
use crate::components::filter_sheet::{FilterSheet, OFFERED_TYPES};
use crate::components::meeting_row::MeetingRow;
use crate::components::sync_status::SyncStatus;
use crate::components::windowed_list::WindowedList;
use crate::directory::{use_directory, LoadState, Loaded};
use crate::i18n::{format, use_i18n, use_words};
use crate::location::use_location;
use crate::query_url::{use_go_to_query, use_url_query};

/// One line of the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Item {
    /// "Starting soon".
    SoonHeading,
    /// "Nothing starts within the hour."
    NothingSoon,
    /// "Later this week".
    LaterHeading,
    /// A meeting, by its number in the index of one load.
    Meeting { number: u32, generation: u64 },
}

/// Each row's height in rem: three lines of text and the padding.
const ROW_REM: f64 = 5.75;

/// The finder page.
#[component]
pub fn FinderPage() -> impl IntoView {
    let words = use_words();
    let directory = use_directory();
    let location = use_location();
    let url_query = use_url_query();
    let go = use_go_to_query();
    // What was typed, searched at once; the address follows after the
    // next frame, so a keystroke's first paint waits on the search alone.
    // Going back or forward (an address with other text) takes over.
    let typed: RwSignal<Option<String>> = RwSignal::new(None);
    // The text this page last wrote to the address: its own change, not
    // one to follow, even if more keys came since.
    let written: StoredValue<Option<String>> = StoredValue::new(None);
    Effect::new(move |_| {
        let text = url_query.with(|q| q.text.clone());
        let ours = written.with_value(|w| w.as_ref() == Some(&text));
        if !ours && typed.with_untracked(|t| t.as_ref().is_some_and(|t| *t != text)) {
            typed.set(None);
        }
    });
    let query = Memo::new(move |_| {
        let mut query = url_query.get();
        if let Some(text) = typed.get() {
            query.text = text;
        }
        query.from = location.coordinates();
        query
    });
    // Shared, not copied: the list reads the results by position.
    let results = Memo::new(move |_| {
        let loaded = directory.loaded()?;
        let now = directory.now();
        Some(query.with(|q| loaded.search(q, now)))
    });
    let list = Memo::new(move |_| {
        let (Some(loaded), Some(results)) = (directory.loaded(), results.get()) else {
            return ListModel::default();
        };
        ListModel::new(&loaded, results, query.with(|q| q.sort), directory.now())
    });
    let sheet_open = RwSignal::new(false);
    let counts: Memo<Option<OptionCounts>> = Memo::new(move |_| {
        if !sheet_open.get() {
            return None;
        }
        let loaded = directory.loaded()?;
        Some(query.with(|q| {
            loaded
                .index
                .option_counts(q, directory.now(), &OFFERED_TYPES)
        }))
    });
    let go_filters = go.clone();
    let on_filters = Callback::new(move |next| go_filters(&next, false));
    let go_text = go.clone();
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        typed.set(Some(text));
        let go_text = go_text.clone();
        request_animation_frame(move || {
            set_timeout(
                move || {
                    // The latest text, once, however many keys came first.
                    let mut next = query.get_untracked();
                    if let Some(text) = typed.get_untracked() {
                        written.set_value(Some(text.clone()));
                        next.text = text;
                        go_text(&next, true);
                    }
                },
                std::time::Duration::ZERO,
            );
        });
    };
    let filter_label = move || match query.with(|q| q.filter_count()) {
        0 => words.filters.to_owned(),
        n => (words.filters_with_count)(n),
    };
    let go_clear = go.clone();
    let clear = move |_| go_clear(&query.get_untracked().without_filters(), false);

    view! {
        <div class="finder-bar">
            <label class="visually-hidden" for="search">{words.search_label}</label>
            <input
                id="search"
                type="search"
                data-testid="search"
                autocomplete="off"
                enterkeyhint="search"
                placeholder=words.search_placeholder
                prop:value=move || query.with(|q| q.text.clone())
                on:input=on_input
            />
            <button type="button" class="filters" data-testid="filters"
                aria-haspopup="dialog" on:click=move |_| sheet_open.set(true)>
                {filter_label}
            </button>
        </div>
        <FilterSheet open=sheet_open query counts on_change=on_filters />
        <p class="guide-link"><a href="/guide" data-testid="guide-link">{words.guide.link}</a></p>
        <AreaNotice />
        <SyncStatus />
        {move || match directory.state() {
            LoadState::Loading => view! { <p class="status" role="status">{words.loading}</p> }.into_any(),
            LoadState::Failed(error) => view! { <ErrorView error /> }.into_any(),
            LoadState::Ready(loaded) if loaded.meetings.is_empty() => {
                view! { <p class="notice" data-testid="empty">{words.empty}</p> }.into_any()
            }
            LoadState::Ready(loaded) => {
                let has_demo = loaded.has_demo();
                view! {
                    {has_demo.then(|| view! { <p class="notice demo" data-testid="demo-banner">{words.demo_banner}</p> })}
                    <p class="status" role="status" aria-live="polite" data-testid="result-count">
                        {move || results.with(|r| r.as_ref().map(|r| (words.results_count)(r.len())))}
                    </p>
                }.into_any()
            }
        }}
        {move || {
            let filtered = query.with(|q| q.filter_count() > 0);
            let none = results.with(|r| r.as_ref().is_some_and(|r| r.is_empty()))
                && directory.loaded().is_some_and(|l| !l.meetings.is_empty());
            none.then(|| view! {
                <div class="notice" data-testid="no-match">
                    <p>{if filtered { words.no_match_with_filters } else { words.no_match }}</p>
                    {filtered.then(|| view! { <button type="button" on:click=clear.clone()>{words.clear_filters}</button> })}
                </div>
            })
        }}
        <WindowedList
            len=Signal::derive(move || list.with(ListModel::len))
            items=move |range| list.with(|model| model.items(range))
            key=|item: &Item| *item
            row=move |item: Item| view! { <ListItem item /> }
            row_rem=ROW_REM
            label=Signal::derive(move || words.search_label.to_owned())
        />
    }
}

/// The list's lines: with the order by time, a "Starting soon" section
/// (meetings that just started or start within the hour) and then the
/// rest of the week; in other orders, the meetings alone. Lines are made
/// only for the positions on screen.
#[derive(Clone, Debug, Default, PartialEq)]
struct ListModel {
    results: Arc<Vec<u32>>,
    /// How many results start the list as "Starting soon"; `None` when the
    /// list has no sections.
    soon: Option<usize>,
    generation: u64,
}

impl ListModel {
    fn new(loaded: &Loaded, results: Arc<Vec<u32>>, sort: Sort, now: jiff::Timestamp) -> ListModel {
        let soon = (sort == Sort::NextStart && !results.is_empty()).then(|| {
            results
                .iter()
                .take_while(|n| loaded.index.matches_when(**n, When::Starting, now))
                .count()
        });
        ListModel {
            results,
            soon,
            generation: loaded.generation,
        }
    }

    /// Lines before the soon meetings, between the sections, and in all.
    fn len(&self) -> usize {
        match self.soon {
            None => self.results.len(),
            Some(soon) => {
                self.results.len()
                    + 1
                    + usize::from(soon == 0)
                    + usize::from(soon < self.results.len())
            }
        }
    }

    fn items(&self, range: std::ops::Range<usize>) -> Vec<Item> {
        range.filter_map(|position| self.item(position)).collect()
    }

    fn item(&self, position: usize) -> Option<Item> {
        if position >= self.len() {
            return None;
        }
        let meeting = |index: usize| {
            self.results.get(index).map(|number| Item::Meeting {
                number: *number,
                generation: self.generation,
            })
        };
        let Some(soon) = self.soon else {
            return meeting(position);
        };
        // Starting soon, its meetings (or a line saying there are none),
        // later this week, its meetings.
        let soon_lines = soon.max(1);
        match position {
            0 => Some(Item::SoonHeading),
            p if p <= soon_lines => {
                if soon == 0 {
                    Some(Item::NothingSoon)
                } else {
                    meeting(p - 1)
                }
            }
            p if p == soon_lines + 1 => Some(Item::LaterHeading),
            p => meeting(p - 2 - usize::from(soon == 0)),
        }
    }
}

#[component]
fn ListItem(item: Item) -> impl IntoView {
    let words = use_words();
    let directory = use_directory();
    match item {
        Item::SoonHeading => view! { <h2 class="section">{words.starting_soon}</h2> }.into_any(),
        Item::LaterHeading => view! { <h2 class="section">{words.later_this_week}</h2> }.into_any(),
        Item::NothingSoon => view! { <p class="hint">{words.nothing_starting_soon}</p> }.into_any(),
        Item::Meeting { number, .. } => {
            let row = directory.loaded_untracked().and_then(|loaded: Arc<Loaded>| {
                let meeting = loaded.meeting(number)?.clone();
                let seen = loaded.index.seen(number, crate::directory::now());
                Some(view! { <MeetingRow meeting seen now=Signal::derive(move || directory.now()) /> })
            });
            row.into_any()
        }
    }
}

/// Asks for a home area until one is chosen, and says so when the chosen
/// one left the directory. Never blocks the list.
#[component]
fn AreaNotice() -> impl IntoView {
    let words = use_words();
    let locale = use_i18n().locale_untracked();
    let directory = use_directory();
    move || {
        if let Some(gone) = directory.home_vanished() {
            let name = format::area_name(locale, gone.as_str());
            return view! {
                <div class="notice" role="status" data-testid="area-gone">
                    <p>{(words.area_gone)(&name)}</p>
                    <a class="button" href="/settings">{words.choose_area}</a>
                </div>
            }
            .into_any();
        }
        // With one area only, it is followed without asking.
        let local_areas = directory
            .available()
            .iter()
            .filter(|s| !s.shard.is_online() && s.meetings > 0)
            .count();
        if directory.home().is_none() && local_areas > 1 {
            return view! {
                <div class="notice quiet" data-testid="area-prompt">
                    <p>{words.choose_area_prompt}</p>
                    <a class="button" href="/settings">{words.choose_area}</a>
                </div>
            }
            .into_any();
        }
        ().into_any()
    }
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    fn lines(results: &[u32], soon: Option<usize>) -> Vec<String> {
        let model = ListModel {
            results: Arc::new(results.to_vec()),
            soon,
            generation: 7,
        };
        let items = model.items(0..model.len() + 3);
        assert_eq!(items.len(), model.len(), "no line past the end");
        items
            .into_iter()
            .map(|item| match item {
                Item::SoonHeading => "soon".to_owned(),
                Item::NothingSoon => "none".to_owned(),
                Item::LaterHeading => "later".to_owned(),
                Item::Meeting { number, .. } => number.to_string(),
            })
            .collect()
    }

    #[wasm_bindgen_test]
    fn lays_out_the_sections() {
        assert_eq!(lines(&[4, 5, 6], Some(2)), ["soon", "4", "5", "later", "6"]);
        assert_eq!(lines(&[4, 5], Some(0)), ["soon", "none", "later", "4", "5"]);
        assert_eq!(lines(&[4, 5], Some(2)), ["soon", "4", "5"]);
        assert_eq!(lines(&[4, 5], None), ["4", "5"]);
        assert_eq!(lines(&[], None), Vec::<String>::new());
        // Windows of the list ask for the same lines.
        let model = ListModel {
            results: Arc::new(vec![4, 5, 6]),
            soon: Some(2),
            generation: 7,
        };
        assert_eq!(
            model.items(3..5),
            [
                Item::LaterHeading,
                Item::Meeting {
                    number: 6,
                    generation: 7
                }
            ]
        );
    }
}
