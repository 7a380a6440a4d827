//! Importing a configured feed: record the run as begun, fetch the feed (or
//! take an admin's upload), read it with core's importer, plan the changes
//! against what is stored, and apply them together with the run's outcome
//! in one transaction. A feed that fails, is held for review, or stops the
//! isolate part way (its run stays `started`, and is later marked
//! `interrupted`) leaves its meetings as they were.
//!
//! The scheduled handler imports one feed per invocation ([`run_next_due`]),
//! so each feed has an invocation's memory and time to itself, and a feed
//! that takes down its isolate cannot keep the others from their turn.

use std::time::Duration;

use futures_util::future::{select, Either};
use lantern_core::feed::address::{check_hop, FetchError, FetchPolicy, FETCH_TIMEOUT_SECONDS};
use lantern_core::feed::{bmlt, CheckedFeed, Format, MAX_FEED_BYTES};
use lantern_core::source_update::{Outcome, SourceUpdate};
use worker::kv::KvStore;
use worker::{
    console_error, AbortController, D1Database, Delay, Env, Fetch, Headers, Method, Request,
    RequestInit, RequestRedirect, Url,
};

use crate::db::feeds::{self, Feed};
use crate::db::meetings;
use crate::db::runs::{self, Run, RunStatus};
use crate::error::ApiError;
use crate::http::{now, read_limited, timestamp};
use crate::restore;

/// How long a feed's server may take to send the whole feed, unless the
/// `FEED_TIMEOUT_SECONDS` variable says otherwise.
const FETCH_TIMEOUT: Duration = Duration::from_secs(FETCH_TIMEOUT_SECONDS);

/// How feeds are fetched.
#[derive(Clone, Copy, Debug)]
pub struct Fetching {
    /// The whole download's time limit.
    pub timeout: Duration,
    /// Which addresses, and redirects, may be fetched.
    pub policy: FetchPolicy,
}

/// How feeds are fetched here: within `FEED_TIMEOUT_SECONDS` (1 to 300,
/// else 30 s), from public https addresses only, unless the
/// `ALLOW_LOOPBACK_FEEDS` variable is `1`, which only the tests set (they
/// serve feeds from 127.0.0.1 over plain http).
pub fn fetching(env: &Env) -> Fetching {
    let timeout = env
        .var("FEED_TIMEOUT_SECONDS")
        .ok()
        .and_then(|value| value.to_string().parse::<u64>().ok())
        .filter(|seconds| (1..=300).contains(seconds))
        .map_or(FETCH_TIMEOUT, Duration::from_secs);
    let loopback = env
        .var("ALLOW_LOOPBACK_FEEDS")
        .is_ok_and(|value| value.to_string() == "1");
    let policy = if loopback {
        FetchPolicy::AlsoLoopbackForTests
    } else {
        FetchPolicy::Public
    };
    Fetching { timeout, policy }
}

/// What started a run.
#[derive(Clone, Copy, Debug)]
pub enum Trigger {
    /// The cron schedule in wrangler.toml.
    Cron,
    /// An admin asked for the feed to be fetched now.
    Admin,
    /// An admin sent the feed's contents.
    Upload,
}

impl Trigger {
    fn key(self) -> &'static str {
        match self {
            Trigger::Cron => "cron",
            Trigger::Admin => "admin",
            Trigger::Upload => "upload",
        }
    }
}

/// Where a run's feed comes from.
pub enum Input {
    /// Fetched from the feed's address.
    Fetched(Fetching),
    /// Sent by an admin.
    Uploaded(Vec<u8>),
}

impl Input {
    /// The address rule for this input: nothing is fetched for an upload.
    fn policy(&self) -> FetchPolicy {
        match self {
            Input::Fetched(fetching) => fetching.policy,
            Input::Uploaded(_) => FetchPolicy::NotFetched,
        }
    }
}

/// Whether a zone name is in the time-zone database the worker carries.
pub fn zone_exists(name: &str) -> bool {
    jiff::tz::db().get(name).is_ok()
}

/// How often each feed is imported, unless `IMPORT_EVERY_MINUTES` says
/// otherwise.
const IMPORT_EVERY: Duration = Duration::from_secs(3 * 60 * 60);

/// How long a run may stay `started` before it is taken for interrupted,
/// unless `INTERRUPTED_AFTER_MINUTES` says otherwise. Longer than any run can
/// take: a scheduled invocation has 15 minutes.
const INTERRUPTED_AFTER: Duration = Duration::from_secs(20 * 60);

