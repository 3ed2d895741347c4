//! Masking of personal data in the samples shown by a report.

/// How the values of one column are masked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Masking {
    /// Not personal: shown unchanged.
    Keep,
    /// First character of the local part, `***`, then `@domain`.
    Email,
    /// First 3 and last 2 characters, every other character `*`.
    Phone,
    /// Only the year is kept.
    Date,
    /// First character, then `***`.
    Initial,
}

/// The masking of a column code (compared ignoring ASCII case).
fn masking_of(column: &str) -> Masking {
    let code = column.trim().to_ascii_uppercase();
    match code.as_str() {
        "EMAIL1" | "EMAIL2" | "EMAIL3" => Masking::Email,
        "TELEPHONE" | "FAX" | "CELLPHONE" => Masking::Phone,
        "BIRTHDATE" => Masking::Date,
        // Codes, flags, numbers and coarse places: not personal on their own, and the engineer
        // needs to see them to fix a lookup table or a rule. `EMAIL` and `PHONE` are the
        // authorisation flags (TRUE/FALSE), not an address or a number.
        "INSTITUTION" | "ORGANIZATION" | "OPERATION" | "CONTACT_NR" | "ROLE" | "TITLE"
        | "PREF_LANG" | "STRUCT_TYPE" | "COMMUNITY_TYPE" | "ADMIN_NUMBER" | "NB_EMPLOYEES"
        | "ADDR_TYPE" | "ZIPCODE" | "TOWN" | "DEPARTMENT" | "COUNTRY" | "CNIL_O" | "PARTNER"
        | "CNIL_T" | "SMS_MMS" | "LETTER" | "PHONE" | "EMAIL" => Masking::Keep,
        _ if is_criterion(&code) => Masking::Keep,
        // Names, salutations, functions, remarks, street lines, web sites, and every column
        // not named above (a custom profile's column may hold anything).
        _ => Masking::Initial,
    }
}

