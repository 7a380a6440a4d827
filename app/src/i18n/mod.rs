//! Every word a person reads, by language. Components take the words of
//! the chosen language from context ([`use_words`]); nothing a person reads
//! is written in a component, error messages included. Meeting type names
//! come from core's table, in all nine of its languages.

pub mod en;
pub mod es;
pub mod format;

use lantern_core::guide::{GuideEntry, Tip};
use lantern_core::meeting_type::Language;
use lantern_core::search::query::DayPeriod;
use lantern_core::{Approach, Attendance, Fellowship, Weekday};
use leptos::prelude::*;

/// A language of the interface.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Locale {
    /// English.
    #[default]
    En,
    /// Spanish.
    Es,
}

impl Locale {
    /// Every language of the interface.
    pub const ALL: [Locale; 2] = [Locale::En, Locale::Es];

    /// The BCP 47 tag (`en`), as stored in settings and set on `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Es => "es",
        }
    }

    /// The language for a tag such as `es-MX`; `None` when not offered.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        Locale::ALL.into_iter().find(|l| l.tag() == primary)
    }

    /// The words of this language.
    pub fn words(self) -> &'static Words {
        match self {
            Locale::En => &en::WORDS,
            Locale::Es => &es::WORDS,
        }
    }

    /// The language of meeting type names in core's table.
    pub fn type_language(self) -> Language {
        match self {
            Locale::En => Language::En,
            Locale::Es => Language::Es,
        }
    }
}

