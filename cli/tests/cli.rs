//! `lantern-feed` as a volunteer runs it.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lantern-feed"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run lantern-feed");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

const FEED: &str = r#"[
  {"name":"Good","slug":"good","day":1,"time":"19:00","timezone":"America/Chicago","address":"1 Main St"},
  {"name":"Late","slug":"late","day":1,"time":"25:00","timezone":"America/Chicago","address":"1 Main St"},
  {"name":"Nowhere zone","slug":"z","day":1,"time":"19:00","timezone":"Mars/Olympus","address":"1 Main St"},
  {"name":"Bad link","slug":"b","day":2,"time":"19:00","conference_url":"javascript:alert(1)","address":"1 Main St"}
]"#;

#[test]
fn validate_prints_counts_then_each_problem() {
    let output = run(&["validate", "-", "--timezone", "Europe/London"], FEED);
    assert!(
        output.status.success(),
        "a feed with bad rows is not rejected"
    );
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "Meeting Guide JSON: 4 rows");
    assert_eq!(
        lines[1],
        "2 meetings imported; 2 rows skipped, 1 fields dropped, 0 warnings"
    );
    assert_eq!(
        lines[3],
        "row 2 (slug `late`), field `time`: `25:00` is not a 24-hour HH:MM time (row skipped)"
    );
    assert!(
        lines[4].contains("`Mars/Olympus` is not an IANA time zone"),
        "{}",
        lines[4]
    );
    assert!(
        lines[5].contains("`javascript:alert(1)` is not an https: link (field dropped)"),
        "{}",
        lines[5]
    );
}

#[test]
fn validate_json_and_rejection_exit_code() {
    let output = run(&["validate", "-", "--json"], FEED);
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    // Without --timezone the last row has no zone at all.
    assert_eq!(report["meetings"], 1);
    // Stable keys, not the code's names: scripts may rely on them.
    assert_eq!(report["issues"][0]["rule"], "not_a_time");
    assert_eq!(report["issues"][0]["severity"], "row_skipped");
    assert_eq!(report["issues"][0]["field"], "time");

    let rejected = run(&["validate", "-"], "<html>not a feed</html>");
    assert_eq!(rejected.status.code(), Some(1));
    assert!(
        stdout(&rejected).contains("REJECTED"),
        "{}",
        stdout(&rejected)
    );
}

#[test]
fn guesses_bmlt_and_csv_and_converts_to_meeting_guide() {
    let bmlt = r#"[{"id_bigint":"7","meeting_name":"Just for Today","weekday_tinyint":"2","start_time":"19:00:00",
        "duration_time":"01:00:00","venue_type":"2","virtual_meeting_link":"https://zoom.us/j/1","time_zone":"America/New_York"}]"#;
    let output = run(&["validate", "-"], bmlt);
    assert!(
        stdout(&output).starts_with("BMLT JSON: 1 rows"),
        "{}",
        stdout(&output)
    );

    let csv = "Name,Day,Time,Address,Timezone\nStep Study,Monday,7:00 PM,1 High St,Europe/London\n";
    let output = run(&["validate", "-"], csv);
    assert!(
        stdout(&output).starts_with("CSV (Meeting Guide table format): 1 rows"),
        "{}",
        stdout(&output)
    );

    let output = run(&["convert", "-", "--source", "club"], csv);
    assert!(output.status.success());
    let feed: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(feed[0]["name"], "Step Study");
    assert_eq!(feed[0]["day"], 1);
    assert_eq!(feed[0]["time"], "19:00");
    assert_eq!(feed[0]["timezone"], "Europe/London");
}

#[test]
fn explains_usage_mistakes() {
    for args in [
        &[][..],
        &["check", "x"],
        &["validate"],
        &["validate", "-", "--format", "xml"],
    ] {
        let output = run(args, "");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("usage:"),
            "{args:?}"
        );
    }
    for (args, said) in [
        (
            &["validate", "-", "--timezone", "Eastern"][..],
            "--timezone: zone `Eastern`",
        ),
        (
            &["convert", "-", "--source", "My Feed"],
            "--source: source name `My Feed`",
        ),
    ] {
        // Refused before the feed is read, so none is sent.
        let output = run(args, "");
        let err = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(said), "{args:?}: {err}");
    }
    let missing = run(&["validate", "/no/such/feed.json"], "");
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("could not read the feed"));
}

