//! The compact binary form in which the app keeps shards on the device.
//!
//! Start-up must turn tens of thousands of saved meetings into memory in a
//! fraction of a second; JSON or one stored object per meeting is several
//! times too slow in a browser. A shard is therefore kept as one blob in this
//! form, and each sync page as one more blob until the shard is compacted.
//!
//! The format is private to the device and versioned by its header: a blob
//! of another version, or a damaged one, is refused with an error, never a
//! panic, and the app syncs the shard again. Every length is checked against
//! the bytes left, so a corrupt length cannot make the decoder allocate
//! more than the blob's size.

use std::collections::BTreeMap;
use std::fmt;

use super::{Cursor, ShardId, ShardSnapshot, SyncPage};
use crate::fellowship::Fellowship;
use crate::meeting::{
    Area, Contact, Coordinates, JoinUrl, LocalTime, Meeting, MeetingId, OnlineAccess, Schedule,
    Venue, Weekday,
};

const MAGIC: &[u8; 3] = b"LNT";
/// Version 2 added a meeting's area and the cursor's snapshot head; blobs of
/// version 1 are synced again.
const VERSION: u8 = 2;
const SNAPSHOT: u8 = b'S';
const PAGE: u8 = b'P';
const ZONES: u8 = b'Z';

/// The fewest bytes one encoded meeting takes (its fixed fields and the
/// lengths of its empty texts).
const MIN_MEETING_BYTES: usize = 20;

/// The most zones one bundle may hold.
pub const MAX_ZONES: usize = 600;

/// Why a stored blob could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompactError {
    /// Where reading stopped, in bytes from the start.
    at: usize,
    what: &'static str,
}

impl CompactError {
    /// The byte offset at which the blob stopped making sense.
    pub fn offset(&self) -> usize {
        self.at
    }
}

impl fmt::Display for CompactError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "saved shard unreadable at byte {}: {}; it will be downloaded again",
            self.at, self.what
        )
    }
}

impl std::error::Error for CompactError {}

/// Encodes a whole shard.
pub fn encode_snapshot(snapshot: &ShardSnapshot) -> Vec<u8> {
    let mut out = Writer::with_header(SNAPSHOT, snapshot.meetings.len() * 160);
    out.str(snapshot.shard.as_str());
    out.cursor(snapshot.cursor);
    out.meetings(snapshot.meetings.values());
    out.bytes
}

/// Decodes a shard written by [`encode_snapshot`].
///
/// # Errors
///
/// When the blob is of another kind or version, cut short, or damaged.
pub fn decode_snapshot(blob: &[u8]) -> Result<ShardSnapshot, CompactError> {
    let mut reader = Reader::after_header(blob, SNAPSHOT)?;
    let shard = ShardId::parse(&reader.str()?).map_err(|_| reader.error("bad shard name"))?;
    let cursor = reader.cursor()?;
    let meetings = reader.meetings()?;
    reader.end()?;
    // Encoded in id order, so this builds the map without sorting.
    let meetings: BTreeMap<MeetingId, Meeting> =
        meetings.into_iter().map(|m| (m.id.clone(), m)).collect();
    Ok(ShardSnapshot {
        shard,
        cursor,
        meetings,
    })
}

/// Encodes one sync page, to be kept until its shard is compacted.
pub fn encode_page(page: &SyncPage) -> Vec<u8> {
    let mut out = Writer::with_header(PAGE, page.upserts.len() * 160);
    out.cursor(page.cursor);
    out.byte(u8::from(page.more));
    out.meetings(page.upserts.iter());
    out.len(page.deletes.len());
    for id in &page.deletes {
        out.str(id.as_str());
    }
    out.bytes
}

