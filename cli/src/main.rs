//! `lantern-feed`: checks and converts meeting feeds.
//!
//! ```text
//! lantern-feed validate <file, - or https://…> [--format mg|bmlt|csv] [--timezone ZONE] [--json]
//! lantern-feed convert  <file, - or https://…> [--format mg|bmlt|csv] [--timezone ZONE] [--source NAME]
//! ```
//!
//! A feed given by its address is fetched under the worker's rules (https
//! to a public host, at most three redirects, the size cap, 30 seconds).
//!
//! `validate` prints counts, then each problem with its row and field, and
//! exits with 1 when the feed is rejected whole. `convert` writes the feed
//! as Meeting Guide JSON on standard output.

mod args;
mod fetch;
mod report;

use std::io::{Read, Write};
use std::process::ExitCode;

use args::{guess_format, Args, Command};
use lantern_core::feed::{bmlt, export, FeedError, Format, Import, ImportOptions, MAX_FEED_BYTES};
use lantern_core::names::{SourceName, ZoneName};

fn main() -> ExitCode {
    let args = match Args::parse(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("lantern-feed: {message}\n\n{}", args::USAGE);
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("lantern-feed: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &Args) -> Result<ExitCode, String> {
    // Mistakes in the command are said before anything is read or fetched.
    let source = SourceName::parse(&args.source).map_err(|e| format!("--source: {e}"))?;
    let default_zone = args
        .timezone
        .as_deref()
        .map(ZoneName::parse)
        .transpose()
        .map_err(|e| format!("--timezone: {e}"))?;
    let address = fetch::is_address(&args.input);
    // A BMLT search address says its format.
    let bmlt_search = address
        && args
            .input
            .to_ascii_lowercase()
            .contains("switcher=getsearchresults");
    let named = args.format.or(bmlt_search.then_some(Format::Bmlt));
    let bytes = if address {
        // A BMLT server is asked for its formats too, as the worker asks,
        // since its format keys mean only what their world ids say.
        let url = match named {
            Some(Format::Bmlt) => bmlt::with_formats(&args.input),
            _ => args.input.clone(),
        };
        match fetch::fetch(&url, fetch::policy()) {
            Ok(bytes) => bytes,
            Err(error) => {
                // As the worker's run would fail: the feed is not usable.
                // With --json, said in the report's own shape too.
                if args.json && args.command == Command::Validate {
                    println!(
                        "{}",
                        serde_json::json!({ "address": args.input, "not_fetched": error.to_string() })
                    );
                }
                eprintln!("lantern-feed: {error}");
                return Ok(ExitCode::FAILURE);
            }
        }
    } else {
        read_input(&args.input)?
    };
    let format = named.unwrap_or_else(|| guess_format(&args.input, &bytes));
    let options = ImportOptions {
        source,
        default_zone,
        zone_exists: Some(|name| jiff::tz::db().get(name).is_ok()),
        ..ImportOptions::default()
    };
    let result = format.import(&bytes, &options);
    let mut out = std::io::stdout().lock();
    let written = match (&args.command, &result) {
        (Command::Validate, _) if args.json => report::json(&mut out, format, &result),
        (Command::Validate, _) => report::text(&mut out, format, &result),
        (Command::Convert, Ok(import)) => convert(&mut out, import),
        (Command::Convert, Err(error)) => {
            eprintln!("lantern-feed: {error}");
            Ok(())
        }
    };
    written.map_err(|e| format!("could not write the output: {e}"))?;
    Ok(if result.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn convert(out: &mut impl Write, import: &Import) -> std::io::Result<()> {
    for issue in &import.issues {
        eprintln!("{issue}");
    }
    writeln!(out, "{}", export::meeting_guide_json(&import.meetings))
}

/// Reads a file, or standard input for `-`, refusing more than the import
/// would accept.
fn read_input(input: &str) -> Result<Vec<u8>, String> {
    let limit = u64::try_from(MAX_FEED_BYTES).unwrap_or(u64::MAX) + 1;
    let mut bytes = Vec::new();
    let read = if input == "-" {
        std::io::stdin().lock().take(limit).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(input)
            .and_then(|file| file.take(limit).read_to_end(&mut bytes))
            .map_err(|e| std::io::Error::new(e.kind(), format!("{input}: {e}")))
    };
    read.map_err(|e| format!("could not read the feed ({e}); check the file name"))?;
    Ok(bytes)
}

/// The whole feed was rejected: said the same way in text and JSON.
fn rejection(error: &FeedError) -> String {
    format!(
        "REJECTED: {error}. Nothing from this feed would be imported; its previous meetings stay."
    )
}