/// A small HTTP server on 127.0.0.1 for the live-feed tests: answers each
/// request by its path (query left out) from `routes`, each a raw HTTP
/// response, 404 otherwise, and keeps every request line it was sent.
struct FeedServer {
    address: String,
    requests: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl FeedServer {
    fn start(routes: Vec<(&'static str, String)>) -> FeedServer {
        use std::io::{BufRead, BufReader};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let address = format!("http://{}", listener.local_addr().unwrap());
        let requests = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let seen = requests.clone();
        // Ends with the test process; each connection is answered at once.
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                let _ = reader.read_line(&mut line);
                // The rest of the request head, up to the empty line.
                let mut header = String::new();
                while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                    header.clear();
                }
                let target = line.split(' ').nth(1).unwrap_or("").to_owned();
                seen.lock().unwrap().push(target.clone());
                let path = target.split('?').next().unwrap_or("");
                let reply = routes
                    .iter()
                    .find(|(p, _)| *p == path)
                    .map(|(_, reply)| reply.clone())
                    .unwrap_or_else(|| reply("404 Not Found", "", "no such feed"));
                let _ = stream.write_all(reply.as_bytes());
            }
        });
        FeedServer { address, requests }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }
}

/// A raw HTTP response.
fn reply(status: &str, headers: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status}\r\ncontent-length: {}\r\nconnection: close\r\n{headers}\r\n{body}",
        body.len()
    )
}

/// Runs lantern-feed with the tests' switch that lets it fetch from
/// 127.0.0.1 over plain http, and gives its exit code, output and errors.
fn run_live(args: &[&str]) -> (Option<i32>, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_lantern-feed"))
        .args(args)
        .env("LANTERN_FEED_ALLOW_LOOPBACK", "1")
        .output()
        .expect("run lantern-feed");
    (
        output.status.code(),
        stdout(&output),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn validates_a_live_feed_fetched_as_the_worker_fetches_it() {
    let server = FeedServer::start(vec![
        ("/feed.json", reply("200 OK", "", FEED)),
        (
            "/moved",
            reply("301 Moved Permanently", "location: /feed.json\r\n", ""),
        ),
        ("/loop", reply("302 Found", "location: /loop\r\n", "")),
        (
            "/elsewhere",
            reply("302 Found", "location: http://10.0.0.1/feed.json\r\n", ""),
        ),
        (
            "/huge",
            "HTTP/1.1 200 OK\r\ncontent-length: 20000000\r\nconnection: close\r\n\r\n".to_owned(),
        ),
        (
            "/bmlt/client_interface/json/",
            reply("200 OK", "", r#"{"meetings":[],"formats":[]}"#),
        ),
    ]);
    let zone = ["--timezone", "Europe/London"];

    // The same report as for the file, directly and through a redirect.
    for path in ["/feed.json", "/moved"] {
        let (code, out, err) = run_live(&[&["validate", &server.url(path)][..], &zone].concat());
        assert_eq!(code, Some(0), "{path}: {err}");
        assert!(
            out.starts_with("Meeting Guide JSON: 4 rows\n2 meetings imported"),
            "{out}"
        );
    }

    // Each way a fetch fails says why, in the worker's words, and exits 1.
    for (path, said) in [
        ("/loop", "redirects more than 3 times"),
        (
            "/elsewhere",
            "redirects to `http://10.0.0.1/feed.json`, which is refused",
        ),
        ("/gone", "answered HTTP 404"),
        (
            "/huge",
            "the feed is 20000000 bytes, over the limit of 12582912",
        ),
    ] {
        let (code, _, err) = run_live(&["validate", &server.url(path)]);
        assert_eq!(code, Some(1), "{path}: {err}");
        assert!(err.contains(said), "{path}: {err}");
    }

    // With --json, a fetch that fails is said as JSON too.
    let (code, out, _) = run_live(&["validate", &server.url("/gone"), "--json"]);
    assert_eq!(code, Some(1));
    let said: serde_json::Value = serde_json::from_str(&out).expect("a JSON answer");
    assert!(
        said["not_fetched"].as_str().unwrap().contains("HTTP 404"),
        "{said}"
    );

    // A BMLT server is asked for its formats, as the worker asks.
    let bmlt = server.url("/bmlt/client_interface/json/?switcher=GetSearchResults");
    let (code, out, err) = run_live(&["validate", &bmlt]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.starts_with("BMLT JSON: 0 rows"), "{out}");
    let asked = server.requests.lock().unwrap().clone();
    assert!(
        asked.contains(
            &"/bmlt/client_interface/json/?switcher=GetSearchResults&get_used_formats=1".to_owned()
        ),
        "{asked:?}"
    );
}

#[test]
fn fetches_only_public_https_addresses() {
    for (url, said) in [
        ("http://meetings.example.org/feed.json", "over https only"),
        ("https://127.0.0.1/feed.json", "is an IP number"),
        (
            "https://user:pw@example.org/feed.json",
            "user name or password",
        ),
    ] {
        // Without the tests' switch, as a volunteer runs it.
        let output = run(&["validate", url], "");
        let err = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{url}: {err}");
        assert!(err.contains(said), "{url}: {err}");
    }
}