/// A duration in minutes from the variable `name` (the tests shorten them),
/// else `default`.
fn minutes_var(env: &Env, name: &str, default: Duration) -> Duration {
    env.var(name)
        .ok()
        .and_then(|value| value.to_string().parse::<u64>().ok())
        .map_or(default, |minutes| Duration::from_secs(minutes * 60))
}

/// The RFC 3339 time `ago` before `now_millis`.
fn time_before(now_millis: i64, ago: Duration) -> String {
    let ago = i64::try_from(ago.as_millis()).unwrap_or(i64::MAX);
    timestamp(now_millis.saturating_sub(ago))
}

/// One scheduled invocation's import: marks runs that stopped part way as
/// interrupted, then imports the one feed most overdue, if any is due.
pub async fn run_next_due(db: &D1Database, env: &Env, now_millis: i64) -> Result<(), ApiError> {
    let stale = time_before(
        now_millis,
        minutes_var(env, "INTERRUPTED_AFTER_MINUTES", INTERRUPTED_AFTER),
    );
    let interrupted = runs::interrupt_stale(db, &stale).await?;
    if interrupted > 0 {
        console_error!("{interrupted} import run(s) stopped before they finished");
    }
    meetings::forget_stale_staging(db).await?;
    let due_before = time_before(
        now_millis,
        minutes_var(env, "IMPORT_EVERY_MINUTES", IMPORT_EVERY),
    );
    let marks = restore::store(env);
    if let Some(store) = &marks {
        restore::check(db, store).await?;
    }
    if let Some(feed) = feeds::next_due(db, &due_before).await? {
        let input = Input::Fetched(fetching(env));
        run(db, marks.as_ref(), &feed, Trigger::Cron, input, false).await?;
    }
    Ok(())
}

/// Imports every enabled feed that has an address, one after another (an
/// admin's "import everything now"). A feed that fails is recorded and the
/// others still run.
pub async fn run_enabled(
    db: &D1Database,
    marks: Option<&KvStore>,
    trigger: Trigger,
    fetching: Fetching,
) -> Result<Vec<Run>, ApiError> {
    let mut done = Vec::new();
    for feed in feeds::all(db).await? {
        if !feed.enabled || feed.url.is_empty() {
            continue;
        }
        match run(db, marks, &feed, trigger, Input::Fetched(fetching), false).await {
            Ok(run) => done.push(run),
            Err(error) => console_error!("import of {} failed: {error:?}", feed.source),
        }
    }
    Ok(done)
}

/// Imports one feed, fetched or uploaded (`input`), and records the run.
/// With `accept_loss`, a feed that loses more than half its meetings is
/// applied instead of held. `marks` keeps the highest sequence number apart
/// from the database (see [`restore`]).
pub async fn run(
    db: &D1Database,
    marks: Option<&KvStore>,
    feed: &Feed,
    trigger: Trigger,
    input: Input,
    accept_loss: bool,
) -> Result<Run, ApiError> {
    let (started_at, _) = now();
    let mut run = Run {
        source: feed.source.clone(),
        trigger: trigger.key().to_owned(),
        started_at,
        status: RunStatus::Started,
        ..Run::default()
    };
    // Recorded before anything can fail, so a run whose isolate stops shows.
    run.id = begin(db, &run).await?;
    if let Err(error) = import_and_record(db, marks, feed, input, accept_loss, &mut run).await {
        // An error of the database or of KV, after the run began: said in
        // the run's own words, not left for the cron to call interrupted.
        run.status = RunStatus::Failed;
        run.message = refused(&error);
        run.written = 0;
        run.tombstones = 0;
        if let Err(again) = record(db, &run, Vec::new()).await {
            console_error!("run {} could not be recorded as failed: {again:?}", run.id);
        }
    }
    if run.status != RunStatus::Applied {
        // Rows staged for changes that were not made; the next scheduled
        // invocation deletes them too, should this fail.
        if let Err(error) = meetings::forget_staging_of(db, run.id).await {
            console_error!("staged rows of run {} were not deleted: {error:?}", run.id);
        }
    }
    Ok(run)
}

