//! Deterministic synthetic directories, for tests and benchmarks.
//!
//! The same seed always gives the same meetings. They look like a real
//! directory (fellowships, a mix of in-person, online and hybrid meetings,
//! evening-heavy times, many zones, regions and coordinates) but are plainly
//! made up: source `synthetic`, join links on `example.org`, fictional
//! phone numbers. Never show them to people as real.

use crate::fellowship::Fellowship;
use crate::meeting::{
    Area, Contact, Coordinates, JoinUrl, LocalTime, Meeting, MeetingId, OnlineAccess, Schedule,
    Venue, Weekday,
};
use crate::meeting_type;

/// The source name of every synthetic meeting.
pub const SOURCE: &str = "synthetic";

/// A deterministic generator (SplitMix64).
#[derive(Clone, Debug)]
pub struct Synthetic {
    state: u64,
}

const FELLOWSHIPS: [(Fellowship, u64); 9] = [
    (Fellowship::Aa, 50),
    (Fellowship::Na, 20),
    (Fellowship::SmartRecovery, 8),
    (Fellowship::AlAnon, 7),
    (Fellowship::RecoveryDharma, 5),
    (Fellowship::Ca, 3),
    (Fellowship::Lifering, 3),
    (Fellowship::WomenForSobriety, 2),
    (Fellowship::CelebrateRecovery, 2),
];

/// (zone, country, state, city, latitude, longitude)
const PLACES: [(&str, &str, &str, &str, f64, f64); 12] = [
    (
        "America/New_York",
        "US",
        "New York",
        "Brooklyn",
        40.6782,
        -73.9442,
    ),
    (
        "America/Chicago",
        "US",
        "Texas",
        "Austin",
        30.2672,
        -97.7431,
    ),
    (
        "America/Denver",
        "US",
        "Colorado",
        "Denver",
        39.7392,
        -104.9903,
    ),
    (
        "America/Los_Angeles",
        "US",
        "California",
        "Oakland",
        37.8044,
        -122.2712,
    ),
    (
        "America/Toronto",
        "CA",
        "Ontario",
        "Toronto",
        43.6532,
        -79.3832,
    ),
    ("Europe/London", "GB", "England", "Leeds", 53.8008, -1.5491),
    (
        "Europe/Dublin",
        "IE",
        "Leinster",
        "Dublin",
        53.3498,
        -6.2603,
    ),
    ("Europe/Berlin", "DE", "Berlin", "Berlin", 52.52, 13.405),
    ("Europe/Madrid", "ES", "Madrid", "Madrid", 40.4168, -3.7038),
    (
        "Australia/Sydney",
        "AU",
        "New South Wales",
        "Sydney",
        -33.8688,
        151.2093,
    ),
    (
        "Pacific/Auckland",
        "NZ",
        "Auckland",
        "Auckland",
        -36.8485,
        174.7633,
    ),
    ("Asia/Tokyo", "JP", "Tokyo", "Tokyo", 35.6762, 139.6503),
];

const FIRST: [&str; 16] = [
    "Serenity",
    "Hope",
    "New Day",
    "Sunrise",
    "Open Door",
    "Lifeline",
    "Courage",
    "Harmony",
    "Keep It Simple",
    "Fresh Start",
    "Daily",
    "Riverside",
    "Lighthouse",
    "Common Ground",
    "Steady",
    "Willow",
];
const SECOND: [&str; 12] = [
    "Group",
    "Step Study",
    "Discussion",
    "Speaker Meeting",
    "Circle",
    "Check-In",
    "Big Book",
    "Sangha",
    "Tools Meeting",
    "Support Meeting",
    "Women's Meeting",
    "Men's Meeting",
];
const COMMON_TYPES: [&str; 12] = [
    "O", "C", "D", "SP", "ST", "BE", "W", "M", "MED", "LGBTQ", "X", "Y",
];

impl Synthetic {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Synthetic {
        Synthetic { state: seed }
    }

