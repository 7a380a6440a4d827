//! The filter sheet: every facet with the count each option would show.
//! Types combine with AND, every other facet with OR. A modal `<dialog>`,
//! so focus stays in it, Escape closes it and the page behind is inert.

use lantern_core::meeting_type::MeetingType;
use lantern_core::search::index::{day_count, OptionCounts};
use lantern_core::search::query::{DayPeriod, Query, Sort, When};
use lantern_core::Weekday;
use leptos::html;
use leptos::prelude::*;

use crate::i18n::{format, use_i18n, use_words};
use crate::location::{use_location, Here};

/// The type filters offered, by Meeting Guide code (and Lantern's own).
pub const OFFERED_TYPES: [&str; 12] = [
    "W", "M", "LGBTQ", "Y", "BE", "SP", "D", "X", "X-CHAT", "X-CAM", "X-SMALL", "POA",
];

/// Distances offered, in kilometres.
const DISTANCES: [u16; 5] = [2, 5, 10, 25, 50];

/// The count beside `key` in a list of counts.
fn find_count<K: PartialEq>(counts: &[(K, usize)], key: &K) -> usize {
    counts.iter().find(|(k, _)| k == key).map_or(0, |(_, n)| *n)
}

/// `list` with `item` added, or removed if it was there.
fn toggled<T: PartialEq + Clone>(list: &[T], item: &T) -> Vec<T> {
    if list.contains(item) {
        list.iter().filter(|x| *x != item).cloned().collect()
    } else {
        let mut list = list.to_vec();
        list.push(item.clone());
        list
    }
}

/// One checkbox option with its count. Its tick and count follow the
/// query by themselves, so toggling it keeps the keyboard focus on it.
#[component]
fn Choice(
    label: String,
    #[prop(into)] count: Signal<usize>,
    #[prop(into)] checked: Signal<bool>,
    on_toggle: Callback<()>,
) -> impl IntoView {
    view! {
        <label class="choice" class:empty=move || count.get() == 0>
            <input type="checkbox" prop:checked=move || checked.get() on:change=move |_| on_toggle.run(()) />
            <span class="choice-label">{label}</span>
            <span class="count">{move || count.get()}</span>
        </label>
    }
}

