//! Joining a meeting: the video link, named by its service and host, and
//! the phone dial-in as a one-tap `tel:` link.

use lantern_core::meeting::tel_uri;
use lantern_core::{OnlineAccess, Provider};
use leptos::prelude::*;

use crate::first_join::{use_first_join_offer, PendingJoin};
use crate::i18n::use_words;
use crate::recovery_log::RecoveryLog;

/// The service's name for a provider; `None` for one Lantern does not know
/// (its link is labelled by host alone, and still works).
pub fn service_name(provider: Provider) -> Option<&'static str> {
    match provider {
        Provider::Zoom => Some("Zoom"),
        Provider::GoogleMeet => Some("Google Meet"),
        Provider::Teams => Some("Microsoft Teams"),
        Provider::Jitsi => Some("Jitsi Meet"),
        Provider::Other => None,
    }
}

/// The Join button: "Join on Zoom · zoom.us", opened in a new tab.
#[component]
pub fn JoinLink(
    access: OnlineAccess,
    meeting_name: String,
    /// The meeting's id: a tap is then kept for the day's check-in.
    #[prop(optional, into)]
    meeting_id: Option<String>,
    #[prop(optional)] compact: bool,
) -> impl IntoView {
    let words = use_words();
    let log = use_context::<RecoveryLog>();
    let offer = use_first_join_offer();
    access.url.map(|url| {
        let joined_name = meeting_name.clone();
        let pending_url = url.clone();
        let record = move |ev: leptos::ev::MouseEvent| {
            // A person's first online meeting: offer the tech check first.
            // Not for a join to a new tab or window of the person's own
            // choosing (Ctrl, Cmd, Shift or the middle button).
            let plain = !(ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.button() != 0);
            if let Some(offer) = offer.filter(|o| plain && o.should_offer()) {
                ev.prevent_default();
                offer.offer(PendingJoin {
                    url: pending_url.clone(),
                    meeting_id: meeting_id.clone(),
                    meeting_name: joined_name.clone(),
                });
                return;
            }
            if let (Some(log), Some(id)) = (log, meeting_id.clone()) {
                log.record_join(id, joined_name.clone());
            }
        };
        let host = url.host();
        let label = match service_name(url.provider()) {
            Some(service) => (words.join_on)(service, &host),
            None => (words.join_link)(&host),
        };
        let text = if compact {
            words.join.to_owned()
        } else {
            label.clone()
        };
        let aria = format!("{label}: {meeting_name} {}", words.opens_new_tab);
        view! {
            <a
                class="button join"
                data-testid="join-link"
                aria-label=aria
                href=url.as_str().to_owned()
                target="_blank"
                rel="noopener noreferrer"
                on:click=record
            >
                {text}
            </a>
        }
    })
}

/// The dial-in link, when the meeting has one: the number on the button,
/// and the codes it dials after it said in words.
#[component]
pub fn DialLink(access: OnlineAccess) -> impl IntoView {
    let words = use_words();
    (!access.phone.is_empty()).then(|| {
        let href = tel_uri(&access.phone);
        let (number, codes) = match access.phone.find([',', ';']) {
            Some(at) => access.phone.split_at(at),
            None => (access.phone.as_str(), ""),
        };
        let codes: String = codes.chars().filter(|c| !matches!(c, ',' | ';')).collect();
        view! {
            <a class="button dial" data-testid="dial-link" href=href>
                {(words.dial_in_number)(number.trim())}
            </a>
            {(!codes.is_empty()).then(|| view! { <p class="hint">{(words.dial_codes)(&codes)}</p> })}
        }
    })
}
