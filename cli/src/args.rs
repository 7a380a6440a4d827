//! Command-line arguments, parsed by hand: there are few of them.

use std::path::Path;

use lantern_core::feed::Format;

pub const USAGE: &str = "usage:
  lantern-feed validate <file, - or https://…> [--format mg|bmlt|csv] [--timezone ZONE] [--json]
  lantern-feed convert  <file, - or https://…> [--format mg|bmlt|csv] [--timezone ZONE] [--source NAME]

  A feed's https:// address is fetched as the worker fetches it.

  --format     the feed's format; guessed from the file name and contents when left out
  --timezone   the IANA time zone for rows that name none, such as America/Chicago
  --json       validate: print the report as JSON
  --source     convert: the source name for meeting ids (default: feed)";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    Validate,
    Convert,
}

/// The format of the input: from `--format`, else the file name (`.csv`),
/// else the contents.
pub fn guess_format(input: &str, bytes: &[u8]) -> Format {
    let extension = Path::new(input)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("");
    if extension.eq_ignore_ascii_case("csv") {
        Format::Csv
    } else {
        Format::guess(bytes)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Args {
    pub command: Command,
    pub input: String,
    pub format: Option<Format>,
    pub timezone: Option<String>,
    pub json: bool,
    pub source: String,
}

impl Args {
    pub fn parse(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
        let command = match args.next().as_deref() {
            Some("validate") => Command::Validate,
            Some("convert") => Command::Convert,
            Some(other) => return Err(format!("unknown command `{other}`")),
            None => return Err("no command given".to_owned()),
        };
        let mut parsed = Args {
            command,
            input: String::new(),
            format: None,
            timezone: None,
            json: false,
            source: "feed".to_owned(),
        };
        while let Some(arg) = args.next() {
            let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
            match arg.as_str() {
                "--format" => {
                    let key = value("--format")?;
                    parsed.format =
                        Some(Format::from_key(&key).ok_or_else(|| {
                            format!("unknown format `{key}`: use mg, bmlt or csv")
                        })?)
                }
                "--timezone" => parsed.timezone = Some(value("--timezone")?),
                "--source" => parsed.source = value("--source")?,
                "--json" => parsed.json = true,
                "-" => parsed.input = arg,
                flag if flag.starts_with('-') => return Err(format!("unknown option `{flag}`")),
                _ if parsed.input.is_empty() => parsed.input = arg,
                _ => return Err(format!("more than one feed given (`{arg}`)")),
            }
        }
        if parsed.input.is_empty() {
            return Err(
                "no feed given: name a file, - for standard input, or the feed's https:// address"
                    .to_owned(),
            );
        }
        Ok(parsed)
    }
}
