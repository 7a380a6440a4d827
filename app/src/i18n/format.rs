//! Dates and times in the person's locale.
//!
//! Core works out every time (the schedule module) and hands over civil
//! values: a weekday and a wall-clock time in some zone. Here the browser's
//! `Intl.DateTimeFormat` only spells them, in UTC so that it adds no zone
//! arithmetic of its own: "Monday", "7:30 PM" in the United States,
//! "19:30" in Spain.

use std::cell::RefCell;
use std::collections::HashMap;

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;
use lantern_core::Weekday;
use wasm_bindgen::{JsCast, JsValue};

use super::Locale;

thread_local! {
    static FORMATTERS: RefCell<HashMap<(Locale, Style), js_sys::Intl::DateTimeFormat>> =
        RefCell::new(HashMap::new());
    /// What has been spelled: a list of meetings spells the same few
    /// hundred weekday-and-time pairs over and over, and each call to
    /// `Intl` costs more than a lookup.
    static SPELLED: RefCell<HashMap<(Locale, Style, DateTime), String>> =
        RefCell::new(HashMap::new());
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Style {
    Weekday,
    Time,
    DayDateTime,
    LongDate,
    MonthYear,
    ShortWeekday,
}

/// The tag to format with: the browser's own (`en-GB`) when it is of the
/// chosen language, so that a person in Britain sees 24-hour times.
fn format_tag(locale: Locale) -> String {
    let browser = web_sys::window().and_then(|w| w.navigator().language());
    match browser {
        Some(tag) if Locale::from_tag(&tag) == Some(locale) => tag,
        _ => locale.tag().to_owned(),
    }
}

fn formatter(locale: Locale, style: Style) -> js_sys::Intl::DateTimeFormat {
    FORMATTERS.with(|cache| {
        cache
            .borrow_mut()
            .entry((locale, style))
            .or_insert_with(|| {
                let options = js_sys::Object::new();
                let set = |key: &str, value: &str| {
                    let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
                };
                set("timeZone", "UTC");
                match style {
                    Style::Weekday => set("weekday", "long"),
                    Style::Time => {
                        set("hour", "numeric");
                        set("minute", "2-digit");
                    }
                    Style::MonthYear => {
                        set("month", "long");
                        set("year", "numeric");
                    }
                    Style::ShortWeekday => set("weekday", "short"),
                    Style::LongDate => {
                        set("weekday", "long");
                        set("day", "numeric");
                        set("month", "long");
                    }
                    Style::DayDateTime => {
                        set("weekday", "short");
                        set("day", "numeric");
                        set("month", "short");
                        set("hour", "numeric");
                        set("minute", "2-digit");
                    }
                }
                let locales = js_sys::Array::of1(&JsValue::from_str(&format_tag(locale)));
                js_sys::Intl::DateTimeFormat::new(&locales, &options)
            })
            .clone()
    })
}

fn spell(locale: Locale, style: Style, civil: DateTime) -> String {
    let key = (locale, style, civil);
    if let Some(text) = SPELLED.with(|spelled| spelled.borrow().get(&key).cloned()) {
        return text;
    }
    let text = spell_with_intl(locale, style, civil);
    SPELLED.with(|spelled| {
        let mut spelled = spelled.borrow_mut();
        // Bounded: a week of minutes in a few styles and languages.
        if spelled.len() > 20_000 {
            spelled.clear();
        }
        spelled.insert(key, text.clone());
    });
    text
}

fn spell_with_intl(locale: Locale, style: Style, civil: DateTime) -> String {
    let Ok(instant) = civil.to_zoned(TimeZone::UTC) else {
        return String::new();
    };
    // Milliseconds since 1970 fit a JavaScript number exactly.
    let date = js_sys::Date::new(&JsValue::from_f64(
        instant.timestamp().as_millisecond() as f64
    ));
    formatter(locale, style)
        .format()
        .call1(&JsValue::NULL, &date)
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_default()
}

/// 2023-01-01 was a Sunday: a week of known weekdays to spell.
fn a_date_on(day: Weekday) -> Date {
    Date::constant(2023, 1, 1 + day.sunday_zero() as i8)
}

/// A wall-clock time: "7:30 PM", "19:30".
pub fn time(locale: Locale, time: Time) -> String {
    spell(
        locale,
        Style::Time,
        Date::constant(2023, 1, 1).to_datetime(time),
    )
}

/// A day and a time: "Monday 7:30 PM".
pub fn day_and_time(locale: Locale, day: Weekday, at: Time) -> String {
    let date = a_date_on(day);
    format!(
        "{} {}",
        spell(locale, Style::Weekday, date.to_datetime(at)),
        spell(locale, Style::Time, date.to_datetime(at))
    )
}

/// A date with its day and time: "Mon, 9 Mar, 19:30".
pub fn date_time(locale: Locale, civil: DateTime) -> String {
    spell(locale, Style::DayDateTime, civil)
}

/// A day of the calendar: "Thursday 3 December", "jueves, 3 de diciembre".
pub fn long_date(locale: Locale, date: Date) -> String {
    spell(locale, Style::LongDate, date.to_datetime(Time::midnight()))
}

/// A month and its year: "December 2026", "diciembre de 2026".
pub fn month_year(locale: Locale, date: Date) -> String {
    spell(locale, Style::MonthYear, date.to_datetime(Time::midnight()))
}

/// The whole name of `date`'s weekday: "Monday", "lunes".
pub fn weekday_of(locale: Locale, date: Date) -> String {
    spell(locale, Style::Weekday, date.to_datetime(Time::midnight()))
}

/// The short name of `date`'s weekday: "Mon", "lun".
pub fn short_weekday(locale: Locale, date: Date) -> String {
    spell(
        locale,
        Style::ShortWeekday,
        date.to_datetime(Time::midnight()),
    )
}

/// Whether weeks start on Monday where the person is: from the browser's
/// `Intl.Locale` week information where it has it, else by language
/// (Sunday for English, Monday for Spanish).
pub fn week_starts_monday(locale: Locale) -> bool {
    let first_day = (|| {
        let intl = js_sys::Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
        let constructor: js_sys::Function = js_sys::Reflect::get(&intl, &"Locale".into())
            .ok()?
            .dyn_into()
            .ok()?;
        let tag = JsValue::from_str(&format_tag(locale));
        let tagged = js_sys::Reflect::construct(&constructor, &js_sys::Array::of1(&tag)).ok()?;
        let info = match js_sys::Reflect::get(&tagged, &"getWeekInfo".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        {
            Some(get) => get.call0(&tagged).ok()?,
            None => js_sys::Reflect::get(&tagged, &"weekInfo".into()).ok()?,
        };
        js_sys::Reflect::get(&info, &"firstDay".into())
            .ok()?
            .as_f64()
    })();
    match first_day {
        Some(day) => day == 1.0,
        None => locale != Locale::En,
    }
}

/// The wall-clock time `minutes` after midnight.
pub fn clock(minutes: u16) -> Time {
    Time::new(
        i8::try_from(minutes / 60 % 24).unwrap_or(0),
        i8::try_from(minutes % 60).unwrap_or(0),
        0,
        0,
    )
    .unwrap_or(Time::midnight())
}

/// A time from minutes after midnight (0 to 1,439).
pub fn time_of_minutes(locale: Locale, minutes: u16) -> String {
    time(locale, clock(minutes))
}

/// A name from `Intl.DisplayNames` (`kind` is `language` or `region`), or
/// the code itself where the browser has none.
fn display_name(locale: Locale, kind: &str, code: &str) -> String {
    let named = (|| {
        let intl = js_sys::Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
        let constructor: js_sys::Function = js_sys::Reflect::get(&intl, &"DisplayNames".into())
            .ok()?
            .dyn_into()
            .ok()?;
        let options = js_sys::Object::new();
        js_sys::Reflect::set(&options, &"type".into(), &kind.into()).ok()?;
        let locales = js_sys::Array::of1(&JsValue::from_str(locale.tag()));
        let names =
            js_sys::Reflect::construct(&constructor, &js_sys::Array::of2(&locales, &options))
                .ok()?;
        let of: js_sys::Function = js_sys::Reflect::get(&names, &"of".into())
            .ok()?
            .dyn_into()
            .ok()?;
        of.call1(&names, &JsValue::from_str(code)).ok()?.as_string()
    })();
    named.unwrap_or_else(|| code.to_owned())
}

/// A language's name from its ISO 639-1 code: "es" reads "Spanish".
pub fn language_name(locale: Locale, code: &str) -> String {
    display_name(locale, "language", code)
}

/// A country's name from its ISO 3166-1 code: "GB" reads "United Kingdom".
pub fn country_name(locale: Locale, code: &str) -> String {
    display_name(locale, "region", code)
}

/// A shard's readable name: `gb` reads "United Kingdom", `us-ca` reads
/// "United States · CA".
pub fn area_name(locale: Locale, shard: &str) -> String {
    let mut parts = shard.splitn(2, '-');
    let country = parts.next().unwrap_or(shard).to_ascii_uppercase();
    let country_name = if country.len() == 2 {
        display_name(locale, "region", &country)
    } else {
        country
    };
    match parts.next() {
        Some(region) => format!("{country_name} · {}", region.to_ascii_uppercase()),
        None => country_name,
    }
}