/// Reads, plans and applies the feed for the begun `run`, and records how
/// it ended. An error is the database's (or KV's): the caller says so.
async fn import_and_record(
    db: &D1Database,
    marks: Option<&KvStore>,
    feed: &Feed,
    input: Input,
    accept_loss: bool,
    run: &mut Run,
) -> Result<(), ApiError> {
    let mut statements = Vec::new();
    match read_and_plan(db, feed, input).await? {
        Err(reason) => {
            run.status = RunStatus::Failed;
            run.message = format!("{reason}. The feed's meetings were left as they were.");
        }
        Ok((Imported { import, imported }, update)) => {
            run.rows = import.rows as u64;
            run.imported = imported as u64;
            run.skipped_rows = import.skipped_rows() as u64;
            run.meetings_before = update.meetings_before as u64;
            run.meetings_after = update.meetings_after as u64;
            run.issues = Some(import.issues.iter().map(ToString::to_string).collect());
            let outcome = update.outcome(accept_loss);
            run.status = outcome.into();
            run.message = update.describe(outcome);
            if outcome == Outcome::Applied {
                // New sequence numbers must be above every one handed out.
                if let Some(store) = marks {
                    restore::check(db, store).await?;
                }
                run.written = update.writes.len() as u64;
                run.tombstones = update.tombstones.len() as u64;
                let touched = meetings::touched_shards(&update.writes, &update.tombstones);
                match meetings::stage(db, run.id, update.writes).await {
                    Ok(()) => {
                        statements = meetings::write_statements(
                            db,
                            &feed.source,
                            run.id,
                            &update.tombstones,
                            &touched,
                        )?;
                    }
                    Err(error) => {
                        run.status = RunStatus::Failed;
                        run.message = refused(&error);
                        run.written = 0;
                        run.tombstones = 0;
                    }
                }
            }
        }
    }
    let wrote = !statements.is_empty();
    match record(db, run, statements).await {
        Ok(()) => {
            if let (true, Some(store)) = (wrote, marks) {
                if let Err(error) = restore::note(db, store).await {
                    console_error!("the sequence mark was not kept: {error:?}");
                }
            }
        }
        Err(error) => {
            // The batch is one transaction, so nothing was written. Say so
            // in the run's record, so the failure shows in the feed's status.
            run.status = RunStatus::Failed;
            run.message = refused(&error);
            run.written = 0;
            run.tombstones = 0;
            record(db, run, Vec::new()).await?;
        }
    }
    Ok(())
}

/// What a run says when the database refused its changes.
fn refused(error: &ApiError) -> String {
    format!(
        "the database refused the changes ({error}), so nothing changed; \
         the next import tries again"
    )
}

/// Records `run` as begun, and its feed's status with it; gives the run's id.
async fn begin(db: &D1Database, run: &Run) -> Result<u64, ApiError> {
    #[derive(serde::Deserialize)]
    struct Id {
        id: u64,
    }
    let results = db
        .batch(vec![
            runs::start_statement(db, run)?,
            feeds::status_statement(db, &run.source, run.status.key())?,
        ])
        .await?;
    results
        .first()
        .and_then(|result| result.results::<Id>().ok())
        .and_then(|ids| ids.into_iter().next())
        .map(|row| row.id)
        .ok_or_else(|| ApiError::Internal("the run's record got no id".to_owned()))
}

/// Runs `statements` with the run's outcome and its feed's status in one
/// batch (one transaction).
async fn record(
    db: &D1Database,
    run: &Run,
    mut statements: Vec<worker::D1PreparedStatement>,
) -> Result<(), ApiError> {
    statements.push(runs::finish_statement(db, run)?);
    statements.push(feeds::status_statement(db, &run.source, run.status.key())?);
    db.batch(statements).await?;
    Ok(())
}

/// A feed's import report, its meetings handed on to the plan.
struct Imported {
    /// The report: rows and issues (the meetings are taken out).
    import: lantern_core::Import,
    /// How many meetings it gave.
    imported: usize,
}

