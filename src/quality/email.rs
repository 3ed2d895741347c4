//! E-mail addresses: validation against the SecuTix EMAIL1 pattern (spec §2.6) and opt-in
//! repairs of the usual legacy-data defects.
//!
//! [`check_email`] first normalises the raw value (trims it and lower-cases it; these are not
//! counted as repairs), then, if it does not match [`SECUTIX_EMAIL_PATTERN`], tries the repairs
//! the caller enabled in [`EmailRepairs`], in a fixed order:
//!
//! 1. [`EmailRepair::FirstOfSeveral`]: the field holds two or more addresses separated by `;`,
//!    `,`, `/`, `|` or white space: keep the first one that is valid (after the other repairs).
//! 2. [`EmailRepair::AtWord`]: `x(at)y.ch`, `x [at] y.ch`, `x at y.ch` (only when the value has
//!    no `@` at all and exactly one such word); `(dot)`/`[dot]`/` dot ` become `.` in the same
//!    step.
//! 3. [`EmailRepair::InnerSpaces`]: white space next to `@` or `.` (`jean @ gmail.com`,
//!    `jean.dupont@ orange.fr`). A space inside a word (`jean dupont@x.ch`) is *not* removed:
//!    that would silently invent a different mailbox.
//! 4. [`EmailRepair::DoubledAt`]: `@@` becomes `@`.
//! 5. [`EmailRepair::TrailingDot`]: trailing dots after the domain are dropped.
//! 6. [`EmailRepair::DomainTypo`]: a misspelt well-known provider (see [`domain_typo_fix`]).
//!
//! A domain typo is the only repair that can change an address which already matches the
//! pattern (`jean@gmial.com` is syntactically fine); when that repair is not enabled such an
//! address is reported [`EmailCheck::Valid`], because SecuTix accepts it. Callers who want to
//! warn about it can call [`domain_typo_fix`] themselves.
//!
//! Non-ASCII letters (`zoé@x.ch`) are rejected, never transliterated.

use std::sync::LazyLock;

use regex::Regex;

/// The SecuTix EMAIL1 pattern (spec §2.6), applied to the lower-cased address.
pub const SECUTIX_EMAIL_PATTERN: &str =
    r"^[0-9a-z+$_-]+(\.[0-9a-z+$_-]+)*@[0-9a-z+_-]+(\.[0-9a-z+_-]+)+$";

/// Maximum length of an e-mail column in the SecuTix file (EMAIL1..3 are `Text 250`).
pub const MAX_EMAIL_LEN: usize = 250;

/// A repair applied to make an address valid (each is opt-in and counted by the caller).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EmailRepair {
    /// White space next to `@` or `.` removed (`jean @ gmail.com`).
    InnerSpaces,
    /// Trailing dot(s) removed (`x@y.ch.`).
    TrailingDot,
    /// `@@` collapsed into `@`.
    DoubledAt,
    /// A misspelt well-known provider domain corrected (`gmial.com` → `gmail.com`).
    DomainTypo,
    /// Several addresses in the field: the first valid one was kept.
    FirstOfSeveral,
    /// `(at)`, `[at]` or ` at ` replaced by `@`.
    AtWord,
}

/// Which repairs are allowed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EmailRepairs {
    /// Allow [`EmailRepair::InnerSpaces`].
    pub inner_spaces: bool,
    /// Allow [`EmailRepair::TrailingDot`].
    pub trailing_dot: bool,
    /// Allow [`EmailRepair::DoubledAt`].
    pub doubled_at: bool,
    /// Allow [`EmailRepair::DomainTypo`].
    pub domain_typos: bool,
    /// Allow [`EmailRepair::FirstOfSeveral`].
    pub first_of_several: bool,
    /// Allow [`EmailRepair::AtWord`].
    pub at_word: bool,
}

impl EmailRepairs {
    /// Every repair enabled.
    pub fn all() -> Self {
        Self {
            inner_spaces: true,
            trailing_dot: true,
            doubled_at: true,
            domain_typos: true,
            first_of_several: true,
            at_word: true,
        }
    }

    /// No repair enabled (validation only).
    pub fn none() -> Self {
        Self::default()
    }

    /// Whether `repair` is enabled.
    pub fn allows(&self, repair: EmailRepair) -> bool {
        match repair {
            EmailRepair::InnerSpaces => self.inner_spaces,
            EmailRepair::TrailingDot => self.trailing_dot,
            EmailRepair::DoubledAt => self.doubled_at,
            EmailRepair::DomainTypo => self.domain_typos,
            EmailRepair::FirstOfSeveral => self.first_of_several,
            EmailRepair::AtWord => self.at_word,
        }
    }
}

/// The outcome of [`check_email`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmailCheck {
    /// Valid as is (after trimming and lower-casing, which are normalisations, not repairs).
    Valid(String),
    /// Made valid by the listed repairs (in the order they were applied).
    Repaired {
        /// The repaired, valid address.
        value: String,
        /// The repairs that were applied.
        repairs: Vec<EmailRepair>,
    },
    /// Not a valid address.
    Invalid {
        /// Why, in words a customer understands ("no @", "domain 'gmail' has no dot",
        /// "character ',' not allowed"). Describes the value after the enabled repairs.
        reason: String,
        /// A repair that would have fixed it, when one exists but was not enabled.
        repairable_with: Option<EmailRepair>,
    },
}

static EMAIL_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(SECUTIX_EMAIL_PATTERN).expect("SECUTIX_EMAIL_PATTERN compiles"));

/// `(at)`, `[at]`, `{at}`, `<at>` with optional surrounding space, or ` at ` between spaces.
static AT_WORD_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s*[(\[{<]\s*at\s*[)\]}>]\s*|\s+at\s+").expect("AT_WORD_RE compiles")
});

/// `(dot)`, `[dot]`, `{dot}`, `<dot>` or ` dot `; only used together with an at-word.
static DOT_WORD_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s*[(\[{<]\s*dot\s*[)\]}>]\s*|\s+dot\s+").expect("DOT_WORD_RE compiles")
});

/// White space next to `@` or `.`.
static SPACE_AROUND_SEP_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*([@.])\s*").expect("SPACE_AROUND_SEP_RE compiles"));

/// Two or more `@` in a row.
static MULTI_AT_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"@{2,}").expect("MULTI_AT_RE compiles"));

