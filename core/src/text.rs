//! Plain-text cleaning for everything a feed sends.
//!
//! Feeds are written by hand in content-management systems and often carry
//! HTML. Lantern never renders HTML, so markup is removed, the handful of
//! entities real feeds use are decoded, white space is folded and the length
//! is capped.

/// Turns feed text into plain text: tags removed, common entities decoded,
/// control and invisible characters dropped, runs of white space folded to one space, and
/// the result cut to at most `max_chars` characters (on a character boundary).
///
/// A paragraph or line break in the markup becomes a newline when
/// `keep_lines` is true (for notes); otherwise everything is one line.
///
/// ```
/// use lantern_core::text::plain_text;
/// assert_eq!(plain_text("<b>Step</b> &amp; <i>Tradition</i>", 100, false), "Step & Tradition");
/// assert_eq!(plain_text("<script>alert(1)</script>Hi", 100, false), "Hi");
/// ```
pub fn plain_text(input: &str, max_chars: usize, keep_lines: bool) -> String {
    // Entities first, so `&lt;script&gt;` is stripped as the markup it
    // becomes; then strip until nothing changes, so split markup such as
    // `<<b></b>script>` cannot reassemble. Each pass is linear and removes
    // at least one tag, and real feeds need one or two.
    // Control characters go first: left in, they hide markup from the
    // stripper (`<\u{1}/script>`) and reappear as a tag once dropped.
    // Invisible characters go too: bidi overrides and isolates make a name
    // read backwards, and zero-width ones hide what a line holds.
    let dropped = |c: char| (c.is_control() && !c.is_whitespace()) || is_invisible(c);
    let visible: String;
    let input = if input.chars().any(dropped) {
        visible = input.chars().filter(|c| !dropped(*c)).collect();
        &visible
    } else {
        input
    };
    let mut decoded = decode_entities(input);
    for _ in 0..4 {
        let stripped = strip_tags(&decoded);
        if stripped.len() == decoded.len() {
            break;
        }
        decoded = stripped;
    }
    if looks_like_markup(&decoded) {
        // Still markup after four passes: a deliberate attack. Keep the text
        // readable without letting any tag through.
        decoded = decoded.replace('<', "‹");
    }
    let mut out = String::with_capacity(decoded.len().min(max_chars * 4));
    let mut count = 0usize;
    let mut pending_space = false;
    let mut pending_newline = false;
    for ch in decoded.chars() {
        // Again after decoding: `&#x202E;` is an override too.
        if is_invisible(ch) {
            continue;
        }
        if ch == '\n' && keep_lines {
            pending_newline = !out.is_empty();
            continue;
        }
        if ch.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if ch.is_control() {
            continue;
        }
        let separator = if pending_newline {
            Some('\n')
        } else if pending_space {
            Some(' ')
        } else {
            None
        };
        let needed = 1 + usize::from(separator.is_some());
        if count + needed > max_chars {
            break;
        }
        if let Some(sep) = separator {
            out.push(sep);
            count += 1;
        }
        pending_space = false;
        pending_newline = false;
        out.push(ch);
        count += 1;
    }
    out
}

