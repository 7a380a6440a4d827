//! My people: the few the person trusts, one tap to call or text, kept on
//! the device; and what the log offers after a hard day.

use lantern_core::log::people::{Person, PersonError};
use lantern_core::meeting::{sms_uri, tel_uri};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::field::TextField;
use crate::error::AppError;
use crate::i18n::use_words;
use crate::recovery_log::{not_changed, use_recovery_log};

/// Call and text links for one person.
#[component]
fn Reach(person: Person) -> impl IntoView {
    let words = use_words();
    view! {
        <a class="button" data-testid="call" href=tel_uri(&person.phone)>{(words.person_call)(&person.name)}</a>
        " "
        <a class="button quiet" href=sms_uri(&person.phone)>{(words.person_text)(&person.name)}</a>
    }
}

/// The "My people" section: who is saved, and adding someone.
#[component]
pub fn MyPeople(#[prop(into)] people: Signal<Vec<Person>>) -> impl IntoView {
    let words = use_words();
    let log = use_recovery_log();
    let status = RwSignal::new(None::<String>);
    let name = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    // The log is read again after each change (`RecoveryLog::changes`).
    let done = move |result: Result<(), AppError>| match result {
        Ok(()) => status.set(None),
        Err(error) => status.set(Some(not_changed(words, &error))),
    };
    // One save at a time: a second tap while saving would add them twice.
    let busy = RwSignal::new(false);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let person = Person {
            id: format!("p{}", js_sys::Date::now() as u64),
            name: name.get_untracked().trim().to_owned(),
            phone: phone.get_untracked().trim().to_owned(),
        };
        if let Err(error) = person.check() {
            status.set(Some(
                match error {
                    PersonError::BadPhone => words.person_bad_phone,
                    _ => words.person_bad_name,
                }
                .to_owned(),
            ));
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let result = log.save_person(person).await;
            busy.set(false);
            // What was typed stays until it is saved.
            if result.is_ok() {
                name.set(String::new());
                phone.set(String::new());
            }
            done(result);
        });
    };
    let list = move || {
        let people = people.get();
        if people.is_empty() {
            return view! { <p class="quiet" data-testid="people-empty">{words.people_empty}</p> }
                .into_any();
        }
        let items = people
            .into_iter()
            .map(|person| {
                let id = person.id.clone();
                let label = (words.person_remove)(&person.name);
                view! {
                    <li class="person" data-testid="person">
                        <span class="person-name">{person.name.clone()}</span>
                        <span class="person-actions">
                            <Reach person />
                            " "
                            <button type="button" class="quiet" on:click=move |_| {
                                let id = id.clone();
                                spawn_local(async move { done(log.remove_person(id).await) });
                            }>{label}</button>
                        </span>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="people-list">{items}</ul> }.into_any()
    };
    view! {
        <section class="people" aria-labelledby="people-title">
            <h2 id="people-title">{words.people_title}</h2>
            {list}
            <p class="status" role="status" data-testid="person-status">{move || status.get()}</p>
            <form class="check-in" on:submit=add>
                <TextField label=words.person_name value=name testid="person-name" maxlength=60 required=true />
                <TextField label=words.person_phone value=phone testid="person-phone" kind="tel" maxlength=40 required=true />
                <button type="submit" data-testid="person-add" disabled=move || busy.get()>{words.person_add}</button>
            </form>
        </section>
    }
}

/// After a hard-day check-in: the person's people to call, and meetings
/// starting soon, side by side.
#[component]
pub fn HardDayOffer(#[prop(into)] people: Signal<Vec<Person>>) -> impl IntoView {
    let words = use_words();
    // It appears below the save button, off a phone's screen: brought into
    // view and focused, so that it is seen and heard at once.
    let offer = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(offer) = offer.get() {
            offer.scroll_into_view();
            let _ = offer.focus();
        }
    });
    let reach = move || {
        let people = people.get();
        if people.is_empty() {
            return view! { <p>{words.hard_day_no_people}</p> }.into_any();
        }
        view! {
            <p>{words.hard_day_people}</p>
            <p class="actions">
                {people.into_iter().map(|person| view! { <Reach person /> " " }).collect_view()}
            </p>
        }
        .into_any()
    };
    view! {
        <div class="notice offer" role="region" aria-label=words.hard_day_title data-testid="hard-day"
            tabindex="-1" node_ref=offer>
            <p><strong>{words.hard_day_title}</strong></p>
            {reach}
            <p class="actions">
                <a class="button" href="/?w=soon" data-testid="soon-meetings">{words.hard_day_meetings}</a>
                " "
                <a class="button" href="/help" data-testid="hard-day-help">{words.help_title}</a>
            </p>
        </div>
    }
}