/// Checks (and, where allowed, repairs) one raw e-mail value.
///
/// The value is trimmed and lower-cased first; an empty value is `Invalid` with reason
/// "empty" (callers normally skip empty cells before calling this).
pub fn check_email(raw: &str, repairs: &EmailRepairs) -> EmailCheck {
    let normalised = raw.trim().to_lowercase();
    if normalised.is_empty() {
        return EmailCheck::Invalid {
            reason: "empty".to_string(),
            repairable_with: None,
        };
    }
    match run(&normalised, repairs) {
        Ok((value, applied)) if applied.is_empty() => EmailCheck::Valid(value),
        Ok((value, applied)) => EmailCheck::Repaired {
            value,
            repairs: applied,
        },
        Err(reason) => {
            let all = EmailRepairs::all();
            let repairable_with = if *repairs == all {
                None
            } else {
                run(&normalised, &all)
                    .ok()
                    .and_then(|(_, applied)| applied.into_iter().find(|r| !repairs.allows(*r)))
            };
            EmailCheck::Invalid {
                reason,
                repairable_with,
            }
        }
    }
}

/// Whether `address` (already lower-cased) is acceptable as is for SecuTix.
pub fn is_secutix_email(address: &str) -> bool {
    address.len() <= MAX_EMAIL_LEN && EMAIL_RE.is_match(address)
}

/// Runs the repair pipeline; `Err` holds the reason the (partially repaired) value is invalid.
fn run(s: &str, allowed: &EmailRepairs) -> Result<(String, Vec<EmailRepair>), String> {
    let parts = several_addresses(s);
    if parts.len() < 2 {
        return run_single(s, allowed);
    }
    if !allowed.first_of_several {
        return Err(format!("{} addresses in one field", parts.len()));
    }
    let mut first_reason = None;
    for part in &parts {
        match run_single(part, allowed) {
            Ok((value, mut applied)) => {
                applied.insert(0, EmailRepair::FirstOfSeveral);
                return Ok((value, applied));
            }
            Err(reason) => {
                first_reason.get_or_insert(reason);
            }
        }
    }
    Err(format!(
        "{} addresses in one field, none valid (first: {})",
        parts.len(),
        first_reason.unwrap_or_default()
    ))
}

/// The addresses of a field holding several; fewer than 2 elements means "not several".
///
/// The field is cut at `;`, `,`, `/` and `|`; a piece is further cut at white space only when
/// it then yields two or more pieces holding an `@` (white space next to `@` or `.` never cuts,
/// so `jean @ gmail.com` stays one address). Pieces without an `@` are dropped.
fn several_addresses(s: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    for chunk in s.split([';', ',', '/', '|']) {
        let chunk = chunk.trim();
        if chunk.is_empty() {
            continue;
        }
        let tokens = split_on_free_spaces(chunk);
        let with_at: Vec<&str> = tokens.iter().copied().filter(|t| t.contains('@')).collect();
        if with_at.len() >= 2 {
            parts.extend(with_at);
        } else {
            parts.push(chunk);
        }
    }
    parts.retain(|p| p.contains('@'));
    parts
}

/// Splits at runs of white space that are not next to `@` or `.`.
fn split_on_free_spaces(s: &str) -> Vec<&str> {
    let mut tokens = Vec::new();
    let mut start = 0;
    let mut prev: Option<char> = None;
    let mut iter = s.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if !c.is_whitespace() {
            prev = Some(c);
            continue;
        }
        // A run of white space from i to the next non-space character.
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = iter.peek() {
            if !d.is_whitespace() {
                break;
            }
            end = j + d.len_utf8();
            iter.next();
        }
        let next = s[end..].chars().next();
        let glued = |ch: Option<char>| matches!(ch, Some('@') | Some('.'));
        if !glued(prev) && !glued(next) {
            tokens.push(&s[start..i]);
            start = end;
        }
        prev = next;
    }
    tokens.push(&s[start..]);
    tokens.retain(|t| !t.is_empty());
    tokens
}

/// The repair pipeline for one address (steps 2 to 6 of the module documentation).
fn run_single(s: &str, allowed: &EmailRepairs) -> Result<(String, Vec<EmailRepair>), String> {
    let mut s = s.to_string();
    let mut applied = Vec::new();

    if allowed.at_word && !s.contains('@') {
        if let Some(fixed) = replace_at_word(&s) {
            s = fixed;
            applied.push(EmailRepair::AtWord);
        }
    }
    if allowed.inner_spaces && SPACE_AROUND_SEP_RE.is_match(&s) {
        let fixed = SPACE_AROUND_SEP_RE.replace_all(&s, "$1").into_owned();
        if fixed != s {
            s = fixed;
            applied.push(EmailRepair::InnerSpaces);
        }
    }
    if allowed.doubled_at && MULTI_AT_RE.is_match(&s) {
        s = MULTI_AT_RE.replace_all(&s, "@").into_owned();
        applied.push(EmailRepair::DoubledAt);
    }
    if allowed.trailing_dot && s.ends_with('.') {
        let trimmed = s.trim_end_matches('.');
        // Only after a domain: "x@." or "x." are not addresses with a stray dot.
        if let Some((_, domain)) = trimmed.split_once('@') {
            if !domain.is_empty() {
                s = trimmed.to_string();
                applied.push(EmailRepair::TrailingDot);
            }
        }
    }
    if allowed.domain_typos {
        if let Some((local, domain)) = s.split_once('@') {
            if let Some(fixed) = domain_typo_fix(domain) {
                s = format!("{local}@{fixed}");
                applied.push(EmailRepair::DomainTypo);
            }
        }
    }

    if is_secutix_email(&s) {
        Ok((s, applied))
    } else {
        Err(describe_problem(&s))
    }
}

/// `jean(at)gmail(dot)com` → `jean@gmail.com`, when there is exactly one at-word and the
/// result is a single word (white space only next to `@`/`.` remains, for InnerSpaces).
fn replace_at_word(s: &str) -> Option<String> {
    if AT_WORD_RE.find_iter(s).count() != 1 {
        return None;
    }
    let replaced = AT_WORD_RE.replace(s, "@");
    let replaced = DOT_WORD_RE.replace_all(&replaced, ".").into_owned();
    let squeezed = SPACE_AROUND_SEP_RE.replace_all(&replaced, "$1");
    if squeezed.chars().any(char::is_whitespace) {
        return None;
    }
    let (local, domain) = squeezed.split_once('@')?;
    // Only when the result looks like an address ("jean at home" is a sentence).
    if local.is_empty() || !(domain.contains('.') || domain_typo_fix(domain).is_some()) {
        return None;
    }
    Some(replaced)
}

