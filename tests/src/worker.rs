//! The worker under `wrangler dev --local`, with its own D1 state.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use tokio::process::{Child, Command};

use crate::{free_port, kill_group, repo_root, wait_for};

/// The admin token the local worker is started with.
pub const ADMIN_TOKEN: &str = "local-test-token";

/// How long the local worker waits for a feed download (short, so the
/// stalled-server test is quick).
pub const FEED_TIMEOUT_SECONDS: u32 = 3;

/// A running local worker; stopped on drop.
pub struct LocalWorker {
    child: Option<Child>,
    port: u16,
    /// Where the isolate's inspector listens (the memory benchmark reads
    /// the JavaScript heap there).
    inspector_port: u16,
    /// How many copies of the database were made (each has its own name).
    copies: u32,
    state: PathBuf,
    log: PathBuf,
    /// A wrangler config without `[assets]`, when started for cron tests.
    config: Option<PathBuf>,
    /// The most meetings a sync page may hold (`SYNC_PAGE_MAX`).
    page_max: Option<u32>,
    /// The worker's own copy of the built app, when a test changes it.
    assets: Option<PathBuf>,
}

impl LocalWorker {
    /// Applies the migrations to a fresh local D1 and starts the worker,
    /// returning once `/v1/health` answers.
    pub async fn start() -> LocalWorker {
        LocalWorker::start_with(false, None).await
    }

    /// Starts the worker with sync pages of at most `page_max` meetings, so
    /// that the app's sync takes several pages even of a small directory.
    pub async fn start_paging_by(page_max: u32) -> LocalWorker {
        LocalWorker::start_with(false, Some(page_max)).await
    }

    /// Starts the worker serving its own copy of the built app
    /// ([`LocalWorker::assets`]), which the test may change, as a deploy
    /// of a new version does.
    pub async fn start_with_own_assets() -> LocalWorker {
        let mut worker = LocalWorker::start_with(false, None).await;
        let copy = worker.state.join("dist");
        copy_dir(&repo_root().join("dist"), &copy);
        worker.assets = Some(copy);
        worker.restart().await;
        worker
    }

    /// The worker's own copy of the built app, if it has one.
    pub fn assets(&self) -> Option<&std::path::Path> {
        self.assets.as_deref()
    }

    /// Starts the worker without its static assets, so the scheduled
    /// handler can be triggered locally: wrangler 4.86's local runtime
    /// answers `/cdn-cgi/handler/scheduled` with an exception when assets
    /// are configured (workers-sdk #9882, fixed in later releases that need
    /// Node 22). The scheduled handler itself is the same code, except that
    /// it keeps deletions for 0 days instead of 30.
    pub async fn start_for_cron() -> LocalWorker {
        LocalWorker::start_with(true, None).await
    }

