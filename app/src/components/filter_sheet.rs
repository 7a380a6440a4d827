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

/// What every facet's options share: the query they tick, the counts they
/// show, and where a change goes.
#[derive(Clone, Copy)]
struct Facet {
    query: Memo<Query>,
    counts: Memo<Option<OptionCounts>>,
    on_change: Callback<Query>,
}

impl Facet {
    /// A tick per key, each with its label and its count, toggling the key
    /// in the query's list that `read` and `write` name.
    fn choices<K>(
        self,
        keys: Vec<K>,
        label: impl Fn(&K) -> String,
        counted: fn(&OptionCounts, &K) -> usize,
        read: fn(&Query) -> &Vec<K>,
        write: fn(&mut Query) -> &mut Vec<K>,
    ) -> impl IntoView
    where
        K: Clone + PartialEq + Send + Sync + 'static,
    {
        let Facet {
            query,
            counts,
            on_change,
        } = self;
        keys.into_iter()
            .map(|key| {
                let label = label(&key);
                let (for_count, for_check) = (key.clone(), key.clone());
                view! {
                    <Choice
                        label
                        count=Signal::derive(move || counts.with(|c| c.as_ref().map_or(0, |c| counted(c, &for_count))))
                        checked=Signal::derive(move || query.with(|q| read(q).contains(&for_check)))
                        on_toggle=Callback::new(move |()| {
                            let mut next = query.get_untracked();
                            let list = write(&mut next);
                            *list = toggled(list, &key);
                            on_change.run(next);
                        })
                    />
                }
            })
            .collect_view()
    }
}

/// The keys of a list of counts, in its order.
fn option_keys<K: Clone>(counts: &[(K, usize)]) -> Vec<K> {
    counts.iter().map(|(key, _)| key.clone()).collect()
}

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
    super::modal::show_while(dialog, move || open.get());
    let change = move |edit: &dyn Fn(&mut Query)| {
        let mut next = query.get_untracked();
        edit(&mut next);
        on_change.run(next);
    };
    // Drawn when the sheet opens, from the options the directory has then;
    // each option's tick and count follow the query on their own.
    let body = move || {
        let options = counts.get_untracked().unwrap_or_default();
        let facet = Facet {
            query,
            counts,
            on_change,
        };
        let fellowships = facet.choices(
            option_keys(&options.fellowships),
            move |f| words.fellowship_option(*f).to_owned(),
            |c, f| find_count(&c.fellowships, f),
            |q| &q.fellowships,
            |q| &mut q.fellowships,
        );
        let approaches = facet.choices(
            option_keys(&options.approaches),
            move |a| words.approach(*a).to_owned(),
            |c, a| find_count(&c.approaches, a),
            |q| &q.approaches,
            |q| &mut q.approaches,
        );
        let attendance = facet.choices(
            option_keys(&options.attendance),
            move |a| words.attendance(*a).to_owned(),
            |c, a| find_count(&c.attendance, a),
            |q| &q.attendance,
            |q| &mut q.attendance,
        );
        let days = facet.choices(
            Weekday::ALL.to_vec(),
            move |d| words.weekday(*d).to_owned(),
            |c, d| day_count(c, *d),
            |q| &q.days,
            |q| &mut q.days,
        );
        let periods = facet.choices(
            DayPeriod::ALL.to_vec(),
            move |p| words.day_period(*p).to_owned(),
            |c, p| {
                let at = DayPeriod::ALL.iter().position(|x| x == p).unwrap_or(0);
                c.periods.get(at).copied().unwrap_or(0)
            },
            |q| &q.periods,
            |q| &mut q.periods,
        );
        let types = facet.choices(
            option_keys(&options.types),
            move |code| {
                MeetingType::lookup(code)
                    .map(|t| t.name(locale.type_language()).to_owned())
                    .unwrap_or_else(|| code.clone())
            },
            |c, code| find_count(&c.types, code),
            |q| &q.types,
            |q| &mut q.types,
        );
        let languages = facet.choices(
            option_keys(&options.languages),
            move |code| format::language_name(locale, code),
            |c, code| find_count(&c.languages, code),
            |q| &q.languages,
            |q| &mut q.languages,
        );
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
                    count=Signal::derive(move || counts.with(|c| c.as_ref().map_or(0, |c| c.soon)))
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