/// Why `s` (lower-cased) is not a valid SecuTix address, in plain words.
fn describe_problem(s: &str) -> String {
    if s.is_empty() {
        return "empty".to_string();
    }
    if s.len() > MAX_EMAIL_LEN {
        return format!(
            "{} characters long, SecuTix allows at most {MAX_EMAIL_LEN}",
            s.chars().count()
        );
    }
    if !s.contains('@') {
        return "no @".to_string();
    }
    if s.chars().any(char::is_whitespace) {
        return "contains a space".to_string();
    }
    if let Some(c) = s
        .chars()
        .find(|c| !matches!(c, '0'..='9' | 'a'..='z' | '+' | '$' | '_' | '-' | '.' | '@'))
    {
        return if c.is_control() || is_invisible(c) {
            format!("invisible character U+{:04X} not allowed", c as u32)
        } else {
            format!("character '{c}' not allowed")
        };
    }
    if s.matches('@').count() > 1 {
        return if s.contains("@@") {
            "doubled @ ('@@')".to_string()
        } else {
            "more than one @".to_string()
        };
    }
    let (local, domain) = s.split_once('@').expect("exactly one @");
    if local.is_empty() {
        return "nothing before the @".to_string();
    }
    if domain.is_empty() {
        return "nothing after the @".to_string();
    }
    if domain.contains('$') {
        return "character '$' not allowed after the @".to_string();
    }
    if local.starts_with('.') {
        return "the part before the @ starts with a dot".to_string();
    }
    if local.ends_with('.') {
        return "dot just before the @".to_string();
    }
    if local.contains("..") {
        return "two dots in a row before the @".to_string();
    }
    if domain.starts_with('.') {
        return format!("domain '{domain}' starts with a dot");
    }
    if domain.ends_with('.') {
        return format!("domain '{domain}' ends with a dot");
    }
    if domain.contains("..") {
        return format!("two dots in a row in domain '{domain}'");
    }
    if !domain.contains('.') {
        return format!("domain '{domain}' has no dot");
    }
    "does not match the SecuTix e-mail pattern".to_string()
}

/// Zero-width and other format characters that show as nothing in a report.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
            | '\u{FEFF}'
    )
}

/// A well-known mail provider: first domain label, the suffixes it really uses, and whether
/// the label is distinctive (a brand nobody uses for anything else) or a common word
/// (`web`, `free`, `orange` ...), for which only the safest repairs are attempted.
struct Provider {
    name: &'static str,
    suffixes: &'static [&'static str],
    distinctive: bool,
}

const fn p(name: &'static str, suffixes: &'static [&'static str], distinctive: bool) -> Provider {
    Provider {
        name,
        suffixes,
        distinctive,
    }
}

/// Mail providers common in Swiss, French, German, Italian, UK and international data.
/// The suffix lists are deliberately generous: a listed suffix is never "repaired", and more
/// suffixes make a guess ambiguous (hence not made) more often.
const PROVIDERS: &[Provider] = &[
    // International
    p("gmail", &["com"], true),
    p("googlemail", &["com"], true),
    p(
        "hotmail",
        &[
            "com", "fr", "ch", "de", "it", "es", "be", "nl", "at", "co.uk", "ca", "se", "dk", "no",
            "fi", "gr", "com.br", "com.ar", "co.jp", "com.au", "cz", "hu", "lu",
        ],
        true,
    ),
    p(
        "outlook",
        &[
            "com", "fr", "de", "it", "es", "be", "at", "ch", "co.uk", "com.br", "jp", "dk", "ie",
            "pt", "cl", "sa", "com.au", "co.nz", "co.th", "com.ar", "com.gr", "com.tr", "in", "kr",
            "lv", "my", "ph", "sg", "sk",
        ],
        true,
    ),
    p(
        "live",
        &[
            "com", "fr", "de", "it", "ch", "be", "nl", "at", "co.uk", "ca", "se", "dk", "no", "fi",
            "com.au", "com.ar", "com.mx", "cn", "ie", "jp", "ru", "co.za",
        ],
        false,
    ),
    p("msn", &["com"], true),
    p(
        "yahoo",
        &[
            "com", "fr", "de", "it", "es", "co.uk", "ca", "com.br", "co.jp", "gr", "ie", "in",
            "com.au", "se", "dk", "no", "be", "at", "nl", "ch", "com.ar", "com.mx", "co.in",
            "co.id", "com.sg", "com.hk", "com.tw", "pl", "ro",
        ],
        true,
    ),
    p("ymail", &["com"], true),
    p("rocketmail", &["com"], true),
    p("icloud", &["com"], true),
    p("me", &["com"], false),
    p("mac", &["com"], false),
    p(
        "aol",
        &[
            "com", "fr", "de", "it", "co.uk", "at", "ch", "be", "nl", "es",
        ],
        true,
    ),
    p("protonmail", &["com", "ch"], true),
    p("proton", &["me"], false),
    // German-speaking
    p(
        "gmx",
        &[
            "ch", "de", "net", "at", "com", "fr", "es", "us", "co.uk", "it", "li", "eu", "info",
            "org", "biz", "tm",
        ],
        true,
    ),
    p("web", &["de"], false),
    p("t-online", &["de"], true),
    p("freenet", &["de"], false),
    p("arcor", &["de"], true),
    p("posteo", &["de", "net"], true),
    p("bluewin", &["ch"], true),
    p("bluemail", &["ch"], true),
    p("sunrise", &["ch"], false),
    p("hispeed", &["ch"], true),
    p("swissonline", &["ch"], true),
    p("vtxnet", &["ch"], true),
    p("netplus", &["ch"], false),
    p("green", &["ch"], false),
    // French
    p("orange", &["fr"], false),
    p("wanadoo", &["fr"], true),
    p("free", &["fr"], false),
    p("sfr", &["fr"], false),
    p("neuf", &["fr"], false),
    p("laposte", &["net", "fr"], true),
    p("club-internet", &["fr"], true),
    // Italian
    p("libero", &["it"], true),
    p("virgilio", &["it"], true),
    p("tiscali", &["it", "co.uk", "fr", "ch"], true),
    p("alice", &["it"], false),
    p("tin", &["it"], false),
    // UK
    p("btinternet", &["com"], true),
    p("sky", &["com"], false),
    p("virginmedia", &["com"], true),
    p("talktalk", &["net"], true),
];

/// Misspelt first labels of provider domains, with the intended label. Each misspelling is
/// a typo-squatted or unused name, never a real mail provider.
const NAME_TYPOS: &[(&str, &str)] = &[
    // gmail
    ("gmial", "gmail"),
    ("gmal", "gmail"),
    ("gnail", "gmail"),
    ("gamil", "gmail"),
    ("gmaill", "gmail"),
    ("gmil", "gmail"),
    ("gmai", "gmail"),
    ("gmali", "gmail"),
    ("gmeil", "gmail"),
    ("gmaiil", "gmail"),
    ("gmaul", "gmail"),
    ("gmsil", "gmail"),
    ("gimail", "gmail"),
    ("gmaik", "gmail"),
    ("gmailm", "gmail"),
    ("gmal1", "gmail"),
    ("googlemial", "googlemail"),
    ("googelmail", "googlemail"),
    ("goolemail", "googlemail"),
    // hotmail
    ("hotmial", "hotmail"),
    ("hotmal", "hotmail"),
    ("hotmai", "hotmail"),
    ("hotmil", "hotmail"),
    ("homail", "hotmail"),
    ("hotamil", "hotmail"),
    ("hotnail", "hotmail"),
    ("hotmaill", "hotmail"),
    ("htomail", "hotmail"),
    ("hotmali", "hotmail"),
    ("hormail", "hotmail"),
    ("hotmaii", "hotmail"),
    ("hotmsil", "hotmail"),
    // outlook, yahoo, icloud
    ("outlok", "outlook"),
    ("outloook", "outlook"),
    ("outllok", "outlook"),
    ("otlook", "outlook"),
    ("outlool", "outlook"),
    ("yaho", "yahoo"),
    ("yahooo", "yahoo"),
    ("yhoo", "yahoo"),
    ("yahho", "yahoo"),
    ("yaoo", "yahoo"),
    ("yajoo", "yahoo"),
    ("iclod", "icloud"),
    ("icoud", "icloud"),
    ("iclould", "icloud"),
    ("icluod", "icloud"),
    // Swiss
    ("bleuwin", "bluewin"),
    ("bluwin", "bluewin"),
    ("blewin", "bluewin"),
    ("bluewim", "bluewin"),
    ("bluewinn", "bluewin"),
    ("bluewn", "bluewin"),
    ("bluemin", "bluewin"),
    ("bluiewin", "bluewin"),
    ("sunrize", "sunrise"),
    ("sunrice", "sunrise"),
    ("hispped", "hispeed"),
    // German
    ("tonline", "t-online"),
    ("t-onlin", "t-online"),
    ("t-onine", "t-online"),
    ("t-onlne", "t-online"),
    ("t-onlline", "t-online"),
    // French
    ("wanado", "wanadoo"),
    ("wanadou", "wanadoo"),
    ("wannadoo", "wanadoo"),
    ("wanaddo", "wanadoo"),
    ("oragne", "orange"),
    ("ornage", "orange"),
    ("orannge", "orange"),
    ("lapost", "laposte"),
    ("lapsote", "laposte"),
    // Italian
    ("libreo", "libero"),
    ("liberto", "libero"),
    ("virgillio", "virgilio"),
    ("tiscalli", "tiscali"),
    // UK
    ("btinternt", "btinternet"),
    ("btinterent", "btinternet"),
    ("btinternett", "btinternet"),
];

fn provider(name: &str) -> Option<&'static Provider> {
    PROVIDERS.iter().find(|p| p.name == name)
}

