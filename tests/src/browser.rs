//! Headless Chromium under ChromeDriver, driven over WebDriver.

use std::process::Stdio;
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use tokio::process::{Child, Command};

use crate::{free_port, kill_group, wait_for};

/// A browser session; ChromeDriver is stopped on drop.
pub struct Browser {
    /// The WebDriver client.
    pub client: Client,
    driver: Child,
    profile: std::path::PathBuf,
}

impl Browser {
    /// Starts ChromeDriver and a headless Chromium with a fresh profile,
    /// phone-sized (390 × 844, or `LANTERN_WINDOW_SIZE`, such as `360,640`).
    pub async fn start() -> Browser {
        Browser::start_in_zone("UTC").await
    }

    /// Starts the browser as [`Browser::start`] does, with its clock in the
    /// IANA zone `zone` (the `TZ` Chromium is started with).
    pub async fn start_in_zone(zone: &str) -> Browser {
        Browser::start_with(zone, &[]).await
    }

    /// Starts the browser in `zone` with more command-line switches (such
    /// as `--force-dark-mode`).
    pub async fn start_with(zone: &str, switches: &[&str]) -> Browser {
        let port = free_port();
        let chromedriver = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .env("TZ", zone)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .kill_on_drop(true)
            .spawn()
            .expect("start chromedriver (scripts/setup installs it)");
        let profile = std::env::temp_dir().join(format!("lantern-chromium-{port}"));
        // Chromium's headless windows are at least 500 px wide; device
        // metrics give the page a phone's viewport.
        let size = std::env::var("LANTERN_WINDOW_SIZE").unwrap_or_else(|_| "390,844".into());
        let (width, height) = size
            .split_once(',')
            .and_then(|(w, h)| Some((w.trim().parse::<u32>().ok()?, h.trim().parse::<u32>().ok()?)))
            .unwrap_or((390, 844));
        let mut args: Vec<String> = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ]
        .map(str::to_owned)
        .to_vec();
        args.push(format!("--window-size={width},{height}"));
        args.extend(switches.iter().map(|s| (*s).to_owned()));
        args.push(format!("--user-data-dir={}", profile.display()));
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "mobileEmulation": {
                    "deviceMetrics": { "width": width, "height": height, "pixelRatio": 1.0, "touch": false }
                },
                "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
                "args": args,
            }
        });
        let capabilities = capabilities.as_object().cloned().unwrap_or_default();
        let webdriver = format!("http://127.0.0.1:{port}");
        let client = wait_for(
            "ChromeDriver to start a session",
            Duration::from_secs(30),
            || {
                let capabilities = capabilities.clone();
                let webdriver = webdriver.clone();
                async move {
                    ClientBuilder::new(HttpConnector::new())
                        .capabilities(capabilities)
                        .connect(&webdriver)
                        .await
                        .ok()
                }
            },
        )
        .await;
        Browser {
            client,
            driver,
            profile,
        }
    }

    /// The text of every element with this `data-testid`; `None` when the
    /// page changed while reading (an element went stale).
    pub async fn try_texts(&self, test_id: &str) -> Option<Vec<String>> {
        let selector = format!("[data-testid='{test_id}']");
        let mut texts = Vec::new();
        for element in self.client.find_all(Locator::Css(&selector)).await.ok()? {
            texts.push(element.text().await.ok()?);
        }
        Some(texts)
    }

    /// The text of every element with this `data-testid`, read while the
    /// page holds still.
    pub async fn texts(&self, test_id: &str) -> Vec<String> {
        let what = format!("a stable read of [data-testid={test_id}]");
        wait_for(&what, Duration::from_secs(10), || self.try_texts(test_id)).await
    }

    /// Waits until some element with this test id has text containing
    /// `needle`, and returns that element's text.
    pub async fn wait_for_text(&self, test_id: &str, needle: &str) -> String {
        self.wait_for_text_within(test_id, needle, Duration::from_secs(30))
            .await
    }

    /// [`Browser::wait_for_text`] with its own time limit.
    pub async fn wait_for_text_within(
        &self,
        test_id: &str,
        needle: &str,
        limit: Duration,
    ) -> String {
        let what = format!("[data-testid={test_id}] containing {needle:?}");
        wait_for(&what, limit, || async {
            self.try_texts(test_id)
                .await?
                .into_iter()
                .find(|t| t.contains(needle))
        })
        .await
    }

    /// Waits for an element matching `css` and returns it.
    pub async fn find(&self, css: &str) -> fantoccini::elements::Element {
        let what = format!("an element matching {css}");
        wait_for(&what, Duration::from_secs(30), || async {
            self.client.find(Locator::Css(css)).await.ok()
        })
        .await
    }

    /// Clicks the element matching `css`, once it is there.
    pub async fn click(&self, css: &str) {
        self.find(css).await.click().await.expect("click");
    }

    /// Clicks the element whose visible text is `text` among those
    /// matching `css`.
    pub async fn click_text(&self, css: &str, text: &str) {
        let what = format!("{css} reading {text:?}");
        let element = wait_for(&what, Duration::from_secs(30), || async {
            for element in self.client.find_all(Locator::Css(css)).await.ok()? {
                if element.text().await.ok()?.contains(text) {
                    return Some(element);
                }
            }
            None
        })
        .await;
        element.click().await.expect("click");
    }

    /// The address the browser shows.
    pub async fn url(&self) -> String {
        self.client
            .current_url()
            .await
            .expect("current url")
            .to_string()
    }

    /// Waits until the address satisfies `check`.
    pub async fn wait_for_url(&self, what: &str, check: impl Fn(&str) -> bool) -> String {
        wait_for(what, Duration::from_secs(30), || async {
            let url = self.url().await;
            check(&url).then_some(url)
        })
        .await
    }

    /// Waits until the texts of every element with this test id are
    /// exactly `expected`, in order.
    pub async fn wait_for_texts(&self, test_id: &str, expected: &[&str]) {
        let what = format!("[data-testid={test_id}] to read {expected:?}");
        let last = std::cell::RefCell::new(Vec::new());
        let found = tokio::time::timeout(Duration::from_secs(30), async {
            loop {
                if let Some(texts) = self.try_texts(test_id).await {
                    if texts == expected {
                        return;
                    }
                    *last.borrow_mut() = texts;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        })
        .await;
        assert!(
            found.is_ok(),
            "gave up waiting for {what}; last read {:?}",
            last.borrow()
        );
    }

    /// Sends a DevTools protocol command to the page through ChromeDriver
    /// (`Page.getInstallabilityErrors`, network throttling) and returns its
    /// result.
    pub async fn devtools(&self, command: &str, params: serde_json::Value) -> serde_json::Value {
        self.client
            .issue_cmd(DevTools {
                command: command.to_owned(),
                params,
            })
            .await
            .unwrap_or_else(|e| panic!("DevTools {command}: {e}"))
    }

    /// Runs a script that may return a promise; returns its JSON result.
    pub async fn run_async(&self, body: &str) -> serde_json::Value {
        let script = format!("const done = arguments[arguments.length - 1]; (async () => {{ {body} }})().then(done, e => done(String(e)));");
        self.client
            .execute_async(&script, vec![])
            .await
            .expect("script runs")
    }

    /// Runs axe-core (from `node_modules/axe-core`, installed by
    /// `scripts/setup`) on the page against WCAG 2.2 A and AA, and returns
    /// one line per violation: rule, impact, and the first elements.
    pub async fn accessibility_violations(&self) -> Vec<String> {
        let axe =
            std::fs::read_to_string(crate::repo_root().join("node_modules/axe-core/axe.min.js"))
                .expect("node_modules/axe-core/axe.min.js (scripts/setup installs it)");
        self.client
            .execute(&axe, vec![])
            .await
            .expect("inject axe-core");
        let result = self
            .run_async(
                "const r = await axe.run(document, { runOnly: { type: 'tag', values: \
                 ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }); \
                 return r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at ' + \
                 v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));",
            )
            .await;
        serde_json::from_value(result.clone())
            .unwrap_or_else(|_| panic!("axe-core did not run: {result}"))
    }

    /// Saves a screenshot as `<name>.png` in `$LANTERN_SCREENSHOTS`, when
    /// that is set: for looking at what a test saw.
    pub async fn screenshot(&self, name: &str) {
        let Ok(dir) = std::env::var("LANTERN_SCREENSHOTS") else {
            return;
        };
        let png = self.client.screenshot().await.expect("screenshot");
        std::fs::create_dir_all(&dir).expect("screenshot dir");
        std::fs::write(std::path::Path::new(&dir).join(format!("{name}.png")), png)
            .expect("write screenshot");
    }

    /// Ends the session; ChromeDriver and Chromium stop on drop.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Chromium runs in ChromeDriver's process group.
        if let Some(pid) = self.driver.id() {
            kill_group(pid);
        }
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// ChromeDriver's endpoint for DevTools protocol commands.
#[derive(Debug)]
struct DevTools {
    command: String,
    params: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for DevTools {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        let body = serde_json::json!({ "cmd": self.command, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}
