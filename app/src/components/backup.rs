//! The log's copies: saving one (JSON with everything, encrypted with a
//! passphrase or not, or check-ins as CSV), bringing one back (checked
//! whole and previewed before it replaces anything; what it replaces is
//! kept), and deleting everything.

use lantern_core::log::backup::{check_ins_csv, Backup, BackupError};
use lantern_core::log::day::Day;
use lantern_core::log::sealed::{check_new_passphrase, Sealed, SealedError};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::components::ask_first::AskFirst;
use crate::components::field::TextField;
use crate::crypto::LogKey;
use crate::db;
use crate::i18n::{format, use_i18n, use_words, Words};
use crate::recovery_log::{not_changed, not_read, use_recovery_log};

/// Hands `text` to the browser as a file to save.
fn download(name: &str, mime: &str, text: &str) -> Option<()> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let document = web_sys::window()?.document()?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    // The browser has the file once the click is handled.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(60),
    );
    Some(())
}

async fn read_file(input: &web_sys::HtmlInputElement) -> Option<Vec<u8>> {
    let file = input.files()?.get(0)?;
    let buffer = JsFuture::from(file.array_buffer()).await.ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

fn sealed_refusal(words: &Words, error: &SealedError) -> String {
    match error {
        SealedError::TooLarge { .. } => words.backup_too_large,
        SealedError::Foreign => words.backup_foreign,
        SealedError::CutShort => words.backup_cut_short,
        SealedError::UnknownVersion { .. } => words.backup_other_version,
        SealedError::Malformed { .. } => words.backup_damaged,
    }
    .to_owned()
}

fn refusal(words: &Words, error: &BackupError) -> String {
    match error {
        BackupError::TooLarge { .. } => words.backup_too_large,
        BackupError::Foreign => words.backup_foreign,
        BackupError::CutShort => words.backup_cut_short,
        BackupError::UnknownVersion { .. } => words.backup_other_version,
        _ => words.backup_damaged,
    }
    .to_owned()
}

/// The copies section.
#[component]
pub fn LogCopies(today: Day) -> impl IntoView {
    let words = use_words();
    let locale = use_i18n().locale_untracked();
    let log = use_recovery_log();
    let status = RwSignal::new(None::<String>);
    let chosen: RwSignal<Option<Backup>, LocalStorage> = RwSignal::new_local(None);
    // An encrypted copy chosen, waiting for its passphrase.
    let sealed_chosen: RwSignal<Option<Sealed>, LocalStorage> = RwSignal::new_local(None);
    let save = move |csv: bool| {
        spawn_local(async move {
            match log.everything(today).await {
                Ok(backup) => {
                    let done = if csv {
                        download(
                            &format!("lantern-check-ins-{today}.csv"),
                            "text/csv",
                            &check_ins_csv(&backup.check_ins),
                        )
                    } else {
                        download(
                            &format!("lantern-log-{today}.json"),
                            "application/json",
                            &backup.to_json(),
                        )
                    };
                    status.set(
                        done.is_none()
                            .then(|| words.backup_download_failed.to_owned()),
                    );
                }
                Err(error) => status.set(Some(not_read(words, &error))),
            }
        });
    };
    let choose = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        spawn_local(async move {
            let Some(bytes) = read_file(&input).await else {
                status.set(Some(words.backup_foreign.to_owned()));
                return;
            };
            chosen.set(None);
            sealed_chosen.set(None);
            if Sealed::is_sealed(&bytes) {
                match Sealed::read(&bytes) {
                    Ok(sealed) => {
                        status.set(None);
                        sealed_chosen.set(Some(sealed));
                    }
                    Err(error) => status.set(Some(sealed_refusal(words, &error))),
                }
                input.set_value("");
                return;
            }
            match Backup::read(&bytes, today) {
                Ok(backup) => {
                    status.set(None);
                    chosen.set(Some(backup));
                }
                Err(error) => {
                    chosen.set(None);
                    status.set(Some(refusal(words, &error)));
                }
            }
            // The same file can be chosen again after a refusal.
            input.set_value("");
        });
    };
    let replace = move |_| {
        // Taken at once: a second tap finds nothing to bring back.
        let Some(backup) = chosen.try_update(Option::take).flatten() else {
            return;
        };
        status.set(Some(words.saving.to_owned()));
        spawn_local(async move {
            match log.replace(backup, today).await {
                Ok(()) => {
                    status.set(Some(words.backup_replaced.to_owned()));
                    reload();
                }
                Err(error) => status.set(Some(not_changed(words, &error))),
            }
        });
    };
    let opened = Callback::new(move |backup: Backup| {
        sealed_chosen.set(None);
        chosen.set(Some(backup));
    });
    let preview = move || {
        let summary = chosen.with(|c| c.as_ref().map(Backup::summary))?;
        let days = summary.days.map(|(first, last)| {
            (words.backup_preview_days)(
                &format::long_date(locale, first.date()),
                &format::long_date(locale, last.date()),
            )
        });
        let text = (words.backup_preview)(summary.check_ins, summary.counters, summary.people);
        Some(view! {
            <div class="confirm" data-testid="backup-preview">
                <p>{text}" "{days}</p>
                <p>{words.backup_preview_replaces}</p>
                <button type="button" class="primary" data-testid="backup-replace" on:click=replace>{words.backup_replace}</button>
                " "
                <button type="button" class="quiet" on:click=move |_| chosen.set(None)>{words.cancel}</button>
            </div>
        })
    };
    view! {
        <section class="copies" aria-labelledby="copies-title">
            <h2 id="copies-title">{words.backup_title}</h2>
            <p class="quiet">{words.backup_help}</p>
            <p class="actions">
                <button type="button" data-testid="backup-save" on:click=move |_| save(false)>{words.backup_save_json}</button>
                " "
                <button type="button" class="quiet" data-testid="backup-csv" on:click=move |_| save(true)>{words.backup_save_csv}</button>
            </p>
            // Saving, plain or encrypted, comes before bringing one back.
            <EncryptedCopy today status />
            <label class="field">
                <span>{words.backup_restore}</span>
                <input type="file" accept=".json,application/json" data-testid="backup-file" on:change=choose />
            </label>
            {move || sealed_chosen.get().map(|sealed| view! { <OpenCopy sealed today status opened /> })}
            {preview}
            <p class="status" role="status" data-testid="backup-status">{move || status.get()}</p>
            <DeleteEverything status />
        </section>
    }
}

