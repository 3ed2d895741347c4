//! Oracle `TO_DATE` / `TO_TIMESTAMP` values read into ISO text.

/// One element of an Oracle datetime format.
#[derive(Debug, Clone, PartialEq)]
enum Element {
    Year4,
    /// `RR`/`YY`: two digits, `true` for RR (00–49 → 20xx, 50–99 → 19xx).
    Year2(bool),
    Month,
    MonthName,
    Day,
    Hour24,
    Hour12,
    Minute,
    Second,
    /// Fractional seconds, at most this many digits.
    Fraction(usize),
    Meridian,
    /// Punctuation or quoted text: skipped in the value.
    Separator,
}

fn elements(format: &str) -> Result<Vec<Element>, String> {
    let upper = format.to_ascii_uppercase();
    let mut rest = upper.as_str();
    let mut out = Vec::new();
    while !rest.is_empty() {
        let table: &[(&str, Element)] = &[
            ("YYYY", Element::Year4),
            ("RRRR", Element::Year4),
            ("SYYYY", Element::Year4),
            ("HH24", Element::Hour24),
            ("HH12", Element::Hour12),
            ("MONTH", Element::MonthName),
            ("MON", Element::MonthName),
            ("A.M.", Element::Meridian),
            ("P.M.", Element::Meridian),
            ("AM", Element::Meridian),
            ("PM", Element::Meridian),
            ("FF9", Element::Fraction(9)),
            ("FF8", Element::Fraction(8)),
            ("FF7", Element::Fraction(7)),
            ("FF6", Element::Fraction(6)),
            ("FF5", Element::Fraction(5)),
            ("FF4", Element::Fraction(4)),
            ("FF3", Element::Fraction(3)),
            ("FF2", Element::Fraction(2)),
            ("FF1", Element::Fraction(1)),
            ("FF", Element::Fraction(9)),
            ("RR", Element::Year2(true)),
            ("YY", Element::Year2(false)),
            ("MM", Element::Month),
            ("DD", Element::Day),
            ("HH", Element::Hour12),
            ("MI", Element::Minute),
            ("SS", Element::Second),
            // The radix character before fractional seconds.
            ("X", Element::Separator),
            ("FX", Element::Separator),
            ("FM", Element::Separator),
            ("T", Element::Separator),
        ];
        if let Some((token, element)) = table.iter().find(|(t, _)| rest.starts_with(t)) {
            // FX/FM are modifiers, not separators in the value.
            if *token != "FX" && *token != "FM" {
                out.push(element.clone());
            }
            rest = &rest[token.len()..];
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        if c == '"' {
            let end = rest[1..].find('"').map(|i| i + 2).unwrap_or(rest.len());
            out.push(Element::Separator);
            rest = &rest[end..];
        } else if c.is_ascii_alphanumeric() {
            let word: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            return Err(format!("unsupported format element '{word}'"));
        } else {
            out.push(Element::Separator);
            rest = &rest[c.len_utf8()..];
        }
    }
    Ok(out)
}

const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];

