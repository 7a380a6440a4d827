//! The neutral name: an option in Settings that shows a plain name
//! ("Daily") and a plain icon instead of Lantern's, in the page's title,
//! the header, the reminder's notification and, for an app added to the
//! home screen after choosing it, under its icon. The choice is kept on
//! the device like every other setting.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::db;
use crate::db::settings::Flag;
use crate::error::AppError;
use crate::i18n::{use_i18n, Words};

/// The handle, in context.
#[derive(Clone, Copy)]
pub struct Discretion {
    neutral: RwSignal<bool>,
}

/// The handle from context.
pub fn use_discretion() -> Discretion {
    expect_context::<Discretion>()
}

impl Discretion {
    /// Creates the handle, puts it in context, reads the setting, and keeps
    /// the document's title, icon and manifest in line with it and the
    /// language.
    pub fn provide() -> Discretion {
        let discretion = Discretion {
            neutral: RwSignal::new(false),
        };
        provide_context(discretion);
        spawn_local(async move {
            // Unreadable: Lantern's own name, which says nothing of
            // recovery either.
            let neutral = db::schema::using(async |database| {
                db::settings::flag(database, Flag::NeutralName).await
            })
            .await
            .unwrap_or(false);
            discretion.neutral.set(neutral);
        });
        let i18n = use_i18n();
        Effect::new(move |_| {
            let words = i18n.locale().words();
            apply(discretion.neutral.get(), words);
        });
        discretion
    }

    /// Whether the neutral name is chosen.
    pub fn neutral(self) -> bool {
        self.neutral.get()
    }

    /// The name to show: the neutral one when chosen.
    pub fn app_name(self, words: &Words) -> &'static str {
        if self.neutral.get() {
            words.neutral_name
        } else {
            words.app_name
        }
    }

    /// Chooses the neutral name (or Lantern's), and keeps the choice.
    pub async fn set_neutral(self, neutral: bool) -> Result<(), AppError> {
        db::schema::using(async |database| {
            db::settings::set_flag(database, Flag::NeutralName, neutral).await
        })
        .await?;
        self.neutral.set(neutral);
        Ok(())
    }
}

/// Points the title, the icon and the manifest at the chosen name. The
/// neutral manifest has the same `id`, so it is the same app, named
/// plainly when installed.
fn apply(neutral: bool, words: &Words) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let (title, manifest, icon, touch_icon) = if neutral {
        (
            words.neutral_name,
            words.neutral_manifest,
            "/icon-neutral.svg",
            "/icon-neutral-192.png",
        )
    } else {
        (words.app_name, words.manifest, "/icon.svg", "/icon-192.png")
    };
    document.set_title(title);
    // iOS takes the home screen's name and icon from the last two, not the
    // manifest.
    for (selector, attribute, value) in [
        ("link[rel=manifest]", "href", manifest),
        ("link[rel=icon]", "href", icon),
        ("link[rel=apple-touch-icon]", "href", touch_icon),
        ("meta[name=apple-mobile-web-app-title]", "content", title),
    ] {
        if let Ok(Some(element)) = document.query_selector(selector) {
            if element.get_attribute(attribute).as_deref() != Some(value) {
                let _ = element.set_attribute(attribute, value);
            }
        }
    }
}
