//! "Need help now", `/help`: the emergency number first, then crisis lines
//! and helplines for the person's country, each one tap to call or text.
//! Compiled into the app, so it works offline; the country is guessed from
//! the time zone and language, and can be changed.

use lantern_core::help::{countries, country, guess_country, Line};
use lantern_core::meeting::{sms_uri, tel_uri};
use leptos::prelude::*;

use crate::directory::viewer_zone_name;
use crate::i18n::{format, use_i18n, use_words};

/// The page.
#[component]
pub fn HelpPage() -> impl IntoView {
    let words = use_words();
    let locale = use_i18n().locale_untracked();
    let language = web_sys::window().and_then(|w| w.navigator().language());
    let guessed = guess_country(&viewer_zone_name(), language.as_deref());
    // "" stands for a country the app has no lines for.
    let chosen = RwSignal::new(guessed.unwrap_or_default());
    let options = countries()
        .keys()
        .map(|code| {
            let code = code.clone();
            let name = format::country_name(locale, &code);
            let value = code.clone();
            view! { <option value=value selected=move || chosen.with(|c| *c == code)>{name}</option> }
        })
        .collect_view();
    let emergency = move || match country(&chosen.get()) {
        Some(here) => {
            let number = here.emergency.clone();
            view! {
                <p><strong>{(words.help_emergency)(&number)}</strong></p>
                <p><a class="button primary" href=tel_uri(&number) data-testid="emergency-call">{(words.help_call)(&number)}</a></p>
            }
            .into_any()
        }
        None => view! {
            <p><strong>{words.help_emergency_unknown}</strong></p>
            <p>{words.help_no_lines}</p>
        }
        .into_any(),
    };
    let lines = move || {
        let here = country(&chosen.get())?;
        Some(view! {
            <ul class="help-lines">
                {here.lines.iter().map(|line| view! { <HelpLine line=line.clone() /> }).collect_view()}
            </ul>
        })
    };
    view! {
        <h1>{words.help_title}</h1>
        <section class="notice emergency" data-testid="emergency" aria-label=words.help_title>
            {emergency}
        </section>
        <label class="field help-country">
            <span>{words.help_country}</span>
            <select data-testid="help-country" on:change=move |ev| chosen.set(event_target_value(&ev))>
                <option value="" selected=move || chosen.with(String::is_empty)>{words.help_other_country}</option>
                {options}
            </select>
        </label>
        {lines}
        <p class="quiet">{words.help_sources}</p>
    }
}

/// One line: who runs it and for what, when it answers, call and text.
#[component]
fn HelpLine(line: Line) -> impl IntoView {
    let words = use_words();
    let host = line
        .source
        .trim_start_matches("https://")
        .trim_end_matches('/')
        .to_owned();
    view! {
        <li class="help-line" data-testid="help-line">
            <h2>{line.name.clone()}</h2>
            <p class="quiet">{line.purpose.clone()}" · "{line.hours.clone()}</p>
            <p class="actions">
                <a class="button" href=tel_uri(&line.phone)>{(words.help_call)(&line.phone)}</a>
                {line.sms.as_ref().map(|sms| view! { " " <a class="button quiet" href=sms_uri(sms)>{(words.help_text)(sms)}</a> })}
            </p>
            <p class="quiet">{words.help_source}" "<a href=line.source.clone() rel="noopener noreferrer">{host}</a></p>
        </li>
    }
}
