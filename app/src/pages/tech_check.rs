//! The tech check, `/tech-check`: the camera and microphone, tried on this
//! device with a preview and a level meter, and (from a meeting's page,
//! `?m=<id>`) the meeting's link, with what to do when it does not open.

use lantern_core::{Meeting, Provider};
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;

use crate::components::join::{service_name, DialLink};
use crate::directory::use_directory;
use crate::first_join::use_first_join_offer;
use crate::i18n::use_words;
use crate::media_check::{MediaCheck, MediaRefusal};

/// The tech check's address, with the meeting whose link it checks.
pub fn href(meeting_id: Option<&str>) -> String {
    match meeting_id {
        Some(id) => format!(
            "/tech-check?m={}",
            String::from(js_sys::encode_uri_component(id))
        ),
        None => "/tech-check".to_owned(),
    }
}

/// The page.
#[component]
pub fn TechCheckPage() -> impl IntoView {
    let words = use_words();
    let check = words.tech_check;
    // Whoever opens the check needs no offer of it before a first meeting.
    if let Some(offer) = use_first_join_offer() {
        offer.mark_offered();
    }
    let directory = use_directory();
    let query = use_query_map();
    // The link check: for the meeting named in the address, once the
    // directory is read; said plainly when there is none to check.
    let link_check = move || {
        let Some(id) = query.with(|q| q.get("m")) else {
            return view! { <p class="hint">{check.no_meeting}</p> }.into_any();
        };
        let Some(loaded) = directory.loaded() else {
            return view! { <p class="status" role="status">{words.meeting_loading}</p> }
                .into_any();
        };
        let meeting = loaded
            .find(&id)
            .map(|(_, meeting)| meeting.clone())
            .filter(|m| m.online.as_ref().is_some_and(|o| o.url.is_some()));
        match meeting {
            Some(meeting) => view! { <LinkCheck meeting /> }.into_any(),
            None => view! {
                <p class="notice" data-testid="link-check-missing">
                    {words.meeting_not_here}" "{words.meeting_not_here_help}
                </p>
            }
            .into_any(),
        }
    };
    view! {
        <article class="tech-check" data-testid="tech-check">
            <h1>{check.title}</h1>
            <p>{check.intro}</p>
            <MediaPanel />
            {link_check}
        </article>
    }
}

/// Where the camera and microphone check stands.
#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Idle,
    Starting,
    Running { camera: bool, microphone: bool },
    Stopped,
    Refused(MediaRefusal),
}

