//! The offer made once, before a person's first online meeting: check the
//! camera and microphone, read what to expect, or join straight away.
//! Whether it was made is kept on the device (a setting), so it is made
//! once; until that setting is read, nothing is offered, so a join is
//! never held up.

use lantern_core::JoinUrl;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::db;
use crate::db::settings::Flag;
use crate::i18n::use_words;
use crate::recovery_log::RecoveryLog;

/// A join waiting on the offer.
#[derive(Clone, Debug, PartialEq)]
pub struct PendingJoin {
    /// The meeting's link.
    pub url: JoinUrl,
    /// The meeting's id, for the tech check's link check and the log.
    pub meeting_id: Option<String>,
    /// The meeting's name, for the log.
    pub meeting_name: String,
}

/// The offer's handle, in context.
#[derive(Clone, Copy)]
pub struct FirstJoinOffer {
    /// `Some(true)` once offered; `None` until the setting is read.
    offered: RwSignal<Option<bool>>,
    pending: RwSignal<Option<PendingJoin>>,
}

/// The handle from context, if the app provided one.
pub fn use_first_join_offer() -> Option<FirstJoinOffer> {
    use_context::<FirstJoinOffer>()
}

impl FirstJoinOffer {
    /// Creates the handle, puts it in context and reads the setting. A
    /// setting that cannot be read counts as offered: the offer is a
    /// kindness, never a gate.
    pub fn provide() -> FirstJoinOffer {
        let offer = FirstJoinOffer {
            offered: RwSignal::new(None),
            pending: RwSignal::new(None),
        };
        provide_context(offer);
        spawn_local(async move {
            let offered = db::schema::using(async |database| {
                db::settings::flag(database, Flag::FirstJoinOffered).await
            })
            .await
            .unwrap_or(true);
            // Opening the tech check meanwhile has already settled it.
            if offer.offered.get_untracked().is_none() {
                offer.offered.set(Some(offered));
            }
        });
        offer
    }

    /// Whether a join should wait for the offer first.
    pub fn should_offer(self) -> bool {
        self.offered.get_untracked() == Some(false)
    }

    /// Makes the offer for a join, and keeps that it was made.
    pub fn offer(self, join: PendingJoin) {
        self.pending.set(Some(join));
        self.mark_offered();
    }

    /// Keeps that the offer was made (also when the person opens the tech
    /// check themselves).
    pub fn mark_offered(self) {
        if self.offered.get_untracked() == Some(true) {
            return;
        }
        self.offered.set(Some(true));
        spawn_local(async {
            // Not kept (a full or blocked store): offered again next time,
            // which is harmless.
            let _ = db::schema::using(async |database| {
                db::settings::set_flag(database, Flag::FirstJoinOffered, true).await
            })
            .await;
        });
    }
}

/// The offer, as a modal dialog over the page while a join waits on it.
#[component]
pub fn FirstJoinDialog() -> impl IntoView {
    let Some(offer) = use_first_join_offer() else {
        return ().into_any();
    };
    let words = use_words();
    let check = words.tech_check;
    let log = use_context::<RecoveryLog>();
    let dialog = NodeRef::<html::Dialog>::new();
    crate::components::modal::show_while(dialog, move || offer.pending.with(Option::is_some));
    let close = move || offer.pending.set(None);
    // For tests: whether the setting was read, and what it said.
    let state = move || match offer.offered.get() {
        None => "reading",
        Some(true) => "offered",
        Some(false) => "not-offered",
    };
    let body = move || {
        offer.pending.get().map(|join| {
            let check_href = crate::pages::tech_check::href(join.meeting_id.as_deref());
            let joined = join.clone();
            let record = move |_| {
                if let (Some(log), Some(id)) = (log, joined.meeting_id.clone()) {
                    log.record_join(id, joined.meeting_name.clone());
                }
                close();
            };
            view! {
                <h2 id="first-join-title">{check.offer_title}</h2>
                <p>{check.offer_text}</p>
                <div class="actions stacked">
                    <a class="button" href=check_href data-testid="first-join-check" on:click=move |_| close()>
                        {words.guide.tech_check_link}
                    </a>
                    <a class="button" href="/first-meeting" on:click=move |_| close()>{words.first_link}</a>
                    <a class="button join" data-testid="first-join-now" href=join.url.as_str().to_owned()
                        target="_blank" rel="noopener noreferrer" on:click=record>
                        {check.offer_join}
                    </a>
                </div>
            }
        })
    };
    view! {
        <dialog class="offer-dialog" node_ref=dialog data-testid="first-join-offer" data-state=state
            aria-labelledby="first-join-title" on:close=move |_| close()>
            {body}
            <button type="button" class="quiet" on:click=move |_| close()>{words.close}</button>
        </dialog>
    }
    .into_any()
}
