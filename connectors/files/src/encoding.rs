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
    /// Parses `utf-8`, `auto` or any WHATWG encoding label (`latin1`, `windows-1252`, `utf-16le` ...).
    pub fn parse(label: &str) -> Option<EncodingChoice> {
        let l = label.trim().to_ascii_lowercase();
        match l.as_str() {
            "utf-8" | "utf8" => Some(EncodingChoice::Utf8),
            "auto" | "detect" => Some(EncodingChoice::Auto),
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

/// Guesses the encoding of a file from its first bytes: a BOM wins, then valid UTF-8, then
/// chardetng's guess (it knows the legacy single-byte code pages of Western Europe).
pub fn detect_encoding(prefix: &[u8], complete: bool) -> &'static Encoding {
    if let Some((encoding, _)) = Encoding::for_bom(prefix) {
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
}