/// Decodes a page written by [`encode_page`].
///
/// # Errors
///
/// When the blob is of another kind or version, cut short, or damaged.
pub fn decode_page(blob: &[u8]) -> Result<SyncPage, CompactError> {
    let mut reader = Reader::after_header(blob, PAGE)?;
    let cursor = reader.cursor()?;
    let more = reader.byte()? != 0;
    let upserts = reader.meetings()?;
    let count = reader.len()?;
    // A damaged count must not reserve more than the blob could hold.
    let mut deletes = Vec::with_capacity(count.min(reader.left()));
    for _ in 0..count {
        deletes.push(MeetingId::from_stored(reader.str()?));
    }
    reader.end()?;
    Ok(SyncPage {
        cursor,
        more,
        upserts,
        deletes,
    })
}

/// Encodes time zones as (IANA name, TZif data) pairs, with the version of
/// the time-zone database they come from: what `GET /v1/tz` sends.
pub fn encode_zones<'a>(
    version: &str,
    zones: impl ExactSizeIterator<Item = (&'a str, &'a [u8])>,
) -> Vec<u8> {
    let mut out = Writer::with_header(ZONES, zones.len() * 1500);
    out.str(version);
    out.len(zones.len());
    for (name, data) in zones {
        out.str(name);
        out.len(data.len());
        out.bytes.extend_from_slice(data);
    }
    out.bytes
}

/// Time zones sent by `GET /v1/tz`: the database version and the zones.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZoneBundle {
    /// The time-zone database's version, such as `2025b`.
    pub version: String,
    /// Each zone's IANA name and TZif data (checked when the zone is built).
    pub zones: Vec<(String, Vec<u8>)>,
}

/// Decodes a bundle written by [`encode_zones`].
///
/// # Errors
///
/// When the blob is of another kind or version, cut short, damaged, or
/// holds more than [`MAX_ZONES`] zones.
pub fn decode_zones(blob: &[u8]) -> Result<ZoneBundle, CompactError> {
    let mut reader = Reader::after_header(blob, ZONES)?;
    let version = reader.str()?;
    let count = reader.len()?;
    if count > MAX_ZONES {
        return Err(reader.error("too many zones"));
    }
    let mut zones = Vec::with_capacity(count);
    for _ in 0..count {
        let name = reader.str()?;
        let len = reader.len()?;
        zones.push((name, reader.take(len)?.to_vec()));
    }
    reader.end()?;
    Ok(ZoneBundle { version, zones })
}

struct Writer {
    bytes: Vec<u8>,
}

impl Writer {
    fn with_header(kind: u8, capacity: usize) -> Writer {
        let mut bytes = Vec::with_capacity(capacity + 16);
        bytes.extend_from_slice(MAGIC);
        bytes.push(kind);
        bytes.push(VERSION);
        Writer { bytes }
    }

    fn byte(&mut self, value: u8) {
        self.bytes.push(value);
    }

    /// LEB128: seven bits a byte, low bits first.
    fn varint(&mut self, mut value: u64) {
        while value >= 0x80 {
            self.bytes.push((value & 0x7f) as u8 | 0x80);
            value >>= 7;
        }
        self.bytes.push(value as u8);
    }

    fn len(&mut self, len: usize) {
        self.varint(len as u64);
    }

    fn signed(&mut self, value: i32) {
        // Zig-zag, so small negative numbers stay short.
        self.varint(u64::from(((value << 1) ^ (value >> 31)) as u32));
    }

    fn str(&mut self, text: &str) {
        self.len(text.len());
        self.bytes.extend_from_slice(text.as_bytes());
    }

    fn strs(&mut self, list: &[String]) {
        self.len(list.len());
        for text in list {
            self.str(text);
        }
    }

    fn cursor(&mut self, cursor: Cursor) {
        self.varint(cursor.epoch());
        self.varint(cursor.sequence());
        self.varint(cursor.snapshot_head());
    }

