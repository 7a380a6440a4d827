fn main() {
    console_error_panic_hook::set_once();
    // Opened while quick exit was going back through the history: leave
    // before drawing anything.
    if lantern_app::quick_exit::finish_leaving() {
        return;
    }
    leptos::mount::mount_to_body(lantern_app::App);
}
