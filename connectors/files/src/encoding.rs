use std::borrow::Cow;

use encoding_rs::Encoding;

/// Which text encoding to read a file in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncodingChoice {
    /// Strict UTF-8 (a leading BOM is skipped); a field with invalid bytes rejects its row.
    Utf8,
    /// A named encoding (windows-1252, ISO-8859-15, UTF-16LE ...), decoded to UTF-8.
    Named(&'static Encoding),
    /// Decide from the file: BOM, else valid UTF-8, else the most likely legacy encoding.
    Auto,
}

impl EncodingChoice {
    /// Parses `utf-8`, `auto` or any WHATWG encoding label (`latin1`, `windows-1252`, `utf-16le`,
    /// `macintosh` ...); `mac-roman` and `macroman` name Mac OS Roman too (the name people use,
    /// which WHATWG spells `x-mac-roman`).
    pub fn parse(label: &str) -> Option<EncodingChoice> {
        let l = label.trim().to_ascii_lowercase();
        match l.as_str() {
            "utf-8" | "utf8" => Some(EncodingChoice::Utf8),
            "auto" | "detect" => Some(EncodingChoice::Auto),
            "mac-roman" | "macroman" | "mac_roman" => {
                Some(EncodingChoice::Named(encoding_rs::MACINTOSH))
            }
            _ => Encoding::for_label(l.as_bytes()).map(|e| {
                if e == encoding_rs::UTF_8 {
                    EncodingChoice::Utf8
                } else {
                    EncodingChoice::Named(e)
                }
            }),
        }
    }
}

/// Guesses the encoding of a file from its first bytes: a BOM wins, then UTF-16 without BOM
/// recognised by its NUL bytes ([`utf16_from_nuls`]), then valid UTF-8, then chardetng's guess
/// (it knows the legacy single-byte code pages of Western Europe, but never answers Mac OS
/// Roman: such files must name `encoding = "macintosh"`).
pub fn detect_encoding(prefix: &[u8], complete: bool) -> &'static Encoding {
    if let Some((encoding, _)) = Encoding::for_bom(prefix) {
        return encoding;
    }
    if let Some(encoding) = utf16_from_nuls(prefix) {
        return encoding;
    }
    match std::str::from_utf8(prefix) {
        Ok(_) => return encoding_rs::UTF_8,
        // A multi-byte character cut at the end of the sample is still UTF-8.
        Err(e) if !complete && e.error_len().is_none() => return encoding_rs::UTF_8,
        Err(_) => {}
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(prefix, complete);
    detector.guess(None, true)
}

/// UTF-16 without a byte-order mark, told by its NUL bytes: text of Western Europe is mostly
/// ASCII, whose UTF-16 code units have one zero byte, always on the same side (the odd bytes
/// for little-endian). Text in any 8-bit encoding or UTF-8 has no NUL bytes at all, so a third
/// of the pairs with a zero on one side and none on the other is unambiguous.
pub fn utf16_from_nuls(prefix: &[u8]) -> Option<&'static Encoding> {
    let sample = &prefix[..prefix.len().min(4096) & !1];
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    if odd * 3 >= pairs && even == 0 {
        Some(encoding_rs::UTF_16LE)
    } else if even * 3 >= pairs && odd == 0 {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// Repairs mojibake: UTF-8 text that was once decoded as windows-1252 (or ISO-8859-1), such as
/// `RenÃ©` for `René`, `â‚¬` for `€`, `MÃ¼ller` for `Müller`; applied twice at most, for text
/// that went through it twice.
///
/// Every run of non-ASCII characters is encoded back to windows-1252; the parts of those bytes
/// that form valid UTF-8 of a letter or sign of European text (Latin, Greek, Cyrillic,
/// punctuation, currency) replace the characters they came from. Anything else stays as it
/// is, so correct text is never changed: `René`, `JOÃO` or `Ãlvaro` (a real `Ã` is followed by
/// a letter, which is no UTF-8 continuation byte), and values with characters windows-1252
/// cannot hold.
pub fn repair_mojibake(s: &str) -> Cow<'_, str> {
    let mut out = Cow::Borrowed(s);
    for _ in 0..2 {
        match repair_once(&out) {
            Some(fixed) => out = Cow::Owned(fixed),
            None => break,
        }
    }
    out
}

/// Whether [`repair_mojibake`] would change `s`.
pub fn looks_like_mojibake(s: &str) -> bool {
    // Every lead byte of a mojibake sequence (Â … ô) is U+00C2..U+00F4, whose UTF-8 starts with
    // 0xC3: a cheap test that spares the rest for nearly every value.
    s.as_bytes().contains(&0xC3) && repair_once(s).is_some()
}

/// One pass of [`repair_mojibake`]; `None` when nothing changes.
fn repair_once(s: &str) -> Option<String> {
    if s.is_ascii() {
        return None;
    }
    let mut out = String::with_capacity(s.len());
    let mut changed = false;
    let mut rest = s;
    while let Some(start) = rest.find(|c: char| !c.is_ascii()) {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let end = tail.find(|c: char| c.is_ascii()).unwrap_or(tail.len());
        let run = &tail[..end];
        changed |= repair_run(run, &mut out);
        rest = &tail[end..];
    }
    out.push_str(rest);
    changed.then_some(out)
}