/// "1 counter", "3 counters": a count and the noun that goes with it.
fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The words of one language. A struct, not a map: a language that misses
/// a word does not compile.
pub struct Words {
    /// The language's own name, for the picker.
    pub language_name: &'static str,
    pub app_name: &'static str,
    /// The plain name shown instead of Lantern's when chosen in Settings,
    /// and the manifest that carries it.
    pub neutral_name: &'static str,
    pub neutral_manifest: &'static str,
    /// Lantern's own manifest in this language.
    pub manifest: &'static str,
    pub nav_find: &'static str,
    pub nav_mine: &'static str,
    pub nav_settings: &'static str,
    pub nav_help: &'static str,
    pub help_title: &'static str,
    /// "Your first meeting": the title, a first line, the sections (a
    /// heading and its points), the way back to the finder, and the link to
    /// the page from a meeting's page (for anyone, and for a meeting that
    /// says it welcomes newcomers).
    pub first_title: &'static str,
    pub first_intro: &'static str,
    pub first_sections: &'static [(&'static str, &'static [&'static str])],
    pub first_find: &'static str,
    pub first_link: &'static str,
    pub first_link_newcomers: &'static str,
    /// "Which group might fit me?", the guide to the approaches.
    pub guide: &'static GuideWords,
    /// The camera, microphone and link check before an online meeting.
    pub tech_check: &'static TechCheckWords,
    pub help_emergency: fn(&str) -> String,
    pub help_emergency_unknown: &'static str,
    pub help_no_lines: &'static str,
    pub help_country: &'static str,
    pub help_other_country: &'static str,
    pub help_call: fn(&str) -> String,
    pub help_text: fn(&str) -> String,
    pub help_source: &'static str,
    pub help_sources: &'static str,
    pub quick_exit: &'static str,
    pub quick_exit_hint: &'static str,
    pub nav_log: &'static str,
    pub nav_label: &'static str,
    pub skip_to_content: &'static str,

    // Finder.
    pub search_label: &'static str,
    pub search_placeholder: &'static str,
    pub filters: &'static str,
    pub filters_with_count: fn(usize) -> String,
    pub clear_filters: &'static str,
    pub starting_soon: &'static str,
    pub later_this_week: &'static str,
    pub results_count: fn(usize) -> String,
    pub nothing_starting_soon: &'static str,
    pub no_match: &'static str,
    pub no_match_with_filters: &'static str,
    pub loading: &'static str,
    pub empty: &'static str,
    pub demo_banner: &'static str,
    pub demo_tag: &'static str,
    pub choose_area_prompt: &'static str,
    pub choose_area: &'static str,
    pub area_gone: fn(&str) -> String,

    // Filter sheet.
    pub filter_title: &'static str,
    pub show_results: fn(usize) -> String,
    pub close: &'static str,
    pub facet_fellowship: &'static str,
    pub facet_approach: &'static str,
    pub facet_attendance: &'static str,
    pub facet_day: &'static str,
    pub facet_time: &'static str,
    pub facet_when: &'static str,
    pub facet_types: &'static str,
    pub facet_language: &'static str,
    pub facet_distance: &'static str,
    pub now_or_soon: &'static str,
    pub within_km: fn(u16) -> String,
    pub use_my_location: &'static str,
    pub location_note: &'static str,
    pub location_denied: &'static str,
    pub location_unavailable: &'static str,
    pub locating: &'static str,
    pub sort_label: &'static str,
    pub sort_time: &'static str,
    pub sort_distance: &'static str,
    pub sort_name: &'static str,

    // Rows and the meeting page.
    pub in_progress_ends_in: fn(i64) -> String,
    pub starts_in: fn(i64) -> String,
    pub starts_now: &'static str,
    pub your_time: &'static str,
    pub their_time: fn(&str) -> String,
    pub minutes_long: fn(u16) -> String,
    pub next_times: &'static str,
    pub join: &'static str,
    pub join_on: fn(&str, &str) -> String,
    pub join_link: fn(&str) -> String,
    pub opens_new_tab: &'static str,
    pub dial_in_number: fn(&str) -> String,
    pub dial_codes: fn(&str) -> String,
    pub passcode_notes: &'static str,
    pub address: &'static str,
    pub directions: &'static str,
    /// Heading over the town an online meeting is based in.
    pub based_in: &'static str,
    /// Heading over the venue of a meeting whose room is closed for now.
    pub usual_venue: &'static str,
    pub details: &'static str,
    pub notes: &'static str,
    pub group: &'static str,
    pub contact: &'static str,
    pub website: &'static str,
    pub email: &'static str,
    pub phone: &'static str,
    pub source: &'static str,
    pub updated: &'static str,
    pub meeting_types: &'static str,
    pub languages: &'static str,
    pub add_to_calendar: &'static str,
    pub share: &'static str,
    pub link_copied: &'static str,
    pub share_failed: &'static str,
    pub favourite_add: &'static str,
    pub favourite_remove: &'static str,
    pub back_to_finder: &'static str,
    pub meeting_loading: &'static str,
    pub meeting_not_here: &'static str,
    pub meeting_not_here_help: &'static str,

    // Reports.
    pub report_problem: &'static str,
    pub report_kind: &'static str,
    pub report_broken_link: &'static str,
    pub report_wrong_time: &'static str,
    pub report_closed: &'static str,
    pub report_other: &'static str,
    pub report_details: &'static str,
    pub report_send: &'static str,
    pub report_sending: &'static str,
    pub report_sent: &'static str,
    pub report_cancel: &'static str,
    pub report_too_many: fn(u64) -> String,

    // My meetings.
    pub mine_title: &'static str,
    pub mine_empty: &'static str,
    pub mine_gone: &'static str,
    pub mine_gone_help: &'static str,
    pub mine_remove: &'static str,
    pub starts_soon_banner: fn(&str, i64) -> String,

    // The recovery log.
    pub log_today: &'static str,
    pub log_day: fn(&str) -> String,
    pub log_private: &'static str,
    pub log_opening: &'static str,
    pub mood_question: &'static str,
    /// From 1 (very low) to 5 (very good).
    pub moods: [&'static str; 5],
    pub mood_needed: &'static str,
    pub craving_question: &'static str,
    pub craving_scale: &'static str,
    pub used_question: &'static str,
    /// No, yes, rather not say.
    pub used_answers: [&'static str; 3],
    pub meetings_question: &'static str,
    pub meeting_other: &'static str,
    pub other_saved_meetings: &'static str,
    pub note_label: &'static str,
    pub save_check_in: &'static str,
    pub saving: &'static str,
    pub check_in_saved: &'static str,
    pub note_too_long: fn(usize) -> String,
    pub note_markup: &'static str,
    pub note_control: &'static str,
    pub meeting_name_bad: &'static str,
    pub future_day: &'static str,
    pub mood_chart_title: &'static str,
    /// Days with a check-in, the lowest and highest mood, the average mood
    /// in words.
    pub mood_chart_summary: fn(usize, &str, &str, &str) -> String,
    pub craving_chart_title: &'static str,
    /// The least, the most and the average craving, of 10.
    pub craving_chart_summary: fn(u8, u8, u32) -> String,
    pub reflections_title: &'static str,
    pub reflections_help: &'static str,
    pub reflection_names: [&'static str; 6],
    pub ratings: [&'static str; 5],
    pub rating_skipped: &'static str,
    pub meetings_chart_title: &'static str,
    pub meetings_chart_summary: fn(u32, u16, u32, u32) -> String,
    pub reflection_chart_summary: fn(&str, usize, &str, &str) -> String,
    pub reflection_charts_title: &'static str,
    pub calendar_previous: &'static str,
    pub calendar_next: &'static str,
    pub calendar_logged: fn(&str, &str) -> String,
    pub calendar_not_logged: fn(&str) -> String,
    pub log_storage_full: &'static str,
    pub log_storage: &'static str,
    pub history_title: &'static str,
    pub history_empty: &'static str,
    pub history_line: fn(&str, u8) -> String,
    pub streak: fn(u32) -> String,
    pub unreadable_check_ins: fn(usize) -> String,
    pub counters_title: &'static str,
    pub counters_empty: &'static str,
    pub counter_name: &'static str,
    pub counter_since: &'static str,
    pub counter_add: &'static str,
    pub counter_days: fn(i32) -> String,
    pub milestone_years: fn(u16) -> String,
    pub milestone_reached: fn(&str) -> String,
    pub milestone_next: fn(&str, &str) -> String,
    pub counter_restart: &'static str,
    pub counter_restart_question: &'static str,
    pub counter_restart_yes: &'static str,
    pub cancel: &'static str,
    pub counter_earlier: fn(i32, &str, &str) -> String,
    pub counter_bad_name: &'static str,
    pub counter_future: &'static str,
    pub people_title: &'static str,
    pub people_empty: &'static str,
    pub person_name: &'static str,
    pub person_phone: &'static str,
    pub person_add: &'static str,
    pub person_call: fn(&str) -> String,
    pub person_text: fn(&str) -> String,
    pub person_remove: fn(&str) -> String,
    pub person_bad_name: &'static str,
    pub person_bad_phone: &'static str,
    pub hard_day_title: &'static str,
    pub hard_day_people: &'static str,
    pub hard_day_no_people: &'static str,
    pub hard_day_meetings: &'static str,
    pub storage_kept: &'static str,
    pub storage_not_kept: &'static str,
    pub storage_ios: &'static str,
    pub backup_title: &'static str,
    pub backup_help: &'static str,
    pub backup_save_json: &'static str,
    pub backup_save_csv: &'static str,
    pub backup_restore: &'static str,
    /// Check-ins, counters, people.
    pub backup_preview: fn(usize, usize, usize) -> String,
    /// The first and last day with a check-in.
    pub backup_preview_days: fn(&str, &str) -> String,
    pub backup_preview_replaces: &'static str,
    pub backup_replace: &'static str,
    pub backup_replaced: &'static str,
    pub backup_download_failed: &'static str,
    pub backup_too_large: &'static str,
    pub backup_foreign: &'static str,
    pub backup_cut_short: &'static str,
    pub backup_other_version: &'static str,
    pub backup_damaged: &'static str,
    pub delete_everything: &'static str,
    pub delete_question: &'static str,
    pub delete_yes: &'static str,

    // The log's reminder.
    pub reminder_title: &'static str,
    pub reminder_help: &'static str,
    pub reminder_on: &'static str,
    pub reminder_time: &'static str,
    pub reminder_notify: &'static str,
    pub reminder_notify_on: &'static str,
    pub reminder_notify_blocked: &'static str,
    pub reminder_prompt: &'static str,
    pub reminder_prompt_locked: &'static str,
    pub reminder_check_in: &'static str,
    pub reminder_not_today: &'static str,
    pub reminder_notification_body: &'static str,

    // The log's lock and encrypted copies.
    pub log_change_full: &'static str,
    pub log_change_refused: &'static str,
    /// The log could not be read from this device.
    pub log_read_failed: &'static str,
    pub backup_save_encrypted: &'static str,
    pub encrypted_help: &'static str,
    pub encrypting: &'static str,
    pub encrypted_saved: &'static str,
    pub decrypting: &'static str,
    pub encrypted_copy_passphrase: &'static str,
    pub open_copy: &'static str,
    pub passphrase_label: &'static str,
    pub passphrase_again: &'static str,
    pub passphrase_too_short: fn(usize) -> String,
    pub passphrase_too_long: &'static str,
    pub passphrase_different: &'static str,
    pub wrong_passphrase: &'static str,
    pub error_locked: &'static str,
    pub error_lock_removed: &'static str,
    pub error_crypto: &'static str,
    pub lock_title: &'static str,
    pub lock_help: &'static str,
    pub lock_warning: &'static str,
    pub lock_turn_on: &'static str,
    pub locking: &'static str,
    pub lock_on: &'static str,
    pub lock_now: &'static str,
    pub lock_remove: &'static str,
    pub lock_remove_question: &'static str,
    pub lock_remove_yes: &'static str,
    pub auto_lock_label: &'static str,
    pub auto_lock_minutes: fn(u32) -> String,
    pub locked_title: &'static str,
    pub unlock: &'static str,
    pub unlocking: &'static str,
    /// While the lock is being removed and the log stored plainly again.
    pub removing_lock: &'static str,
    pub locked_forgotten: &'static str,

    // Settings.
    pub settings_title: &'static str,
    pub language: &'static str,
    pub home_area: &'static str,
    pub home_area_help: &'static str,
    pub no_area: &'static str,
    pub area_option: fn(&str, u64) -> String,
    pub areas_loading: &'static str,
    pub areas_offline: &'static str,
    pub time_zone_note: fn(&str) -> String,
    pub discretion_title: &'static str,
    pub update_ready: &'static str,
    pub update_reload: &'static str,
    pub neutral_name_label: &'static str,
    pub neutral_name_help: &'static str,

    // Sync and errors.
    pub checking: &'static str,
    pub up_to_date: &'static str,
    pub try_again: &'static str,
    pub error_storage_full: &'static str,
    pub error_storage: &'static str,
    pub error_offline: &'static str,
    pub error_server: fn(u16) -> String,
    pub error_bad_response: &'static str,
    pub error_newer_version: &'static str,
    pub error_not_found: &'static str,
    pub page_not_found: &'static str,

    // Names.
    pub weekdays: [&'static str; 7],
    pub day_periods: [&'static str; 4],
    pub attendance: [&'static str; 3],
    pub approaches: [&'static str; 6],
    pub fellowships: [&'static str; 12],
}

/// One approach in the guide: its name, example groups, core idea (two
/// plain sentences), what a meeting is like, and who it may suit.
pub struct GuideEntryWords {
    pub name: &'static str,
    pub groups: &'static str,
    pub idea: &'static str,
    pub meeting: &'static str,
    pub suits: &'static str,
    pub see_meetings: &'static str,
}

/// The words of "Which group might fit me?". Warm, plain and
/// non-judgemental: nothing ranks one group above another.
pub struct GuideWords {
    pub title: &'static str,
    pub intro: &'static str,
    /// The link to the guide from other pages.
    pub link: &'static str,
    pub questions_title: &'static str,
    pub questions_help: &'static str,
    pub no_preference: &'static str,
    /// Each question and its two answers, in the order of
    /// [`Question::ALL`](lantern_core::guide::Question::ALL).
    pub questions: [(&'static str, [&'static str; 2]); 5],
    pub suggestion_title: &'static str,
    pub suggestion_all: &'static str,
    pub suggestion_some: &'static str,
    pub show_meetings: fn(usize) -> String,
    pub show_meetings_unknown: &'static str,
    pub no_meetings: &'static str,
    pub approaches_title: &'static str,
    pub approaches_help: &'static str,
    pub idea: &'static str,
    pub meeting: &'static str,
    pub suits: &'static str,
    /// In the order of [`GuideEntry::ALL`].
    pub entries: [GuideEntryWords; 7],
    /// In the order of [`Tip::ALL`].
    pub tips: [&'static str; 7],
    pub tech_check_link: &'static str,
}

/// The words of the tech check, `/tech-check`, and of the offer made
/// before a person's first online meeting.
pub struct TechCheckWords {
    pub title: &'static str,
    pub intro: &'static str,
    pub permission_note: &'static str,
    pub start: &'static str,
    pub starting: &'static str,
    pub stop: &'static str,
    pub preview_label: &'static str,
    pub level_label: &'static str,
    pub speak: &'static str,
    pub works_both: &'static str,
    pub works_microphone_only: &'static str,
    pub works_camera_only: &'static str,
    pub stopped: &'static str,
    pub denied: &'static str,
    pub no_device: &'static str,
    pub in_use: &'static str,
    pub unsupported: &'static str,
    /// Any other failure, by the browser's name for it.
    pub other: fn(&str) -> String,
    pub link_title: &'static str,
    /// How the link should open, by the meeting's service ("Zoom") or, for
    /// one Lantern does not know, its host.
    pub link_intro: fn(&str) -> String,
    pub link_open: &'static str,
    pub link_trouble_title: &'static str,
    pub link_trouble: &'static [&'static str],
    pub zoom_test: &'static str,
    pub no_meeting: &'static str,
    pub back_to_meeting: &'static str,
    /// The link on an online meeting's page.
    pub meeting_link: &'static str,
    pub offer_title: &'static str,
    pub offer_text: &'static str,
    pub offer_join: &'static str,
}

impl GuideWords {
    /// An entry's words.
    pub fn entry(&self, entry: GuideEntry) -> &GuideEntryWords {
        let position = GuideEntry::ALL.iter().position(|e| *e == entry);
        // ALL holds every entry and `entries` as many: always found.
        &self.entries[position.unwrap_or(0)]
    }

    /// A tip's words.
    pub fn tip(&self, tip: Tip) -> &'static str {
        let position = Tip::ALL.iter().position(|t| *t == tip);
        // ALL holds every tip and `tips` as many: always found.
        self.tips[position.unwrap_or(0)]
    }
}

impl Words {
    /// A mood's word, 1 (very low) to 5 (very good); empty out of range.
    pub fn mood(&self, mood: u8) -> &'static str {
        one_to_five(&self.moods, mood)
    }

    /// A reflection rating's word, 1 to 5; empty out of range.
    pub fn rating(&self, rating: u8) -> &'static str {
        one_to_five(&self.ratings, rating)
    }

    /// A day's name (Sunday first, as in core).
    pub fn weekday(&self, day: Weekday) -> &'static str {
        self.weekdays
            .get(usize::from(day.sunday_zero()))
            .copied()
            .unwrap_or("")
    }

    /// A part of the day's name with its hours.
    pub fn day_period(&self, period: DayPeriod) -> &'static str {
        let position = DayPeriod::ALL.iter().position(|p| *p == period);
        position
            .and_then(|n| self.day_periods.get(n))
            .copied()
            .unwrap_or("")
    }

    /// How one attends.
    pub fn attendance(&self, attendance: Attendance) -> &'static str {
        let n = match attendance {
            Attendance::Online => 0,
            Attendance::InPerson => 1,
            Attendance::Hybrid => 2,
        };
        self.attendance.get(n).copied().unwrap_or("")
    }

    /// An approach's name.
    pub fn approach(&self, approach: Approach) -> &'static str {
        let position = Approach::ALL.iter().position(|a| *a == approach);
        position
            .and_then(|n| self.approaches.get(n))
            .copied()
            .unwrap_or("")
    }

    /// A fellowship's name; `None` for "other", which is better left unsaid
    /// on a meeting.
    pub fn fellowship(&self, fellowship: Fellowship) -> Option<&'static str> {
        if fellowship == Fellowship::Other {
            return None;
        }
        let position = Fellowship::ALL.iter().position(|f| *f == fellowship);
        position.and_then(|n| self.fellowships.get(n)).copied()
    }

    /// A fellowship's name for the filter sheet, "other" included.
    pub fn fellowship_option(&self, fellowship: Fellowship) -> &'static str {
        let position = Fellowship::ALL.iter().position(|f| *f == fellowship);
        position
            .and_then(|n| self.fellowships.get(n))
            .copied()
            .unwrap_or("")
    }
}

