//! Modal `<dialog>`s driven by a signal: focus stays in the dialog,
//! Escape closes it and the page behind is inert.

use leptos::html;
use leptos::prelude::*;

/// Shows `dialog` as a modal while `is_open` says so, and closes it when
/// it stops saying so (pushes the state outward to the element).
pub fn show_while(dialog: NodeRef<html::Dialog>, is_open: impl Fn() -> bool + 'static) {
    Effect::new(move |_| {
        let Some(dialog) = dialog.get() else { return };
        if is_open() {
            if !dialog.open() {
                let _ = dialog.show_modal();
            }
        } else if dialog.open() {
            dialog.close();
        }
    });
}
