//! Seeds a running worker with a synthetic directory of any size, as demo
//! data: `scripts/dev` runs it when `LANTERN_DEMO_SIZE` is set.
//!
//! ```sh
//! seed-synthetic http://127.0.0.1:8787 <admin token> 50000
//! ```
//!
//! The meetings come from `lantern_core::synthetic` (made-up names and
//! places, clearly fake) and are uploaded as one feed per fellowship (a
//! feed's settings name its fellowship), in parts of at most 10,000
//! meetings, named `demo-syn-<fellowship>-<part>` (source names have at most 32
//! characters), so the app labels
//! every one as demo data.

use lantern_core::feed::export::meeting_guide_json;
use lantern_core::synthetic::Synthetic;

const PER_FEED: usize = 10_000;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [base, token, count] = args.as_slice() else {
        eprintln!("usage: seed-synthetic <worker address> <admin token> <number of meetings>");
        std::process::exit(2);
    };
    let Ok(count) = count.parse::<usize>() else {
        eprintln!("seed-synthetic: `{count}` is not a number of meetings");
        std::process::exit(2);
    };
    let client = reqwest::Client::new();
    let meetings = Synthetic::new(2026).meetings(count);
    let mut by_fellowship: std::collections::BTreeMap<&str, Vec<lantern_core::Meeting>> =
        Default::default();
    for meeting in meetings {
        by_fellowship
            .entry(meeting.fellowship.key())
            .or_default()
            .push(meeting);
    }
    let feeds = by_fellowship.iter().flat_map(|(fellowship, meetings)| {
        meetings
            .chunks(PER_FEED)
            .enumerate()
            .map(move |(n, chunk)| (*fellowship, n, chunk))
    });
    for (fellowship, n, chunk) in feeds {
        let source = format!("demo-syn-{fellowship}-{n}");
        let settings = serde_json::json!({
            "format": "mg", "fellowship": fellowship, "shard": "gb",
            "zone": "Europe/London", "language": "en",
        });
        let admin = |method: reqwest::Method, path: String, body: Vec<u8>| {
            client
                .request(method, format!("{base}/v1/admin/{path}"))
                .bearer_auth(token)
                .body(body)
                .send()
        };
        let steps = [
            (
                reqwest::Method::PUT,
                format!("feeds/{source}"),
                settings.to_string().into_bytes(),
            ),
            (
                reqwest::Method::POST,
                format!("feeds/{source}/upload"),
                meeting_guide_json(chunk).into_bytes(),
            ),
        ];
        for (method, path, body) in steps {
            match admin(method, path.clone(), body).await {
                Ok(response) if response.status().is_success() => {}
                Ok(response) => {
                    let status = response.status();
                    let text = response.text().await.unwrap_or_default();
                    eprintln!("seed-synthetic: {path} answered {status}: {text}");
                    std::process::exit(1);
                }
                Err(error) => {
                    eprintln!("seed-synthetic: {path} failed: {error}");
                    std::process::exit(1);
                }
            }
        }
        println!("Seeded {source}: {} synthetic demo meetings", chunk.len());
    }
}
