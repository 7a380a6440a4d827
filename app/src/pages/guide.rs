//! "Which group might fit me?", `/guide`: every approach side by side, in
//! a fixed order, and a few optional questions whose answers suggest where
//! to start (core's [`suggest`]) with a link to those meetings in the
//! finder. The answers stay in the page: they are never stored or sent.

use lantern_core::guide::{suggest, Answers, GuideEntry, Question, Tip};
use leptos::prelude::*;

use crate::directory::Directory;
use crate::i18n::use_words;
use crate::query_url::finder_href;

/// The page.
#[component]
pub fn GuidePage() -> impl IntoView {
    let guide = use_words().guide;
    let answers = RwSignal::new(Answers::default());
    let entries = GuideEntry::ALL
        .into_iter()
        .map(|entry| view! { <EntryCard entry /> })
        .collect_view();
    view! {
        <article class="guide" data-testid="guide">
            <h1>{guide.title}</h1>
            <p>{guide.intro}</p>
            <section class="guide-questions">
                <h2>{guide.questions_title}</h2>
                <p class="hint">{guide.questions_help}</p>
                {Question::ALL.into_iter().map(|question| view! { <QuestionChoices question answers /> }).collect_view()}
            </section>
            <SuggestionBox answers />
            <section>
                <h2>{guide.approaches_title}</h2>
                <p class="hint">{guide.approaches_help}</p>
                {entries}
            </section>
        </article>
    }
}

/// A question as a radio group, "no preference" first and chosen.
#[component]
fn QuestionChoices(question: Question, answers: RwSignal<Answers>) -> impl IntoView {
    let guide = use_words().guide;
    let position = Question::ALL.iter().position(|q| *q == question);
    let (legend, choices) = guide.questions[position.unwrap_or(0)];
    let name = question.key();
    let option = move |choice: Option<usize>, label: &'static str| {
        let value = choice.map_or("any".to_owned(), |c| c.to_string());
        view! {
            <label class="choice">
                <input type="radio" name=name value=value
                    prop:checked=move || answers.with(|a| a.chosen(question) == choice)
                    on:change=move |_| answers.update(|a| a.choose(question, choice)) />
                <span class="choice-label">{label}</span>
            </label>
        }
    };
    view! {
        <fieldset data-testid=format!("question-{name}")>
            <legend>{legend}</legend>
            {option(None, guide.no_preference)}
            {option(Some(0), choices[0])}
            {option(Some(1), choices[1])}
        </fieldset>
    }
}

/// What the answers suggest: the groups worth a look, tips, and the
/// finder's list of their meetings with its count.
#[component]
fn SuggestionBox(answers: RwSignal<Answers>) -> impl IntoView {
    let words = use_words();
    let guide = words.guide;
    // Without a directory (not loaded yet, or a component test), the
    // button shows the meetings without counting them.
    let directory = use_context::<Directory>();
    let suggestion = Memo::new(move |_| suggest(&answers.get()));
    let count = Memo::new(move |_| {
        let query = suggestion.with(|s| s.query.clone());
        let directory = directory?;
        directory
            .loaded()
            .map(|loaded| loaded.search(&query, directory.now()).len())
    });
    let summary = move || {
        suggestion.with(|s| {
            if s.entries.len() == GuideEntry::ALL.len() {
                guide.suggestion_all.to_owned()
            } else {
                let names: Vec<&str> = s.entries.iter().map(|e| guide.entry(*e).name).collect();
                format!("{} {}.", guide.suggestion_some, names.join(", "))
            }
        })
    };
    let tips = move || {
        suggestion.with(|s| {
            s.tips
                .iter()
                .map(|tip| {
                    let link = (*tip == Tip::TechCheck).then(|| {
                        view! { " " <a href="/tech-check">{guide.tech_check_link}</a> }
                    });
                    view! { <li>{guide.tip(*tip)}{link}</li> }
                })
                .collect_view()
        })
    };
    let href = move || suggestion.with(|s| finder_href(&s.query));
    let show = move || match count.get() {
        Some(n) => (guide.show_meetings)(n),
        None => guide.show_meetings_unknown.to_owned(),
    };
    view! {
        <section class="notice suggestion" data-testid="guide-suggestion">
            <h2>{guide.suggestion_title}</h2>
            <p role="status" data-testid="guide-summary">{summary}</p>
            <ul class="tips">{tips}</ul>
            {move || (count.get() == Some(0)).then(|| view! { <p>{guide.no_meetings}</p> })}
            <a class="button primary" data-testid="guide-show" href=href>{show}</a>
        </section>
    }
}

/// One approach, side by side with the others.
#[component]
fn EntryCard(entry: GuideEntry) -> impl IntoView {
    let guide = use_words().guide;
    let text = guide.entry(entry);
    view! {
        <section class="guide-entry" data-testid=format!("guide-{}", entry.key())>
            <h3>{text.name}</h3>
            <p class="hint">{text.groups}</p>
            <dl>
                <dt>{guide.idea}</dt>
                <dd>{text.idea}</dd>
                <dt>{guide.meeting}</dt>
                <dd>{text.meeting}</dd>
                <dt>{guide.suits}</dt>
                <dd>{text.suits}</dd>
            </dl>
            <a href=finder_href(&entry.query())>{text.see_meetings}</a>
        </section>
    }
}
