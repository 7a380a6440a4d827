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
    assert_eq!(report["issues"][0]["rule"], "NotATime");
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
    let missing = run(&["validate", "/no/such/feed.json"], "");
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("could not read the feed"));
}
