//! A meeting as an iCalendar file (RFC 5545), to add to a calendar.
//!
//! The event repeats weekly (`RRULE:FREQ=WEEKLY`) at the meeting's own
//! wall-clock time in its own zone (`DTSTART;TZID=…`), so a calendar keeps
//! it at 19:00 in New York across a daylight-saving change. The zone's
//! rules go in a `VTIMEZONE` listing its changes for the coming years, as
//! RFC 5545 asks, worked out by jiff from the same zone data as everything
//! else.

use std::fmt::Write;

use jiff::civil::DateTime;
use jiff::tz::{Offset, TimeZone};
use jiff::{SignedDuration, Timestamp, ToSpan};

use crate::meeting::{Meeting, Weekday};
use crate::schedule::occurrence::current_or_next;

/// How many years of daylight-saving changes the file lists.
const YEARS_OF_RULES: i16 = 20;

/// The calendar file for `meeting`, starting with its occurrence in
/// progress at `now` or next. `zone` is the meeting's zone. `None` only
/// outside jiff's range of instants.
///
/// ```
/// use jiff::{tz::TimeZone, Timestamp};
/// use lantern_core::calendar::ics;
/// # let meeting = lantern_core::synthetic::Synthetic::new(1).meetings(1).remove(0);
/// let now: Timestamp = "2026-11-23T12:00:00Z".parse().unwrap();
/// let zone = jiff::tz::TimeZone::UTC;
/// # let mut meeting = meeting; meeting.schedule.zone = "UTC".into();
/// let file = ics(&meeting, &zone, now).unwrap();
/// assert!(file.starts_with("BEGIN:VCALENDAR\r\n"));
/// assert!(file.contains("RRULE:FREQ=WEEKLY;BYDAY="));
/// ```
pub fn ics(meeting: &Meeting, zone: &TimeZone, now: Timestamp) -> Option<String> {
    let first = current_or_next(&meeting.schedule, zone, now)?;
    let start = first.start.to_zoned(zone.clone()).datetime();
    let zone_name = meeting.schedule.zone.as_str();
    let mut out = String::with_capacity(2048);
    let mut line = |text: &str| push_folded(&mut out, text);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//Lantern//Meeting finder//EN");
    line("CALSCALE:GREGORIAN");
    for text in vtimezone(zone_name, zone, first.start) {
        line(&text);
    }
    line("BEGIN:VEVENT");
    line(&format!("UID:{}@lantern", escape(meeting.id.as_str())));
    line(&format!(
        "DTSTAMP:{}Z",
        basic_datetime(now.to_zoned(TimeZone::UTC).datetime())
    ));
    line(&format!(
        "DTSTART;TZID={zone_name}:{}",
        basic_datetime(start)
    ));
    line(&format!("DURATION:PT{}M", meeting.schedule.minutes.max(1)));
    line(&format!(
        "RRULE:FREQ=WEEKLY;BYDAY={}",
        byday(meeting.schedule.day)
    ));
    line(&format!("SUMMARY:{}", escape(&meeting.name)));
    let join = meeting.online.as_ref().and_then(|o| o.url.as_ref());
    let place = meeting
        .in_person
        .as_ref()
        .map(|v| {
            [v.location.as_str(), v.address.as_str()]
                .into_iter()
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .filter(|p| !p.is_empty());
    if let Some(place) = place.as_deref().or(join.map(|u| u.as_str())) {
        line(&format!("LOCATION:{}", escape(place)));
    }
    if let Some(url) = join {
        line(&format!("URL:{}", url.as_str()));
    }
    let mut description = String::new();
    if let Some(online) = &meeting.online {
        if let Some(url) = &online.url {
            description.push_str(url.as_str());
            description.push('\n');
        }
        if !online.phone.is_empty() {
            description.push_str(&online.phone);
            description.push('\n');
        }
        if !online.notes.is_empty() {
            description.push_str(&online.notes);
            description.push('\n');
        }
    }
    description.push_str(&meeting.notes);
    if !description.trim().is_empty() {
        line(&format!("DESCRIPTION:{}", escape(description.trim())));
    }
    line("END:VEVENT");
    line("END:VCALENDAR");
    Some(out)
}

/// The `VTIMEZONE` lines for a zone: every offset change from a year
/// before `from` for [`YEARS_OF_RULES`] years, or one fixed offset.
fn vtimezone(name: &str, zone: &TimeZone, from: Timestamp) -> Vec<String> {
    let mut lines = vec!["BEGIN:VTIMEZONE".to_owned(), format!("TZID:{name}")];
    let since = from
        .checked_sub(SignedDuration::from_hours(366 * 24))
        .unwrap_or(from);
    let until = from
        .to_zoned(TimeZone::UTC)
        .checked_add(i64::from(YEARS_OF_RULES).years())
        .map(|z| z.timestamp())
        .unwrap_or(from);
    let mut before = zone.to_offset(since);
    let mut any = false;
    for transition in zone.following(since) {
        let at = transition.timestamp();
        if at > until {
            break;
        }
        let after = transition.offset();
        if after == before {
            continue;
        }
        let kind = if transition.dst().is_dst() {
            "DAYLIGHT"
        } else {
            "STANDARD"
        };
        // A change's DTSTART is the wall-clock time it happens at, in the
        // offset before it.
        let local = at.to_zoned(TimeZone::fixed(before)).datetime();
        lines.push(format!("BEGIN:{kind}"));
        lines.push(format!("DTSTART:{}", basic_datetime(local)));
        lines.push(format!("TZOFFSETFROM:{}", offset_text(before)));
        lines.push(format!("TZOFFSETTO:{}", offset_text(after)));
        let abbreviation = transition.abbreviation();
        if !abbreviation.is_empty() {
            lines.push(format!("TZNAME:{}", escape(abbreviation)));
        }
        lines.push(format!("END:{kind}"));
        before = after;
        any = true;
    }
    if !any {
        lines.push("BEGIN:STANDARD".to_owned());
        lines.push("DTSTART:19700101T000000".to_owned());
        lines.push(format!("TZOFFSETFROM:{}", offset_text(before)));
        lines.push(format!("TZOFFSETTO:{}", offset_text(before)));
        lines.push("END:STANDARD".to_owned());
    }
    lines.push("END:VTIMEZONE".to_owned());
    lines
}

/// `20261102T190000`: iCalendar's date-time form. Written by hand rather
/// than with `strftime`, whose formatter would add to the app's download.
fn basic_datetime(at: DateTime) -> String {
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}",
        at.year(),
        at.month(),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// `-0500`, `+0530`.
fn offset_text(offset: Offset) -> String {
    let seconds = offset.seconds();
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    format!("{sign}{:02}{:02}", minutes / 60, minutes % 60)
}

fn byday(day: Weekday) -> &'static str {
    match day {
        Weekday::Sunday => "SU",
        Weekday::Monday => "MO",
        Weekday::Tuesday => "TU",
        Weekday::Wednesday => "WE",
        Weekday::Thursday => "TH",
        Weekday::Friday => "FR",
        Weekday::Saturday => "SA",
    }
}

/// Escapes text for a property value: backslash, `;`, `,` and line breaks.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            ch if ch.is_control() => {}
            ch => out.push(ch),
        }
    }
    out
}