/// The sheet. `open` shows it; changes go to `on_change` at once.
#[component]
pub fn FilterSheet(
    open: RwSignal<bool>,
    query: Memo<Query>,
    counts: Memo<Option<OptionCounts>>,
    on_change: Callback<Query>,
) -> impl IntoView {
    let words = use_words();
    let locale = use_i18n().locale_untracked();
    let location = use_location();
    let dialog = NodeRef::<html::Dialog>::new();
    Effect::new(move |_| {
        // Pushes outward: shows or hides the dialog element.
        let Some(dialog) = dialog.get() else { return };
        if open.get() {
            if !dialog.open() {
                let _ = dialog.show_modal();
            }
        } else if dialog.open() {
            dialog.close();
        }
    });
    let change = move |edit: &dyn Fn(&mut Query)| {
        let mut next = query.get_untracked();
        edit(&mut next);
        on_change.run(next);
    };
    // The count of one option, following the counts as they change.
    let count_of = move |pick: Box<dyn Fn(&OptionCounts) -> usize + Send + Sync>| {
        Signal::derive(move || counts.with(|c| c.as_ref().map_or(0, &pick)))
    };
    // Drawn when the sheet opens, from the options the directory has then;
    // each option's tick and count follow the query on their own.
    let body = move || {
        let options = counts.get_untracked().unwrap_or_default();
        let fellowships = options.fellowships.iter().map(|(f, _)| {
            let f = *f;
            view! { <Choice label=words.fellowship_option(f).to_owned()
                count=count_of(Box::new(move |c| find_count(&c.fellowships, &f)))
                checked=Signal::derive(move || query.with(|q| q.fellowships.contains(&f)))
                on_toggle=Callback::new(move |()| change(&|q| q.fellowships = toggled(&q.fellowships, &f))) /> }
        }).collect_view();
        let approaches = options.approaches.iter().map(|(a, _)| {
            let a = *a;
            view! { <Choice label=words.approach(a).to_owned()
                count=count_of(Box::new(move |c| find_count(&c.approaches, &a)))
                checked=Signal::derive(move || query.with(|q| q.approaches.contains(&a)))
                on_toggle=Callback::new(move |()| change(&|q| q.approaches = toggled(&q.approaches, &a))) /> }
        }).collect_view();
        let attendance = options.attendance.iter().map(|(a, _)| {
            let a = *a;
            view! { <Choice label=words.attendance(a).to_owned()
                count=count_of(Box::new(move |c| find_count(&c.attendance, &a)))
                checked=Signal::derive(move || query.with(|q| q.attendance.contains(&a)))
                on_toggle=Callback::new(move |()| change(&|q| q.attendance = toggled(&q.attendance, &a))) /> }
        }).collect_view();
        let days = Weekday::ALL
            .into_iter()
            .map(|d| {
                view! { <Choice label=words.weekday(d).to_owned()
                count=count_of(Box::new(move |c| day_count(c, d)))
                checked=Signal::derive(move || query.with(|q| q.days.contains(&d)))
                on_toggle=Callback::new(move |()| change(&|q| q.days = toggled(&q.days, &d))) /> }
            })
            .collect_view();
        let periods = DayPeriod::ALL.into_iter().enumerate().map(|(i, p)| {
            view! { <Choice label=words.day_period(p).to_owned()
                count=count_of(Box::new(move |c| c.periods.get(i).copied().unwrap_or(0)))
                checked=Signal::derive(move || query.with(|q| q.periods.contains(&p)))
                on_toggle=Callback::new(move |()| change(&|q| q.periods = toggled(&q.periods, &p))) /> }
        }).collect_view();
        let types = options.types.iter().map(|(code, _)| {
            let name = MeetingType::lookup(code)
                .map(|t| t.name(locale.type_language()).to_owned())
                .unwrap_or_else(|| code.clone());
            let (for_count, for_check, for_toggle) = (code.clone(), code.clone(), code.clone());
            view! { <Choice label=name
                count=count_of(Box::new(move |c| find_count(&c.types, &for_count)))
                checked=Signal::derive(move || query.with(|q| q.types.contains(&for_check)))
                on_toggle=Callback::new(move |()| change(&|q| q.types = toggled(&q.types, &for_toggle))) /> }
        }).collect_view();
        let languages = options.languages.iter().map(|(code, _)| {
            let (for_count, for_check, for_toggle) = (code.clone(), code.clone(), code.clone());
            view! { <Choice label=format::language_name(locale, code)
                count=count_of(Box::new(move |c| find_count(&c.languages, &for_count)))
                checked=Signal::derive(move || query.with(|q| q.languages.contains(&for_check)))
                on_toggle=Callback::new(move |()| change(&|q| q.languages = toggled(&q.languages, &for_toggle))) /> }
        }).collect_view();
        let distances = move || {
            DISTANCES.into_iter().map(|km| {
            view! {
                <label class="choice">
                    <input type="radio" name="distance" prop:checked=move || query.with(|q| q.within_km == Some(km))
                        on:change=move |_| change(&|q| { q.within_km = Some(km); q.sort = Sort::Distance; }) />
                    <span class="choice-label">{(words.within_km)(km)}</span>
                </label>
            }
        }).collect_view()
        };
        let sorts = [
            (Sort::NextStart, words.sort_time),
            (Sort::Distance, words.sort_distance),
            (Sort::Name, words.sort_name),
        ]
        .into_iter()
        .map(|(s, label)| {
            view! {
                <label class="choice">
                    <input type="radio" name="sort" prop:checked=move || query.with(|q| q.sort == s)
                        on:change=move |_| change(&|q| q.sort = s) />
                    <span class="choice-label">{label}</span>
                </label>
            }
        })
        .collect_view();
        view! {
            <fieldset><legend>{words.facet_when}</legend>
                <Choice label=words.now_or_soon.to_owned()
                    count=count_of(Box::new(|c| c.soon))
                    checked=Signal::derive(move || query.with(|q| q.when == Some(When::Soon)))
                    on_toggle=Callback::new(move |()| change(&|q| q.when = if q.when == Some(When::Soon) { None } else { Some(When::Soon) })) />
            </fieldset>
            <fieldset><legend>{words.facet_attendance}</legend>{attendance}</fieldset>
            <fieldset><legend>{words.facet_approach}</legend>{approaches}</fieldset>
            <fieldset><legend>{words.facet_fellowship}</legend>{fellowships}</fieldset>
            <fieldset><legend>{words.facet_day}</legend>{days}</fieldset>
            <fieldset><legend>{words.facet_time}</legend>{periods}</fieldset>
            <fieldset><legend>{words.facet_types}</legend>{types}</fieldset>
            <fieldset><legend>{words.facet_language}</legend>{languages}</fieldset>
            <fieldset><legend>{words.facet_distance}</legend>
                <p class="hint">{words.location_note}</p>
                {move || match location.here() {
                    Here::At(_) => distances().into_any(),
                    Here::Locating => view! { <p role="status">{words.locating}</p> }.into_any(),
                    Here::Denied => view! { <p role="status">{words.location_denied}</p> }.into_any(),
                    here => view! {
                        {(here == Here::Unavailable).then(|| view! { <p role="status">{words.location_unavailable}</p> })}
                        <button type="button" on:click=move |_| location.ask()>{words.use_my_location}</button>
                    }.into_any(),
                }}
            </fieldset>
            <fieldset><legend>{words.sort_label}</legend>{sorts}</fieldset>
        }
    };
    let total = move || counts.get().map_or(0, |c| c.total);
    view! {
        <dialog class="sheet" node_ref=dialog aria-labelledby="filter-title" on:close=move |_| open.set(false)
            data-testid="filter-sheet">
            <header class="sheet-header">
                <h2 id="filter-title">{words.filter_title}</h2>
                <button type="button" class="quiet" on:click=move |_| open.set(false)>{words.close}</button>
            </header>
            // Drawn only while open: closed, it would be drawn again on
            // every keystroke in the search box.
            <div class="sheet-body">{move || open.get().then(body)}</div>
            <footer class="sheet-footer">
                <button type="button" class="quiet" on:click=move |_| on_change.run(query.get_untracked().without_filters())>
                    {words.clear_filters}
                </button>
                <button type="button" class="primary" data-testid="show-results" on:click=move |_| open.set(false)>
                    {move || (words.show_results)(total())}
                </button>
            </footer>
        </dialog>
    }
}
