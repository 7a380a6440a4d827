use super::*;
use crate::feed::Severity;
use crate::fellowship::Fellowship;
use crate::meeting::Attendance;

fn options() -> ImportOptions {
    ImportOptions {
        source: "sheet".parse().unwrap(),
        default_zone: Some("America/Chicago".parse().unwrap()),
        fellowship: Fellowship::Aa,
        default_language: Some("en".parse().unwrap()),
        zone_exists: Some(|name| jiff::tz::db().get(name).is_ok()),
        area: None,
    }
}

fn import_text(text: &str) -> Import {
    import(text.as_bytes(), &options()).expect("readable")
}

const SHEET: &str = "\u{feff}Time,End Time,Day,Name,Location,Address,City,State,Postal Code,Country,Types,Notes,Location Notes,Regions,Group,Website,Conference URL,Conference URL Notes,Conference Phone,Timezone
7:00 PM,8:00 PM,Monday,Step Study,First Church,123 Main St,Austin,TX,78701,US,\"Open, Step Study, S\",Bring a book,Basement,Texas > Austin > Downtown,Monday Group,https://example.org/m,,,,
12:00 PM,,\"Monday, Wednesday, Fri\",Lunch Bunch,,,,,,,O,,,,,,https://zoom.us/j/1,Passcode 1,,America/New_York
08:00,09:30,0,Sunrise,Park Hall,9 Elm St,Austin,TX,,US,\"Open, Wheelchair Access, TC\",,,,,,https://meet.google.com/abc,,+1 555 0100,
";

#[test]
fn reads_a_spreadsheet() {
    let import = import_text(SHEET);
    assert_eq!(import.issues, vec![]);
    assert_eq!(import.rows, 3);
    let ids: Vec<&str> = import.meetings.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "sheet:step-study-monday-7-00-pm-first-church",
            "sheet:lunch-bunch-monday-wednesday-fri-12-00-pm@monday",
            "sheet:lunch-bunch-monday-wednesday-fri-12-00-pm@wednesday",
            "sheet:lunch-bunch-monday-wednesday-fri-12-00-pm@friday",
            "sheet:sunrise-0-08-00-park-hall",
        ]
    );
    let step = &import.meetings[0];
    assert_eq!(step.schedule.start.to_string(), "19:00");
    assert_eq!(step.schedule.minutes, 60);
    assert_eq!(step.types, ["O", "ST", "S"], "names and codes both work");
    assert_eq!(step.languages, ["es"]);
    assert_eq!(step.regions, ["Texas", "Austin", "Downtown"]);
    assert_eq!(step.notes, "Bring a book\nBasement");
    assert_eq!(
        step.in_person.as_ref().unwrap().address,
        "123 Main St, Austin, TX, 78701, US"
    );
    assert_eq!(step.contact.website, "https://example.org/m");
    let lunch = &import.meetings[1];
    assert_eq!(lunch.schedule.zone, "America/New_York");
    assert_eq!(lunch.schedule.start.to_string(), "12:00");
    assert_eq!(lunch.attendance(), Attendance::Online);
    let sunrise = &import.meetings[4];
    assert_eq!(sunrise.schedule.day, Weekday::Sunday);
    assert_eq!(sunrise.schedule.minutes, 90);
    assert_eq!(
        sunrise.attendance(),
        Attendance::Online,
        "TC: temporarily closed"
    );
}

#[test]
fn reports_broken_rows_and_keeps_the_rest() {
    let text = "Name,Day,Time,Address\nGood,Monday,19:00,1 A St\nBad day,Funday,19:00,1 A St\nLate,Tuesday,25:00,1 A St\nShort row,Monday\nNowhere,Monday,19:00,\n";
    let import = import_text(text);
    assert_eq!(import.meetings.len(), 1);
    let lines: Vec<String> = import.issues.iter().map(ToString::to_string).collect();
    assert_eq!(lines.len(), 4, "{lines:#?}");
    assert!(
        lines[0]
            .starts_with("row 2 (slug `bad-day-funday-19-00`), field `day`: `Funday` is not a day"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with(
            "row 3 (slug `late-tuesday-25-00`), field `time`: `25:00` is not a 24-hour HH:MM time"
        ),
        "{}",
        lines[1]
    );
    assert_eq!(import.issues[2].rule, Rule::Unreadable);
    assert_eq!(import.issues[2].severity, Severity::RowSkipped);
    assert_eq!(import.issues[3].rule, Rule::NoWayToAttend);
}

#[test]
fn rejects_files_without_the_needed_columns() {
    for bad in ["", "Title,When\nx,y\n", "Name,Time\nx,19:00\n"] {
        let error = import(bad.as_bytes(), &options()).unwrap_err();
        assert!(matches!(error, FeedError::Unreadable { .. }), "{bad:?}");
    }
    let error = import(b"Name,Time\nx,19:00\n", &options()).unwrap_err();
    assert!(error.to_string().contains("no day column"), "{error}");
}

#[test]
fn reads_clock_times() {
    let cases = [
        ("7:00 PM", "19:00"),
        ("7 pm", "19:00"),
        ("12:30am", "00:30"),
        ("12:00 PM", "12:00"),
        ("11:59 PM", "23:59"),
        ("19:00", "19:00"),
        ("13:00 PM", "13:00 PM"),
        ("7:5 PM", "7:5 PM"),
        ("noon", "noon"),
    ];
    for (text, expected) in cases {
        assert_eq!(clock(text), expected, "{text}");
    }
    assert_eq!(Weekday::parse("thu"), Some(Weekday::Thursday));
    assert_eq!(Weekday::parse("SATURDAY"), Some(Weekday::Saturday));
    assert_eq!(Weekday::parse("7"), None);
    assert_eq!(
        derived_slug(&["Café Step", "Monday", "7:00 PM", ""]),
        "café-step-monday-7-00-pm"
    );
}
