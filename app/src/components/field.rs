//! A labelled one-line input bound to a signal: the fields of the log's
//! forms (names, numbers, passphrases), written once.

use leptos::prelude::*;

/// `label` above an input of `kind` (`text`, `tel`, `password`) that reads
/// and writes `value`; `testid` names it for tests.
#[component]
pub fn TextField(
    label: &'static str,
    value: RwSignal<String>,
    testid: &'static str,
    #[prop(default = "text")] kind: &'static str,
    /// What browsers may fill in: "off" by default, since these fields are
    /// private; "new-password" or "current-password" for passphrases.
    #[prop(default = "off")]
    autocomplete: &'static str,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{label}</span>
            <input type=kind autocomplete=autocomplete data-testid=testid
                maxlength=maxlength.map(|m| m.to_string()) required=required
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev)) />
        </label>
    }
}
