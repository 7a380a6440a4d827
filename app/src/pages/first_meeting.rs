//! "Your first meeting", `/first-meeting`: what to expect, online and face
//! to face, for anyone who has never been to one. Reached from every
//! meeting's page; part of the app, so it reads offline too.

use leptos::prelude::*;

use crate::i18n::use_words;

/// The page.
#[component]
pub fn FirstMeetingPage() -> impl IntoView {
    let words = use_words();
    let sections = words
        .first_sections
        .iter()
        .map(|(heading, points)| {
            view! {
                <section data-testid="first-section">
                    <h2>{*heading}</h2>
                    <ul>{points.iter().map(|point| view! { <li>{*point}</li> }).collect_view()}</ul>
                </section>
            }
        })
        .collect_view();
    view! {
        <article class="first-meeting" data-testid="first-meeting">
            <h1>{words.first_title}</h1>
            <p>{words.first_intro}</p>
            {sections}
            <p><a href="/guide">{words.guide.link}</a></p>
            <p><a class="button primary" href="/">{words.first_find}</a></p>
        </article>
    }
}
