//! A button whose action is asked about once more, in plain words, before
//! it is done: starting a counter again, deleting everything.

use leptos::prelude::*;

use crate::i18n::use_words;

/// `label` opens the question; `yes` does `act`; Cancel closes it.
/// `testid` and `yes_testid` name the two buttons for tests.
#[component]
pub fn AskFirst(
    label: &'static str,
    question: &'static str,
    yes: &'static str,
    testid: &'static str,
    yes_testid: &'static str,
    act: Callback<()>,
) -> impl IntoView {
    let words = use_words();
    let asking = RwSignal::new(false);
    move || {
        if asking.get() {
            view! {
                <div class="confirm" role="group" aria-label=label>
                    <p>{question}</p>
                    <button type="button" data-testid=yes_testid on:click=move |_| {
                        asking.set(false);
                        act.run(());
                    }>{yes}</button>
                    " "
                    <button type="button" class="quiet" on:click=move |_| asking.set(false)>{words.cancel}</button>
                </div>
            }
            .into_any()
        } else {
            view! {
                <button type="button" class="quiet" data-testid=testid on:click=move |_| asking.set(true)>
                    {label}
                </button>
            }
            .into_any()
        }
    }
}
