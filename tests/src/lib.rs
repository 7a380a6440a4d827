//! Black-box test harness: starts the real worker under `wrangler dev`
//! (workerd with a fresh local D1) and headless Chromium under ChromeDriver,
//! all on 127.0.0.1, and stops them when dropped.
//!
//! The worker and the app must be built first (`scripts/test` does it); the
//! harness never builds, so a test never waits on a compiler.

pub mod api;
pub mod browser;
pub mod feed_server;
pub mod worker;

use std::future::Future;
use std::net::TcpListener;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The repository's root directory.
///
/// Read when the test runs, not when it is compiled: the target directory is
/// shared between clones, so a compiled-in path could name another clone.
pub fn repo_root() -> PathBuf {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest_dir.parent().map(PathBuf::from).unwrap_or_default()
}

/// A TCP port on 127.0.0.1 that was free a moment ago.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.local_addr().expect("local address").port()
}

/// Polls `check` until it yields `Some`, or panics with `what` after `limit`.
/// Tests wait for conditions, never for fixed sleeps.
pub async fn wait_for<T, F, Fut>(what: &str, limit: Duration, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = Instant::now() + limit;
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(
            Instant::now() < deadline,
            "gave up after {limit:?} waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Stops a whole process group (wrangler starts workerd as a child).
fn kill_group(pid: u32) {
    let _ = std::process::Command::new("kill")
        .args(["-TERM", "--", &format!("-{pid}")])
        .status();
}