    fn next(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        let index = usize::try_from(self.below(items.len() as u64)).ok()?;
        items.get(index)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// `count` meetings with ids `synthetic:0` to `synthetic:<count-1>`.
    pub fn meetings(&mut self, count: usize) -> Vec<Meeting> {
        (0..count).filter_map(|n| self.meeting(n)).collect()
    }

    fn meeting(&mut self, n: usize) -> Option<Meeting> {
        let total: u64 = FELLOWSHIPS.iter().map(|(_, w)| w).sum();
        let mut roll = self.below(total);
        let mut fellowship = Fellowship::Aa;
        for (candidate, weight) in FELLOWSHIPS {
            if roll < weight {
                fellowship = candidate;
                break;
            }
            roll -= weight;
        }
        let &(zone, country, state, city, lat, lon) = self.pick(&PLACES)?;
        // Evenings are busiest: half of all meetings start 17:00–20:30.
        let hour = if self.chance(50) {
            17 + self.below(4)
        } else {
            6 + self.below(16)
        };
        let minute = *self.pick(&[0u64, 0, 15, 30, 30, 45])?;
        let start = LocalTime::new(u8::try_from(hour).ok()?, u8::try_from(minute).ok()?)?;
        let kind = self.below(100);
        let (in_person, online) = (kind < 70, kind >= 55);
        let mut types: Vec<String> = Vec::new();
        for _ in 0..1 + self.below(3) {
            let code = (*self.pick(&COMMON_TYPES)?).to_owned();
            if !types.contains(&code) {
                types.push(code);
            }
        }
        if self.chance(10) {
            types.push("S".to_owned());
        }
        if online {
            for code in [
                meeting_type::CAMERA_OPTIONAL,
                meeting_type::CHAT,
                meeting_type::SMALL_GROUP,
            ] {
                if self.chance(40) {
                    types.push(code.to_owned());
                }
            }
        }
        let languages = types
            .iter()
            .filter_map(|t| meeting_type::spoken_language(t))
            .map(str::to_owned)
            .collect();
        let first = self.pick(&FIRST)?;
        let second = self.pick(&SECOND)?;
        let venue = in_person.then(|| {
            let jitter = |g: &mut Synthetic| (g.below(2000) as f64 - 1000.0) / 10_000.0;
            let (dlat, dlon) = (jitter(self), jitter(self));
            Venue {
                location: format!("{first} Hall"),
                address: format!("{} Example Street, {city}, {country}", 1 + self.below(400)),
                coordinates: Coordinates::from_degrees(lat + dlat, lon + dlon),
            }
        });
        let access = online.then(|| OnlineAccess {
            url: JoinUrl::parse(&format!("https://example.org/synthetic/{n}")).ok(),
            phone: if self.chance(30) {
                format!("+155501{:02}", self.below(100))
            } else {
                String::new()
            },
            notes: String::new(),
        });
        // Each level once, as imports keep them (Madrid is its own province).
        let regions = if state == city {
            vec![city.to_owned()]
        } else {
            vec![state.to_owned(), city.to_owned()]
        };
        Some(Meeting {
            id: MeetingId::new(SOURCE, &n.to_string()),
            name: format!("{first} {second}"),
            fellowship,
            schedule: Schedule {
                day: *self.pick(&Weekday::ALL)?,
                start,
                minutes: *self.pick(&[60u16, 60, 60, 90, 45])?,
                zone: zone.to_owned(),
            },
            // An online meeting is placed by its regions, as imports do.
            area: if venue.is_none() {
                Area::from_regions(&regions)
            } else {
                None
            },
            in_person: venue,
            online: access,
            types,
            languages,
            regions,
            contact: Contact::default(),
            group: format!("{first} Group"),
            notes: if self.chance(30) {
                "Synthetic test meeting.".to_owned()
            } else {
                String::new()
            },
            source: SOURCE.to_owned(),
            updated: String::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meeting::Attendance;

    #[test]
    fn is_deterministic_and_varied() {
        let a = Synthetic::new(7).meetings(2_000);
        let b = Synthetic::new(7).meetings(2_000);
        assert_eq!(a, b);
        assert_ne!(a, Synthetic::new(8).meetings(2_000));
        assert_eq!(a.len(), 2_000);
        let count = |attendance| a.iter().filter(|m| m.attendance() == attendance).count();
        for attendance in [Attendance::InPerson, Attendance::Online, Attendance::Hybrid] {
            assert!(
                count(attendance) > 200,
                "{attendance:?}: {}",
                count(attendance)
            );
        }
        let fellowships: std::collections::HashSet<_> = a.iter().map(|m| m.fellowship).collect();
        assert_eq!(fellowships.len(), FELLOWSHIPS.len());
    }
}
