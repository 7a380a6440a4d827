//! The meetings a check-in offers to tick: those the person joined that
//! day from the app, then their saved meetings that met that day, then any
//! already ticked. Joins are kept on the device for a day or two only, to
//! be offered.

use serde::{Deserialize, Serialize};

use super::check_in::Attended;
use super::day::Day;

/// A meeting joined from the app (its Join link tapped) on a day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Joined {
    /// The day, by the device's calendar.
    pub day: Day,
    /// The meeting's id in the directory.
    pub id: String,
    /// Its name then.
    pub name: String,
}

/// Adds a join to `kept` and forgets those before yesterday; joining the
/// same meeting twice in a day is kept once.
pub fn record(kept: &mut Vec<Joined>, joined: Joined, today: Day) {
    let yesterday = today.add_days(-1).unwrap_or(today);
    kept.retain(|j| {
        j.day >= yesterday && j.day <= today && !(j.day == joined.day && j.id == joined.id)
    });
    kept.push(joined);
}

/// What a check-in for `day` offers, in order and each once: meetings
/// joined that day, saved meetings that met that day (`met`), then those
/// the check-in already lists (`went`).
///
/// ```
/// use lantern_core::log::{check_in::Attended, day::Day, joined::{offered, Joined}};
/// let day = Day::parse("2026-12-03").unwrap();
/// let hope = Attended::Listed { id: "aa:hope".into(), name: "Tuesday Night Hope".into() };
/// let joined = [Joined { day, id: "aa:hope".into(), name: "Tuesday Night Hope".into() }];
/// assert_eq!(offered(day, &joined, &[hope.clone()], &[]), [hope]);
/// ```
pub fn offered(day: Day, joined: &[Joined], met: &[Attended], went: &[Attended]) -> Vec<Attended> {
    let mut offered: Vec<Attended> = Vec::new();
    let candidates = joined
        .iter()
        .filter(|j| j.day == day)
        .map(|j| Attended::Listed {
            id: j.id.clone(),
            name: j.name.clone(),
        })
        .chain(met.iter().cloned())
        .chain(went.iter().cloned());
    for meeting in candidates {
        let seen = offered
            .iter()
            .any(|o| match (Attended::id(o), Attended::id(&meeting)) {
                (Some(a), Some(b)) => a == b,
                _ => *o == meeting,
            });
        if !seen {
            offered.push(meeting);
        }
    }
    offered
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Day {
        Day::parse(text).unwrap()
    }

    fn listed(id: &str, name: &str) -> Attended {
        Attended::Listed {
            id: id.into(),
            name: name.into(),
        }
    }

    #[test]
    fn joins_are_kept_a_day_and_once() {
        let mut kept = Vec::new();
        let join = |d: &str, id: &str| Joined {
            day: day(d),
            id: id.into(),
            name: format!("{id} meeting"),
        };
        record(&mut kept, join("2026-12-01", "a"), day("2026-12-01"));
        record(&mut kept, join("2026-12-02", "b"), day("2026-12-02"));
        record(&mut kept, join("2026-12-03", "c"), day("2026-12-03"));
        record(&mut kept, join("2026-12-03", "c"), day("2026-12-03"));
        let ids: Vec<&str> = kept.iter().map(|j| j.id.as_str()).collect();
        assert_eq!(ids, ["b", "c"]);
    }

    #[test]
    fn joined_first_then_met_then_went_each_once() {
        let today = day("2026-12-03");
        let joined = [
            Joined {
                day: day("2026-12-02"),
                id: "old".into(),
                name: "Yesterday's".into(),
            },
            Joined {
                day: today,
                id: "j".into(),
                name: "Joined".into(),
            },
        ];
        let met = [
            listed("m", "Met"),
            listed("j", "Joined, saved under another name"),
        ];
        let went = [
            listed("m", "Met"),
            Attended::Other {
                name: "Park group".into(),
            },
        ];
        assert_eq!(
            offered(today, &joined, &met, &went),
            [
                listed("j", "Joined"),
                listed("m", "Met"),
                Attended::Other {
                    name: "Park group".into()
                }
            ]
        );
    }
}
