//! Command-line arguments, parsed by hand: there are few of them.

use std::path::Path;

pub const USAGE: &str = "usage:
  lantern-feed validate <file or -> [--format mg|bmlt|csv] [--timezone ZONE] [--json]
  lantern-feed convert  <file or -> [--format mg|bmlt|csv] [--timezone ZONE] [--source NAME]

  --format     the feed's format; guessed from the file name and contents when left out
  --timezone   the IANA time zone for rows that name none, such as America/Chicago
  --json       validate: print the report as JSON
  --source     convert: the source name for meeting ids (default: feed)";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    Validate,
    Convert,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    MeetingGuide,
    Bmlt,
    Csv,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::MeetingGuide => "Meeting Guide JSON",
            Format::Bmlt => "BMLT JSON",
            Format::Csv => "CSV (Meeting Guide table format)",
        }
    }

    /// From the file name, else from the contents: JSON with BMLT's
    /// `id_bigint` is BMLT, other JSON is Meeting Guide, the rest is CSV.
    pub fn guess(input: &str, bytes: &[u8]) -> Format {
        let extension = Path::new(input)
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("");
        if extension.eq_ignore_ascii_case("csv") {
            return Format::Csv;
        }
        let start = bytes.iter().find(|b| !b.is_ascii_whitespace());
        if !matches!(start, Some(b'[') | Some(b'{')) {
            return Format::Csv;
        }
        let head = &bytes[..bytes.len().min(4096)];
        if head
            .windows(b"\"id_bigint\"".len())
            .any(|w| w == b"\"id_bigint\"")
        {
            Format::Bmlt
        } else {
            Format::MeetingGuide
        }
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
                    parsed.format = Some(match value("--format")?.as_str() {
                        "mg" => Format::MeetingGuide,
                        "bmlt" => Format::Bmlt,
                        "csv" => Format::Csv,
                        other => {
                            return Err(format!("unknown format `{other}`: use mg, bmlt or csv"))
                        }
                    })
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
            return Err("no feed given: name a file, or - for standard input".to_owned());
        }
        Ok(parsed)
    }
}
