//! PostgreSQL `timestamp with time zone` values as the live connector renders them. pg_dump
//! writes them in its session's time zone (`2024-01-31 10:00:00+01` from a dump made in
//! Zurich); the live connector reads them in UTC (`2024-01-31 09:00:00+00`), so a mapping
//! sees the same text from a dump as from the server whatever `PGTZ` the dump was made with.

/// `value` (ISO, with a `±HH[:MM[:SS]]` offset, maybe ` BC`) shifted to UTC and written with
/// `+00`, the fraction kept as written; `None` when it is not such a value (`infinity`), which
/// then stays as written.
pub(crate) fn timestamptz_utc(value: &str) -> Option<String> {
    let (value, bc) = match value.strip_suffix(" BC") {
        Some(v) => (v, true),
        None => (value, false),
    };
    let (date, time) = value.split_once(' ')?;
    let (year, month, day) = ymd(date)?;
    let at = time.rfind(['+', '-'])?;
    let (clock, offset) = time.split_at(at);
    let (hms, fraction) = match clock.split_once('.') {
        Some((hms, f)) if f.bytes().all(|b| b.is_ascii_digit()) => (hms, Some(f)),
        Some(_) => return None,
        None => (clock, None),
    };
    let seconds = hms_seconds(hms)? - offset_seconds(offset)?;
    let year = if bc { 1 - year } else { year };
    let total = days_from_civil(year, month, day) * 86_400 + seconds;
    Some(render(total, fraction))
}

fn number(text: &str) -> Option<i64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn ymd(date: &str) -> Option<(i64, i64, i64)> {
    let mut parts = date.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    Some((number(y)?, number(m)?, number(d)?))
}

fn hms_seconds(hms: &str) -> Option<i64> {
    let parts: Vec<i64> = hms.split(':').map(number).collect::<Option<_>>()?;
    match parts.as_slice() {
        [h, m, s] => Some(h * 3600 + m * 60 + s),
        _ => None,
    }
}

/// `+05:30`, `-08`, `+00:53:28` in seconds east of UTC.
fn offset_seconds(offset: &str) -> Option<i64> {
    let (sign, rest) = offset.split_at(1);
    let parts: Vec<i64> = rest.split(':').map(number).collect::<Option<_>>()?;
    let seconds = match parts.as_slice() {
        [h] => h * 3600,
        [h, m] => h * 3600 + m * 60,
        [h, m, s] => h * 3600 + m * 60 + s,
        _ => return None,
    };
    Some(if sign == "-" { -seconds } else { seconds })
}

/// `YYYY-MM-DD HH:MM:SS[.fraction]+00[ BC]` of seconds since 1970-01-01 UTC.
fn render(total: i64, fraction: Option<&str>) -> String {
    let (days, seconds) = (total.div_euclid(86_400), total.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    let (shown, bc) = if year <= 0 {
        (1 - year, " BC")
    } else {
        (year, "")
    };
    let fraction = fraction.map(|f| format!(".{f}")).unwrap_or_default();
    format!(
        "{shown:04}-{month:02}-{day:02} {:02}:{:02}:{:02}{fraction}+00{bc}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of days since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::timestamptz_utc;

    #[test]
    fn offsets_are_shifted_to_utc_as_the_live_connector_renders() {
        let cases = [
            ("2024-01-31 10:00:00+01", "2024-01-31 09:00:00+00"),
            ("2000-01-01 07:59:59.25-08", "2000-01-01 15:59:59.25+00"),
            ("2024-03-01 02:00:00+05:30", "2024-02-29 20:30:00+00"),
            ("1900-01-01 00:00:00+00:53:28", "1899-12-31 23:06:32+00"),
            ("0044-03-15 12:00:00+00 BC", "0044-03-15 12:00:00+00 BC"),
            ("0001-01-01 00:30:00+01", "0001-12-31 23:30:00+00 BC"),
            ("12345-06-07 00:00:00-01", "12345-06-07 01:00:00+00"),
        ];
        for (dumped, live) in cases {
            assert_eq!(timestamptz_utc(dumped).as_deref(), Some(live), "{dumped}");
        }
        for odd in ["infinity", "-infinity", "2024-01-31", "2024-01-31 10:00:00"] {
            assert_eq!(timestamptz_utc(odd), None, "{odd}");
        }
    }
}