/// The chosen language, in context: a `Copy` handle.
#[derive(Clone, Copy)]
pub struct I18n {
    locale: RwSignal<Locale>,
}

impl I18n {
    /// Puts the language in context: the browser's, until the saved choice
    /// (if any) is read.
    pub fn provide() -> I18n {
        let i18n = I18n {
            locale: RwSignal::new(browser_locale().unwrap_or_default()),
        };
        provide_context(i18n);
        leptos::task::spawn_local(async move {
            let Ok(database) = crate::db::schema::open().await else {
                return;
            };
            let saved = crate::db::settings::language(&database).await;
            database.close();
            if let Some(locale) = saved.ok().flatten().and_then(|tag| Locale::from_tag(&tag)) {
                i18n.show(locale);
            }
        });
        i18n
    }

    /// The chosen language (tracked).
    pub fn locale(self) -> Locale {
        self.locale.get()
    }

    /// The chosen language, for code that runs once (the app is drawn
    /// again when it changes).
    pub fn locale_untracked(self) -> Locale {
        self.locale.get_untracked()
    }

    /// Switches the language and keeps the choice; the interface is drawn
    /// again in it.
    pub fn set_locale(self, locale: Locale) {
        self.show(locale);
        leptos::task::spawn_local(async move {
            if let Ok(database) = crate::db::schema::open().await {
                let _kept = crate::db::settings::set_language(&database, locale.tag()).await;
                database.close();
            }
        });
    }

    fn show(self, locale: Locale) {
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("lang", locale.tag());
        }
        self.locale.set(locale);
    }
}

/// The chosen language's handle from context.
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or(I18n {
        locale: RwSignal::new(Locale::default()),
    })
}

/// The words of the chosen language. Read once when a component is made:
/// the app draws itself again when the language changes.
pub fn use_words() -> &'static Words {
    use_i18n().locale.get_untracked().words()
}

/// The language the browser prefers, if the interface offers it.
pub fn browser_locale() -> Option<Locale> {
    let language = web_sys::window()?.navigator().language()?;
    Locale::from_tag(&language)
}

/// The word for a value of a 1-to-5 scale.
fn one_to_five(words: &[&'static str; 5], value: u8) -> &'static str {
    usize::from(value)
        .checked_sub(1)
        .and_then(|n| words.get(n))
        .copied()
        .unwrap_or("")
}