/// The camera and microphone: asked for only on a tap, shown here, and
/// turned off on Stop or when the page is left.
#[component]
fn MediaPanel() -> impl IntoView {
    let words = use_words();
    let check = words.tech_check;
    let phase = RwSignal::new(Phase::Idle);
    let level = RwSignal::new(0.0_f64);
    let running = StoredValue::new_local(None::<MediaCheck>);
    let video = NodeRef::<html::Video>::new();
    // The tapped button is replaced as the check starts or stops: focus
    // goes to the one that replaces it, not to the page's start.
    let start_button = NodeRef::<html::Button>::new();
    let stop_button = NodeRef::<html::Button>::new();
    let acted = StoredValue::new(false);
    for button in [start_button, stop_button] {
        Effect::new(move |_| {
            if let Some(button) = button.get() {
                if acted.get_value() {
                    let _ = button.focus();
                }
            }
        });
    }

    // The meter reads the level ten times a second while running.
    let meter = set_interval_with_handle(
        move || {
            running.update_value(|check| {
                if let Some(check) = check {
                    level.set(check.level());
                }
            });
        },
        std::time::Duration::from_millis(100),
    )
    .ok();
    let stop = move || {
        running.set_value(None);
        level.set(0.0);
    };
    on_cleanup(move || {
        if let Some(meter) = meter {
            meter.clear();
        }
        running.set_value(None);
    });
    // The preview shows the stream once the video element is drawn.
    Effect::new(move |_| {
        if let Some(video) = video.get() {
            running.with_value(|check| {
                if let Some(check) = check {
                    video.set_src_object(Some(check.stream()));
                }
            });
        }
    });

    let start = move |_| {
        acted.set_value(true);
        phase.set(Phase::Starting);
        spawn_local(async move {
            match MediaCheck::start().await {
                Ok(check) => {
                    let now = Phase::Running {
                        camera: check.has_camera(),
                        microphone: check.has_microphone(),
                    };
                    running.set_value(Some(check));
                    phase.set(now);
                }
                Err(refusal) => phase.set(Phase::Refused(refusal)),
            }
        });
    };
    let body = move || match phase.get() {
        Phase::Running { camera, microphone } => {
            let works = match (camera, microphone) {
                (true, true) => check.works_both,
                (false, _) => check.works_microphone_only,
                (true, false) => check.works_camera_only,
            };
            view! {
                <p class="notice" role="status" data-testid="media-status">{works}</p>
                {camera.then(|| view! {
                    <video class="preview" node_ref=video aria-label=check.preview_label
                        autoplay=true playsinline=true prop:muted=true data-testid="preview"></video>
                })}
                {microphone.then(|| view! {
                    <label for="mic-level">{check.level_label}</label>
                    <meter id="mic-level" data-testid="mic-level" min="0" max="1" low="0.05"
                        prop:value=move || level.get()></meter>
                    <p class="hint">{check.speak}</p>
                })}
                <button type="button" data-testid="media-stop" node_ref=stop_button on:click=move |_| {
                    acted.set_value(true);
                    stop();
                    phase.set(Phase::Stopped);
                }>{check.stop}</button>
            }
            .into_any()
        }
        other => {
            let said = match &other {
                Phase::Refused(refusal) => Some(refusal.message(words)),
                Phase::Stopped => Some(check.stopped.to_owned()),
                _ => None,
            };
            let refused = matches!(other, Phase::Refused(_));
            let starting = other == Phase::Starting;
            view! {
                {said.map(|said| view! {
                    <p class="notice" role=if refused { "alert" } else { "status" } data-testid="media-status">{said}</p>
                })}
                <p class="hint">{check.permission_note}</p>
                <button type="button" class="primary" data-testid="media-start" node_ref=start_button
                    disabled=starting on:click=start>
                    {if starting { check.starting } else { check.start }}
                </button>
            }
            .into_any()
        }
    };
    view! { <section class="media-check">{body}</section> }
}

/// The meeting's link: open it now to see that it works, and what to do
/// when it does not.
#[component]
fn LinkCheck(meeting: Meeting) -> impl IntoView {
    let words = use_words();
    let check = words.tech_check;
    let access = meeting.online.clone()?;
    let url = access.url.clone()?;
    let service = service_name(url.provider())
        .map(str::to_owned)
        .unwrap_or_else(|| url.host());
    let back = format!(
        "/m/{}",
        String::from(js_sys::encode_uri_component(meeting.id.as_str()))
    );
    Some(view! {
        <section class="link-check" data-testid="link-check">
            <h2>{check.link_title}</h2>
            <p>{(check.link_intro)(&service)}</p>
            <p>
                <a class="button" data-testid="link-check-open" href=url.as_str().to_owned()
                    target="_blank" rel="noopener noreferrer">{check.link_open}</a>
            </p>
            <h3>{check.link_trouble_title}</h3>
            <ul>{check.link_trouble.iter().map(|point| view! { <li>{*point}</li> }).collect_view()}</ul>
            {(url.provider() == Provider::Zoom).then(|| view! {
                <p><a href="https://zoom.us/test" target="_blank" rel="noopener noreferrer">{check.zoom_test}</a></p>
            })}
            <DialLink access=access.clone() />
            <p><a class="back" href=back>{check.back_to_meeting}</a></p>
        </section>
    })
}