/// Removes tags, and the whole content of `<script>` and `<style>` elements.
/// Block-level breaks (`<br>`, `</p>`, `</div>`, `</li>`) become newlines.
fn strip_tags(input: &str) -> String {
    if !input.contains('<') {
        return input.to_owned();
    }
    let mut out = String::with_capacity(input.len());
    let mut rest = input;
    while let Some(start) = rest.find('<') {
        let (before, tag_and_after) = rest.split_at(start);
        out.push_str(before);
        // Markup starts `<a`, `</` or `<!`; any other '<' is text ("a < b").
        let opens_tag = tag_and_after
            .as_bytes()
            .get(1)
            .is_some_and(|b| starts_tag(*b));
        if !opens_tag {
            out.push('<');
            rest = tag_and_after.get(1..).unwrap_or("");
            continue;
        }
        let Some(end) = tag_and_after.find('>') else {
            // A lone '<' is text ("a < b"), not markup.
            out.push_str(tag_and_after);
            return out;
        };
        let (tag, after) = tag_and_after.split_at(end + 1);
        let name = tag_name(tag);
        if name == "script" || name == "style" {
            let closing = format!("</{name}");
            rest = match find_ascii_case_insensitive(after, &closing) {
                Some(pos) => after
                    .get(pos..)
                    .and_then(|s| s.find('>').and_then(|gt| s.get(gt + 1..)))
                    .unwrap_or(""),
                None => "",
            };
            continue;
        }
        if matches!(name.as_str(), "br" | "/p" | "/div" | "/li" | "p" | "div") {
            out.push('\n');
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Whether `text` opens an HTML tag anywhere (`<a`, `</`, `<!`). A `<`
/// before anything else, as in "<3" or "a < b", is not markup.
///
/// ```
/// use lantern_core::text::looks_like_markup;
/// assert!(looks_like_markup("hi <script>"));
/// assert!(!looks_like_markup("<3 and 1 < 2"));
/// ```
pub fn looks_like_markup(text: &str) -> bool {
    text.as_bytes()
        .windows(2)
        .any(|w| w.first() == Some(&b'<') && w.get(1).is_some_and(|b| starts_tag(*b)))
}

/// A byte after `<` that makes it markup: `<a`, `</` or `<!`.
fn starts_tag(byte: u8) -> bool {
    byte.is_ascii_alphabetic() || byte == b'/' || byte == b'!'
}

/// The lower-cased name of a tag such as `<Script src=..>` or `</p>`.
fn tag_name(tag: &str) -> String {
    tag.trim_start_matches('<')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '/')
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Finds an ASCII needle ignoring case, without copying the haystack (a
/// copy per `<script>` would make hostile input quadratic).
fn find_ascii_case_insensitive(haystack: &str, needle: &str) -> Option<usize> {
    let needle = needle.as_bytes();
    haystack
        .as_bytes()
        .windows(needle.len().max(1))
        .position(|window| window.eq_ignore_ascii_case(needle))
}

/// Decodes the named entities feeds use and numeric ones (`&#39;`, `&#x2019;`).
fn decode_entities(input: &str) -> String {
    if !input.contains('&') {
        return input.to_owned();
    }
    let mut out = String::with_capacity(input.len());
    let mut rest = input;
    while let Some(start) = rest.find('&') {
        let (before, from_amp) = rest.split_at(start);
        out.push_str(before);
        // Entities are short: look for ';' in the next few bytes only.
        let entity_end = from_amp.bytes().take(12).position(|b| b == b';');
        let decoded = entity_end.and_then(|end| {
            let body = from_amp.get(1..end)?;
            Some((decode_entity(body)?, end + 1))
        });
        match decoded {
            Some((ch, len)) => {
                out.push(ch);
                rest = from_amp.get(len..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = from_amp.get(1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out
}

fn decode_entity(body: &str) -> Option<char> {
    let named = match body {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        "ndash" => Some('–'),
        "mdash" => Some('—'),
        "rsquo" => Some('’'),
        "lsquo" => Some('‘'),
        "hellip" => Some('…'),
        _ => None,
    };
    if named.is_some() {
        return named;
    }
    let number = body.strip_prefix('#')?;
    let code = match number.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => number.parse().ok()?,
    };
    char::from_u32(code).filter(|c| !c.is_control() || c.is_whitespace())
}

/// Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069),
/// and zero-width spaces and joiners that join nothing (U+200B, U+2060,
/// U+FEFF). The zero-width joiner and non-joiner (U+200C, U+200D) stay:
/// emoji and several scripts need them.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::plain_text;

    #[test]
    fn cleans_feed_text() {
        let cases: &[(&str, usize, bool, &str)] = &[
            ("Plain", 100, false, "Plain"),
            ("  lots   of\t space  ", 100, false, "lots of space"),
            ("<p>One</p><p>Two</p>", 100, true, "One\nTwo"),
            ("<p>One</p><p>Two</p>", 100, false, "One Two"),
            ("a < b and c > d", 100, false, "a < b and c > d"),
            ("<SCRIPT>evil()</SCRIPT>Safe", 100, false, "Safe"),
            ("<style>p{}</style>x", 100, false, "x"),
            ("<img src=x onerror=alert(1)>Name", 100, false, "Name"),
            (
                "Bill&#39;s &amp; Bob&#x2019;s",
                100,
                false,
                "Bill's & Bob’s",
            ),
            ("AT&T &bogus; &#xD800;", 100, false, "AT&T &bogus; &#xD800;"),
            ("abcdef", 3, false, "abc"),
            ("ab cd", 3, false, "ab"),
            ("zero\u{0}width\u{7}", 100, false, "zerowidth"),
            ("", 100, false, ""),
            ("<unclosed", 100, false, "‹unclosed"),
            ("&lt;script&gt;alert(1)&lt;/script&gt;x", 100, false, "x"),
            ("<<b></b>script>alert(1)<</b>/script>y", 100, false, "y"),
            ("&lt;b&gt;bold&lt;/b&gt; &amp;lt;", 100, false, "bold &lt;"),
            ("café &amp; thé", 100, false, "café & thé"),
        ];
        for (input, max, lines, expected) in cases {
            assert_eq!(
                plain_text(input, *max, *lines),
                *expected,
                "input {input:?}"
            );
        }
    }

    #[test]
    fn cleaning_twice_changes_nothing() {
        // Found by fuzzing: control characters between '<' and '/' hid a tag
        // that appeared once they were dropped.
        let cases = [
            "<\u{1}\u{0}/\"A > ",
            "<\u{7}script>x",
            "&lt;\u{1}b&gt;",
            "a < b",
            "<<b></b>i>x",
        ];
        for input in cases {
            let once = plain_text(input, 100, false);
            assert_eq!(plain_text(&once, 100, false), once, "{input:?}");
            assert!(
                !once.contains("</") && !once.contains("<s"),
                "{input:?} gave {once:?}"
            );
        }
    }

    #[test]
    fn invisible_characters_are_dropped_and_joiners_kept() {
        // A bidi override makes "Hope Group" read as something else; an
        // isolate and zero-width spaces hide what the text holds.
        let name = "Hope\u{202E}puorG\u{202C} \u{2066}x\u{2069}\u{200B}\u{FEFF}\u{2060}!";
        assert_eq!(plain_text(name, 100, false), "HopepuorG x!");
        // Written as entities, they are dropped once decoded.
        assert_eq!(
            plain_text("Hope&#x202E;puorG&#8203;", 100, false),
            "HopepuorG"
        );
        // Emoji sequences keep their joiner.
        let family = "Family 👨\u{200D}👩\u{200D}👧";
        assert_eq!(plain_text(family, 100, false), family);
    }

    #[test]
    fn hostile_input_stays_linear() {
        // Each of these is quadratic with a naive stripper; here they finish
        // at once (the test would take minutes otherwise).
        let scripts = "<script></script>".repeat(60_000);
        assert_eq!(plain_text(&scripts, 100, false), "");
        let amps = format!("&{}", "é".repeat(500_000));
        assert_eq!(plain_text(&amps, 3, false), "&éé");
        let opens = "<".repeat(1_000_000);
        assert_eq!(plain_text(&opens, 5, false).chars().count(), 5);
    }

    #[test]
    fn never_exceeds_the_cap() {
        let long = "é".repeat(10_000);
        assert_eq!(plain_text(&long, 200, false).chars().count(), 200);
    }
}