/// The corrected domain when `domain` (lower-case, the part after the `@`) is a typo of a
/// well-known provider domain, `None` when it is fine or not recognisably a typo.
///
/// Recognised: a misspelt provider label (`gmial.com`), a misspelt suffix after a known
/// provider (`gmail.con`, `gmail.cmo`, `gmail.c0m`, `gmail.co`, `bluewin.cj`, `gmx.ne`,
/// `orange.f`), a missing suffix for a provider that has only one (`gmail` → `gmail.com`,
/// but not `hotmail`) and a missing dot (`gmailcom`). A suffix the provider really uses is
/// never changed, and a guess is only made when exactly one correction fits: `hotmail.c`
/// could be `.com`, `.ch` or `.co.uk` and is left alone. For providers whose label is a
/// common word (`web`, `free`, `orange`, `sunrise` ...) only a one-letter suffix is completed.
pub fn domain_typo_fix(domain: &str) -> Option<String> {
    let (label, suffix) = match domain.split_once('.') {
        Some((label, suffix)) => (label, Some(suffix)),
        None => (domain, None),
    };
    let fixed_label = NAME_TYPOS
        .iter()
        .find(|(typo, _)| *typo == label)
        .map_or(label, |(_, good)| *good);
    let renamed = fixed_label != label;
    match (provider(fixed_label), suffix) {
        (Some(prov), Some(suffix)) if prov.suffixes.contains(&suffix) => {
            renamed.then(|| format!("{fixed_label}.{suffix}"))
        }
        (Some(prov), Some(suffix)) => {
            fix_suffix(prov, suffix).map(|good| format!("{fixed_label}.{good}"))
        }
        (Some(prov), None) => (prov.distinctive && prov.suffixes.len() == 1)
            .then(|| format!("{fixed_label}.{}", prov.suffixes[0])),
        (None, None) => glued_suffix(domain),
        (None, Some(_)) => None,
    }
}

/// `gmailcom` → `gmail.com` (distinctive providers only).
fn glued_suffix(domain: &str) -> Option<String> {
    PROVIDERS.iter().filter(|p| p.distinctive).find_map(|p| {
        let rest = domain.strip_prefix(p.name)?;
        p.suffixes
            .iter()
            .find(|s| !rest.is_empty() && s.replace('.', "") == rest)
            .map(|s| format!("{}.{s}", p.name))
    })
}

/// The provider's suffix that `bad` is a typo of, when exactly one fits.
fn fix_suffix(prov: &Provider, bad: &str) -> Option<&'static str> {
    if bad.is_empty() {
        return None;
    }
    // Tier 1: typing stopped early ("co" for "com", "f" for "fr", "ne" for "net").
    let truncated: Vec<&'static str> = prov
        .suffixes
        .iter()
        .copied()
        .filter(|s| s.len() > bad.len() && s.starts_with(bad))
        .collect();
    if !prov.distinctive {
        // A one-letter suffix exists nowhere, so completing it cannot hide a real address.
        return (bad.chars().count() == 1 && truncated.len() == 1).then(|| truncated[0]);
    }
    match truncated.len() {
        1 => return Some(truncated[0]),
        0 => {}
        _ => return None,
    }
    // Tier 2: one wrong, missing, extra or swapped character ("con", "cmo", "c0m", "cj").
    // For a provider present in several countries a two-letter suffix may be a real country
    // domain of theirs we do not list ("hotmail.cm"?), so no guess there.
    if prov.suffixes.len() > 1 && bad.chars().count() == 2 {
        return None;
    }
    let near: Vec<&'static str> = prov
        .suffixes
        .iter()
        .copied()
        .filter(|s| is_one_edit_apart(bad, s))
        .collect();
    (near.len() == 1).then(|| near[0])
}

