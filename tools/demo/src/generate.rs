//! The deterministic row generator.
//!
//! One [`Generator`] owns one `ChaCha8Rng` and produces customers strictly in
//! `cust_id` order, so the same seed and size always give the same rows.
//! It knows nothing about SQLite: it fills [`Chunk`]s that the writer inserts.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::data::{self, City, Country, Lang, Region, ZipRule};

/// One row of `customer`.
#[derive(Debug, Clone)]
pub(super) struct CustomerRow {
    pub cust_id: i64,
    pub cust_no: Option<String>,
    pub kind: &'static str,
    pub civility: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub company: Option<String>,
    pub birth_date: Option<String>,
    pub lang: Option<&'static str>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub mobile: Option<String>,
    pub fax: Option<String>,
    pub newsletter: Option<i64>,
    pub remark: Option<&'static str>,
    pub created_at: String,
}

/// One row of `address`.
#[derive(Debug, Clone)]
pub(super) struct AddressRow {
    pub addr_id: i64,
    pub cust_id: i64,
    pub addr_kind: &'static str,
    pub street: Option<String>,
    pub street2: Option<String>,
    pub zip: Option<String>,
    pub city: Option<String>,
    pub country: Option<&'static str>,
}

/// One row of `contact_person`.
#[derive(Debug, Clone)]
pub(super) struct ContactPersonRow {
    pub person_id: i64,
    pub company_id: i64,
    pub is_main: i64,
    pub civility: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub job_title: Option<&'static str>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// Rows produced for a run of consecutive customers.
#[derive(Debug, Default)]
pub(super) struct Chunk {
    pub customers: Vec<CustomerRow>,
    pub addresses: Vec<AddressRow>,
    pub persons: Vec<ContactPersonRow>,
}

/// An address as stored, kept so that a duplicate can reuse it.
#[derive(Debug, Clone)]
struct AddrSeed {
    street: Option<String>,
    street2: Option<String>,
    zip: Option<String>,
    city: Option<String>,
    country: Option<&'static str>,
}

/// The identity of a person, kept so that it can be re-entered later as a
/// planted duplicate.
#[derive(Debug, Clone)]
struct PersonSeed {
    region: Region,
    female: bool,
    first: &'static str,
    last: &'static str,
    birth: Option<(i32, u32, u32)>,
    email: Option<String>,
    phone: Option<String>,
    mobile: Option<String>,
    address: Option<AddrSeed>,
}

#[derive(Debug, Clone, Copy)]
enum DateFormat {
    /// `1975-03-14`
    Iso,
    /// `14.03.1975`
    Dot,
    /// `14/03/1975`
    Slash,
    /// `19750314`
    Compact,
}

/// Share of persons re-entered as a second customer row.
const DUPLICATE_SHARE: f64 = 0.03;
/// How many recent persons are candidates for a planted duplicate.
const RING_SIZE: usize = 1024;
/// `created_at` range: 1998-01-01 00:00:00 .. 2025-12-31 23:59:59.
const CREATED_FROM_YEAR: i32 = 1998;
const CREATED_DAYS: i64 = 10_227; // days from 1998-01-01 to 2025-12-31 inclusive

/// The deterministic generator.
pub(super) struct Generator {
    rng: ChaCha8Rng,
    total: usize,
    next_no: u64,
    next_addr_id: i64,
    next_person_id: i64,
    ring: Vec<PersonSeed>,
    ring_next: usize,
}

impl Generator {
    /// A generator for `total` customers (used to spread `created_at`).
    pub(super) fn new(seed: u64, total: usize) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let next_no = rng.random_range(1_000..5_000u64);
        Generator {
            rng,
            total: total.max(1),
            next_no,
            next_addr_id: 0,
            next_person_id: 0,
            ring: Vec::with_capacity(RING_SIZE),
            ring_next: 0,
        }
    }

    /// Generates customer `cust_id` (ids must be generated in order 1, 2, …)
    /// with its addresses and contact persons.
    pub(super) fn fill(&mut self, cust_id: i64, chunk: &mut Chunk) {
        let is_person = self.p(0.8);
        if is_person && !self.ring.is_empty() && self.p(DUPLICATE_SHARE) {
            self.duplicate(cust_id, chunk);
        } else if is_person {
            self.person(cust_id, chunk);
        } else {
            self.company(cust_id, chunk);
        }
    }

    // ------------------------------------------------------------ basics

    fn p(&mut self, probability: f64) -> bool {
        self.rng.random::<f64>() < probability
    }

