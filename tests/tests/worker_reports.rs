//! Reports from the public over HTTP: checks, limits, a flood from many
//! clients, and the admin's list.

use std::time::Duration;

use lantern_tests::api::numbered_feed;
use lantern_tests::worker::LocalWorker;
use reqwest::Method;
use serde_json::Value;

/// Posts a report, from a page at `origin` if given.
async fn report(worker: &LocalWorker, body: &str, origin: Option<&str>) -> reqwest::Response {
    let mut request = reqwest::Client::new()
        .post(worker.url("/v1/reports"))
        .header("content-type", "application/json")
        .body(body.to_owned());
    if let Some(origin) = origin {
        request = request.header("origin", origin);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn reports_are_checked_limited_and_resolved_by_an_admin() {
    let worker = LocalWorker::start().await;
    worker.import("club", "aa", numbered_feed(0..2, "v1")).await;
    let own_origin = worker.url("");

    let sent = report(
        &worker,
        r#"{"meeting_id":"club:m0","kind":"broken_link","details":"Link <script>alert(1)</script>dead since May"}"#,
        Some(&own_origin),
    )
    .await;
    assert_eq!(sent.status().as_u16(), 202);
    assert_eq!(
        sent.headers()["access-control-allow-origin"],
        own_origin.as_str()
    );

    let refused = [
        (
            r#"{"meeting_id":"club:m0","kind":"closed"}"#,
            Some("https://elsewhere.example"),
            403,
            "origin_not_allowed",
        ),
        (
            r#"{"meeting_id":"club:nope","kind":"closed"}"#,
            None,
            404,
            "not_found",
        ),
        (
            r#"{"meeting_id":"club:m0","kind":"spam"}"#,
            None,
            400,
            "bad_body",
        ),
        (
            r#"{"meeting_id":"club:m0","kind":"other","email":"me@example.org"}"#,
            None,
            400,
            "bad_body",
        ),
    ];
    for (body, origin, status, code) in refused {
        let response = report(&worker, body, origin).await;
        assert_eq!(response.status().as_u16(), status, "{body}");
        let answer: Value = response.json().await.unwrap();
        assert_eq!(answer["error"]["code"], code, "{body}");
    }
    let long = format!(
        r#"{{"meeting_id":"club:m0","kind":"other","details":"{}"}}"#,
        "x".repeat(501)
    );
    assert_eq!(report(&worker, &long, None).await.status().as_u16(), 400);
    let huge = format!(
        r#"{{"meeting_id":"club:m0","kind":"other","details":"{}"}}"#,
        "x".repeat(5000)
    );
    assert_eq!(report(&worker, &huge, None).await.status().as_u16(), 413);

    // A preflight from another site gets no permission.
    let preflight = reqwest::Client::new()
        .request(Method::OPTIONS, worker.url("/v1/reports"))
        .header("origin", "https://elsewhere.example")
        .header("access-control-request-method", "POST")
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status().as_u16(), 403);
    assert!(preflight
        .headers()
        .get("access-control-allow-origin")
        .is_none());

    // Ten an hour from one address. One has counted so far (the first
    // report; the one about an unknown meeting was not counted), so nine
    // more are received and the next is refused. Counts start again each
    // hour: too close to the next one, wait for it (then ten are received).
    let into_hour = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        % 3600;
    let counted_before = if into_hour > 3600 - 60 {
        tokio::time::sleep(Duration::from_secs(3600 - into_hour + 1)).await;
        0
    } else {
        1
    };
    let mut statuses = Vec::new();
    for _ in 0..25 {
        let response = report(
            &worker,
            r#"{"meeting_id":"club:m1","kind":"wrong_time"}"#,
            None,
        )
        .await;
        statuses.push(response.status().as_u16());
        if response.status().as_u16() == 429 {
            assert!(response.headers().contains_key("retry-after"));
            break;
        }
    }
    let mut expected = vec![202; 10 - counted_before];
    expected.push(429);
    assert_eq!(statuses, expected, "every answer before the limit is 202");

    let (status, open) = worker.admin(Method::GET, "/v1/admin/reports", None).await;
    assert_eq!(status, 200);
    let first = open.as_array().unwrap().last().unwrap();
    assert_eq!(first["meeting_name"], "Meeting 0 v1");
    assert_eq!(first["kind"], "broken_link");
    let details = first["details"].as_str().unwrap();
    assert!(
        details.contains("dead since May") && !details.contains("<script>"),
        "{details}"
    );
    assert!(first["received_hour"]
        .as_str()
        .unwrap()
        .ends_with(":00:00Z"));

    let id = first["id"].as_u64().unwrap();
    let (status, resolved) = worker
        .admin(
            Method::POST,
            &format!("/v1/admin/reports/{id}/resolve"),
            Some(br#"{"resolution":"New link from the group"}"#.to_vec()),
        )
        .await;
    assert_eq!(status, 200, "{resolved}");
    let (_, done) = worker
        .admin(Method::GET, "/v1/admin/reports?status=resolved", None)
        .await;
    assert_eq!(done[0]["resolution"], "New link from the group");
    let (status, _) = worker
        .admin(Method::POST, "/v1/admin/reports/99999/resolve", None)
        .await;
    assert_eq!(status, 404);
}

/// Sends one report from `client` (an address on this machine's loopback
/// network, which the local worker takes as the sender's) and gives the
/// status and the rows D1 read for it.
async fn report_from(worker: &LocalWorker, client: std::net::Ipv4Addr) -> (u16, Option<u64>) {
    let response = reqwest::Client::builder()
        .local_address(std::net::IpAddr::V4(client))
        .build()
        .unwrap()
        .post(worker.url("/v1/reports"))
        .header("content-type", "application/json")
        .body(r#"{"meeting_id":"club:m0","kind":"closed"}"#)
        .send()
        .await
        .unwrap();
    let read = response
        .headers()
        .get("x-lantern-rows-read")
        .and_then(|v| v.to_str().ok()?.parse().ok());
    (response.status().as_u16(), read)
}

#[tokio::test]
async fn a_flood_of_reports_from_many_clients_costs_the_same_per_report_and_the_caps_hold() {
    use lantern_core::report::{REPORTS_PER_HOUR_IN_ALL, REPORTS_PER_HOUR_PER_NETWORK};
    use std::net::Ipv4Addr;
    let worker = LocalWorker::start().await;
    worker.import("club", "aa", numbered_feed(0..3, "v1")).await;
    // Counts start again each hour: too close to the next, wait for it.
    let into_hour = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        % 3600;
    if into_hour > 3600 - 120 {
        tokio::time::sleep(Duration::from_secs(3600 - into_hour + 1)).await;
    }
    let mut sent = Vec::new();

    // 200 clients in one network (127.0.0.x, a /24): the network's cap holds.
    for x in 2..202 {
        sent.push(report_from(&worker, Ipv4Addr::new(127, 0, 0, x)).await);
    }
    // 200 clients in 200 networks, three reports each: everyone's cap holds.
    for round in 0..3 {
        for n in 0..200u8 {
            sent.push(report_from(&worker, Ipv4Addr::new(127, 1 + round, n, 1)).await);
        }
    }
    // The rows read by each received report, and how many were refused.
    let tally = |answers: &[(u16, Option<u64>)]| {
        let received: Vec<u64> = answers
            .iter()
            .filter(|(status, _)| *status == 202)
            .map(|(_, read)| read.expect("a received report says what it read"))
            .collect();
        let refused = answers.iter().filter(|(status, _)| *status == 429).count();
        assert_eq!(received.len() + refused, answers.len(), "{answers:?}");
        (received, refused)
    };
    let per_network = REPORTS_PER_HOUR_PER_NETWORK as usize;
    let (received, refused) = tally(&sent[..200]);
    assert_eq!((received.len(), refused), (per_network, 200 - per_network));
    let (received, refused) = tally(&sent);
    let in_all = REPORTS_PER_HOUR_IN_ALL as usize;
    assert_eq!(received.len(), in_all, "no more than everyone's cap");
    assert_eq!(refused, 200 - per_network + 600 - (in_all - per_network));

    // The rows read per report do not grow with the flood (they vary by a
    // few with which counts already exist): nothing scans a table that
    // grows with it.
    let most = |reads: &[u64]| reads.iter().copied().max().unwrap_or(0);
    let (early, late) = (most(&received[..100]), most(&received[in_all - 100..]));
    assert!(
        late <= early,
        "first 100 read at most {early}, last 100 {late}"
    );
    assert!(early <= 20, "a report reads a few rows: {received:?}");
    println!("rows read per received report: {early} at most");

    // Every received report is kept, and an admin pages through them.
    let mut listed = Vec::new();
    let mut path = "/v1/admin/reports?limit=200".to_owned();
    loop {
        let (status, page) = worker.admin(Method::GET, &path, None).await;
        assert_eq!(status, 200, "{page}");
        let ids: Vec<u64> = page
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_u64().unwrap())
            .collect();
        let Some(last) = ids.last() else { break };
        path = format!("/v1/admin/reports?limit=200&before={last}");
        listed.extend(ids);
    }
    assert_eq!(listed.len(), in_all, "every received report, once");
    assert!(listed.windows(2).all(|w| w[0] > w[1]), "newest first");
    // And filters them.
    for (query, count) in [
        ("", 100),
        ("?kind=closed&limit=500", in_all),
        ("?kind=wrong_time", 0),
        ("?meeting=club:m0&limit=500", in_all),
        ("?meeting=club:m1", 0),
        ("?status=resolved", 0),
    ] {
        let (status, page) = worker
            .admin(Method::GET, &format!("/v1/admin/reports{query}"), None)
            .await;
        assert_eq!(
            (status, page.as_array().map(Vec::len)),
            (200, Some(count)),
            "{query}"
        );
    }
    for query in ["?kind=spam", "?before=x", "?limit=501"] {
        let (status, body) = worker
            .admin(Method::GET, &format!("/v1/admin/reports{query}"), None)
            .await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (400, Some("bad_parameter")),
            "{query}"
        );
    }
}