    async fn start_with(without_assets: bool, page_max: Option<u32>) -> LocalWorker {
        let root = repo_root();
        assert!(
            root.join("worker/build/index.js").exists() && root.join("dist/index.html").exists(),
            "the worker and app are not built: run scripts/test, which builds them first"
        );
        let port = free_port();
        let state =
            std::env::temp_dir().join(format!("lantern-test-{port}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&state);
        std::fs::create_dir_all(&state).expect("create state dir");
        migrate(&state).await;
        let config = without_assets.then(|| {
            let toml = std::fs::read_to_string(root.join("worker/wrangler.toml"))
                .expect("worker/wrangler.toml");
            let mut kept = String::new();
            let mut in_assets = false;
            for line in toml.lines() {
                if line.starts_with('[') {
                    in_assets = line == "[assets]";
                }
                if !in_assets {
                    kept.push_str(line);
                    kept.push('\n');
                }
            }
            // Beside the real one, so its relative paths still hold.
            let path = root.join(format!("worker/wrangler.test-{port}.toml"));
            std::fs::write(&path, kept).expect("write the test config");
            path
        });
        let mut worker = LocalWorker {
            child: None,
            port,
            inspector_port: free_port(),
            copies: 0,
            log: state.join("wrangler.log"),
            state,
            config,
            page_max,
            assets: None,
        };
        worker.spawn().await;
        worker
    }

    async fn spawn(&mut self) {
        let log = std::fs::File::create(&self.log).expect("create log");
        let child = Command::new("wrangler")
            .current_dir(repo_root().join("worker"))
            .args([
                "dev",
                "--local",
                "--ip",
                "127.0.0.1",
                "--show-interactive-dev-session=false",
            ])
            .args(["--port", &self.port.to_string()])
            .args(["--inspector-port", &self.inspector_port.to_string()])
            .arg("--persist-to")
            .arg(&self.state)
            .args(["--var", &format!("ADMIN_TOKEN:{ADMIN_TOKEN}")])
            .args([
                "--var",
                &format!("FEED_TIMEOUT_SECONDS:{FEED_TIMEOUT_SECONDS}"),
            ])
            // The test feeds are served from 127.0.0.1 over plain http.
            .args(["--var", "ALLOW_LOOPBACK_FEEDS:1"])
            // A scheduled run prunes every deletion made before it, so that
            // tests see what a month does; it imports the feed whose import
            // began longest ago, however recent; and it takes any run still
            // begun from an earlier second for interrupted.
            .args(self.config.iter().flat_map(|_| {
                [
                    "--var",
                    "DELETIONS_KEPT_DAYS:0",
                    "--var",
                    "IMPORT_EVERY_MINUTES:0",
                    "--var",
                    "INTERRUPTED_AFTER_MINUTES:0",
                ]
            }))
            .args(
                self.page_max
                    .iter()
                    .flat_map(|max| ["--var".to_owned(), format!("SYNC_PAGE_MAX:{max}")]),
            )
            .args(
                self.assets
                    .iter()
                    .flat_map(|a| [std::ffi::OsStr::new("--assets"), a.as_os_str()]),
            )
            .args(
                self.config
                    .iter()
                    .flat_map(|c| [std::ffi::OsStr::new("-c"), c.as_os_str()]),
            )
            .env("WRANGLER_SEND_METRICS", "false")
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .process_group(0)
            .kill_on_drop(true)
            .spawn()
            .expect("start wrangler dev");
        self.child = Some(child);
        let url = self.url("/v1/health");
        let log = self.log.clone();
        wait_for(
            &format!("the worker to answer (log: {})", log.display()),
            Duration::from_secs(90),
            || {
                let url = url.clone();
                async move {
                    let response = reqwest::get(&url).await.ok()?;
                    response.status().is_success().then_some(())
                }
            },
        )
        .await;
    }

    /// The port of the worker's inspector (Chrome DevTools protocol).
    pub fn inspector_port(&self) -> u16 {
        self.inspector_port
    }

    /// The worker's address for `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Sends an admin request with the token and returns the status and
    /// the JSON answer.
    pub async fn admin(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Vec<u8>>,
    ) -> (u16, serde_json::Value) {
        let mut request = reqwest::Client::new()
            .request(method, self.url(path))
            .bearer_auth(ADMIN_TOKEN);
        if let Some(body) = body {
            request = request.body(body);
        }
        let response = request.send().await.expect("admin request");
        let status = response.status().as_u16();
        (status, response.json().await.expect("a JSON answer"))
    }

    /// Configures feed `source` (Meeting Guide JSON; face-to-face meetings in
    /// shard `gb`, default zone Europe/London, English), fetched from `url`
    /// (empty: uploaded only).
    pub async fn add_feed(&self, source: &str, fellowship: &str, url: &str) {
        self.add_feed_in(source, fellowship, "gb", url).await;
    }

    /// Configures feed `source` as [`LocalWorker::add_feed`] does, with its
    /// face-to-face meetings in `shard`.
    pub async fn add_feed_in(&self, source: &str, fellowship: &str, shard: &str, url: &str) {
        let settings = serde_json::json!({
            "url": url, "format": "mg", "fellowship": fellowship, "shard": shard,
            "zone": "Europe/London", "language": "en",
        });
        let (status, body) = self.save_feed(source, &settings).await;
        assert_eq!(status, 200, "saving feed {source}: {body}");
    }

    /// Saves `settings` as feed `source`'s (`PUT /v1/admin/feeds/<source>`,
    /// `source` already escaped for a path) and gives the status and answer.
    pub async fn save_feed(
        &self,
        source: &str,
        settings: &serde_json::Value,
    ) -> (u16, serde_json::Value) {
        self.admin(
            reqwest::Method::PUT,
            &format!("/v1/admin/feeds/{source}"),
            Some(settings.to_string().into_bytes()),
        )
        .await
    }

    /// Configures feed `source` (see [`LocalWorker::add_feed`]), uploads
    /// `feed` to it and returns the import run with its report.
    pub async fn import(&self, source: &str, fellowship: &str, feed: Vec<u8>) -> serde_json::Value {
        self.import_in(source, fellowship, "gb", feed).await
    }

    /// Imports `feed` as [`LocalWorker::import`] does, with its face-to-face
    /// meetings in `shard`.
    pub async fn import_in(
        &self,
        source: &str,
        fellowship: &str,
        shard: &str,
        feed: Vec<u8>,
    ) -> serde_json::Value {
        self.add_feed_in(source, fellowship, shard, "").await;
        self.upload(source, feed, false).await
    }

    /// Uploads `feed` to the configured feed `source` and returns the
    /// import run, which must have been taken. `accept_loss` lets it remove
    /// more than half the feed's meetings at once.
    pub async fn upload(
        &self,
        source: &str,
        feed: Vec<u8>,
        accept_loss: bool,
    ) -> serde_json::Value {
        let query = if accept_loss { "?accept_loss=true" } else { "" };
        let (status, run) = self
            .admin(
                reqwest::Method::POST,
                &format!("/v1/admin/feeds/{source}/upload{query}"),
                Some(feed),
            )
            .await;
        assert_eq!(status, 200, "import failed: {run}");
        run
    }

    /// Runs the scheduled handler once (see [`LocalWorker::start_for_cron`]).
    pub async fn run_cron(&self) {
        let cron = reqwest::get(self.url("/cdn-cgi/handler/scheduled?cron=*/10+*+*+*+*"))
            .await
            .expect("the scheduled handler");
        let status = cron.status();
        assert!(status.is_success(), "{status}: {:?}", cron.text().await);
    }

    /// Seeds the demo directory (`demo/feeds/<fellowship>.json`, each as
    /// source `demo-<fellowship>`) and returns the import reports.
    pub async fn seed_demo(&self) -> Vec<serde_json::Value> {
        let dir = repo_root().join("demo/feeds");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .expect("demo/feeds")
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        let mut reports = Vec::new();
        for path in files {
            let fellowship = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_owned();
            let feed = std::fs::read(&path).expect("demo feed");
            reports.push(
                self.import(&format!("demo-{fellowship}"), &fellowship, feed)
                    .await,
            );
        }
        reports
    }

    /// Replaces the worker's database with a new, empty one, as when a
    /// directory is rebuilt, and starts it again on the same address.
    pub async fn rebuild(&mut self) {
        self.stop().await;
        let _ = std::fs::remove_dir_all(&self.state);
        std::fs::create_dir_all(&self.state).expect("create state dir");
        migrate(&self.state).await;
        self.spawn().await;
    }

    /// Stops the worker abruptly, as an isolate that runs out of memory
    /// stops, and starts it again on the same address and D1 state.
    pub async fn restart(&mut self) {
        self.stop().await;
        self.spawn().await;
    }

    /// Copies the worker's D1 database aside (stopping the worker for the
    /// moment, so the copy is whole) and gives where the copy is.
    pub async fn copy_database(&mut self) -> PathBuf {
        self.stop().await;
        let copy = self
            .state
            .with_extension(format!("d1-copy-{}", self.copies));
        self.copies += 1;
        let _ = std::fs::remove_dir_all(&copy);
        copy_dir(&self.state.join("v3/d1"), &copy);
        self.spawn().await;
        copy
    }

    /// Puts a copy made by [`LocalWorker::copy_database`] back in place of
    /// the worker's D1 database, as a restore does. Everything else (the
    /// KV namespace) stays as it is.
    pub async fn put_database_back(&mut self, copy: &std::path::Path) {
        self.stop().await;
        let d1 = self.state.join("v3/d1");
        std::fs::remove_dir_all(&d1).expect("remove the database");
        copy_dir(copy, &d1);
        let _ = std::fs::remove_dir_all(copy);
        self.spawn().await;
    }

    /// The import runs, newest first, once `count` of them have finished
    /// (none is still `started`).
    pub async fn finished_runs(&self, count: usize) -> serde_json::Value {
        wait_for(
            &format!("{count} finished import runs"),
            Duration::from_secs(30),
            || async {
                let (_, runs) = self
                    .admin(reqwest::Method::GET, "/v1/admin/runs", None)
                    .await;
                let list = runs.as_array()?;
                (list.len() == count && list.iter().all(|r| r["status"] != "started"))
                    .then_some(runs)
            },
        )
        .await
    }

    /// Stops the worker (its D1 state is kept until drop).
    pub async fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            if let Some(pid) = child.id() {
                kill_group(pid);
            }
            let _ = tokio::time::timeout(Duration::from_secs(10), child.wait()).await;
            let _ = child.kill().await;
        }
        let url = self.url("/v1/health");
        wait_for("the worker to stop", Duration::from_secs(15), || {
            let url = url.clone();
            async move { reqwest::get(&url).await.is_err().then_some(()) }
        })
        .await;
    }
}

impl Drop for LocalWorker {
    fn drop(&mut self) {
        if let Some(pid) = self.child.as_ref().and_then(Child::id) {
            kill_group(pid);
        }
        let _ = std::fs::remove_dir_all(&self.state);
        if let Some(config) = &self.config {
            let _ = std::fs::remove_file(config);
        }
    }
}

/// Copies the directory `from` to `to`, with everything in it.
fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("create the copy's directory");
    for entry in std::fs::read_dir(from).expect("read the directory") {
        let entry = entry.expect("a directory entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy a file");
        }
    }
}

/// Applies the migrations to the local D1 kept in `state`.
async fn migrate(state: &std::path::Path) {
    let migrate = Command::new("wrangler")
        .current_dir(repo_root().join("worker"))
        .args([
            "d1",
            "migrations",
            "apply",
            "lantern",
            "--local",
            "--persist-to",
        ])
        .arg(state)
        .env("WRANGLER_SEND_METRICS", "false")
        .env("CI", "true")
        .output()
        .await
        .expect("run wrangler (is node_modules/.bin on PATH? run via scripts/test)");
    assert!(
        migrate.status.success(),
        "migrations failed: {}",
        String::from_utf8_lossy(&migrate.stderr)
    );
}