    fn idx(&mut self, len: usize) -> usize {
        debug_assert!(len > 0);
        self.rng.random_range(0..len as u32) as usize
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.idx(items.len())]
    }

    fn num(&mut self, lo: u32, hi: u32) -> u32 {
        self.rng.random_range(lo..=hi)
    }

    /// `len` random digits, the first one in `first_lo..=9`.
    fn digits(&mut self, len: usize, first_lo: u8) -> String {
        let mut s = String::with_capacity(len);
        for i in 0..len {
            let lo = if i == 0 { first_lo } else { 0 };
            s.push(char::from(b'0' + self.rng.random_range(lo..=9u8)));
        }
        s
    }

    fn region(&mut self) -> Region {
        let mut r = self.rng.random::<f64>();
        for (region, weight) in Region::WEIGHTS {
            if r < weight {
                return region;
            }
            r -= weight;
        }
        Region::ChDe
    }

    fn cust_no(&mut self) -> Option<String> {
        self.next_no += 1;
        if self.p(0.2) {
            self.next_no += u64::from(self.num(1, 3));
        }
        let n = self.next_no;
        let r = self.rng.random::<f64>();
        Some(if r < 0.0015 {
            format!("A-{n:05}")
        } else if r < 0.003 {
            thousands(n)
        } else if r < 0.004 {
            String::new()
        } else if r < 0.005 {
            n.to_string()
        } else {
            format!("{n:07}")
        })
    }

    fn created_at(&mut self, cust_id: i64) -> String {
        const DAY: i64 = 86_400;
        let span = CREATED_DAYS * DAY;
        let frac = (cust_id - 1) as f64 / self.total as f64;
        let jitter = self.rng.random_range(-5 * DAY..5 * DAY);
        let t = ((frac * span as f64) as i64 + jitter).clamp(0, span - 1);
        let start = chrono::NaiveDate::from_ymd_opt(CREATED_FROM_YEAR, 1, 1)
            .expect("valid constant date")
            .num_days_from_ce();
        let date = chrono::NaiveDate::from_num_days_from_ce_opt(start + (t / DAY) as i32)
            .expect("date within range");
        let secs = t % DAY;
        use chrono::Datelike;
        format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
            date.year(),
            date.month(),
            date.day(),
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        )
    }

    fn newsletter(&mut self) -> Option<i64> {
        let r = self.rng.random::<f64>();
        if r < 0.15 {
            None
        } else if r < 0.6 {
            Some(0)
        } else {
            Some(1)
        }
    }

    fn remark(&mut self, probability: f64) -> Option<&'static str> {
        if self.p(probability) {
            Some(self.pick(data::REMARKS))
        } else {
            None
        }
    }

    fn lang_code(&mut self, lang: Lang) -> Option<&'static str> {
        if self.p(0.05) {
            return None;
        }
        let codes: &[&'static str] = match lang {
            Lang::Fr => &["F", "F", "F", "F", "F", "fr", "fr", "français"],
            Lang::De => &["D", "D", "D", "D", "D", "DE", "DE", "Deutsch"],
            Lang::It => &["I", "I", "I", "I", "I", "it", "it"],
            Lang::En => &["E", "E", "E", "E", "en", "en"],
        };
        Some(self.pick(codes))
    }

    fn civility(&mut self, lang: Lang, female: bool) -> Option<String> {
        let r = self.rng.random::<f64>();
        if r < 0.05 {
            return None;
        }
        if r < 0.07 {
            return Some(String::new());
        }
        let base = if self.p(0.02) {
            "Dr"
        } else {
            match (lang, female) {
                (Lang::Fr, false) => "M.",
                (Lang::Fr, true) => {
                    if self.p(0.15) {
                        "Mlle"
                    } else {
                        "Mme"
                    }
                }
                (Lang::De, false) => "Herr",
                (Lang::De, true) => "Frau",
                (Lang::It, false) => "Sig.",
                (Lang::It, true) => "Sig.ra",
                (Lang::En, false) => "Mr",
                (Lang::En, true) => {
                    if self.p(0.5) {
                        "Mrs"
                    } else {
                        "Ms"
                    }
                }
            }
        };
        if !self.p(0.07) {
            return Some(base.to_string());
        }
        // Case, space and dot chaos: 'mme', 'HERR', ' Herr ', 'MR.', 'M'.
        Some(match self.idx(5) {
            0 => base.to_lowercase(),
            1 => base.to_uppercase(),
            2 => format!(" {base} "),
            3 => match base.strip_suffix('.') {
                Some(stripped) => stripped.to_string(),
                None => format!("{}.", base.to_uppercase()),
            },
            _ => format!("{base} "),
        })
    }

    // ------------------------------------------------------------- names

    /// Case and space chaos on a name: 'JEAN-PIERRE', 'jean-pierre', ' Jean'.
    fn name_chaos(&mut self, name: &str, upper_row: bool) -> String {
        if upper_row {
            return name.to_uppercase();
        }
        let r = self.rng.random::<f64>();
        if r < 0.86 {
            name.to_string()
        } else if r < 0.92 {
            name.to_uppercase()
        } else if r < 0.95 {
            name.to_lowercase()
        } else if r < 0.985 {
            match self.idx(4) {
                0 => format!(" {name}"),
                1 => format!("{name} "),
                2 => format!("  {name} "),
                _ => {
                    if name.contains('-') {
                        name.replacen('-', " - ", 1)
                    } else if name.contains(' ') {
                        name.replacen(' ', "  ", 1)
                    } else {
                        format!("{name}  ")
                    }
                }
            }
        } else {
            // Only the very first letter capitalised: 'Jean-pierre', 'De la tour'.
            let mut chars = name.chars();
            match chars.next() {
                Some(first) => {
                    let mut s: String = first.to_uppercase().collect();
                    s.push_str(&chars.as_str().to_lowercase());
                    s
                }
                None => String::new(),
            }
        }
    }

    // ----------------------------------------------------------- e-mails

    fn person_email(
        &mut self,
        first: &str,
        last: &str,
        region: Region,
        birth: Option<(i32, u32, u32)>,
    ) -> String {
        let german = region.lang() == Lang::De;
        let f = fold_ascii(first, german);
        let l = fold_ascii(last, german);
        let r = self.rng.random::<f64>();
        let local = if r < 0.45 {
            format!("{f}.{l}")
        } else if r < 0.6 {
            format!("{}.{l}", initial(&f))
        } else if r < 0.7 {
            format!("{f}{l}")
        } else if r < 0.78 {
            format!("{f}_{l}")
        } else if r < 0.9 {
            let n = match birth {
                Some((y, _, _)) if self.p(0.6) => (y % 100) as u32,
                _ => self.num(1, 99),
            };
            format!("{f}.{l}{n:02}")
        } else if r < 0.95 {
            format!("{l}.{f}")
        } else {
            format!("{}{l}", initial(&f))
        };
        let domain = self.pick(data::domains(region.country()));
        format!("{local}@{domain}")
    }

    /// ~8% of stored e-mails are dirty.
    fn stored_email(&mut self, clean: String, dirt: f64) -> String {
        if !self.p(dirt) {
            return clean;
        }
        let (local, domain) = clean.split_once('@').unwrap_or((clean.as_str(), ""));
        match self.idx(10) {
            0 => clean.to_uppercase(),
            1 => capitalize_parts(&clean),
            2 => match self.idx(3) {
                0 => format!(" {clean}"),
                1 => format!("{clean} "),
                _ => format!(" {clean} "),
            },
            3 => format!("{clean}."),
            4 => {
                let sep = self.pick(&["", " ", " at ", "(at)"]);
                format!("{local}{sep}{domain}")
            }
            5 => format!("{local}@@{domain}"),
            6 | 7 => {
                let typos: Vec<&str> = data::DOMAIN_TYPOS
                    .iter()
                    .filter(|(good, _)| *good == domain)
                    .map(|(_, bad)| *bad)
                    .collect();
                if typos.is_empty() {
                    // No known typo: drop the top-level domain ('jean@bluewin').
                    let stem = domain.rsplit_once('.').map_or(domain, |(stem, _)| stem);
                    format!("{local}@{stem}")
                } else {
                    let typo = self.pick(&typos);
                    format!("{local}@{typo}")
                }
            }
            8 => {
                if self.p(0.5) {
                    format!("{local}@ {domain}")
                } else {
                    let cut = local.len() / 2;
                    match local.get(..cut) {
                        Some(head) => format!("{head} {}@{domain}", &local[cut..]),
                        None => format!("{local} @{domain}"),
                    }
                }
            }
            _ => {
                // Two addresses in one field.
                let sep = self.pick(&["; ", ", ", " / "]);
                format!("{clean}{sep}{local}@{}", self.pick(data::UK_DOMAINS))
            }
        }
    }

    // ----------------------------------------------------------- phones

    fn phone_field(&mut self, country: Country, area: &str, null_share: f64) -> Option<String> {
        if self.p(null_share) {
            None
        } else if self.p(0.01) {
            Some(self.pick(data::JUNK_PHONES).to_string())
        } else {
            Some(self.landline(country, area))
        }
    }

    fn mobile_field(&mut self, country: Country, null_share: f64) -> Option<String> {
        if self.p(null_share) {
            None
        } else if self.p(0.01) {
            Some(self.pick(data::JUNK_PHONES).to_string())
        } else {
            Some(self.mobile(country))
        }
    }

    fn landline(&mut self, country: Country, area: &str) -> String {
        match country {
            Country::Ch => {
                let s = self.digits(7, 2);
                self.fmt_ch(area, &s)
            }
            Country::Fr => {
                let s = self.digits(8, 0);
                self.fmt_fr(area, &s)
            }
            Country::De => {
                let len = match area.len() {
                    2 => 7 + self.idx(2),
                    3 => 7,
                    _ => 6,
                };
                let s = self.digits(len, 2);
                self.fmt_de(area, &s, false)
            }
            Country::It => {
                let s = self.digits(10 - area.len(), 2);
                self.fmt_it(area, &s)
            }
            Country::Uk => {
                let len = match area.len() {
                    2 => 8,
                    3 => 7,
                    _ => 6,
                };
                let s = self.digits(len, 2);
                self.fmt_uk(area, &s)
            }
        }
    }

    fn mobile(&mut self, country: Country) -> String {
        match country {
            Country::Ch => {
                let prefix = self.pick(&["79", "79", "78", "76", "77", "75"]);
                let s = self.digits(7, 1);
                self.fmt_ch(prefix, &s)
            }
            Country::Fr => {
                let prefix = self.pick(&["6", "6", "7"]);
                let s = self.digits(8, 0);
                self.fmt_fr(prefix, &s)
            }
            Country::De => {
                let prefix = self.pick(&[
                    "151", "152", "157", "160", "162", "170", "171", "172", "173", "174", "175",
                    "176", "177", "178", "179",
                ]);
                let len = 7 + self.idx(2);
                let s = self.digits(len, 1);
                self.fmt_de(prefix, &s, true)
            }
            Country::It => {
                let prefix = self.pick(&[
                    "320", "328", "329", "333", "335", "338", "339", "340", "345", "347", "348",
                    "349", "366", "380", "388", "392",
                ]);
                let s = self.digits(7, 1);
                self.fmt_it_mobile(prefix, &s)
            }
            Country::Uk => {
                let prefix = format!("7{}", self.digits(3, 0));
                let s = self.digits(6, 0);
                match self.idx(6) {
                    0 | 1 => format!("0{prefix} {s}"),
                    2 => format!("+44 {prefix} {s}"),
                    3 => format!("0{prefix}{s}"),
                    4 => format!("+44 (0){prefix} {s}"),
                    _ => format!("0{prefix} {} {}", &s[..3], &s[3..]),
                }
            }
        }
    }

    /// '+41 22 123 45 67', '022 123 45 67', '022/123.45.67', '0041221234567'.
    fn fmt_ch(&mut self, a: &str, s: &str) -> String {
        let (g1, g2, g3) = (&s[..3], &s[3..5], &s[5..]);
        match self.idx(10) {
            0..=2 => format!("0{a} {g1} {g2} {g3}"),
            3 | 4 => format!("+41 {a} {g1} {g2} {g3}"),
            5 => format!("0{a}/{g1}.{g2}.{g3}"),
            6 => format!("0041{a}{s}"),
            7 => format!("+41{a}{s}"),
            8 => format!("0{a} {s}"),
            _ => format!("0{a}{s}"),
        }
    }

    /// '01 40 15 80 00', '+33 6 88 48 87 10', '(33)0134806517', '01.40.15.80.00'.
    fn fmt_fr(&mut self, a: &str, s: &str) -> String {
        let pairs = format!("{} {} {} {}", &s[..2], &s[2..4], &s[4..6], &s[6..]);
        match self.idx(10) {
            0..=2 => format!("0{a} {pairs}"),
            3 => format!("0{a}{s}"),
            4 | 5 => format!("+33 {a} {pairs}"),
            6 => format!("(33)0{a}{s}"),
            7 => format!("0{a}.{}", pairs.replace(' ', ".")),
            8 => format!("0033{a}{s}"),
            _ => format!("+33 (0){a} {pairs}"),
        }
    }

    /// '+49 (0)30 1234567', '030-1234567', '0176 12345678', '+49 176 12345678'.
    fn fmt_de(&mut self, a: &str, s: &str, mobile: bool) -> String {
        match self.idx(9) {
            0 | 1 => format!("0{a} {s}"),
            2 => format!("+49 (0){a} {s}"),
            3 => format!("0{a}-{s}"),
            4 => format!("+49 {a} {s}"),
            5 => format!("0{a}/{s}"),
            6 => format!("0049{a}{s}"),
            7 if !mobile => format!("(0{a}) {s}"),
            _ => format!("+49{a}{s}"),
        }
    }

    /// '+39 02 1234 5678', '02 12345678', '02-12345678', '0039 02 12345678'.
    fn fmt_it(&mut self, a: &str, s: &str) -> String {
        let cut = if s.len() >= 8 { 4 } else { 3 };
        match self.idx(8) {
            0 | 1 => format!("+39 {a} {} {}", &s[..cut], &s[cut..]),
            2 | 3 => format!("{a} {s}"),
            4 => format!("{a}-{s}"),
            5 => format!("0039 {a} {s}"),
            6 => format!("+39{a}{s}"),
            _ => format!("{a}/{s}"),
        }
    }

    /// '+39 347 123 4567', '347 1234567', '3471234567'.
    fn fmt_it_mobile(&mut self, p: &str, s: &str) -> String {
        match self.idx(7) {
            0 | 1 => format!("+39 {p} {} {}", &s[..3], &s[3..]),
            2 => format!("{p} {s}"),
            3 => format!("{p}-{s}"),
            4 => format!("{p}{s}"),
            5 => format!("0039 {p} {s}"),
            _ => format!("+39{p}{s}"),
        }
    }

    /// '+44 20 7946 0123', '020 7946 0123', '(0161) 496 0123'.
    fn fmt_uk(&mut self, a: &str, s: &str) -> String {
        let grouped = match s.len() {
            8 => format!("{} {}", &s[..4], &s[4..]),
            7 => format!("{} {}", &s[..3], &s[3..]),
            _ => s.to_string(),
        };
        match self.idx(8) {
            0 | 1 => format!("0{a} {grouped}"),
            2 => format!("+44 {a} {grouped}"),
            3 => format!("(0{a}) {grouped}"),
            4 => format!("0{a}{s}"),
            5 => format!("+44 (0){a} {grouped}"),
            6 => format!("0044{a}{s}"),
            _ => format!("+44{a}{s}"),
        }
    }

    // ------------------------------------------------------ birth dates

    fn date_format(&mut self, country: Country) -> DateFormat {
        let r = self.rng.random::<f64>();
        let dotted = matches!(country, Country::Ch | Country::De);
        if r < 0.45 {
            if dotted {
                DateFormat::Dot
            } else {
                DateFormat::Slash
            }
        } else if r < 0.75 {
            DateFormat::Iso
        } else if r < 0.85 {
            DateFormat::Compact
        } else if dotted {
            DateFormat::Slash
        } else {
            DateFormat::Dot
        }
    }

    /// Stored birth date and, when it is a real date, its value.
    fn birth(&mut self, country: Country) -> (Option<String>, Option<(i32, u32, u32)>) {
        let r = self.rng.random::<f64>();
        if r < 0.30 {
            return (None, None);
        }
        let format = self.date_format(country);
        if r < 0.32 {
            // Impossible: '31.02.1980', '1980-13-01', '00.00.0000'.
            let y = self.num(1930, 2005) as i32;
            let (y, m, d) = match self.idx(6) {
                0 => (y, 2, self.num(30, 31)),
                1 => (y, self.pick(&[4, 6, 9, 11]), 31),
                2 => (y, self.num(13, 19), self.num(1, 28)),
                3 => (0, 0, 0),
                4 => {
                    let y = if is_leap(y) { y + 1 } else { y };
                    (y, 2, 29)
                }
                _ => (y, self.num(1, 12), self.num(32, 39)),
            };
            return (Some(format_date(format, y, m, d)), None);
        }
        if r < 0.33 {
            // In the future whatever today is (fixed years, not the clock).
            let (y, m) = (self.num(2031, 2039) as i32, self.num(1, 12));
            let d = self.num(1, 28);
            return (Some(format_date(format, y, m, d)), None);
        }
        if r < 0.34 {
            return (Some(self.pick(data::JUNK_DATES).to_string()), None);
        }
        let y = self.num(1928, 2010) as i32;
        let m = self.num(1, 12);
        let d = self.num(1, days_in_month(y, m));
        (Some(format_date(format, y, m, d)), Some((y, m, d)))
    }

    // -------------------------------------------------------- addresses

    fn street(&mut self, region: Region) -> String {
        let name = self.pick(data::streets(region));
        let n = if self.p(0.7) {
            self.num(1, 40)
        } else {
            self.num(1, 250)
        };
        let suffix = if self.p(0.05) {
            match region {
                Region::Fr | Region::ChFr => self.pick(&[" bis", " ter", "bis", "A"]),
                Region::It | Region::ChIt => self.pick(&["/A", "A", "b"]),
                Region::Uk => self.pick(&["A", "B"]),
                _ => self.pick(&["a", "b", "A"]),
            }
        } else {
            ""
        };
        let line = if self.p(0.04) {
            name.to_string()
        } else {
            match region {
                Region::Fr => {
                    if self.p(0.15) {
                        format!("{n}{suffix}, {name}")
                    } else {
                        format!("{n}{suffix} {name}")
                    }
                }
                Region::Uk => {
                    if name == "Baker Street" && self.p(0.2) {
                        "221B Baker Street".to_string()
                    } else if self.p(0.08) {
                        format!("Flat {}, {n} {name}", self.num(1, 20))
                    } else {
                        format!("{n}{suffix} {name}")
                    }
                }
                Region::It | Region::ChIt if self.p(0.3) => format!("{name}, {n}{suffix}"),
                _ => format!("{name} {n}{suffix}"),
            }
        };
        let line = if self.p(0.08) {
            abbreviate_street(&line)
        } else {
            line
        };
        let r = self.rng.random::<f64>();
        if r < 0.04 {
            line.to_uppercase()
        } else if r < 0.055 {
            line.to_lowercase()
        } else if r < 0.075 {
            format!("{line} ")
        } else {
            line
        }
    }

    fn street2(&mut self, region: Region, company: bool) -> String {
        let lang = region.lang();
        let n = self.num(1, 999);
        let k = self.num(1, 9);
        let choice = self.idx(5);
        if choice == 0 && !company {
            let female = self.p(0.5);
            let first = self.pick(data::first_names(lang, female));
            let last = self.pick(data::last_names(region));
            return format!("c/o {first} {last}");
        }
        match (lang, choice) {
            (Lang::Fr, 1) if region == Region::Fr => format!("BP {n}"),
            (Lang::Fr, 0 | 1) => format!("Case postale {n}"),
            (Lang::Fr, 2) => format!("CP {n}"),
            (Lang::Fr, 3) => format!("{k}e étage"),
            (Lang::Fr, _) => "Bâtiment B".to_string(),
            (Lang::De, 0 | 1) => format!("Postfach {n}"),
            (Lang::De, 2) => "Postfach".to_string(),
            (Lang::De, 3) => format!("{k}. Stock"),
            (Lang::De, _) => "Hinterhaus".to_string(),
            (Lang::It, 0 | 1) => format!("Casella postale {n}"),
            (Lang::It, 2) => format!("CP {n}"),
            (Lang::It, 3) => format!("Interno {k}"),
            (Lang::It, _) => "Scala B".to_string(),
            (Lang::En, 0 | 1) => format!("PO Box {n}"),
            (Lang::En, 2) => format!("Flat {k}"),
            (Lang::En, 3) => format!("Unit {k}"),
            (Lang::En, _) => format!("Floor {k}"),
        }
    }

    fn zip(&mut self, region: Region, city: &City) -> String {
        match city.zip {
            ZipRule::Range(lo, hi) => {
                let n = self.num(lo, hi);
                if region.country() == Country::Ch {
                    format!("{n:04}")
                } else {
                    format!("{n:05}")
                }
            }
            ZipRule::Uk(outward) => {
                let out = self.pick(outward);
                let d = self.num(1, 9);
                let l1 = char::from(self.pick(data::UK_INWARD_LETTERS));
                let l2 = char::from(self.pick(data::UK_INWARD_LETTERS));
                format!("{out} {d}{l1}{l2}")
            }
        }
    }

    fn country_spelling(&mut self, region: Region) -> Option<&'static str> {
        let country = region.country();
        let null_share = if country == Country::Ch { 0.08 } else { 0.03 };
        if self.p(null_share) {
            return None;
        }
        let r = self.rng.random::<f64>();
        Some(match country {
            Country::Ch => {
                if r < 0.64 {
                    "CH"
                } else if r < 0.71 {
                    "ch"
                } else if r < 0.93 {
                    match region {
                        Region::ChFr => "Suisse",
                        Region::ChIt => "Svizzera",
                        _ => "Schweiz",
                    }
                } else {
                    "Switzerland"
                }
            }
            Country::Fr => {
                if r < 0.67 {
                    "FR"
                } else {
                    "France"
                }
            }
            Country::De => {
                if r < 0.57 {
                    "DE"
                } else if r < 0.9 {
                    "Deutschland"
                } else {
                    "Germany"
                }
            }
            Country::It => {
                if r < 0.62 {
                    "IT"
                } else {
                    "Italia"
                }
            }
            Country::Uk => {
                if r < 0.42 {
                    "UK"
                } else if r < 0.78 {
                    "GB"
                } else {
                    "United Kingdom"
                }
            }
        })
    }

    /// A full address as stored, with dirt.
    fn address(&mut self, region: Region, city: &City, company: bool, mojibake: bool) -> AddrSeed {
        let mut street = self.street(region);
        let street2_share = if company { 0.12 } else { 0.06 };
        let street2 = if self.p(street2_share) {
            Some(self.street2(region, company))
        } else {
            None
        };
        let mut zip = Some(self.zip(region, city));
        if let Some(z) = zip.as_mut() {
            if z.starts_with('0') && self.p(0.12) {
                // Stored as a number once: '01000' -> '1000'.
                *z = z.trim_start_matches('0').to_string();
            } else if self.p(0.02) && region != Region::Uk {
                let prefix = match region.country() {
                    Country::Ch => "CH-",
                    Country::Fr => "F-",
                    Country::De => "D-",
                    _ => "I-",
                };
                *z = format!("{prefix}{z}");
            } else if region == Region::Uk && self.p(0.06) {
                *z = if self.p(0.5) {
                    z.to_lowercase()
                } else {
                    z.replace(' ', "")
                };
            }
        }
        let r = self.rng.random::<f64>();
        let mut city_name = if r < 0.84 {
            city.name.to_string()
        } else if r < 0.92 {
            // 'GENEVE', 'ZURICH'.
            fold_keep_case(city.name).to_uppercase()
        } else if r < 0.95 {
            city.name.to_uppercase()
        } else if r < 0.97 {
            city.name.to_lowercase()
        } else if r < 0.985 {
            // Postcode typed into the city field.
            let z = zip.take().unwrap_or_default();
            format!("{z} {}", city.name)
        } else {
            fold_keep_case(city.name)
        };
        if self.p(0.01) {
            zip = None;
        }
        let country = self.country_spelling(region);
        if mojibake {
            street = to_mojibake(&street);
            city_name = to_mojibake(&city_name);
        }
        AddrSeed {
            street: Some(street),
            street2,
            zip,
            city: Some(city_name),
            country,
        }
    }

    fn push_address(&mut self, chunk: &mut Chunk, cust_id: i64, kind: &'static str, a: AddrSeed) {
        self.next_addr_id += 1;
        chunk.addresses.push(AddressRow {
            addr_id: self.next_addr_id,
            cust_id,
            addr_kind: kind,
            street: a.street,
            street2: a.street2,
            zip: a.zip,
            city: a.city,
            country: a.country,
        });
    }

    // ---------------------------------------------------------- persons

    fn person(&mut self, cust_id: i64, chunk: &mut Chunk) {
        let region = self.region();
        let lang = region.lang();
        let country = region.country();
        let female = self.p(0.5);
        let first = self.pick(data::first_names(lang, female));
        let last = self.pick(data::last_names(region));
        let cities = data::cities(region);
        let city = &cities[self.idx(cities.len())];

        let cust_no = self.cust_no();
        let civility = self.civility(lang, female);
        let (birth_date, birth) = self.birth(country);
        let clean_email = if self.p(0.15) {
            None
        } else {
            Some(self.person_email(first, last, region, birth))
        };
        let email = clean_email.clone().map(|e| self.stored_email(e, 0.08));
        let phone = self.phone_field(country, city.area, 0.35);
        let mobile = self.mobile_field(country, 0.3);
        let fax = if self.p(0.03) {
            Some(self.landline(country, city.area))
        } else {
            None
        };

        let upper_row = self.p(0.04);
        let mut first_name = self.name_chaos(first, upper_row);
        let mut last_name = self.name_chaos(last, upper_row);
        // A row once read as windows-1252 and stored back as UTF-8.
        let mojibake = self.p(0.03) && !(first.is_ascii() && last.is_ascii());
        if mojibake {
            first_name = to_mojibake(&first_name);
            last_name = to_mojibake(&last_name);
        }
        let first_name = match self.rng.random::<f64>() {
            r if r < 0.01 => None,
            r if r < 0.02 => Some(String::new()),
            _ => Some(first_name),
        };

        let lang_code = self.lang_code(lang);
        let newsletter = self.newsletter();
        let remark = self.remark(0.04);
        let created_at = self.created_at(cust_id);
        chunk.customers.push(CustomerRow {
            cust_id,
            cust_no,
            kind: "P",
            civility,
            first_name,
            last_name: Some(last_name),
            company: None,
            birth_date,
            lang: lang_code,
            email,
            phone: phone.clone(),
            mobile: mobile.clone(),
            fax,
            newsletter,
            remark,
            created_at,
        });

        let address = if self.p(0.93) {
            let a = self.address(region, city, false, mojibake);
            self.push_address(chunk, cust_id, "MAIN", a.clone());
            if self.p(0.055) {
                let other = &cities[self.idx(cities.len())];
                let bill = self.address(region, other, false, false);
                self.push_address(chunk, cust_id, "BILL", bill);
            }
            Some(a)
        } else {
            None
        };

        let seed = PersonSeed {
            region,
            female,
            first,
            last,
            birth,
            email: clean_email,
            phone,
            mobile,
            address,
        };
        if self.ring.len() < RING_SIZE {
            self.ring.push(seed);
        } else {
            self.ring[self.ring_next] = seed;
            self.ring_next = (self.ring_next + 1) % RING_SIZE;
        }
    }

    /// A person entered a second time: other case, accent lost, same e-mail
    /// or same phone, new `cust_no`.
    fn duplicate(&mut self, cust_id: i64, chunk: &mut Chunk) {
        let pick = self.idx(self.ring.len());
        let seed = self.ring[pick].clone();
        let region = seed.region;
        let lang = region.lang();
        let country = region.country();

        let mut first = if !seed.first.is_ascii() && self.p(0.6) {
            fold_keep_case(seed.first)
        } else {
            seed.first.to_string()
        };
        first = match self.rng.random::<f64>() {
            r if r < 0.35 => first.to_uppercase(),
            r if r < 0.5 => first.to_lowercase(),
            r if r < 0.55 => format!("{}.", initial(&first)),
            _ => first,
        };
        let mut last = if !seed.last.is_ascii() && self.p(0.2) {
            fold_keep_case(seed.last)
        } else {
            seed.last.to_string()
        };
        last = match self.rng.random::<f64>() {
            r if r < 0.35 => last.to_uppercase(),
            r if r < 0.45 => last.to_lowercase(),
            r if r < 0.5 => format!(" {last}"),
            _ => last,
        };

        let cust_no = self.cust_no();
        let civility = self.civility(lang, seed.female);
        let birth_date = match seed.birth {
            Some((y, m, d)) if self.p(0.8) => {
                let format = self.date_format(country);
                Some(format_date(format, y, m, d))
            }
            _ => None,
        };
        let (email, phone) = match seed.email.clone() {
            Some(e) if self.p(0.6) => {
                let email = match self.rng.random::<f64>() {
                    r if r < 0.7 => e,
                    r if r < 0.85 => capitalize_parts(&e),
                    _ => format!("{e} "),
                };
                let phone = if self.p(0.5) {
                    seed.phone.clone()
                } else {
                    None
                };
                (Some(email), phone)
            }
            _ => {
                let email = if self.p(0.5) {
                    None
                } else {
                    let e = self.person_email(seed.first, seed.last, region, seed.birth);
                    Some(self.stored_email(e, 0.08))
                };
                let phone = seed.phone.clone().or_else(|| seed.mobile.clone());
                (email, phone)
            }
        };
        let mobile = if self.p(0.5) {
            seed.mobile.clone()
        } else {
            None
        };
        let lang_code = self.lang_code(lang);
        let newsletter = self.newsletter();
        let remark = self.remark(0.02);
        let created_at = self.created_at(cust_id);
        chunk.customers.push(CustomerRow {
            cust_id,
            cust_no,
            kind: "P",
            civility,
            first_name: Some(first),
            last_name: Some(last),
            company: None,
            birth_date,
            lang: lang_code,
            email,
            phone,
            mobile,
            fax: None,
            newsletter,
            remark,
            created_at,
        });

        let r = self.rng.random::<f64>();
        match seed.address {
            Some(mut a) if r < 0.75 => {
                if self.p(0.3) {
                    a.street = a.street.map(|s| abbreviate_street(&s).to_uppercase());
                }
                if self.p(0.2) {
                    a.country = self.country_spelling(region);
                }
                self.push_address(chunk, cust_id, "MAIN", a);
            }
            _ if r < 0.88 => {
                let cities = data::cities(region);
                let city = &cities[self.idx(cities.len())];
                let a = self.address(region, city, false, false);
                self.push_address(chunk, cust_id, "MAIN", a);
            }
            _ => {}
        }
    }

    // -------------------------------------------------------- companies

    fn company_name(&mut self, region: Region, city: &City) -> (String, String) {
        let lang = region.lang();
        let template = self.pick(data::company_templates(lang));
        let word = self.pick(data::company_words(lang));
        let last = self.pick(data::last_names(region));
        let suffix = self.pick(data::legal_suffixes(region));
        let core = template
            .replace("{W}", word)
            .replace("{L}", last)
            .replace("{C}", city.name)
            .replace(" {S}", "");
        let mut name = template
            .replace("{W}", word)
            .replace("{L}", last)
            .replace("{C}", city.name)
            .replace("{S}", suffix);
        if self.p(0.003) {
            for filler in data::long_company_filler(lang) {
                name.push_str(filler);
            }
            name.push(' ');
            name.push_str(suffix);
        }
        (name, core)
    }

    fn company(&mut self, cust_id: i64, chunk: &mut Chunk) {
        let region = self.region();
        let lang = region.lang();
        let country = region.country();
        let cities = data::cities(region);
        let city = &cities[self.idx(cities.len())];

        let cust_no = self.cust_no();
        let (name, core) = self.company_name(region, city);
        let tld = match country {
            Country::Ch => "ch",
            Country::Fr => "fr",
            Country::De => "de",
            Country::It => "it",
            Country::Uk => "co.uk",
        };
        let domain = format!("{}.{tld}", slug(&core));
        let name = match self.rng.random::<f64>() {
            r if r < 0.04 => name.to_uppercase(),
            r if r < 0.06 => format!("{name} "),
            r if r < 0.07 => format!(" {name}"),
            _ => name,
        };
        let civility = match self.rng.random::<f64>() {
            r if r < 0.96 => None,
            r if r < 0.98 => Some(String::new()),
            _ => Some(
                match lang {
                    Lang::Fr => "Société",
                    Lang::De => "Firma",
                    Lang::It => "Ditta",
                    Lang::En => "Company",
                }
                .to_string(),
            ),
        };
        let email = if self.p(0.8) {
            let mailbox = self.pick(data::company_mailbox(lang));
            Some(self.stored_email(format!("{mailbox}@{domain}"), 0.08))
        } else {
            None
        };
        let phone = self.phone_field(country, city.area, 0.12);
        let mobile = self.mobile_field(country, 0.9);
        let fax = if self.p(0.3) {
            Some(self.landline(country, city.area))
        } else {
            None
        };
        let lang_code = self.lang_code(lang);
        let newsletter = self.newsletter();
        let remark = self.remark(0.06);
        let created_at = self.created_at(cust_id);
        chunk.customers.push(CustomerRow {
            cust_id,
            cust_no,
            kind: "C",
            civility,
            first_name: None,
            last_name: None,
            company: Some(name),
            birth_date: None,
            lang: lang_code,
            email,
            phone,
            mobile,
            fax,
            newsletter,
            remark,
            created_at,
        });

        if self.p(0.93) {
            let a = self.address(region, city, true, false);
            self.push_address(chunk, cust_id, "MAIN", a);
            if self.p(0.32) {
                let mut bill = self.address(region, city, true, false);
                bill.street2 = Some(
                    match lang {
                        Lang::Fr => "Comptabilité",
                        Lang::De => "Buchhaltung",
                        Lang::It => "Amministrazione",
                        Lang::En => "Accounts Payable",
                    }
                    .to_string(),
                );
                self.push_address(chunk, cust_id, "BILL", bill);
            }
        }

        let count = match self.rng.random::<f64>() {
            r if r < 0.3 => 0,
            r if r < 0.75 => 1,
            _ => 2,
        };
        if count > 0 {
            let main = self.idx(count);
            for i in 0..count {
                let row = self.contact_person(cust_id, i == main, region, &domain, city.area);
                chunk.persons.push(row);
            }
        }
    }

    fn contact_person(
        &mut self,
        company_id: i64,
        is_main: bool,
        region: Region,
        domain: &str,
        area: &str,
    ) -> ContactPersonRow {
        let lang = region.lang();
        let female = self.p(0.5);
        let first = self.pick(data::first_names(lang, female));
        let last = self.pick(data::last_names(region));
        let civility = self.civility(lang, female);
        let job_title = if self.p(0.75) {
            let (male, female_title) = self.pick(data::job_titles(lang));
            Some(if female { female_title } else { male })
        } else {
            None
        };
        let email = if self.p(0.75) {
            let german = lang == Lang::De;
            let f = fold_ascii(first, german);
            let l = fold_ascii(last, german);
            let local = match self.idx(4) {
                0 | 1 => format!("{f}.{l}"),
                2 => format!("{}{l}", initial(&f)),
                _ => f,
            };
            Some(self.stored_email(format!("{local}@{domain}"), 0.06))
        } else {
            None
        };
        let phone = if self.p(0.35) {
            None
        } else if self.p(0.6) {
            Some(self.landline(region.country(), area))
        } else {
            Some(self.mobile(region.country()))
        };
        let first_name = self.name_chaos(first, false);
        let last_name = self.name_chaos(last, false);
        self.next_person_id += 1;
        ContactPersonRow {
            person_id: self.next_person_id,
            company_id,
            is_main: i64::from(is_main),
            civility,
            first_name: Some(first_name),
            last_name: Some(last_name),
            job_title,
            email,
            phone,
        }
    }
}

