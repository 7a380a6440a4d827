//! Settings, `/settings`: the home area (from the directory's list, with
//! counts and readable names) and the language.

use lantern_core::ShardId;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::directory::use_directory;
use crate::i18n::{format, use_i18n, use_words, Locale};

/// The page.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let words = use_words();
    let i18n = use_i18n();
    let locale = i18n.locale_untracked();
    let directory = use_directory();
    let failed = RwSignal::new(None::<crate::error::AppError>);
    let choose = move |value: String| {
        let area = ShardId::parse(&value).ok();
        spawn_local(async move {
            failed.set(directory.choose_home(area).await.err());
        });
    };
    let areas = move || {
        let available = directory.available();
        if available.is_empty() {
            let text = if directory.syncing() {
                words.areas_loading
            } else {
                words.areas_offline
            };
            return view! { <p class="status" role="status">{text}</p> }.into_any();
        }
        // The choice is shown by the select's value, not by redrawing it,
        // so choosing keeps the keyboard focus where it is; `selected`
        // shows it when the select is first drawn.
        let home = directory.home_untracked();
        let mut local: Vec<_> = available
            .into_iter()
            // An emptied area stays listed (for its removals) but is no
            // longer offered, unless it is the one chosen.
            .filter(|s| !s.shard.is_online() && (s.meetings > 0 || home.as_ref() == Some(&s.shard)))
            .map(|s| (format::area_name(locale, s.shard.as_str()), s))
            .collect();
        local.sort_by(|a, b| a.0.cmp(&b.0));
        view! {
            <select id="home-area" data-testid="home-area"
                prop:value=move || directory.home().map(|h| h.to_string()).unwrap_or_default()
                on:change=move |ev| choose(event_target_value(&ev))>
                <option value="" selected=home.is_none()>{words.no_area}</option>
                {local.into_iter().map(|(name, summary)| {
                    let selected = home.as_ref() == Some(&summary.shard);
                    view! {
                        <option value=summary.shard.to_string() selected=selected>
                            {(words.area_option)(&name, summary.meetings)}
                        </option>
                    }
                }).collect_view()}
            </select>
        }
        .into_any()
    };
    let save_failed = move || {
        failed
            .get()
            .map(|error| view! { <p class="notice" role="alert">{error.message(words)}</p> })
    };
    let zone_note = move || {
        directory
            .loaded()
            .map(|l| (words.time_zone_note)(&l.viewer_name))
    };
    view! {
        <h1>{words.settings_title}</h1>
        <section>
            <h2><label for="home-area">{words.home_area}</label></h2>
            <p class="hint">{words.home_area_help}</p>
            {areas}
            {save_failed}
            <p class="hint">{zone_note}</p>
        </section>
        <NeutralName />
        <section>
            <h2><label for="language">{words.language}</label></h2>
            <select id="language" data-testid="language" on:change=move |ev| {
                if let Some(chosen) = Locale::from_tag(&event_target_value(&ev)) {
                    i18n.set_locale(chosen);
                }
            }>
                {Locale::ALL.into_iter().map(|l| view! {
                    <option value=l.tag() selected=l == locale>{l.words().language_name}</option>
                }).collect_view()}
            </select>
        </section>
    }
}

/// The neutral name and icon: a checkbox, kept on the device.
#[component]
fn NeutralName() -> impl IntoView {
    let words = use_words();
    let discretion = crate::discretion::use_discretion();
    let failed = RwSignal::new(None::<crate::error::AppError>);
    view! {
            <section>
                <h2>{words.discretion_title}</h2>
                <label class="choice">
                    <input type="checkbox" data-testid="neutral-name"
                        prop:checked=move || discretion.neutral()
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            spawn_local(async move {
                                failed.set(discretion.set_neutral(on).await.err());
                            });
                        } />
                    <span class="choice-label">{words.neutral_name_label}</span>
                </label>
                <p class="hint">{words.neutral_name_help}</p>
                {move || failed.get().map(|error| view! { <p class="notice" role="alert">{error.message(words)}</p> })}
            </section>
    }
}