/// `CRIT01` … `CRIT99`.
fn is_criterion(code: &str) -> bool {
    code.strip_prefix("CRIT")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// A finding's value masked as [`mask_sample`] masks it, and its message with the value
/// masked where the message quotes it: a masked page shows neither.
pub fn mask_finding(column: &str, value: &str, message: &str) -> (String, String) {
    let masked = mask_sample(column, value);
    let message = if value.trim().is_empty() {
        message.to_string()
    } else {
        message.replace(value.trim(), masked.trim())
    };
    (masked, message)
}

/// Masks personal data in a sample value before it enters a report, by SecuTix column.
///
/// | columns | masking | example |
/// |---|---|---|
/// | `EMAIL1` `EMAIL2` `EMAIL3` | first character of the part before the last `@`, `***`, then `@` and the domain; without `@`: as a name | `jean.dupont@gmail.com` → `j***@gmail.com` |
/// | `TELEPHONE` `FAX` `CELLPHONE` | first 3 and last 2 characters kept, each other character `*`; under 8 characters: every character `*` | `+41791234567` → `+41*******67` |
/// | `BIRTHDATE` | the year (the first run of exactly 4 digits between 1800 and 2100) kept, every other letter or digit `*`, separators kept | `12.03.1975` → `**.**.1975` |
/// | `FIRSTNAME` `LASTNAME` `OFFICIAL_NAME` `ADDRESS_NAME1` `ADDRESS_NAME2` `LETTER_SALUTATION` `ADDR_SALUTATION` `FUNCTION` `REMARK` `LINE1` `LINE2` `LINE3` `TOWN_COMPLEMENT` `WEB_SITE`, and any column not listed here | first character, then `***` | `Dupont` → `D***` |
/// | `INSTITUTION` `ORGANIZATION` `OPERATION` `CONTACT_NR` `ROLE` `TITLE` `PREF_LANG` `STRUCT_TYPE` `COMMUNITY_TYPE` `ADMIN_NUMBER` `NB_EMPLOYEES` `ADDR_TYPE` `ZIPCODE` `TOWN` `DEPARTMENT` `COUNTRY`, the authorisation flags `CNIL_O` `PARTNER` `CNIL_T` `SMS_MMS` `LETTER` `PHONE` `EMAIL`, and `CRIT01`…`CRIT50` | unchanged: codes, flags, numbers, the legacy customer number and coarse places are not personal on their own, and the engineer needs them to fix a lookup table or a rule | `Suisse` → `Suisse` |
///
/// Column codes are compared ignoring case. Leading and trailing white space is kept as it is
/// (it is often why a rule fired); a blank value is returned unchanged. Characters, not bytes,
/// are counted, so `Émile` → `É***`.
pub fn mask_sample(column: &str, value: &str) -> String {
    let core = value.trim();
    if core.is_empty() {
        return value.to_string();
    }
    let start = value.len() - value.trim_start().len();
    let (lead, trail) = (&value[..start], &value[start + core.len()..]);
    let masked = match masking_of(column) {
        Masking::Keep => core.to_string(),
        Masking::Email => mask_email(core),
        Masking::Phone => mask_phone(core),
        Masking::Date => mask_date(core),
        Masking::Initial => mask_initial(core),
    };
    format!("{lead}{masked}{trail}")
}

/// `Dupont` → `D***`.
fn mask_initial(value: &str) -> String {
    let mut chars = value.chars();
    match chars.next() {
        Some(first) => format!("{first}***"),
        None => String::new(),
    }
}

/// `jean.dupont@gmail.com` → `j***@gmail.com`.
fn mask_email(value: &str) -> String {
    match value.rfind('@') {
        Some(at) => {
            let (local, domain) = (&value[..at], &value[at + 1..]);
            let first = local.chars().next().map(String::from).unwrap_or_default();
            format!("{first}***@{domain}")
        }
        None => mask_initial(value),
    }
}

/// `+41791234567` → `+41*******67`.
fn mask_phone(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    let n = chars.len();
    if n < 8 {
        return "*".repeat(n);
    }
    let mut out: String = chars[..3].iter().collect();
    out.push_str(&"*".repeat(n - 5));
    out.extend(&chars[n - 2..]);
    out
}

/// `12.03.1975` → `**.**.1975`, `1975-03-12` → `1975-**-**`.
fn mask_date(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    // The year: the first run of exactly 4 ASCII digits that reads 1800..=2100.
    let mut year = None;
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let run_start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            if i - run_start == 4 && year.is_none() {
                let digits: String = chars[run_start..i].iter().collect();
                if digits
                    .parse::<u32>()
                    .is_ok_and(|y| (1800..=2100).contains(&y))
                {
                    year = Some(run_start..i);
                }
            }
        } else {
            i += 1;
        }
    }
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let in_year = year.as_ref().is_some_and(|y| y.contains(&i));
            if c.is_alphanumeric() && !in_year {
                '*'
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_keep_first_character_and_domain() {
        for column in ["EMAIL1", "EMAIL2", "EMAIL3", "email1"] {
            assert_eq!(
                mask_sample(column, "jean.dupont@gmail.com"),
                "j***@gmail.com"
            );
        }
        assert_eq!(mask_sample("EMAIL1", "a@b@c.ch"), "a***@c.ch", "last @");
        assert_eq!(mask_sample("EMAIL1", "@gmail.com"), "***@gmail.com");
        assert_eq!(
            mask_sample("EMAIL1", "jean.dupont"),
            "j***",
            "no @: as a name"
        );
        assert_eq!(mask_sample("EMAIL2", "élise@x.fr"), "é***@x.fr");
    }

    #[test]
    fn phones_keep_first_three_and_last_two_characters() {
        for column in ["TELEPHONE", "FAX", "CELLPHONE"] {
            assert_eq!(mask_sample(column, "+41791234567"), "+41*******67");
        }
        assert_eq!(mask_sample("TELEPHONE", "079 123 45 67"), "079********67");
        assert_eq!(mask_sample("TELEPHONE", "12345678"), "123***78");
        assert_eq!(
            mask_sample("TELEPHONE", "1234567"),
            "*******",
            "too short to show parts"
        );
        assert_eq!(mask_sample("FAX", "n/a"), "***");
    }

    #[test]
    fn names_street_lines_and_remarks_keep_the_first_character() {
        for column in [
            "FIRSTNAME",
            "LASTNAME",
            "OFFICIAL_NAME",
            "ADDRESS_NAME1",
            "ADDRESS_NAME2",
            "LETTER_SALUTATION",
            "ADDR_SALUTATION",
            "FUNCTION",
            "REMARK",
            "LINE1",
            "LINE2",
            "LINE3",
            "TOWN_COMPLEMENT",
            "WEB_SITE",
        ] {
            assert_eq!(mask_sample(column, "Dupont"), "D***", "{column}");
        }
        assert_eq!(
            mask_sample("FIRSTNAME", "Émile"),
            "É***",
            "characters, not bytes"
        );
        assert_eq!(mask_sample("LINE1", "Rue du Lac 12"), "R***");
        assert_eq!(mask_sample("LASTNAME", "X"), "X***");
    }

    #[test]
    fn unknown_columns_are_masked_like_names() {
        assert_eq!(mask_sample("CUSTOM_NOTE", "Allergic to nuts"), "A***");
        assert_eq!(mask_sample("", "secret"), "s***");
    }

    #[test]
    fn birth_dates_keep_only_the_year() {
        assert_eq!(mask_sample("BIRTHDATE", "12.03.1975"), "**.**.1975");
        assert_eq!(mask_sample("BIRTHDATE", "1975-03-12"), "1975-**-**");
        assert_eq!(mask_sample("BIRTHDATE", "12/3/1975"), "**/*/1975");
        assert_eq!(
            mask_sample("BIRTHDATE", "12.03.75"),
            "**.**.**",
            "no 4-digit year"
        );
        assert_eq!(mask_sample("BIRTHDATE", "31 mars 1975"), "** **** 1975");
        assert_eq!(
            mask_sample("BIRTHDATE", "19750312"),
            "********",
            "8 digits: no year"
        );
        assert_eq!(
            mask_sample("BIRTHDATE", "0312 1975"),
            "**** 1975",
            "0312 is no year"
        );
        assert_eq!(mask_sample("BIRTHDATE", "unknown"), "*******");
    }

    #[test]
    fn codes_are_not_personal() {
        for (column, value) in [
            ("TITLE", "MR"),
            ("COUNTRY", "Suisse"),
            ("PREF_LANG", "fr"),
            ("OPERATION", "INSERT"),
            ("STRUCT_TYPE", "ASSOC"),
            ("COMMUNITY_TYPE", "X1"),
            ("CONTACT_NR", "000123"),
            ("INSTITUTION", "ACME"),
            ("ORGANIZATION", "*"),
            ("ROLE", "ADMIN"),
            ("ADDR_TYPE", "PRI"),
            ("ZIPCODE", "1003 "),
            ("TOWN", "Lausanne"),
            ("DEPARTMENT", "VD"),
            ("ADMIN_NUMBER", "CHE-123.456.789"),
            ("NB_EMPLOYEES", "12x"),
            ("EMAIL", "yes"),
            ("PHONE", "oui"),
            ("CNIL_O", "1"),
            ("CRIT01", "ABO|2024"),
            ("CRIT50", "x"),
        ] {
            assert_eq!(mask_sample(column, value), value, "{column}");
        }
        assert_eq!(mask_sample("CRITERIA", "x"), "x***", "not a CRITnn column");
    }

    #[test]
    fn a_findings_message_loses_the_value_it_quotes() {
        let (value, message) = mask_finding(
            "EMAIL1",
            "anna.muster@example.ch ",
            "'anna.muster@example.ch' is not an e-mail address",
        );
        assert!(!message.contains("anna.muster"), "{message}");
        assert!(message.contains(value.trim()), "{message} / {value}");
        let (_, kept) = mask_finding("EMAIL1", "", "EMAIL1 is empty");
        assert_eq!(kept, "EMAIL1 is empty");
    }

    #[test]
    fn surrounding_white_space_and_blanks_are_kept() {
        assert_eq!(mask_sample("LASTNAME", "  Dupont "), "  D*** ");
        assert_eq!(mask_sample("EMAIL1", " jean@x.ch"), " j***@x.ch");
        assert_eq!(mask_sample("LASTNAME", ""), "");
        assert_eq!(mask_sample("LASTNAME", "   "), "   ");
    }
}