/// Optimal-string-alignment distance is exactly 1 (substitution, insertion, deletion or
/// transposition of two neighbours).
fn is_one_edit_apart(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a == b {
        return false;
    }
    let (la, lb) = (a.len(), b.len());
    if la == lb {
        let diffs: Vec<usize> = (0..la).filter(|&i| a[i] != b[i]).collect();
        return match diffs.as_slice() {
            [_] => true,
            [i, j] => *j == i + 1 && a[*i] == b[*j] && a[*j] == b[*i],
            _ => false,
        };
    }
    let (short, long) = if la < lb { (&a, &b) } else { (&b, &a) };
    if long.len() - short.len() != 1 {
        return false;
    }
    let first_diff = (0..short.len())
        .find(|&i| short[i] != long[i])
        .unwrap_or(short.len());
    short[first_diff..] == long[first_diff + 1..]
}

#[cfg(test)]
mod tests {
    use super::EmailRepair::*;
    use super::*;

    fn valid(s: &str) -> EmailCheck {
        EmailCheck::Valid(s.to_string())
    }

    fn repaired(s: &str, repairs: &[EmailRepair]) -> EmailCheck {
        EmailCheck::Repaired {
            value: s.to_string(),
            repairs: repairs.to_vec(),
        }
    }

    fn invalid(reason: &str, repairable_with: Option<EmailRepair>) -> EmailCheck {
        EmailCheck::Invalid {
            reason: reason.to_string(),
            repairable_with,
        }
    }