/// Appends a content line, folded at 75 octets (never inside a UTF-8
/// character), ending in CRLF.
fn push_folded(out: &mut String, line: &str) {
    let mut width = 0;
    for ch in line.chars() {
        let len = ch.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(ch);
        width += len;
    }
    let _ = out.write_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meeting::{JoinUrl, LocalTime, OnlineAccess};
    use crate::synthetic::Synthetic;

    fn meeting(zone: &str, day: Weekday, start: &str) -> Meeting {
        let mut meeting = Synthetic::new(5).meetings(1).remove(0);
        meeting.name = "Hope, Step; Study\\Group".into();
        meeting.schedule.zone = zone.into();
        meeting.schedule.day = day;
        meeting.schedule.start = LocalTime::parse(start).unwrap();
        meeting.schedule.minutes = 90;
        meeting.online = Some(OnlineAccess {
            url: JoinUrl::parse("https://example.org/j/1").ok(),
            phone: "+1 555 0100,,123#".into(),
            notes: "Passcode 123".into(),
        });
        meeting
    }

    fn unfolded(file: &str) -> Vec<String> {
        file.replace("\r\n ", "")
            .split("\r\n")
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn keeps_the_meeting_at_its_wall_clock_time_across_a_daylight_saving_change() {
        let zone = jiff::tz::db().get("America/New_York").unwrap();
        let now: Timestamp = "2026-10-28T12:00:00Z".parse().unwrap();
        let file = ics(
            &meeting("America/New_York", Weekday::Monday, "19:00"),
            &zone,
            now,
        )
        .unwrap();
        let lines = unfolded(&file);
        let has = |l: &str| lines.iter().any(|x| x == l);
        // Monday 2026-11-02 19:00 in New York, the day after the US change.
        assert!(
            has("DTSTART;TZID=America/New_York:20261102T190000"),
            "{file}"
        );
        assert!(has("RRULE:FREQ=WEEKLY;BYDAY=MO"));
        assert!(has("DURATION:PT90M"));
        // The change on 2026-11-01 at 02:00 EDT, and the one in March.
        let change = lines
            .iter()
            .position(|l| l == "DTSTART:20261101T020000")
            .unwrap();
        assert_eq!(lines[change + 1], "TZOFFSETFROM:-0400");
        assert_eq!(lines[change + 2], "TZOFFSETTO:-0500");
        assert_eq!(lines[change - 1], "BEGIN:STANDARD");
        let spring = lines
            .iter()
            .position(|l| l == "DTSTART:20270314T020000")
            .unwrap();
        assert_eq!(lines[spring - 1], "BEGIN:DAYLIGHT");
        assert_eq!(lines[spring + 2], "TZOFFSETTO:-0400");
        assert!(has("SUMMARY:Hope\\, Step\\; Study\\\\Group"));
        assert!(has("URL:https://example.org/j/1"));
        assert!(file.ends_with("END:VCALENDAR\r\n"));
    }

    #[test]
    fn a_zone_without_changes_has_one_offset() {
        let zone = jiff::tz::db().get("Asia/Tokyo").unwrap();
        let now: Timestamp = "2026-11-23T12:00:00Z".parse().unwrap();
        let lines =
            unfolded(&ics(&meeting("Asia/Tokyo", Weekday::Friday, "07:30"), &zone, now).unwrap());
        assert!(lines.contains(&"TZOFFSETTO:+0900".to_owned()));
        assert_eq!(
            lines
                .iter()
                .filter(|l| l.starts_with("BEGIN:STANDARD"))
                .count(),
            1
        );
        assert!(lines.contains(&"DTSTART;TZID=Asia/Tokyo:20261127T073000".to_owned()));
    }

    #[test]
    fn folds_long_lines_without_splitting_a_character() {
        let mut out = String::new();
        let long = format!("DESCRIPTION:{}", "é".repeat(100));
        push_folded(&mut out, &long);
        for piece in out.split("\r\n") {
            assert!(piece.len() <= 75, "{piece}");
        }
        assert_eq!(out.replace("\r\n ", ""), format!("{long}\r\n"));
    }
}