/// "Delete everything", asked about first: the whole database goes, log,
/// lock, saved meetings and settings, and the page starts again.
#[component]
pub fn DeleteEverything(status: RwSignal<Option<String>>) -> impl IntoView {
    let words = use_words();
    let delete = Callback::new(move |()| {
        spawn_local(async move {
            match db::schema::delete().await {
                Ok(()) => reload(),
                Err(error) => status.set(Some(error.message(words))),
            }
        });
    });
    view! {
        <AskFirst label=words.delete_everything question=words.delete_question
            yes=words.delete_yes testid="delete-everything" yes_testid="delete-yes" act=delete />
    }
}

/// Starts the page again from what the device now holds.
fn reload() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

/// Saving a copy encrypted with a passphrase chosen for it.
#[component]
fn EncryptedCopy(today: Day, status: RwSignal<Option<String>>) -> impl IntoView {
    let words = use_words();
    let log = use_recovery_log();
    let open = RwSignal::new(false);
    let passphrase = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (typed, repeated) = (passphrase.get_untracked(), again.get_untracked());
        if let Err(error) = check_new_passphrase(&typed, &repeated) {
            status.set(Some(crate::components::lock::passphrase_refusal(
                words, error,
            )));
            return;
        }
        busy.set(true);
        status.set(Some(words.encrypting.to_owned()));
        spawn_local(async move {
            let sealed = async {
                let backup = log.everything(today).await?;
                LogKey::new(&typed)
                    .await?
                    .seal(backup.to_json().as_bytes())
                    .await
            };
            let result = sealed.await;
            busy.set(false);
            match result {
                Ok(sealed) => {
                    let saved = download(
                        &format!("lantern-log-{today}-encrypted.json"),
                        "application/json",
                        &sealed.to_json(),
                    );
                    passphrase.set(String::new());
                    again.set(String::new());
                    open.set(false);
                    status.set(Some(
                        if saved.is_some() {
                            words.encrypted_saved
                        } else {
                            words.backup_download_failed
                        }
                        .to_owned(),
                    ));
                }
                Err(error) => status.set(Some(not_read(words, &error))),
            }
        });
    };
    view! {
        <p>
            <button type="button" class="quiet" data-testid="backup-encrypted" aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>{words.backup_save_encrypted}</button>
        </p>
        <Show when=move || open.get()>
            <form class="check-in" data-testid="encrypted-form" on:submit=save>
                <p class="quiet">{words.encrypted_help}</p>
                <crate::components::lock::NewPassphrase passphrase again />
                <button type="submit" class="primary" data-testid="encrypted-save" disabled=move || busy.get()>{words.backup_save_encrypted}</button>
            </form>
        </Show>
    }
}

/// The passphrase for an encrypted copy chosen to bring back.
#[component]
fn OpenCopy(
    sealed: Sealed,
    today: Day,
    status: RwSignal<Option<String>>,
    opened: Callback<Backup>,
) -> impl IntoView {
    let words = use_words();
    let passphrase = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let open = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = passphrase.get_untracked();
        let sealed = sealed.clone();
        busy.set(true);
        status.set(Some(words.decrypting.to_owned()));
        spawn_local(async move {
            let plain = async {
                LogKey::for_sealed(&typed, &sealed)
                    .await?
                    .open(&sealed)
                    .await
            };
            let result = plain.await;
            busy.set(false);
            match result {
                Ok(plain) => match Backup::read(&plain, today) {
                    Ok(backup) => {
                        status.set(None);
                        opened.run(backup);
                    }
                    Err(error) => status.set(Some(refusal(words, &error))),
                },
                Err(error) => status.set(Some(error.message(words))),
            }
        });
    };
    view! {
        <form class="check-in" data-testid="open-copy" on:submit=open>
            <TextField label=words.encrypted_copy_passphrase value=passphrase testid="copy-passphrase"
                kind="password" />
            <button type="submit" class="primary" data-testid="copy-open" disabled=move || busy.get()>{words.open_copy}</button>
        </form>
    }
}
