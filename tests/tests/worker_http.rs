//! What every answer carries: JSON errors, security headers, and the page's
//! Content-Security-Policy.

use lantern_tests::worker::{LocalWorker, ADMIN_TOKEN};
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn refuses_bad_requests_with_json_errors() {
    let worker = LocalWorker::start().await;
    let cases = [
        ("/v1/sync?shard=Online", 400, "bad_parameter"),
        ("/v1/sync", 400, "bad_parameter"),
        ("/v1/sync?shard=online&since=-1", 400, "bad_parameter"),
        (
            "/v1/sync?shard=online&since=99999999999999999999",
            400,
            "bad_parameter",
        ),
        ("/v1/sync?shard=online&limit=0", 400, "bad_parameter"),
        ("/v1/sync?shard=online&limit=100000", 400, "bad_parameter"),
        ("/v1/nothing-here", 404, "not_found"),
    ];
    for (path, status, code) in cases {
        let response = reqwest::get(worker.url(path)).await.unwrap();
        let headers = response.headers().clone();
        let got_status = response.status().as_u16();
        let body: Value = response.json().await.unwrap();
        assert_eq!(
            (got_status, body["error"]["code"].as_str()),
            (status, Some(code)),
            "{path}: {body}"
        );
        assert!(
            body["error"]["message"]
                .as_str()
                .is_some_and(|m| m.len() > 20),
            "{path}: a helpful message"
        );
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["cache-control"], "no-store");
        assert!(headers["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("default-src 'none'"));
    }

    // Every admin route wants the token.
    let client = reqwest::Client::new();
    let routes = [
        (Method::GET, "/v1/admin/feeds"),
        (Method::PUT, "/v1/admin/feeds/club"),
        (Method::POST, "/v1/admin/feeds/club/enable"),
        (Method::POST, "/v1/admin/feeds/club/disable"),
        (Method::POST, "/v1/admin/feeds/club/upload"),
        (Method::POST, "/v1/admin/import"),
        (Method::GET, "/v1/admin/runs"),
        (Method::GET, "/v1/admin/runs/1"),
        (Method::GET, "/v1/admin/reports"),
        (Method::POST, "/v1/admin/reports/1/resolve"),
    ];
    for (method, path) in routes {
        for token in [
            None,
            Some("wrong"),
            Some(""),
            Some("local-test-token-but-longer"),
        ] {
            let mut request = client.request(method.clone(), worker.url(path)).body("[]");
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            let response = request.send().await.unwrap();
            assert_eq!(
                response.status().as_u16(),
                401,
                "{method} {path} with {token:?}"
            );
        }
    }

    // Feed settings are checked when saved.
    let good = json!({"url": "https://example.org/feed.json", "format": "mg", "fellowship": "aa",
                      "shard": "gb", "zone": "Europe/London", "language": "en"});
    let broken = [
        ("format", json!("xml"), "format"),
        ("fellowship", json!("smart"), "fellowship"),
        ("zone", json!("Mars/Olympus"), "zone"),
        ("zone", json!(""), "zone"),
        ("url", json!("javascript:alert(1)"), "url"),
        ("shard", json!("../etc"), "shard"),
        ("language", json!("English"), "language"),
        ("surprise", json!(1), "surprise"),
    ];
    for (field, value, named) in broken {
        let mut settings = good.clone();
        settings[field] = value;
        let (status, body) = worker.save_feed("club", &settings).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (400, Some("bad_body")),
            "{field}"
        );
        assert!(
            body["error"]["message"].as_str().unwrap().contains(named),
            "{field}: {body}"
        );
    }
    let (status, _) = worker.save_feed("Bad%20Name", &good).await;
    assert_eq!(status, 400, "source names are checked too");
    let (status, _) = worker
        .admin(
            Method::POST,
            "/v1/admin/feeds/nobody/upload",
            Some(b"[]".to_vec()),
        )
        .await;
    assert_eq!(status, 404);

    // A feed over the size limit is refused before it is read.
    worker.add_feed("club", "aa", "").await;
    let oversize = client
        .post(worker.url("/v1/admin/feeds/club/upload"))
        .bearer_auth(ADMIN_TOKEN)
        .body(vec![b' '; 33 * 1024 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(oversize.status().as_u16(), 413);

    // An unreadable upload is a failed run that changes nothing.
    let run = worker
        .import("club", "aa", b"<html>not a feed</html>".to_vec())
        .await;
    assert_eq!(run["status"], "failed");
}

/// Whether every inline script of `html` is allowed by the `script-src` of
/// `csp` by its SHA-256, and nothing else inline is: `Err` says which is not.
fn inline_scripts_allowed(html: &str, csp: &str) -> Result<usize, String> {
    use base64::Engine as _;
    use sha2::Digest as _;
    let script_src = csp
        .split(';')
        .map(str::trim)
        .find_map(|d| d.strip_prefix("script-src "))
        .ok_or("the policy has no script-src")?;
    if script_src.contains("'unsafe-inline'") {
        return Err("script-src allows any inline script".to_owned());
    }
    let mut checked = 0;
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let tag_end = rest[start..].find('>').ok_or("an unclosed script tag")? + start;
        let tag = &rest[start..tag_end];
        let body_end = rest[tag_end..]
            .find("</script>")
            .ok_or("a script without its end")?
            + tag_end;
        if !tag.contains(" src=") {
            let body = &rest[tag_end + 1..body_end];
            let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(body));
            if !script_src.contains(&format!("'sha256-{hash}'")) {
                return Err(format!(
                    "the inline script {body:?} is not allowed by {script_src}"
                ));
            }
            checked += 1;
        }
        rest = &rest[body_end..];
    }
    Ok(checked)
}

