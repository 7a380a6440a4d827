//! A list that puts only the rows on screen in the DOM, so that 50,000
//! meetings scroll as smoothly as fifty. Rows have one fixed height, in
//! `rem` so that it grows with the person's text size; spacers above and
//! below stand in for the rows that are not drawn.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Rows drawn beyond each edge of the screen, so that fast scrolling and
/// keyboard focus find a row already there.
const OVERSCAN: usize = 8;

/// The root font size in CSS pixels (16 unless the person changed it).
fn root_font_px() -> f64 {
    let size = web_sys::window()
        .and_then(|w| {
            let root = w.document()?.document_element()?;
            w.get_computed_style(&root).ok().flatten()
        })
        .and_then(|style| style.get_property_value("font-size").ok())
        .and_then(|size| size.trim_end_matches("px").parse::<f64>().ok());
    size.filter(|s| *s > 0.0).unwrap_or(16.0)
}

fn viewport_height() -> f64 {
    web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .unwrap_or(800.0)
}

/// A windowed list of `items`, each drawn by `row` and keyed by `key`.
#[component]
pub fn WindowedList<T, K, KF, V, VF>(
    /// Everything in the list; only what is on screen is drawn.
    #[prop(into)]
    items: Signal<Vec<T>>,
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
        let count = items.with(Vec::len);
        let row = row_px.get().max(1.0);
        let first = ((scrolled.get().max(0.0) / row) as usize).saturating_sub(OVERSCAN);
        let shown = (screen.get() / row).ceil() as usize + 2 * OVERSCAN;
        let first = first.min(count);
        (first, (first + shown).min(count))
    });
    let visible = move || {
        let (first, end) = window.get();
        items.with(|items| items.get(first..end).map(<[T]>::to_vec).unwrap_or_default())
    };
    let above = move || format!("height: {}px", window.get().0 as f64 * row_px.get());
    let below = move || {
        let count = items.with(Vec::len);
        format!(
            "height: {}px",
            (count - window.get().1) as f64 * row_px.get()
        )
    };
    let row_style = move || format!("height: {}px", row_px.get());
    view! {
        <div class="windowed" node_ref=list>
            <div aria-hidden="true" style=above></div>
            <ul class="rows" aria-label=move || label.get()>
                <For each=visible key=key.clone() let:item>
                    <li class="row-slot" style=row_style>
                        {row.clone()(item)}
                    </li>
                </For>
            </ul>
            <div aria-hidden="true" style=below></div>
        </div>
    }
}