    #[test]
    fn valid_addresses_are_only_normalised() {
        let cases = [
            ("jean.dupont@example.ch", "jean.dupont@example.ch"),
            ("  Jean.Dupont@Example.CH  ", "jean.dupont@example.ch"),
            ("\u{a0}JEAN@GMAIL.COM\t", "jean@gmail.com"),
            ("a@b.co", "a@b.co"),
            (
                "first+tag@sub.domain.example.org",
                "first+tag@sub.domain.example.org",
            ),
            (
                "x_y-z$1@mail-server.example.com",
                "x_y-z$1@mail-server.example.com",
            ),
            ("0123@456.78", "0123@456.78"),
            ("jean@hotmail.co.uk", "jean@hotmail.co.uk"),
            ("jean@gmx.ch", "jean@gmx.ch"),
            ("jean@gmx.net", "jean@gmx.net"),
            ("jean@web.de", "jean@web.de"),
            ("jean@orange.fr", "jean@orange.fr"),
            ("jean@laposte.net", "jean@laposte.net"),
            ("jean@laposte.fr", "jean@laposte.fr"),
            ("jean@bluewin.ch", "jean@bluewin.ch"),
            ("jean@googlemail.com", "jean@googlemail.com"),
            ("jean@mail.gmail.com", "jean@mail.gmail.com"),
            ("jean@yahoo.com.br", "jean@yahoo.com.br"),
            ("jean@hotmail.be", "jean@hotmail.be"),
            ("jean@t-online.de", "jean@t-online.de"),
            ("jean@libero.it", "jean@libero.it"),
            ("jean@protonmail.ch", "jean@protonmail.ch"),
            ("jean@example.con", "jean@example.con"),
            ("jean@company.co", "jean@company.co"),
            // Unusual but valid: never "repaired".
            ("jean@gmail.fr", "jean@gmail.fr"),
            ("jean@gmail.de", "jean@gmail.de"),
            ("jean@bluewin.com", "jean@bluewin.com"),
            ("jean@orange.ch", "jean@orange.ch"),
            ("jean@orange.com", "jean@orange.com"),
            ("jean@free.de", "jean@free.de"),
            ("jean@web.com", "jean@web.com"),
            ("jean@hotmail.cm", "jean@hotmail.cm"),
            ("jean@gmx.li", "jean@gmx.li"),
            ("jean@live.co", "jean@live.co"),
            ("jean@sky.co", "jean@sky.co"),
            ("jean@gemail.com", "jean@gemail.com"),
            ("jean@mail.com", "jean@mail.com"),
            ("jean.at.home@x.ch", "jean.at.home@x.ch"),
        ];
        for (input, expected) in cases {
            assert_eq!(
                check_email(input, &EmailRepairs::all()),
                valid(expected),
                "input {input:?}"
            );
            assert_eq!(
                check_email(input, &EmailRepairs::none()),
                valid(expected),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn invalid_addresses_and_reasons() {
        // (input, reason) — not repairable, whatever is enabled.
        let cases = [
            ("", "empty"),
            ("   ", "empty"),
            ("jean", "no @"),
            ("jean.dupont.gmail.com", "no @"),
            ("@gmail.com", "nothing before the @"),
            ("jean@", "nothing after the @"),
            ("jean@x@y.ch", "more than one @"),
            ("zoé@x.ch", "character 'é' not allowed"),
            ("ZOÉ@X.CH", "character 'é' not allowed"),
            ("jean@zürich.ch", "character 'ü' not allowed"),
            ("jean,dupont@x.ch", "character ',' not allowed"),
            ("jean@gmail,com", "character ',' not allowed"),
            ("jean!@x.ch", "character '!' not allowed"),
            ("'jean@x.ch'", "character ''' not allowed"),
            ("mailto:jean@x.ch", "character ':' not allowed"),
            (
                "jean\u{200b}@x.ch",
                "invisible character U+200B not allowed",
            ),
            ("jean dupont@x.ch", "contains a space"),
            ("Jean Dupont <jean@x.ch>", "contains a space"),
            ("jean@x$y.ch", "character '$' not allowed after the @"),
            (".jean@x.ch", "the part before the @ starts with a dot"),
            ("jean.@x.ch", "dot just before the @"),
            ("jean..dupont@x.ch", "two dots in a row before the @"),
            ("jean@.x.ch", "domain '.x.ch' starts with a dot"),
            ("jean@x..ch", "two dots in a row in domain 'x..ch'"),
            ("jean@localhost", "domain 'localhost' has no dot"),
            ("jean@hotmail", "domain 'hotmail' has no dot"),
            ("jean@yahoo", "domain 'yahoo' has no dot"),
            ("jean@gmx", "domain 'gmx' has no dot"),
            ("jean@web", "domain 'web' has no dot"),
            ("jean@orange", "domain 'orange' has no dot"),
            ("n/a", "no @"),
            ("-", "no @"),
            ("zoé", "no @"),
            ("see note at bottom", "no @"),
            ("jean at home", "no @"),
            ("jean(at)localhost", "no @"),
            ("jean at gmail at work", "no @"),
        ];
        for (input, reason) in cases {
            for repairs in [EmailRepairs::all(), EmailRepairs::none()] {
                assert_eq!(
                    check_email(input, &repairs),
                    invalid(reason, None),
                    "input {input:?} with {repairs:?}"
                );
            }
        }
    }

    #[test]
    fn too_long_addresses_are_invalid() {
        let long = format!("{}@example.ch", "a".repeat(240));
        assert_eq!(long.len(), 251);
        assert_eq!(
            check_email(&long, &EmailRepairs::all()),
            invalid("251 characters long, SecuTix allows at most 250", None)
        );
        let fits = format!("{}@example.ch", "a".repeat(239));
        assert_eq!(check_email(&fits, &EmailRepairs::none()), valid(&fits));
    }

    #[test]
    fn repairs_when_enabled() {
        let cases: &[(&str, &str, &[EmailRepair])] = &[
            // Inner spaces
            ("jean @ gmail.com", "jean@gmail.com", &[InnerSpaces]),
            (
                "jean.dupont@ orange.fr",
                "jean.dupont@orange.fr",
                &[InnerSpaces],
            ),
            (
                "jean .dupont@orange.fr",
                "jean.dupont@orange.fr",
                &[InnerSpaces],
            ),
            ("jean@gmail. com", "jean@gmail.com", &[InnerSpaces]),
            ("jean\t@\u{a0}gmail.com", "jean@gmail.com", &[InnerSpaces]),
            // Trailing dot(s)
            ("x@y.ch.", "x@y.ch", &[TrailingDot]),
            ("x@y.ch...", "x@y.ch", &[TrailingDot]),
            ("X@Y.CH. ", "x@y.ch", &[TrailingDot]),
            // Doubled @
            ("jean@@gmail.com", "jean@gmail.com", &[DoubledAt]),
            ("jean@@@gmail.com", "jean@gmail.com", &[DoubledAt]),
            (
                "jean@ @gmail.com",
                "jean@gmail.com",
                &[InnerSpaces, DoubledAt],
            ),
            // At-word
            ("jean(at)gmail.com", "jean@gmail.com", &[AtWord]),
            ("jean (at) gmail.com", "jean@gmail.com", &[AtWord]),
            ("jean [at] gmail.com", "jean@gmail.com", &[AtWord]),
            ("jean[at]gmail.com", "jean@gmail.com", &[AtWord]),
            ("jean{at}gmail.com", "jean@gmail.com", &[AtWord]),
            ("jean <at> gmail.com", "jean@gmail.com", &[AtWord]),
            ("jean at gmail.com", "jean@gmail.com", &[AtWord]),
            ("JEAN AT GMAIL.COM", "jean@gmail.com", &[AtWord]),
            ("jean ( at ) gmail.com", "jean@gmail.com", &[AtWord]),
            ("jean(at)gmail(dot)com", "jean@gmail.com", &[AtWord]),
            ("jean [at] gmail [dot] com", "jean@gmail.com", &[AtWord]),
            (
                "jean dot dupont at gmail dot com",
                "jean.dupont@gmail.com",
                &[AtWord],
            ),
            (
                "jean at gmail . com",
                "jean@gmail.com",
                &[AtWord, InnerSpaces],
            ),
            // Several addresses
            ("a@x.ch;b@y.ch", "a@x.ch", &[FirstOfSeveral]),
            ("a@x.ch; b@y.ch", "a@x.ch", &[FirstOfSeveral]),
            ("a@x.ch , b@y.ch", "a@x.ch", &[FirstOfSeveral]),
            ("a@x.ch / b@y.ch", "a@x.ch", &[FirstOfSeveral]),
            ("a@x.ch|b@y.ch", "a@x.ch", &[FirstOfSeveral]),
            ("a@x.ch b@y.ch", "a@x.ch", &[FirstOfSeveral]),
            ("a@x.ch\n\nb@y.ch", "a@x.ch", &[FirstOfSeveral]),
            ("a@x.ch;b@y.ch;c@z.ch", "a@x.ch", &[FirstOfSeveral]),
            ("bad@@;b@y.ch", "b@y.ch", &[FirstOfSeveral]),
            ("zoé@x.ch; zoe@x.ch", "zoe@x.ch", &[FirstOfSeveral]),
            ("a @ x.ch; b@y.ch", "a@x.ch", &[FirstOfSeveral, InnerSpaces]),
            ("a@x.ch b @ y.ch", "a@x.ch", &[FirstOfSeveral]),
            (
                "a@gmial.com; b@y.ch",
                "a@gmail.com",
                &[FirstOfSeveral, DomainTypo],
            ),
            (
                "jean dupont@x.ch, marie@y.ch",
                "marie@y.ch",
                &[FirstOfSeveral],
            ),
            // Combined
            (
                "Jean @ Gmial.com.",
                "jean@gmail.com",
                &[InnerSpaces, TrailingDot, DomainTypo],
            ),
            (
                "jean@@gmail.con",
                "jean@gmail.com",
                &[DoubledAt, DomainTypo],
            ),
            ("jean at gmial", "jean@gmail.com", &[AtWord, DomainTypo]),
        ];
        for (input, value, repairs) in cases {
            assert_eq!(
                check_email(input, &EmailRepairs::all()),
                repaired(value, repairs),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn domain_typos_are_repaired() {
        let cases = [
            // Misspelt provider name
            ("gmial.com", "gmail.com"),
            ("gmal.com", "gmail.com"),
            ("gnail.com", "gmail.com"),
            ("gamil.com", "gmail.com"),
            ("gmaill.com", "gmail.com"),
            ("hotmial.com", "hotmail.com"),
            ("hotmai.com", "hotmail.com"),
            ("hotmial.fr", "hotmail.fr"),
            ("hotmal.ch", "hotmail.ch"),
            ("yaho.com", "yahoo.com"),
            ("yahooo.fr", "yahoo.fr"),
            ("outlok.com", "outlook.com"),
            ("outlok.de", "outlook.de"),
            ("bleuwin.ch", "bluewin.ch"),
            ("bluwin.ch", "bluewin.ch"),
            ("tonline.de", "t-online.de"),
            ("wanado.fr", "wanadoo.fr"),
            ("libreo.it", "libero.it"),
            ("icoud.com", "icloud.com"),
            ("btinternt.com", "btinternet.com"),
            // Misspelt suffix after a known provider
            ("gmail.con", "gmail.com"),
            ("gmail.co", "gmail.com"),
            ("gmail.cm", "gmail.com"),
            ("gmail.c", "gmail.com"),
            ("gmail.cmo", "gmail.com"),
            ("gmail.ocm", "gmail.com"),
            ("gmail.c0m", "gmail.com"),
            ("gmail.vom", "gmail.com"),
            ("gmail.xom", "gmail.com"),
            ("gmail.comm", "gmail.com"),
            ("gmail.om", "gmail.com"),
            ("googlemail.con", "googlemail.com"),
            ("hotmail.con", "hotmail.com"),
            ("hotmail.cmo", "hotmail.com"),
            ("hotmail.cpm", "hotmail.com"),
            ("yahoo.con", "yahoo.com"),
            ("yahoo.f", "yahoo.fr"),
            ("icloud.con", "icloud.com"),
            ("bluewin.cj", "bluewin.ch"),
            ("bluewin.c", "bluewin.ch"),
            ("bluewin.vh", "bluewin.ch"),
            ("bluewin.chh", "bluewin.ch"),
            ("gmx.d", "gmx.de"),
            ("gmx.ne", "gmx.net"),
            ("gmx.nte", "gmx.net"),
            ("orange.f", "orange.fr"),
            ("wanadoo.f", "wanadoo.fr"),
            ("wanadoo.fe", "wanadoo.fr"),
            ("free.f", "free.fr"),
            ("libero.i", "libero.it"),
            ("libero.ti", "libero.it"),
            ("sunrise.c", "sunrise.ch"),
            ("web.d", "web.de"),
            ("t-online.d", "t-online.de"),
            ("laposte.ne", "laposte.net"),
            ("btinternet.con", "btinternet.com"),
            // Both wrong
            ("gmial.con", "gmail.com"),
            ("hotmial.con", "hotmail.com"),
            // Missing suffix (unambiguous providers only)
            ("gmail", "gmail.com"),
            ("gmial", "gmail.com"),
            ("bluewin", "bluewin.ch"),
            ("wanadoo", "wanadoo.fr"),
            ("t-online", "t-online.de"),
            ("libero", "libero.it"),
            ("icloud", "icloud.com"),
            // Missing dot
            ("gmailcom", "gmail.com"),
            ("hotmailfr", "hotmail.fr"),
            ("bluewinch", "bluewin.ch"),
            ("hotmailcouk", "hotmail.co.uk"),
        ];
        for (domain, fixed) in cases {
            assert_eq!(
                domain_typo_fix(domain).as_deref(),
                Some(fixed),
                "domain {domain:?}"
            );
            let input = format!("jean@{domain}");
            assert_eq!(
                check_email(&input, &EmailRepairs::all()),
                repaired(&format!("jean@{fixed}"), &[DomainTypo]),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn ambiguous_or_valid_domains_are_left_alone() {
        let cases = [
            "gmail.com",
            "hotmail.co.uk",
            "hotmail.c",   // .com, .ch, .co.uk
            "hotmail.f",   // .fr, .fi
            "outlook.co",  // .com, .co.uk, .com.br ...
            "yahoo.co",    //
            "hotmail.co",  // .com, .co.uk, .co.jp
            "hotmail.cm",  // two letters, multi-country provider
            "yahoo.c",     //
            "gmx.c",       // .ch, .com, .co.uk
            "gmx.co",      // .com, .co.uk
            "gmx.cm",      //
            "web.dk",      // common word: only one-letter suffixes are completed
            "web.co",      //
            "orange.fe",   //
            "free.fe",     //
            "orange.ch",   //
            "sky.co",      //
            "live.con",    //
            "gmail.fr",    // unusual but not a typo of .com
            "gmail.co.uk", //
            "bluewin.com", //
            "mail.gmail.com",
            "hotmail",     // several suffixes
            "yahoo",       //
            "orange",      // common word
            "web",         //
            "example.con", // unknown provider
            "gmial.xyz",   // provider typo but the suffix is no typo of .com
            "gmailcom.ch", //
            "",            //
            ".",           //
            "gmail.",      // empty suffix: TrailingDot's job
        ];
        for domain in cases {
            assert_eq!(domain_typo_fix(domain), None, "domain {domain:?}");
        }
    }

    #[test]
    fn disabled_repairs_are_named() {
        // (input, enabled repairs, reason, repair that would have fixed it)
        let only = |r: EmailRepair| {
            let mut e = EmailRepairs::none();
            match r {
                InnerSpaces => e.inner_spaces = true,
                TrailingDot => e.trailing_dot = true,
                DoubledAt => e.doubled_at = true,
                DomainTypo => e.domain_typos = true,
                FirstOfSeveral => e.first_of_several = true,
                AtWord => e.at_word = true,
            }
            e
        };
        let none = EmailRepairs::none();
        let cases: &[(&str, EmailRepairs, &str, Option<EmailRepair>)] = &[
            (
                "jean @ gmail.com",
                none.clone(),
                "contains a space",
                Some(InnerSpaces),
            ),
            (
                "x@y.ch.",
                none.clone(),
                "domain 'y.ch.' ends with a dot",
                Some(TrailingDot),
            ),
            (
                "jean@@gmail.com",
                none.clone(),
                "doubled @ ('@@')",
                Some(DoubledAt),
            ),
            ("jean(at)gmail.com", none.clone(), "no @", Some(AtWord)),
            ("jean at gmail.com", none.clone(), "no @", Some(AtWord)),
            (
                "a@x.ch; b@y.ch",
                none.clone(),
                "2 addresses in one field",
                Some(FirstOfSeveral),
            ),
            (
                "a@x.ch b@y.ch c@z.ch",
                none.clone(),
                "3 addresses in one field",
                Some(FirstOfSeveral),
            ),
            (
                "jean@gmail",
                none.clone(),
                "domain 'gmail' has no dot",
                Some(DomainTypo),
            ),
            (
                "jean@gmailcom",
                none.clone(),
                "domain 'gmailcom' has no dot",
                Some(DomainTypo),
            ),
            // Some repairs enabled, another one missing: the reason describes what is left.
            (
                "jean @ gmail",
                only(InnerSpaces),
                "domain 'gmail' has no dot",
                Some(DomainTypo),
            ),
            (
                "jean @ gmail.com.",
                only(TrailingDot),
                "contains a space",
                Some(InnerSpaces),
            ),
            (
                "jean @ gmail.com.",
                only(InnerSpaces),
                "domain 'gmail.com.' ends with a dot",
                Some(TrailingDot),
            ),
            (
                "jean@@gmail",
                only(DomainTypo),
                "doubled @ ('@@')",
                Some(DoubledAt),
            ),
            (
                "a@x.ch; b@y.ch",
                only(InnerSpaces),
                "2 addresses in one field",
                Some(FirstOfSeveral),
            ),
            (
                "a @ x.ch; b @ y.ch",
                only(FirstOfSeveral),
                "2 addresses in one field, none valid (first: contains a space)",
                Some(InnerSpaces),
            ),
            // Not repairable at all.
            (
                "a@x; b@y",
                EmailRepairs::all(),
                "2 addresses in one field, none valid (first: domain 'x' has no dot)",
                None,
            ),
            ("a@x; b@y", none.clone(), "2 addresses in one field", None),
            ("jean @ hotmail", none.clone(), "contains a space", None),
        ];
        for (input, repairs, reason, with) in cases {
            assert_eq!(
                check_email(input, repairs),
                invalid(reason, *with),
                "input {input:?} with {repairs:?}"
            );
        }
    }

    #[test]
    fn first_valid_with_the_enabled_repairs_wins() {
        let only_several = EmailRepairs {
            first_of_several: true,
            ..EmailRepairs::none()
        };
        // With InnerSpaces off the first address is not valid, so the second one is kept.
        assert_eq!(
            check_email("a @ x.ch; b@y.ch", &only_several),
            repaired("b@y.ch", &[FirstOfSeveral])
        );
        assert_eq!(
            check_email("a @ x.ch; b@y.ch", &EmailRepairs::all()),
            repaired("a@x.ch", &[FirstOfSeveral, InnerSpaces])
        );
    }

    #[test]
    fn typo_domains_are_valid_when_the_repair_is_off() {
        // SecuTix accepts them: without DomainTypo they pass unchanged.
        for input in [
            "jean@gmial.com",
            "jean@gmail.con",
            "jean@bluewin.cj",
            "jean@gmx.d",
        ] {
            assert_eq!(
                check_email(input, &EmailRepairs::none()),
                valid(input),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn each_repair_alone() {
        let cases: &[(&str, EmailRepair, &str)] = &[
            ("jean @ gmail.com", InnerSpaces, "jean@gmail.com"),
            ("x@y.ch.", TrailingDot, "x@y.ch"),
            ("jean@@gmail.com", DoubledAt, "jean@gmail.com"),
            ("jean@gmial.com", DomainTypo, "jean@gmail.com"),
            ("a@x.ch;b@y.ch", FirstOfSeveral, "a@x.ch"),
            ("jean(at)gmail.com", AtWord, "jean@gmail.com"),
        ];
        for (input, repair, value) in cases {
            let mut enabled = EmailRepairs::all();
            // Everything but this one: must be Invalid (or Valid for the typo) ...
            match repair {
                InnerSpaces => enabled.inner_spaces = false,
                TrailingDot => enabled.trailing_dot = false,
                DoubledAt => enabled.doubled_at = false,
                DomainTypo => enabled.domain_typos = false,
                FirstOfSeveral => enabled.first_of_several = false,
                AtWord => enabled.at_word = false,
            }
            let without = check_email(input, &enabled);
            if *repair == DomainTypo {
                assert_eq!(without, valid(input));
            } else {
                assert!(
                    matches!(without, EmailCheck::Invalid { repairable_with: Some(r), .. } if r == *repair),
                    "input {input:?}: {without:?}"
                );
            }
            // ... and only this one: Repaired by it.
            assert!(!EmailRepairs::none().allows(*repair));
            let alone = EmailRepairs {
                inner_spaces: *repair == InnerSpaces,
                trailing_dot: *repair == TrailingDot,
                doubled_at: *repair == DoubledAt,
                domain_typos: *repair == DomainTypo,
                first_of_several: *repair == FirstOfSeveral,
                at_word: *repair == AtWord,
            };
            assert!(alone.allows(*repair));
            assert_eq!(check_email(input, &alone), repaired(value, &[*repair]));
        }
    }

    #[test]
    fn curated_tables_are_consistent() {
        assert!(NAME_TYPOS.len() >= 40, "{} entries", NAME_TYPOS.len());
        for (typo, good) in NAME_TYPOS {
            assert!(provider(typo).is_none(), "typo {typo:?} is a provider");
            assert!(
                provider(good).is_some(),
                "target {good:?} is not a provider"
            );
            assert_ne!(typo, good);
            assert_eq!(
                NAME_TYPOS.iter().filter(|(t, _)| t == typo).count(),
                1,
                "duplicate typo {typo:?}"
            );
        }
        for prov in PROVIDERS {
            assert_eq!(
                PROVIDERS.iter().filter(|p| p.name == prov.name).count(),
                1,
                "duplicate provider {}",
                prov.name
            );
            for suffix in prov.suffixes {
                let domain = format!("{}.{suffix}", prov.name);
                assert_eq!(
                    domain_typo_fix(&domain),
                    None,
                    "real domain {domain} changed"
                );
                assert!(is_secutix_email(&format!("jean@{domain}")), "{domain}");
            }
        }
        // Every fix produces a domain of a listed provider.
        for (typo, _) in NAME_TYPOS {
            for suffix in ["com", "fr", "ch", "de", "it", "net"] {
                if let Some(fixed) = domain_typo_fix(&format!("{typo}.{suffix}")) {
                    let (label, suffix) = fixed.split_once('.').unwrap();
                    assert!(
                        provider(label).unwrap().suffixes.contains(&suffix),
                        "{fixed}"
                    );
                }
            }
        }
    }

    #[test]
    fn one_edit_apart() {
        let cases = [
            ("con", "com", true),
            ("cmo", "com", true),
            ("ocm", "com", true),
            ("c0m", "com", true),
            ("comm", "com", true),
            ("cm", "com", true),
            ("om", "com", true),
            ("com", "com", false),
            ("moc", "com", false),
            ("cj", "ch", true),
            ("c", "ch", true),
            ("de", "net", false),
            ("", "a", true),
            ("ab", "ba", true),
            ("abc", "bca", false),
        ];
        for (a, b, expected) in cases {
            assert_eq!(is_one_edit_apart(a, b), expected, "{a:?} {b:?}");
            assert_eq!(is_one_edit_apart(b, a), expected, "{b:?} {a:?}");
        }
    }

    #[test]
    fn pattern_matches_the_spec() {
        // The regex itself, on already lower-cased values.
        let cases = [
            ("a@b.c", true),
            ("a.b@c.d", true),
            ("a$b@c.d", true),
            ("a@b$c.d", false),
            ("a@b", false),
            ("A@b.c", false),
            ("a@b.c.", false),
            ("a@b..c", false),
            ("a..b@c.d", false),
            ("a+b_c-d@e-f.g_h", true),
            ("a@-.-", true),
        ];
        for (s, expected) in cases {
            assert_eq!(is_secutix_email(s), expected, "{s:?}");
        }
    }

    #[test]
    fn repair_names_serialise_in_kebab_case() {
        let names: Vec<String> = [
            InnerSpaces,
            TrailingDot,
            DoubledAt,
            DomainTypo,
            FirstOfSeveral,
            AtWord,
        ]
        .iter()
        .map(|r| serde_json::to_string(r).unwrap())
        .collect();
        assert_eq!(
            names,
            [
                "\"inner-spaces\"",
                "\"trailing-dot\"",
                "\"doubled-at\"",
                "\"domain-typo\"",
                "\"first-of-several\"",
                "\"at-word\""
            ]
        );
    }
}