// ---------------------------------------------------------------- helpers

/// `12345` -> `12.345`, `1234567` -> `1.234.567`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    out
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn format_date(format: DateFormat, y: i32, m: u32, d: u32) -> String {
    match format {
        DateFormat::Iso => format!("{y:04}-{m:02}-{d:02}"),
        DateFormat::Dot => format!("{d:02}.{m:02}.{y:04}"),
        DateFormat::Slash => format!("{d:02}/{m:02}/{y:04}"),
        DateFormat::Compact => format!("{y:04}{m:02}{d:02}"),
    }
}

/// First character of `s` (or empty).
fn initial(s: &str) -> &str {
    s.char_indices().nth(1).map_or(s, |(i, _)| &s[..i])
}

/// ASCII replacement of one lower-case character, `None` to drop it.
fn fold_char(c: char, german: bool) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'å' | 'ā' => "a",
        'ä' => {
            if german {
                "ae"
            } else {
                "a"
            }
        }
        'æ' => "ae",
        'ç' | 'č' | 'ć' => "c",
        'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ě' => "e",
        'ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ı' => "i",
        'ł' => "l",
        'ñ' | 'ń' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ø' => "o",
        'ö' => {
            if german {
                "oe"
            } else {
                "o"
            }
        }
        'œ' => "oe",
        'ß' => "ss",
        'ş' | 'š' | 'ś' => "s",
        'ù' | 'ú' | 'û' => "u",
        'ü' => {
            if german {
                "ue"
            } else {
                "u"
            }
        }
        'ý' | 'ÿ' => "y",
        'ž' | 'ź' | 'ż' => "z",
        _ => return None,
    })
}

