//! A list that puts only the rows on screen in the DOM, so that 50,000
//! meetings scroll as smoothly as fifty. Rows have one fixed height, in
//! `rem` so that it grows with the person's text size; spacers above and
//! below stand in for the rows that are not drawn.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Rows drawn beyond each edge of the screen, so that fast scrolling and
/// keyboard focus find a row already there.
const OVERSCAN: usize = 4;

/// The root font size in CSS pixels (16 unless the person changed it).
fn root_font_px() -> f64 {
    let size = web_sys::window()
        .and_then(|w| {
            let root = w.document()?.document_element()?;
            w.get_computed_style(&root).ok().flatten()
        })
        .and_then(|style| style.get_property_value("font-size").ok())
        // Whole pixels are close enough, and parsing them needs no float parser.
        .and_then(|size| {
            size.trim_end_matches("px")
                .split('.')
                .next()?
                .parse::<u16>()
                .ok()
        });
    size.filter(|s| *s > 0).map_or(16.0, f64::from)
}

fn viewport_height() -> f64 {
    web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .unwrap_or(800.0)
}

/// A windowed list of `len` items, each drawn by `row` and keyed by `key`.
#[component]
pub fn WindowedList<T, K, KF, V, VF, IF>(
    /// How many items the list holds.
    #[prop(into)]
    len: Signal<usize>,
    /// The items at these positions; asked only for those on screen, so a
    /// list of 50,000 is never copied.
    items: IF,
    /// A stable key per item.
    key: KF,
    /// Draws one item.
    row: VF,
    /// Each row's height in rem.
    row_rem: f64,
    /// The list's accessible name.
    #[prop(into)]
    label: Signal<String>,
) -> impl IntoView
where
    T: Clone + Send + Sync + PartialEq + 'static,
    K: Eq + std::hash::Hash + Clone + Send + Sync + 'static,
    KF: Fn(&T) -> K + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
    VF: Fn(T) -> V + Clone + Send + Sync + 'static,
    IF: Fn(std::ops::Range<usize>) -> Vec<T> + Send + Sync + 'static,
{
    let list = NodeRef::<html::Div>::new();
    let row_px = RwSignal::new(row_rem * root_font_px());
    // How far the list's top is above the screen's top, and the screen's
    // height: set by scroll and resize, read by the window below.
    let scrolled = RwSignal::new(0.0_f64);
    let screen = RwSignal::new(viewport_height());
    let measure = move || {
        if let Some(list) = list.get_untracked() {
            let element: &web_sys::Element = list.unchecked_ref();
            scrolled.set(-element.get_bounding_client_rect().top());
        }
        screen.set(viewport_height());
    };
    let _scroll = window_event_listener(leptos::ev::scroll, move |_| measure());
    let _resize = window_event_listener(leptos::ev::resize, move |_| {
        row_px.set(row_rem * root_font_px());
        measure();
    });
    Effect::new(move |_| {
        // Pushes outward: measures once the list is in the page.
        if list.get().is_some() {
            measure();
        }
    });
    let window = Memo::new(move |_| {
        let count = len.get();
        let row = row_px.get().max(1.0);
        let first = ((scrolled.get().max(0.0) / row) as usize).saturating_sub(OVERSCAN);
        let shown = (screen.get() / row).ceil() as usize + 2 * OVERSCAN;
        let first = first.min(count);
        (first, (first + shown).min(count))
    });
    // Where the drawn rows stand in the whole list, so that a screen reader
    // hears "12 of 50,000" though only a screenful is in the page. Written
    // as the rows are drawn; a row kept from before reads its new place.
    let drawn: RwSignal<(usize, Vec<K>)> = RwSignal::new((0, Vec::new()));
    let shown = {
        let key = key.clone();
        move || {
            let (first, end) = window.get();
            let shown = items(first..end);
            drawn.set((first, shown.iter().map(&key).collect()));
            shown
        }
    };
    let position_of = move |wanted: &K| {
        drawn.with(|(first, keys)| keys.iter().position(|k| k == wanted).map(|n| first + n + 1))
    };
    // Heights in whole pixels: formatting a float would add a float
    // printer to the download.
    let px = move |rows: usize| (rows as f64 * row_px.get()).round() as u64;
    // Set through the element's style object (`style:height`), which the
    // CSP allows; a `style` attribute would be blocked (style-src 'self').
    let above = move || format!("{}px", px(window.get().0));
    let below = move || format!("{}px", px(len.get().saturating_sub(window.get().1)));
    let row_height = move || format!("{}px", px(1));
    view! {
        <div class="windowed" node_ref=list>
            <div aria-hidden="true" style:height=above></div>
            <ul class="rows" aria-label=move || label.get()>
                <For each=shown key=key.clone() children={
                    let key = key.clone();
                    move |item: T| {
                        let mine = key(&item);
                        view! {
                            <li class="row-slot" style:height=row_height
                                aria-setsize=move || len.get()
                                aria-posinset=move || position_of(&mine)>
                                {row.clone()(item)}
                            </li>
                        }
                    }
                } />
            </ul>
            <div aria-hidden="true" style:height=below></div>
        </div>
    }
}
