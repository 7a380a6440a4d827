//! Reading a JSON feed's rows one at a time.
//!
//! A parsed JSON document takes several times the memory of its text, and
//! a feed is up to [`MAX_FEED_BYTES`](super::MAX_FEED_BYTES) of text. So the
//! document is never built: each row is parsed, handed on and dropped before
//! the next is read, and reading stops as soon as the handler says so (a
//! cap is passed). What stays in memory is the feed's bytes, one row and
//! what the handler keeps.

use std::fmt;

use serde::de::{
    self, DeserializeSeed, Deserializer as _, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use serde_json::Value;

use super::{FeedError, Format};

/// Where a feed's rows are.
#[derive(Clone, Copy, Debug)]
pub(crate) enum RowsAt {
    /// The document is an array of rows (Meeting Guide).
    Array,
    /// The document is an array of rows, or an object with the rows in the
    /// array under this key (BMLT's `{meetings, formats}`).
    ArrayOrKey(&'static str),
}

/// Reads the rows of `bytes`, where `at` says, handing each to `each` in
/// order. `each` stops the reading by returning an error, which is then
/// returned as it is.
///
/// # Errors
///
/// [`FeedError::Unreadable`] when the document is not JSON of the expected
/// shape (with the parser's line and column), or the error `each` returned.
pub(crate) fn each_row(
    bytes: &[u8],
    format: Format,
    at: RowsAt,
    mut each: impl FnMut(Value) -> Result<(), FeedError>,
) -> Result<(), FeedError> {
    let mut stopped = None;
    let rows = Rows {
        each: &mut each,
        stopped: &mut stopped,
    };
    let mut parser = serde_json::Deserializer::from_slice(bytes);
    let read = match at {
        RowsAt::Array => parser.deserialize_seq(rows),
        RowsAt::ArrayOrKey(key) => parser.deserialize_any(Document { key, rows }),
    }
    .and_then(|()| parser.end());
    match (stopped, read) {
        (Some(error), _) => Err(error),
        (None, Ok(())) => Ok(()),
        (None, Err(error)) => Err(FeedError::Unreadable {
            format,
            reason: error.to_string(),
        }),
    }
}

/// The value under `key` of a document that is an object, read whole
/// (`None` when the document is an array or has no such key). Everything
/// else in the document is skipped without being kept, so this is cheap
/// even for a large feed.
///
/// # Errors
///
/// [`FeedError::Unreadable`] when the document is not JSON.
pub(crate) fn value_at(
    bytes: &[u8],
    format: Format,
    key: &'static str,
) -> Result<Option<Value>, FeedError> {
    let mut parser = serde_json::Deserializer::from_slice(bytes);
    parser
        .deserialize_any(Find { key })
        .and_then(|found| parser.end().map(|()| found))
        .map_err(|error| FeedError::Unreadable {
            format,
            reason: error.to_string(),
        })
}

/// Hands each element of an array to `each`, one at a time.
struct Rows<'a> {
    each: &'a mut dyn FnMut(Value) -> Result<(), FeedError>,
    /// Why `each` stopped the reading, if it did.
    stopped: &'a mut Option<FeedError>,
}

impl<'de> Visitor<'de> for Rows<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of meetings")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(row) = seq.next_element::<Value>()? {
            if let Err(error) = (self.each)(row) {
                *self.stopped = Some(error);
                return Err(de::Error::custom("stopped"));
            }
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Rows<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

/// A document that is an array of rows, or an object with them under `key`.
struct Document<'a> {
    key: &'static str,
    rows: Rows<'a>,
}

impl<'de> Visitor<'de> for Document<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an array of meetings, or an object with `{}`", self.key)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        self.rows.visit_seq(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut rows = Some(self.rows);
        while let Some(name) = map.next_key::<String>()? {
            match rows.take_if(|_| name == self.key) {
                Some(rows) => map.next_value_seed(rows)?,
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if rows.is_some() {
            return Err(de::Error::custom(format_args!(
                "an object without a `{}` array",
                self.key
            )));
        }
        Ok(())
    }
}

/// Finds the value under `key` of an object, skipping the rest.
struct Find {
    key: &'static str,
}

impl<'de> Visitor<'de> for Find {
    type Value = Option<Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON array or object")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<Value>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<Value>, A::Error> {
        let mut found = None;
        while let Some(name) = map.next_key::<String>()? {
            if name == self.key && found.is_none() {
                found = Some(map.next_value::<Value>()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(bytes: &[u8], at: RowsAt) -> Result<Vec<Value>, FeedError> {
        let mut rows = Vec::new();
        each_row(bytes, Format::Bmlt, at, |row| {
            rows.push(row);
            Ok(())
        })?;
        Ok(rows)
    }

    #[test]
    fn reads_rows_of_either_shape() {
        let rows = collect(br#"[{"a":1}, 2]"#, RowsAt::Array).unwrap();
        assert_eq!(rows, [serde_json::json!({"a":1}), serde_json::json!(2)]);
        let object = br#"{"formats":[{"k":1}],"meetings":[1,2,3],"x":{"y":[]}}"#;
        let rows = collect(object, RowsAt::ArrayOrKey("meetings")).unwrap();
        assert_eq!(rows.len(), 3);
        let found = value_at(object, Format::Bmlt, "formats").unwrap();
        assert_eq!(found, Some(serde_json::json!([{"k":1}])));
        assert_eq!(value_at(b"[1,2]", Format::Bmlt, "formats").unwrap(), None);
    }

    #[test]
    fn refuses_other_shapes_with_the_parser_position() {
        let error = collect(br#"{"meetings":[]}"#, RowsAt::Array).unwrap_err();
        assert!(
            error.to_string().contains("expected an array of meetings"),
            "{error}"
        );
        let error = collect(br#"{"formats":[]}"#, RowsAt::ArrayOrKey("meetings")).unwrap_err();
        assert!(
            error.to_string().contains("without a `meetings` array"),
            "{error}"
        );
        let error = collect(b"[1,2] [3]", RowsAt::Array).unwrap_err();
        assert!(error.to_string().contains("trailing characters"), "{error}");
        let error = collect(b"[1,\n2,", RowsAt::Array).unwrap_err();
        assert!(error.to_string().contains("line 2"), "{error}");
    }

    #[test]
    fn stops_when_told_and_returns_the_reason() {
        let mut seen = 0;
        let result = each_row(
            b"[0,0,0,0,0,not json",
            Format::MeetingGuide,
            RowsAt::Array,
            |_| {
                seen += 1;
                if seen == 3 {
                    Err(FeedError::TooManyRows { limit: 2 })
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(result, Err(FeedError::TooManyRows { limit: 2 }));
        assert_eq!(seen, 3, "reading stopped at the row that passed the cap");
    }
}