    fn meetings<'a>(&mut self, meetings: impl ExactSizeIterator<Item = &'a Meeting>) {
        self.len(meetings.len());
        for meeting in meetings {
            self.meeting(meeting);
        }
    }

    fn meeting(&mut self, m: &Meeting) {
        self.str(m.id.as_str());
        self.str(&m.name);
        let fellowship = Fellowship::ALL
            .iter()
            .position(|f| *f == m.fellowship)
            .unwrap_or(0);
        self.len(fellowship);
        self.byte(m.schedule.day.sunday_zero());
        self.varint(u64::from(m.schedule.start.minutes_since_midnight()));
        self.varint(u64::from(m.schedule.minutes));
        self.str(&m.schedule.zone);
        let coordinates = m.in_person.as_ref().and_then(|v| v.coordinates);
        let flags = u8::from(m.in_person.is_some())
            | u8::from(m.online.is_some()) << 1
            | u8::from(coordinates.is_some()) << 2
            | u8::from(m.area.is_some()) << 3
            | u8::from(m.area.as_ref().is_some_and(|a| a.approximate)) << 4;
        self.byte(flags);
        if let Some(venue) = &m.in_person {
            self.str(&venue.location);
            self.str(&venue.address);
            if let Some(point) = coordinates {
                self.signed(point.lat_e6);
                self.signed(point.lon_e6);
            }
        }
        if let Some(online) = &m.online {
            self.str(online.url.as_ref().map_or("", JoinUrl::as_str));
            self.str(&online.phone);
            self.str(&online.notes);
        }
        if let Some(area) = &m.area {
            self.str(&area.address);
        }
        self.strs(&m.types);
        self.strs(&m.languages);
        self.strs(&m.regions);
        self.str(&m.contact.website);
        self.str(&m.contact.email);
        self.str(&m.contact.phone);
        self.str(&m.group);
        self.str(&m.notes);
        self.str(&m.source);
        self.str(&m.updated);
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn after_header(bytes: &'a [u8], kind: u8) -> Result<Reader<'a>, CompactError> {
        let mut reader = Reader { bytes, at: 0 };
        let header = reader.take(5)?;
        if header.get(..3) != Some(MAGIC.as_slice()) || header.get(3) != Some(&kind) {
            return Err(CompactError {
                at: 0,
                what: "not a saved shard of this kind",
            });
        }
        if header.get(4) != Some(&VERSION) {
            return Err(CompactError {
                at: 4,
                what: "written by another version of the app",
            });
        }
        Ok(reader)
    }

    fn left(&self) -> usize {
        self.bytes.len().saturating_sub(self.at)
    }

    fn error(&self, what: &'static str) -> CompactError {
        CompactError { at: self.at, what }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], CompactError> {
        let end = self
            .at
            .checked_add(n)
            .ok_or(self.error("length overflow"))?;
        let slice = self
            .bytes
            .get(self.at..end)
            .ok_or(self.error("cut short"))?;
        self.at = end;
        Ok(slice)
    }

    fn byte(&mut self) -> Result<u8, CompactError> {
        let byte = *self.bytes.get(self.at).ok_or(self.error("cut short"))?;
        self.at += 1;
        Ok(byte)
    }

    fn varint(&mut self) -> Result<u64, CompactError> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(self.error("number too long"))
    }

    /// A length or count, which can never exceed the bytes left (every
    /// item takes at least one).
    fn len(&mut self) -> Result<usize, CompactError> {
        let value = self.varint()?;
        let left = self.left();
        usize::try_from(value)
            .ok()
            .filter(|n| *n <= left)
            .ok_or(self.error("length past the end"))
    }

    fn small(&mut self) -> Result<u16, CompactError> {
        u16::try_from(self.varint()?).map_err(|_| self.error("number out of range"))
    }

    fn signed(&mut self, what: &'static str) -> Result<i32, CompactError> {
        let raw = u32::try_from(self.varint()?).map_err(|_| self.error(what))?;
        Ok((raw >> 1) as i32 ^ -((raw & 1) as i32))
    }

    fn str(&mut self) -> Result<String, CompactError> {
        let len = self.len()?;
        let bytes = self.take(len)?;
        std::str::from_utf8(bytes)
            .map(str::to_owned)
            .map_err(|_| self.error("text is not UTF-8"))
    }

    fn strs(&mut self) -> Result<Vec<String>, CompactError> {
        let count = self.len()?;
        let mut out = Vec::new();
        for _ in 0..count {
            out.push(self.str()?);
        }
        Ok(out)
    }

    fn cursor(&mut self) -> Result<Cursor, CompactError> {
        let epoch = self.varint()?;
        let sequence = self.varint()?;
        let head = self.varint()?;
        Cursor::in_epoch(epoch, sequence)
            .map(|c| c.with_snapshot_head(head))
            .ok_or(self.error("cursor out of range"))
    }

    fn meetings(&mut self) -> Result<Vec<Meeting>, CompactError> {
        let count = self.len()?;
        // A meeting takes at least MIN_MEETING_BYTES: a damaged count must
        // not reserve more than the blob could hold.
        let mut meetings = Vec::with_capacity(count.min(self.left() / MIN_MEETING_BYTES));
        for _ in 0..count {
            meetings.push(self.meeting()?);
        }
        Ok(meetings)
    }

    fn meeting(&mut self) -> Result<Meeting, CompactError> {
        let id = MeetingId::from_stored(self.str()?);
        let name = self.str()?;
        let fellowship = *Fellowship::ALL
            .get(self.len()?)
            .ok_or(self.error("unknown fellowship"))?;
        let day =
            Weekday::from_sunday_zero(i64::from(self.byte()?)).ok_or(self.error("unknown day"))?;
        let start = self.small()?;
        let start = u8::try_from(start / 60)
            .ok()
            .zip(u8::try_from(start % 60).ok())
            .and_then(|(hour, minute)| LocalTime::new(hour, minute))
            .ok_or(self.error("start time out of range"))?;
        let minutes = self.small()?;
        let zone = self.str()?;
        let flags = self.byte()?;
        let in_person = if flags & 1 != 0 {
            let location = self.str()?;
            let address = self.str()?;
            let coordinates = if flags & 4 != 0 {
                Some(Coordinates {
                    lat_e6: self.signed("latitude out of range")?,
                    lon_e6: self.signed("longitude out of range")?,
                })
            } else {
                None
            };
            Some(Venue {
                location,
                address,
                coordinates,
            })
        } else {
            None
        };
        let online = if flags & 2 != 0 {
            let url = self.str()?;
            Some(OnlineAccess {
                // Checked again: a damaged link must not become clickable.
                url: JoinUrl::parse(&url).ok(),
                phone: self.str()?,
                notes: self.str()?,
            })
        } else {
            None
        };
        let area = if flags & 8 != 0 {
            Some(Area {
                address: self.str()?,
                approximate: flags & 16 != 0,
            })
        } else {
            None
        };
        Ok(Meeting {
            id,
            name,
            fellowship,
            schedule: Schedule {
                day,
                start,
                minutes,
                zone,
            },
            in_person,
            online,
            area,
            types: self.strs()?,
            languages: self.strs()?,
            regions: self.strs()?,
            contact: Contact {
                website: self.str()?,
                email: self.str()?,
                phone: self.str()?,
            },
            group: self.str()?,
            notes: self.str()?,
            source: self.str()?,
            updated: self.str()?,
        })
    }

    fn end(&self) -> Result<(), CompactError> {
        if self.at == self.bytes.len() {
            Ok(())
        } else {
            Err(self.error("bytes left over"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthetic::Synthetic;

    fn snapshot(count: usize) -> ShardSnapshot {
        let mut snapshot = ShardSnapshot::new(ShardId::online());
        snapshot.cursor = Cursor::in_epoch(0x9f2c, 1234).unwrap();
        for meeting in Synthetic::new(7).meetings(count) {
            snapshot.meetings.insert(meeting.id.clone(), meeting);
        }
        snapshot
    }

    #[test]
    fn round_trips_a_shard_of_every_kind_of_meeting() {
        let mut snapshot = snapshot(2_000);
        // Text the generator does not make: empty, markup, emoji, bidi.
        let odd = snapshot.meetings.values_mut().next().unwrap();
        odd.name = "<script>alert(1)</script> 🙂 \u{202e}olleh".into();
        odd.notes = String::new();
        let blob = encode_snapshot(&snapshot);
        assert_eq!(decode_snapshot(&blob).unwrap(), snapshot);
        // Kinds of meeting covered, so the round trip means something.
        let all = || snapshot.meetings.values();
        assert!(all().any(|m| m
            .in_person
            .as_ref()
            .is_some_and(|v| v.coordinates.is_some())));
        assert!(all().any(|m| m.online.as_ref().is_some_and(|o| o.url.is_some())));
        assert!(all().any(|m| m.in_person.is_some() && m.online.is_some()));
        assert!(all().any(|m| !m.types.is_empty() && !m.regions.is_empty()));
        assert!(all().any(|m| m
            .in_person
            .as_ref()
            .and_then(|v| v.coordinates)
            .is_some_and(|c| c.lon_e6 < 0)));
    }

    #[test]
    fn round_trips_a_page() {
        let page = SyncPage {
            cursor: Cursor::in_epoch(1, 99).unwrap(),
            more: true,
            upserts: Synthetic::new(3).meetings(50),
            deletes: vec![MeetingId::new("demo", "gone"), MeetingId::new("x", "ü")],
        };
        assert_eq!(decode_page(&encode_page(&page)).unwrap(), page);
    }

    #[test]
    fn round_trips_a_zone_bundle() {
        let data = [b"TZif2".as_slice(), b"".as_slice()];
        let blob = encode_zones(
            "2025b",
            [("Europe/London", data[0]), ("UTC", data[1])].into_iter(),
        );
        let bundle = decode_zones(&blob).unwrap();
        assert_eq!(bundle.version, "2025b");
        assert_eq!(
            bundle.zones,
            [
                ("Europe/London".to_owned(), b"TZif2".to_vec()),
                ("UTC".to_owned(), vec![])
            ]
        );
        assert!(decode_zones(&blob[..blob.len() - 1]).is_err());
        assert!(
            decode_snapshot(&blob).is_err(),
            "a bundle is not a snapshot"
        );
    }

    #[test]
    fn refuses_damaged_blobs_without_panicking() {
        let blob = encode_snapshot(&snapshot(20));
        let page = encode_page(&SyncPage {
            cursor: Cursor::START,
            more: false,
            upserts: vec![],
            deletes: vec![],
        });
        assert!(decode_snapshot(&page).is_err(), "a page is not a snapshot");
        assert!(decode_snapshot(&[]).is_err());
        let mut other_version = blob.clone();
        other_version[4] = VERSION + 1;
        let error = decode_snapshot(&other_version).unwrap_err();
        assert_eq!(error.offset(), 4);
        assert!(error.to_string().contains("another version"), "{error}");
        // Every truncation, and a byte flipped at every position, ends in an
        // answer: an error or some shard, never a panic or a huge allocation.
        for len in 0..blob.len() {
            assert!(decode_snapshot(&blob[..len]).is_err(), "cut to {len}");
        }
        for at in 0..blob.len() {
            let mut flipped = blob.clone();
            flipped[at] ^= 0xff;
            let _ = decode_snapshot(&flipped);
        }
        let mut longer = blob.clone();
        longer.push(0);
        assert!(decode_snapshot(&longer).is_err(), "bytes left over");
        // A count as large as the bytes left, of meetings that cannot fit
        // in them: refused without reserving room for that many meetings.
        let mut huge = encode_snapshot(&ShardSnapshot::new(ShardId::online()));
        huge.truncate(huge.len() - 1);
        huge.extend_from_slice(&[0xe8, 0x07]);
        huge.extend(std::iter::repeat_n(0u8, 1000));
        assert!(decode_snapshot(&huge).is_err());
    }
}
