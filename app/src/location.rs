//! Where the person is, when they choose to share it for the distance
//! filter. Asked for only when they tap, kept in memory for this visit
//! only, used on the device only: never stored, never sent.

use lantern_core::meeting::Coordinates;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// Where asking for the location stands.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Here {
    /// Not asked.
    Unknown,
    /// Waiting for the browser.
    Locating,
    /// Found.
    At(Coordinates),
    /// The person or the browser said no.
    Denied,
    /// The browser could not find it.
    Unavailable,
}

/// The location handle, in context.
#[derive(Clone, Copy)]
pub struct Location {
    here: RwSignal<Here>,
}

impl Location {
    /// Puts the handle in context.
    pub fn provide() -> Location {
        let location = Location {
            here: RwSignal::new(Here::Unknown),
        };
        provide_context(location);
        location
    }

    /// Where the person is, as far as known (tracked).
    pub fn here(self) -> Here {
        self.here.get()
    }

    /// The coordinates, when known (tracked).
    pub fn coordinates(self) -> Option<Coordinates> {
        match self.here.get() {
            Here::At(point) => Some(point),
            _ => None,
        }
    }

    /// Asks the browser for the location (it asks the person first).
    pub fn ask(self) {
        let here = self.here;
        let Some(geolocation) = web_sys::window().and_then(|w| w.navigator().geolocation().ok())
        else {
            here.set(Here::Unavailable);
            return;
        };
        here.set(Here::Locating);
        let found = Closure::once_into_js(move |position: JsValue| {
            let coordinates = js_sys::Reflect::get(&position, &"coords".into()).ok();
            let degree = |key: &str| {
                coordinates
                    .as_ref()
                    .and_then(|c| js_sys::Reflect::get(c, &key.into()).ok())
                    .and_then(|v| v.as_f64())
            };
            let point = degree("latitude")
                .zip(degree("longitude"))
                .and_then(|(lat, lon)| Coordinates::from_degrees(lat, lon));
            here.set(point.map_or(Here::Unavailable, Here::At));
        });
        let failed = Closure::once_into_js(move |error: JsValue| {
            // 1 is PERMISSION_DENIED.
            let code = js_sys::Reflect::get(&error, &"code".into())
                .ok()
                .and_then(|c| c.as_f64());
            here.set(if code == Some(1.0) {
                Here::Denied
            } else {
                Here::Unavailable
            });
        });
        let asked = geolocation.get_current_position_with_error_callback(
            found.unchecked_ref(),
            Some(failed.unchecked_ref()),
        );
        if asked.is_err() {
            here.set(Here::Unavailable);
        }
    }
}

/// The location handle from context.
pub fn use_location() -> Location {
    expect_context::<Location>()
}