/// Lower-case ASCII e-mail local part: 'Jean-Pierre' -> 'jean-pierre',
/// "O'Neill" -> 'oneill', 'de la Tour' -> 'delatour', 'Müller' -> 'mueller'
/// (German) or 'muller'.
pub(super) fn fold_ascii(s: &str, german: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() || c == '-' {
            out.push(c);
        } else if let Some(folded) = fold_char(c, german) {
            out.push_str(folded);
        }
    }
    out
}

/// Accents removed, case and everything else kept: 'Hélène' -> 'Helene'.
pub(super) fn fold_keep_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        let lower = c.to_lowercase().next().unwrap_or(c);
        match fold_char(lower, false) {
            Some(folded) if c.is_uppercase() => out.push_str(&folded.to_uppercase()),
            Some(folded) => out.push_str(folded),
            None => out.push(c),
        }
    }
    out
}

/// UTF-8 bytes read as windows-1252: 'René' -> 'RenÃ©'.
pub(super) fn to_mojibake(s: &str) -> String {
    let (decoded, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(s.as_bytes());
    decoded.into_owned()
}

/// 'jean.dupont@bluewin.ch' -> 'Jean.Dupont@Bluewin.ch' (top-level domain
/// left alone).
fn capitalize_parts(s: &str) -> String {
    let tld_start = match s.find('@') {
        Some(at) => s[at..].rfind('.').map_or(s.len(), |dot| at + dot),
        None => s.len(),
    };
    let mut out = String::with_capacity(s.len());
    let mut at_start = true;
    for (i, c) in s.char_indices() {
        if at_start && i < tld_start {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        at_start = matches!(c, '.' | '@' | '-' | '_');
    }
    out
}

/// Common abbreviations: 'Bahnhofstrasse 5' -> 'Bahnhofstr. 5'.
fn abbreviate_street(s: &str) -> String {
    const RULES: &[(&str, &str)] = &[
        ("strasse", "str."),
        ("straße", "str."),
        ("Straße", "Str."),
        ("Strasse", "Str."),
        ("Avenue", "Av."),
        ("avenue", "av."),
        ("Chemin", "Ch."),
        ("Route", "Rte"),
        ("boulevard", "bd"),
        ("Boulevard", "Bd"),
        ("Road", "Rd"),
        ("Street", "St"),
        ("Piazza", "P.za"),
        ("Via ", "V. "),
        ("Corso", "C.so"),
    ];
    for (long, short) in RULES {
        if s.contains(long) {
            return s.replacen(long, short, 1);
        }
    }
    s.to_string()
}

/// Domain label from a company name: 'Théâtre du Jorat' -> 'theatre-du-jorat'.
pub(super) fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        let piece = if c.is_ascii_alphanumeric() {
            Some(c.to_string())
        } else {
            fold_char(c, false).map(str::to_string)
        };
        match piece {
            Some(p) => out.push_str(&p),
            None => {
                if !out.is_empty() && !out.ends_with('-') {
                    out.push('-');
                }
            }
        }
    }
    let mut out = out.trim_end_matches('-').to_string();
    if out.len() > 30 {
        let cut = out[..30].rfind('-').unwrap_or(30);
        out.truncate(cut);
    }
    if out.is_empty() {
        out.push_str("company");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers_behave() {
        assert_eq!(thousands(12345), "12.345");
        assert_eq!(thousands(1234567), "1.234.567");
        assert_eq!(thousands(999), "999");
        assert_eq!(fold_ascii("Jean-Pierre", false), "jean-pierre");
        assert_eq!(fold_ascii("O'Neill", false), "oneill");
        assert_eq!(fold_ascii("de la Tour", false), "delatour");
        assert_eq!(fold_ascii("Müller", true), "mueller");
        assert_eq!(fold_ascii("Müller", false), "muller");
        assert_eq!(fold_ascii("Yılmaz", true), "yilmaz");
        assert_eq!(fold_keep_case("Hélène"), "Helene");
        assert_eq!(fold_keep_case("ÉTIENNE"), "ETIENNE");
        assert_eq!(to_mojibake("René"), "RenÃ©");
        assert_eq!(to_mojibake("Müller"), "MÃ¼ller");
        assert_eq!(to_mojibake("François"), "FranÃ§ois");
        assert_eq!(
            capitalize_parts("jean.dupont@bluewin.ch"),
            "Jean.Dupont@Bluewin.ch"
        );
        assert_eq!(abbreviate_street("Bahnhofstrasse 5"), "Bahnhofstr. 5");
        assert_eq!(slug("Théâtre du Jorat"), "theatre-du-jorat");
        assert_eq!(slug("Müller & Söhne"), "muller-sohne");
        assert_eq!(initial("Émile"), "É");
        assert_eq!(format_date(DateFormat::Dot, 1975, 3, 14), "14.03.1975");
        assert_eq!(format_date(DateFormat::Compact, 0, 0, 0), "00000000");
    }

    #[test]
    fn long_company_names_exist_and_exceed_100_chars() {
        let mut g = Generator::new(1, 100_000);
        let mut chunk = Chunk::default();
        for id in 1..=40_000 {
            g.fill(id, &mut chunk);
        }
        let companies: Vec<&String> = chunk
            .customers
            .iter()
            .filter_map(|c| c.company.as_ref())
            .collect();
        let long = companies.iter().filter(|n| n.chars().count() > 100).count();
        let share = long as f64 / companies.len() as f64;
        assert!(long > 0, "no company name longer than 100 characters");
        assert!(share < 0.01, "too many long company names: {share}");
    }
}
