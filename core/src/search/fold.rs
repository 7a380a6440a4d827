//! Text folding for search: lower case, accents removed, so `Reunión`
//! finds `reunion` and `CAFÉ` finds `cafe`. Applied once to the directory
//! when the index is built and to each query.

/// Folds text for matching: lower-cased, Latin accents removed, every run of
/// characters that are neither letters nor digits turned into one space.
///
/// ```
/// use lantern_core::search::fold::fold;
/// assert_eq!(fold("Reunión  Ñandú — São Paulo!"), "reunion nandu sao paulo");
/// ```
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// Appends the folded form of `text` to `out`, as [`fold`] would make it,
/// with one space before it when `out` already holds text and `text` has
/// some. Building the index this way makes one allocation for the whole
/// directory.
pub fn fold_into(text: &str, out: &mut String) {
    let mut space = true;
    for ch in text.chars() {
        // Most text is ASCII: no case tables, no accent table.
        let alphanumeric = if ch.is_ascii() {
            ch.is_ascii_alphanumeric()
        } else {
            ch.is_alphanumeric()
        };
        if !alphanumeric {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        if ch.is_ascii() {
            out.push(ch.to_ascii_lowercase());
            continue;
        }
        for lower in ch.to_lowercase() {
            match base_letter(lower) {
                Some(base) => out.push_str(base),
                None => out.push(lower),
            }
        }
    }
}

/// The unaccented form of a lower-case Latin letter with a diacritic.
fn base_letter(ch: char) -> Option<&'static str> {
    Some(match ch {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'þ' => "th",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folds_case_accents_and_punctuation() {
        let cases = [
            ("Step Study", "step study"),
            ("  Hope & Help  ", "hope help"),
            ("Ærøskøbing", "aeroskobing"),
            ("Straße", "strasse"),
            ("Łódź", "lodz"),
            ("Women's", "women s"),
            ("日本語 ミーティング", "日本語 ミーティング"),
            ("", ""),
        ];
        for (input, expected) in cases {
            assert_eq!(fold(input), expected, "{input:?}");
        }
    }

    #[test]
    fn appends_with_one_space_between_parts() {
        let mut out = String::new();
        for part in ["Hope Hall", "", "  ", "Café, 1 High St."] {
            super::fold_into(part, &mut out);
        }
        assert_eq!(out, "hope hall cafe 1 high st");
    }
}