/// Appends `run` (non-ASCII characters only) to `out`, repaired where it is mojibake; returns
/// whether anything was repaired.
fn repair_run(run: &str, out: &mut String) -> bool {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(run);
    if unmappable {
        out.push_str(run);
        return false;
    }
    // windows-1252 is one byte per character: byte i came from character i of the run.
    let chars: Vec<char> = run.chars().collect();
    let mut changed = false;
    let mut at = 0;
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        for c in valid.chars() {
            let width = c.len_utf8();
            if plausible_repair(c) {
                out.push(c);
                changed = true;
            } else {
                out.extend(&chars[at..at + width]);
            }
            at += width;
        }
        let invalid = chunk.invalid().len();
        out.extend(&chars[at..at + invalid]);
        at += invalid;
    }
    changed
}

/// Characters a repair may produce: those of European text. Two Latin-1 characters that
/// happen to form another UTF-8 character (`Ü»` → U+073B, Syriac) are left alone.
fn plausible_repair(c: char) -> bool {
    matches!(c as u32,
        0x00A0..=0x024F // Latin-1 supplement, Latin extended A and B
        | 0x0370..=0x04FF // Greek, Cyrillic
        | 0x1E00..=0x1EFF // Latin extended additional
        | 0x2010..=0x205E // dashes, quotes, bullets, ellipsis
        | 0x20A0..=0x20C0 // currency signs
        | 0x2122 // trade mark
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert_eq!(EncodingChoice::parse("UTF-8"), Some(EncodingChoice::Utf8));
        assert_eq!(EncodingChoice::parse("auto"), Some(EncodingChoice::Auto));
        assert_eq!(
            EncodingChoice::parse("latin1"),
            Some(EncodingChoice::Named(encoding_rs::WINDOWS_1252))
        );
        assert_eq!(
            EncodingChoice::parse("utf-16le"),
            Some(EncodingChoice::Named(encoding_rs::UTF_16LE))
        );
        assert_eq!(EncodingChoice::parse("klingon"), None);
    }

    #[test]
    fn detection() {
        assert_eq!(
            detect_encoding(b"\xEF\xBB\xBFname", true),
            encoding_rs::UTF_8
        );
        assert_eq!(
            detect_encoding(b"\xFF\xFEn\x00", true),
            encoding_rs::UTF_16LE
        );
        assert_eq!(
            detect_encoding("Zoé;Müller".as_bytes(), true),
            encoding_rs::UTF_8
        );
        // "Zoé;Müller;Genève;François" in windows-1252.
        let latin = b"nom;ville\nZo\xe9;Gen\xe8ve\nM\xfcller;Z\xfcrich\nFran\xe7ois;Lyon\n";
        assert_eq!(detect_encoding(latin, true), encoding_rs::WINDOWS_1252);
        // A UTF-8 sequence cut by the sample boundary.
        assert_eq!(
            detect_encoding(&"abcé".as_bytes()[..4], false),
            encoding_rs::UTF_8
        );
    }

    #[test]
    fn mac_roman_is_named_and_utf16_without_bom_is_told_by_its_nuls() {
        for label in ["macintosh", "mac-roman", "MacRoman", "x-mac-roman"] {
            assert_eq!(
                EncodingChoice::parse(label),
                Some(EncodingChoice::Named(encoding_rs::MACINTOSH)),
                "{label}"
            );
        }
        let le: Vec<u8> = "name;ville\nZoé;Genève\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let be: Vec<u8> = "name;ville\nZoé;Genève\n"
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        assert_eq!(utf16_from_nuls(&le), Some(encoding_rs::UTF_16LE));
        assert_eq!(utf16_from_nuls(&be), Some(encoding_rs::UTF_16BE));
        assert_eq!(detect_encoding(&le, true), encoding_rs::UTF_16LE);
        assert_eq!(detect_encoding(&be, true), encoding_rs::UTF_16BE);
        assert_eq!(utf16_from_nuls("Zoé;Genève\n".as_bytes()), None);
        assert_eq!(
            utf16_from_nuls(b"ab\0cdefgh"),
            None,
            "a stray NUL is no UTF-16"
        );
        assert_eq!(utf16_from_nuls(b"ab"), None);
    }

    #[test]
    fn mojibake_is_repaired_only_where_it_round_trips() {
        let cases = [
            ("RenÃ©", "René"),
            ("MÃ¼ller", "Müller"),
            ("StraÃŸe", "Straße"),
            ("â‚¬ 12", "€ 12"),
            ("Å“uvre", "œuvre"),
            ("Ã˜stergaard", "Østergaard"),
            ("FranÃ§ois", "François"),
            ("itâ€™s", "it’s"),
            // Twice through the wrong decoder.
            ("RenÃƒÂ©", "René"),
            // Correct and broken characters in one value.
            ("Zoé MÃ¼ller", "Zoé Müller"),
            ("ĞŸÑ€Ğ¸Ğ²ĞµÑ‚", "ĞŸÑ€Ğ¸Ğ²ĞµÑ‚"),
            ("ÐŸÑ€Ð¸Ð²ÐµÑ‚", "Привет"),
        ];
        for (broken, fixed) in cases {
            assert_eq!(repair_mojibake(broken), fixed, "{broken}");
            assert_eq!(looks_like_mojibake(broken), broken != fixed, "{broken}");
        }
        // Correct text stays as it is, borrowed.
        for good in [
            "René",
            "Müller",
            "JOÃO",
            "Ãlvaro",
            "São Paulo",
            "Ã",
            "€ 12",
            "Øre",
            "plain",
            "Ü»",
            "日本",
            "",
        ] {
            assert!(
                matches!(repair_mojibake(good), Cow::Borrowed(_)),
                "{good} changed to {}",
                repair_mojibake(good)
            );
            assert!(!looks_like_mojibake(good), "{good}");
        }
    }
}
