//! What one can do with a meeting besides joining it: share it, and report
//! a problem with its listing.

use lantern_core::{Meeting, MeetingId};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::error::AppError;
use crate::i18n::use_words;
use crate::sync::reports;
use lantern_core::report::{ReportKind, MAX_DETAILS_CHARS};

/// Shares the meeting's address with the system's share sheet, or copies
/// it where there is none.
#[component]
pub fn ShareButton(meeting: Meeting) -> impl IntoView {
    let words = use_words();
    let said = RwSignal::new(None::<&'static str>);
    let share = move |_| {
        let Some(window) = web_sys::window() else {
            return;
        };
        let url = window.location().href().unwrap_or_default();
        let title = meeting.name.clone();
        let navigator = window.navigator();
        spawn_local(async move {
            let can_share = js_sys::Reflect::has(&navigator, &"share".into()).unwrap_or(false);
            let outcome = if can_share {
                let data = web_sys::ShareData::new();
                data.set_title(&title);
                data.set_url(&url);
                wasm_bindgen_futures::JsFuture::from(navigator.share_with_data(&data))
                    .await
                    .map(|_| None)
                    // The person closing the share sheet is not a failure.
                    .or_else(|e| {
                        let name = js_sys::Reflect::get(&e, &"name".into())
                            .ok()
                            .and_then(|n| n.as_string());
                        if name.as_deref() == Some("AbortError") {
                            Ok(None)
                        } else {
                            Err(())
                        }
                    })
            } else {
                wasm_bindgen_futures::JsFuture::from(navigator.clipboard().write_text(&url))
                    .await
                    .map(|_| Some(words.link_copied))
                    .map_err(|_| ())
            };
            said.set(match outcome {
                Ok(message) => message,
                Err(()) => Some(words.share_failed),
            });
        });
    };
    view! {
        <button type="button" data-testid="share" on:click=share>{words.share}</button>
        <p class="status" role="status">{move || said.get()}</p>
    }
}

fn kind_label(kind: ReportKind) -> &'static str {
    let words = use_words();
    match kind {
        ReportKind::BrokenLink => words.report_broken_link,
        ReportKind::WrongTime => words.report_wrong_time,
        ReportKind::Closed => words.report_closed,
        ReportKind::Other => words.report_other,
    }
}

/// "Report a problem": a kind and a short text, sent to the worker. A
/// refusal for too many reports is said calmly, with when to try again.
#[component]
pub fn ReportForm(meeting_id: MeetingId) -> impl IntoView {
    let words = use_words();
    let open = RwSignal::new(false);
    let kind = RwSignal::new(ReportKind::BrokenLink);
    let details = RwSignal::new(String::new());
    let send = Action::new_local(move |_: &()| {
        let id = meeting_id.clone();
        let kind = kind.get_untracked();
        let text = details.get_untracked();
        async move { reports::send(&id, kind, &text).await }
    });
    let outcome = move || {
        send.value().get().map(|result| match result {
            Ok(()) => words.report_sent.to_owned(),
            Err(AppError::Server {
                status: 429,
                retry_after,
                ..
            }) => (words.report_too_many)(retry_after.unwrap_or(3600).div_ceil(60)),
            Err(error) => error.message(words),
        })
    };
    let sent = move || matches!(send.value().get(), Some(Ok(())));
    view! {
        <section class="report">
            <button type="button" class="quiet" aria-expanded=move || if open.get() { "true" } else { "false" }
                data-testid="report-open" on:click=move |_| open.update(|o| *o = !*o)>
                {words.report_problem}
            </button>
            <Show when=move || open.get() && !sent()>
                <form on:submit=move |ev| { ev.prevent_default(); send.dispatch(()); }>
                    <fieldset>
                        <legend>{words.report_kind}</legend>
                        {ReportKind::ALL.into_iter().map(|k| view! {
                            <label class="choice">
                                <input type="radio" name="report-kind" prop:checked=move || kind.get() == k
                                    on:change=move |_| kind.set(k) />
                                <span class="choice-label">{kind_label(k)}</span>
                            </label>
                        }).collect_view()}
                    </fieldset>
                    <label for="report-details">{words.report_details}</label>
                    <textarea id="report-details" maxlength=MAX_DETAILS_CHARS rows="3"
                        prop:value=move || details.get()
                        on:input=move |ev| details.set(event_target_value(&ev))></textarea>
                    <div class="actions">
                        <button type="submit" class="primary" data-testid="report-send" disabled=move || send.pending().get()>
                            {move || if send.pending().get() { words.report_sending } else { words.report_send }}
                        </button>
                        <button type="button" class="quiet" on:click=move |_| open.set(false)>{words.report_cancel}</button>
                    </div>
                </form>
            </Show>
            <p class="status" role="status" data-testid="report-outcome">{outcome}</p>
        </section>
    }
}