#[tokio::test]
async fn the_page_allows_its_own_inline_script_and_no_other() {
    let worker = LocalWorker::start().await;
    for path in ["/", "/log", "/meetings/demo-aa:x"] {
        let response = reqwest::get(worker.url(path)).await.unwrap();
        assert_eq!(response.status().as_u16(), 200, "{path}");
        let csp = response.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        for directive in [
            "default-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "connect-src 'self'",
        ] {
            assert!(csp.contains(directive), "{path}: {directive} in {csp}");
        }
        let html = response.text().await.unwrap();
        assert_eq!(
            inline_scripts_allowed(&html, &csp),
            Ok(1),
            "{path}: Trunk's start-up script, by its hash"
        );
        // A build whose inline script changed after its hash was taken
        // would not start: the check sees it.
        let changed = html.replacen("<script type=\"module\">", "<script type=\"module\">;", 1);
        assert!(inline_scripts_allowed(&changed, &csp).is_err(), "{path}");
        let added = html.replacen("</head>", "<script>alert(1)</script></head>", 1);
        assert!(inline_scripts_allowed(&added, &csp).is_err(), "{path}");
    }
}

#[tokio::test]
async fn hashed_files_are_kept_a_year_and_the_shell_is_always_revalidated() {
    let worker = LocalWorker::start().await;
    let cache_control = async |path: &str| {
        let response = reqwest::get(worker.url(path)).await.unwrap();
        assert_eq!(response.status().as_u16(), 200, "{path}");
        let header = response.headers()["cache-control"]
            .to_str()
            .unwrap()
            .to_owned();
        (header, response.text().await.unwrap())
    };
    let (shell, html) = cache_control("/").await;
    let hashed: Vec<String> = html
        .split(['"', '\''])
        .filter(|s| s.starts_with("/lantern-app-") || s.starts_with("/style-"))
        .map(str::to_owned)
        .collect();
    assert!(
        hashed.len() >= 3,
        "the page names its JS, wasm and CSS: {hashed:?}"
    );
    for path in &hashed {
        let (header, _) = cache_control(path).await;
        assert_eq!(header, "public, max-age=31536000, immutable", "{path}");
    }
    let revalidated = |header: &str| header.contains("no-cache") || header.contains("max-age=0");
    assert!(revalidated(&shell), "/: {shell}");
    for path in [
        "/log",
        "/m/demo-aa:x",
        "/sw.js",
        "/manifest.webmanifest",
        "/icon.svg",
    ] {
        let (header, _) = cache_control(path).await;
        assert!(revalidated(&header), "{path}: {header}");
    }
}