/// `('31.01.2024 10:00:00', 'DD.MM.YYYY HH24:MI:SS')` → `2024-01-31 10:00:00`; a format
/// without time elements gives `2024-01-31`, fractional seconds are kept as written.
pub(crate) fn oracle_datetime(value: &str, format: &str) -> Result<String, String> {
    let elements = elements(format)?;
    let v = value.trim().as_bytes();
    let mut i = 0;
    let (mut year, mut month, mut day) = (None, None, None);
    let (mut hour, mut minute, mut second) = (0u32, 0u32, 0u32);
    let mut fraction = String::new();
    let mut pm = None;
    let mut twelve = false;
    let mut has_time = false;
    let digits = |i: &mut usize, max: usize| -> Option<(u32, usize)> {
        let start = *i;
        while *i < v.len() && *i - start < max && v[*i].is_ascii_digit() {
            *i += 1;
        }
        let text = std::str::from_utf8(&v[start..*i]).ok()?;
        text.parse().ok().map(|n| (n, *i - start))
    };
    for element in &elements {
        let what = format!("{element:?}");
        let missing = || format!("'{value}' does not match the format ({what} missing)");
        match element {
            Element::Separator => {
                while i < v.len() && !v[i].is_ascii_alphanumeric() {
                    i += 1;
                }
            }
            Element::Year4 => year = Some(digits(&mut i, 4).ok_or_else(missing)?.0 as i32),
            Element::Year2(rr) => {
                let (n, len) = digits(&mut i, 4).ok_or_else(missing)?;
                year = Some(if len > 2 {
                    n as i32
                } else if *rr && n >= 50 {
                    1900 + n as i32
                } else {
                    2000 + n as i32
                });
            }
            Element::Month => month = Some(digits(&mut i, 2).ok_or_else(missing)?.0),
            Element::MonthName => {
                let start = i;
                while i < v.len() && v[i].is_ascii_alphabetic() {
                    i += 1;
                }
                let name = String::from_utf8_lossy(&v[start..i]).to_ascii_uppercase();
                let m = MONTHS
                    .iter()
                    .position(|m| name.len() >= 3 && name.starts_with(m))
                    .ok_or_else(|| format!("'{name}' is not an English month name"))?;
                month = Some(m as u32 + 1);
            }
            Element::Day => day = Some(digits(&mut i, 2).ok_or_else(missing)?.0),
            Element::Hour24 | Element::Hour12 => {
                hour = digits(&mut i, 2).ok_or_else(missing)?.0;
                twelve = *element == Element::Hour12;
                has_time = true;
            }
            Element::Minute => {
                minute = digits(&mut i, 2).ok_or_else(missing)?.0;
                has_time = true;
            }
            Element::Second => {
                second = digits(&mut i, 2).ok_or_else(missing)?.0;
                has_time = true;
            }
            Element::Fraction(max) => {
                let start = i;
                while i < v.len() && i - start < *max && v[i].is_ascii_digit() {
                    i += 1;
                }
                fraction = String::from_utf8_lossy(&v[start..i]).into_owned();
                has_time = true;
            }
            Element::Meridian => {
                let rest = String::from_utf8_lossy(&v[i..]).to_ascii_uppercase();
                let (is_pm, len) = if rest.starts_with("P.M.") {
                    (true, 4)
                } else if rest.starts_with("A.M.") {
                    (false, 4)
                } else if rest.starts_with("PM") {
                    (true, 2)
                } else if rest.starts_with("AM") {
                    (false, 2)
                } else {
                    return Err(format!("'{value}' has no AM/PM where the format wants one"));
                };
                pm = Some(is_pm);
                i += len;
            }
        }
    }
    if i < v.len() {
        return Err(format!(
            "'{value}' has more than the format '{format}' describes"
        ));
    }
    let (Some(year), Some(month), Some(day)) = (year, month, day) else {
        return Err(format!(
            "the format '{format}' lacks the year, month or day"
        ));
    };
    if twelve || pm.is_some() {
        if !(1..=12).contains(&hour) {
            return Err(format!("hour {hour} is not on a 12-hour clock"));
        }
        hour %= 12;
        if pm == Some(true) {
            hour += 12;
        }
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(format!("month {month} does not exist")),
    };
    if day == 0 || day > days {
        return Err(format!("day {day} does not exist in {year}-{month:02}"));
    }
    if hour > 23 || minute > 59 || second > 59 {
        return Err(format!("{hour}:{minute}:{second} is no time of day"));
    }
    let mut out = format!("{year:04}-{month:02}-{day:02}");
    if has_time {
        out.push_str(&format!(" {hour:02}:{minute:02}:{second:02}"));
        if !fraction.is_empty() {
            out.push('.');
            out.push_str(&fraction);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::oracle_datetime;

    #[test]
    fn oracle_formats_become_iso() {
        let cases = [
            (
                "31.01.2024 10:00:00",
                "DD.MM.YYYY HH24:MI:SS",
                "2024-01-31 10:00:00",
            ),
            ("31.01.24", "DD.MM.RR", "2024-01-31"),
            ("01-MAR-70", "DD-MON-RR", "1970-03-01"),
            (
                "31-JAN-24 10.00.00.123000000 PM",
                "DD-MON-RR HH.MI.SSXFF AM",
                "2024-01-31 22:00:00.123000000",
            ),
            ("2024-02-29", "YYYY-MM-DD", "2024-02-29"),
            (
                "12/31/1999 11:59:59 AM",
                "MM/DD/YYYY HH:MI:SS AM",
                "1999-12-31 11:59:59",
            ),
            (
                "12-JAN-2024 12:05 AM",
                "DD-MON-YYYY HH12:MI AM",
                "2024-01-12 00:05:00",
            ),
        ];
        for (value, format, want) in cases {
            let got = oracle_datetime(value, format);
            assert_eq!(got.as_deref(), Ok(want), "{value} / {format}");
        }
        assert_eq!(
            oracle_datetime("2024-01-31", "YYYY-MM-DD J"),
            Err("unsupported format element 'J'".into())
        );
        assert!(oracle_datetime("30.02.2024", "DD.MM.YYYY")
            .unwrap_err()
            .contains("day 30"));
        assert!(oracle_datetime("31.01.2024 x", "DD.MM.YYYY").is_err());
    }
}