/// Reads the feed and plans its changes; the inner error says why the feed
/// could not be used (the outer one is the database failing).
async fn read_and_plan(
    db: &D1Database,
    feed: &Feed,
    input: Input,
) -> Result<Result<(Imported, SourceUpdate), String>, ApiError> {
    let CheckedFeed {
        format,
        options,
        shard,
    } = match feed
        .settings()
        .check(&feed.source, zone_exists, input.policy())
    {
        Ok(checked) => checked,
        Err(reason) => return Ok(Err(format!("the feed's settings are wrong ({reason})"))),
    };
    let bytes = match input {
        Input::Uploaded(bytes) => bytes,
        Input::Fetched(fetching) => {
            match fetch(&fetch_address(format, &feed.url), fetching).await {
                Ok(bytes) => bytes,
                Err(error) => return Ok(Err(error.to_string())),
            }
        }
    };
    let imported = format.import(&bytes, &options);
    // Each stage frees what the next does not need, so the feed, its
    // meetings and their encodings are not all held at once.
    drop(bytes);
    let mut import = match imported {
        Ok(import) => import,
        Err(error) => return Ok(Err(error.to_string())),
    };
    let stored = match meetings::live_rows_of_source(db, &feed.source).await {
        Ok(stored) => stored,
        Err(error) => {
            return Ok(Err(format!(
                "the stored meetings could not be read ({error})"
            )))
        }
    };
    let meetings = std::mem::take(&mut import.meetings);
    let imported = meetings.len();
    let update = SourceUpdate::plan(stored, meetings, &shard);
    Ok(Ok((Imported { import, imported }, update)))
}

/// Where to fetch a feed: a BMLT server is asked for its formats too, since
/// its format keys mean only what their world ids say.
fn fetch_address(format: Format, url: &str) -> String {
    match format {
        Format::Bmlt => bmlt::with_formats(url),
        Format::MeetingGuide | Format::Csv => url.to_owned(),
    }
}

/// Fetches a feed, giving up after `timeout` or [`MAX_FEED_BYTES`].
async fn fetch(url: &str, fetching: Fetching) -> Result<Vec<u8>, FetchError> {
    if url.is_empty() {
        return Err(FetchError::NoAddress);
    }
    let timeout = fetching.timeout;
    let controller = AbortController::default();
    let signal = controller.signal();
    let download = async {
        let mut url = url.to_owned();
        let mut redirects = 0;
        let mut response = loop {
            check_hop(&url, redirects, fetching.policy)?;
            let unreachable = |reason: String| FetchError::Unreachable {
                url: url.clone(),
                reason,
            };
            let headers = Headers::new();
            headers
                .set("accept", "application/json, text/csv;q=0.9, */*;q=0.5")
                .map_err(|e| unreachable(e.to_string()))?;
            headers
                .set("user-agent", "Lantern directory import")
                .map_err(|e| unreachable(e.to_string()))?;
            let mut init = RequestInit::new();
            // Redirects are followed here, each checked like the address.
            init.with_method(Method::Get)
                .with_headers(headers)
                .with_redirect(RequestRedirect::Manual);
            let request =
                Request::new_with_init(&url, &init).map_err(|e| unreachable(e.to_string()))?;
            let response = Fetch::Request(request)
                .send_with_signal(&signal)
                .await
                .map_err(|e| unreachable(e.to_string()))?;
            if !(300..400).contains(&response.status_code()) {
                break response;
            }
            redirects += 1;
            let location = response
                .headers()
                .get("location")
                .ok()
                .flatten()
                .ok_or_else(|| FetchError::RedirectWithoutLocation { url: url.clone() })?;
            url = Url::parse(&url)
                .and_then(|base| base.join(&location))
                .map_err(|e| FetchError::BadRedirect {
                    url: url.clone(),
                    location: location.clone(),
                    reason: e.to_string(),
                })?
                .to_string();
        };
        let status = response.status_code();
        if !(200..300).contains(&status) {
            return Err(FetchError::Status { url, status });
        }
        let declared = response
            .headers()
            .get("content-length")
            .ok()
            .flatten()
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(0);
        if declared > MAX_FEED_BYTES {
            return Err(FetchError::TooLarge {
                declared: Some(declared as u64),
            });
        }
        let Ok(stream) = response.stream() else {
            return Ok(Vec::new());
        };
        read_limited(stream, MAX_FEED_BYTES, declared)
            .await
            .map_err(|e| FetchError::BrokeOff {
                url: url.clone(),
                reason: e.to_string(),
            })?
            .ok_or(FetchError::TooLarge { declared: None })
    };
    futures_util::pin_mut!(download);
    match select(download, Delay::from(timeout)).await {
        Either::Left((result, _)) => result,
        Either::Right(((), _)) => {
            controller.abort();
            Err(FetchError::TimedOut {
                url: url.to_owned(),
                seconds: timeout.as_secs(),
            })
        }
    }
}
