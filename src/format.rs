//! SecuTix format profile: the target file format as data.
//!
//! The column list of the SecuTix contact import file (order, sections, labels, types, lengths,
//! defaults, allowed values, the value rule of each column) and the templates of its header
//! rows live in a TOML profile such as `formats/secutix-contact.toml`, not in code: the
//! specification has open points (header rows 1–3, column positions after COUNTRY, the ROLE
//! column), and a template change must be a data change. The built-in profile is that file, embedded at compile time
//! ([`FormatProfile::builtin`]); a migration may load another one
//! ([`FormatProfile::from_path`]) or override the header row templates
//! ([`FormatProfile::with_header_rows`]).
//!
//! Loading validates the profile (unique codes, exactly three header templates, known
//! placeholders, enum columns with values, defaults that fit their column, known rule names)
//! and every [`FormatError`] names the file, the key or column, and gives a hint. A column
//! without `rule` or `too-long` takes the built-in profile's for its code
//! ([`ColumnSpec::value_rule`]), so profile files written before those keys keep their rules.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};

/// Text of the built-in profile, `formats/secutix-contact.toml`.
pub const BUILTIN_PROFILE_TOML: &str = include_str!("../formats/secutix-contact.toml");

/// Name under which errors refer to the built-in profile.
pub const BUILTIN_ORIGIN: &str = "built-in formats/secutix-contact.toml";

/// Number of configurable header rows (rows 1–3); row 4 always holds the column codes.
pub const TEMPLATE_ROWS: usize = 3;

/// Placeholders allowed in `header-rows` templates.
pub const HEADER_PLACEHOLDERS: &[&str] = &["section", "label", "type", "mandatory", "code"];

/// Placeholders allowed in `[header-text.type]` templates.
pub const TYPE_PLACEHOLDERS: &[&str] = &["max-length"];

const HEADER_PLACEHOLDERS_TEXT: &str = "{section} {label} {type} {mandatory} {code}";
const TYPE_PLACEHOLDERS_TEXT: &str = "{max-length}";

/// Worksheet name used when a profile does not set `sheet-name`.
pub const DEFAULT_SHEET_NAME: &str = "Contacts";

/// Data type of a column (specification §1.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ColumnKind {
    /// Free text; the column's `max-length` bounds it.
    Text,
    /// A code (generic maximum 8 characters unless the column says otherwise).
    Code,
    /// One of the column's `values`, upper case.
    Enum,
    /// A date, written `dd.mm.yyyy`.
    Date,
    /// A date and time, written `dd.mm.yyyy HH:MM:SS`.
    Timestamp,
    /// `TRUE` or `FALSE`.
    Boolean,
    /// Digits only, no decimal or thousands separator.
    Number,
    /// A `CODE=value` pair (criteria: `CODE=v1|v2`).
    CodeValue,
    /// An integer amount in hundredths.
    Amount,
    /// An integer percentage in hundredths of a percent.
    Percentage,
}

impl ColumnKind {
    /// The kebab-case name used in profiles (`"code-value"` …).
    pub fn as_str(self) -> &'static str {
        match self {
            ColumnKind::Text => "text",
            ColumnKind::Code => "code",
            ColumnKind::Enum => "enum",
            ColumnKind::Date => "date",
            ColumnKind::Timestamp => "timestamp",
            ColumnKind::Boolean => "boolean",
            ColumnKind::Number => "number",
            ColumnKind::CodeValue => "code-value",
            ColumnKind::Amount => "amount",
            ColumnKind::Percentage => "percentage",
        }
    }
}

impl fmt::Display for ColumnKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a column must be filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mandatory {
    /// Always required (possibly satisfied by the column's default).
    Yes,
    /// Optional.
    No,
    /// Required in some cases only (see the column's `note`).
    Conditional,
}

impl Mandatory {
    /// The name used in profiles (`"yes"`, `"no"`, `"conditional"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Mandatory::Yes => "yes",
            Mandatory::No => "no",
            Mandatory::Conditional => "conditional",
        }
    }
}

impl fmt::Display for Mandatory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What to do with a value longer than the column allows: the profile's `too-long` and
/// `[rules.COLUMN] too-long` of a migration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LengthOutcome {
    /// Reject the row.
    Reject,
    /// Empty the field, warn.
    Drop,
    /// Cut to the maximum length, warn.
    Truncate,
}

/// The value rule of a column (profile key `rule`): which normalisation and check of
/// `src/quality/rules.rs` runs on its values, and so which `[rules.COLUMN]` keys it takes.
/// The table from rule to builder and keys is `quality::rules`; this is the profile's
/// vocabulary, kept here so that loading a profile can name an unknown rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ValueRule {
    /// ISO 3166 alpha-2 from codes and country names.
    Country,
    /// ISO 639-1 from codes and language names.
    Language,
    /// The SecuTix e-mail pattern, opt-in repairs.
    Email,
    /// A phone number for a landline column (a mobile number gets `phone-line-type`).
    PhoneFixed,
    /// A phone number for the mobile column (a landline number gets `phone-line-type`).
    PhoneMobile,
    /// A code of the column's `[institution]` list, written without the `CONTACT_TITLE/`
    /// prefix (which is stripped even when no list is configured).
    Title,
    /// A code of the column's `[institution]` list (no list configured: no check).
    Code,
    /// `TYPE=number`, the type from `[institution] admin-number-types`.
    AdminNumber,
    /// `CODE=v1|v2`, from `[institution.criteria]`.
    Criterion,
    /// A real date, not in the future, written `dd.mm.yyyy`.
    BirthDate,
    /// Trimmed and upper-cased.
    UpperCase,
    /// `M`, `S`, `B`, each at most once.
    AddressType,
    /// A web address, `http://` added when missing.
    WebSite,
    /// Digits only, separators removed.
    Digits,
    /// A postcode: zeros a spreadsheet took put back when the migration opts in
    /// (`repairs = ["restore-zeros"]`).
    Postcode,
    /// `TRUE`/`FALSE` from the usual spellings (the default of a `boolean` column).
    Boolean,
    /// No value rule (the default of every other column); only `too-long` applies.
    #[default]
    None,
}

impl ValueRule {
    /// Every rule, in the order messages list them.
    pub const ALL: [ValueRule; 17] = [
        ValueRule::Country,
        ValueRule::Language,
        ValueRule::Email,
        ValueRule::PhoneFixed,
        ValueRule::PhoneMobile,
        ValueRule::Title,
        ValueRule::Code,
        ValueRule::AdminNumber,
        ValueRule::Criterion,
        ValueRule::BirthDate,
        ValueRule::UpperCase,
        ValueRule::AddressType,
        ValueRule::WebSite,
        ValueRule::Digits,
        ValueRule::Postcode,
        ValueRule::Boolean,
        ValueRule::None,
    ];

    /// The name in profiles (`"phone-mobile"` …).
    pub fn as_str(self) -> &'static str {
        match self {
            ValueRule::Country => "country",
            ValueRule::Language => "language",
            ValueRule::Email => "email",
            ValueRule::PhoneFixed => "phone-fixed",
            ValueRule::PhoneMobile => "phone-mobile",
            ValueRule::Title => "title",
            ValueRule::Code => "code",
            ValueRule::AdminNumber => "admin-number",
            ValueRule::Criterion => "criterion",
            ValueRule::BirthDate => "birth-date",
            ValueRule::UpperCase => "upper-case",
            ValueRule::AddressType => "address-type",
            ValueRule::WebSite => "web-site",
            ValueRule::Digits => "digits",
            ValueRule::Postcode => "postcode",
            ValueRule::Boolean => "boolean",
            ValueRule::None => "none",
        }
    }

    /// The rule named `name` in a profile.
    pub fn from_name(name: &str) -> Option<ValueRule> {
        ValueRule::ALL.into_iter().find(|r| r.as_str() == name)
    }

    /// The rule of a column whose profile names none and whose code the built-in profile
    /// does not give one: `boolean` for a boolean column, else none.
    fn default_for(kind: ColumnKind) -> ValueRule {
        match kind {
            ColumnKind::Boolean => ValueRule::Boolean,
            _ => ValueRule::None,
        }
    }
}

impl fmt::Display for ValueRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One column of the target file (a `[[column]]` entry of the profile).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ColumnSpec {
    /// Column code, written in header row 4 (the row the importer reads), e.g. `CONTACT_NR`.
    pub code: String,
    /// Section the column belongs to, e.g. `Global fields`.
    pub section: String,
    /// Human label, e.g. `Contact number`.
    pub label: String,
    /// Data type (profile key `type`).
    #[serde(rename = "type")]
    pub kind: ColumnKind,
    /// Maximum length in characters (Unicode scalar values); `None` when none is known.
    #[serde(default)]
    pub max_length: Option<usize>,
    /// Whether the column must be filled.
    pub mandatory: Mandatory,
    /// Value written when the mapping gives nothing.
    #[serde(default)]
    pub default: Option<String>,
    /// Allowed values (required for enum columns, empty = unrestricted otherwise).
    #[serde(default)]
    pub values: Vec<String>,
    /// Short rule note from the specification.
    #[serde(default)]
    pub note: Option<String>,
    /// Profile key `rule` as written; see [`value_rule`](Self::value_rule).
    #[serde(default, rename = "rule")]
    written_rule: Option<String>,
    /// Profile key `too-long` as written; see [`too_long`](Self::too_long).
    #[serde(default, rename = "too-long")]
    written_too_long: Option<LengthOutcome>,
    /// The rule in effect, resolved when the profile is loaded.
    #[serde(skip)]
    value_rule: ValueRule,
    /// The too-long outcome in effect, resolved when the profile is loaded.
    #[serde(skip)]
    too_long: Option<LengthOutcome>,
}

impl ColumnSpec {
    /// The value rule of the column: its `rule` key; without one, the rule the built-in
    /// profile gives the same code (so profile files written before the key existed keep
    /// their rules), else `boolean` for a boolean column, else [`ValueRule::None`].
    pub fn value_rule(&self) -> ValueRule {
        self.value_rule
    }

    /// What a value longer than `max-length` gets unless `[rules.COLUMN] too-long` says
    /// otherwise: the column's `too-long` key, else the built-in profile's for the same code;
    /// `None` leaves it to the format check, which rejects the row.
    pub fn too_long(&self) -> Option<LengthOutcome> {
        self.too_long
    }
}

/// How `{type}` renders for each [`ColumnKind`] (profile table `[header-text.type]`).
///
/// Each entry is a template that may use `{max-length}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct TypeTexts {
    /// Template for [`ColumnKind::Text`].
    pub text: String,
    /// Template for [`ColumnKind::Code`].
    pub code: String,
    /// Template for [`ColumnKind::Enum`].
    #[serde(rename = "enum")]
    pub enum_: String,
    /// Template for [`ColumnKind::Date`].
    pub date: String,
    /// Template for [`ColumnKind::Timestamp`].
    pub timestamp: String,
    /// Template for [`ColumnKind::Boolean`].
    pub boolean: String,
    /// Template for [`ColumnKind::Number`].
    pub number: String,
    /// Template for [`ColumnKind::CodeValue`].
    pub code_value: String,
    /// Template for [`ColumnKind::Amount`].
    pub amount: String,
    /// Template for [`ColumnKind::Percentage`].
    pub percentage: String,
}

impl TypeTexts {
    /// The template for `kind`.
    pub fn get(&self, kind: ColumnKind) -> &str {
        match kind {
            ColumnKind::Text => &self.text,
            ColumnKind::Code => &self.code,
            ColumnKind::Enum => &self.enum_,
            ColumnKind::Date => &self.date,
            ColumnKind::Timestamp => &self.timestamp,
            ColumnKind::Boolean => &self.boolean,
            ColumnKind::Number => &self.number,
            ColumnKind::CodeValue => &self.code_value,
            ColumnKind::Amount => &self.amount,
            ColumnKind::Percentage => &self.percentage,
        }
    }

    fn entries(&self) -> [(ColumnKind, &str); 10] {
        use ColumnKind::*;
        [
            Text, Code, Enum, Date, Timestamp, Boolean, Number, CodeValue, Amount, Percentage,
        ]
        .map(|kind| (kind, self.get(kind)))
    }
}

/// How `{mandatory}` renders (profile table `[header-text.mandatory]`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct MandatoryTexts {
    /// Text for [`Mandatory::Yes`], e.g. `" (mandatory)"`.
    pub yes: String,
    /// Text for [`Mandatory::No`], usually empty.
    pub no: String,
    /// Text for [`Mandatory::Conditional`], e.g. `" (conditional)"`.
    pub conditional: String,
}

impl MandatoryTexts {
    /// The text for `mandatory`.
    pub fn get(&self, mandatory: Mandatory) -> &str {
        match mandatory {
            Mandatory::Yes => &self.yes,
            Mandatory::No => &self.no,
            Mandatory::Conditional => &self.conditional,
        }
    }
}

/// The words header templates are rendered with (profile table `[header-text]`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct HeaderTexts {
    /// How `{type}` renders (`[header-text.type]`).
    #[serde(rename = "type")]
    pub kind: TypeTexts,
    /// How `{mandatory}` renders (`[header-text.mandatory]`).
    pub mandatory: MandatoryTexts,
}

fn default_sheet_name() -> String {
    DEFAULT_SHEET_NAME.to_string()
}

/// The TOML document as written; validated into a [`FormatProfile`].
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct RawProfile {
    name: String,
    version: String,
    #[serde(default = "default_sheet_name")]
    sheet_name: String,
    header_rows: Vec<String>,
    header_text: HeaderTexts,
    #[serde(rename = "column", default)]
    columns: Vec<ColumnSpec>,
}

/// A validated target file format: the columns in file order and the header row templates.
#[derive(Debug, Clone)]
pub struct FormatProfile {
    name: String,
    version: String,
    sheet_name: String,
    header_rows: Vec<String>,
    header_text: HeaderTexts,
    columns: Vec<ColumnSpec>,
    index: HashMap<String, usize>,
    origin: String,
    sha256: String,
}

/// Error loading or validating a format profile.
///
/// Every message names the profile (file path or [`BUILTIN_ORIGIN`]), the key or column, and
/// ends with a hint.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    /// The profile file could not be read.
    #[error("{}: cannot read format profile: {source}\nhint: check the path of the format profile", path.display())]
    Read {
        /// Path of the profile.
        path: PathBuf,
        /// Underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The TOML is malformed or has an unknown, missing or mistyped key.
    #[error("{origin}: invalid format profile: {message}\nhint: keys are kebab-case (max-length, header-rows …); the built-in formats/secutix-contact.toml documents every key")]
    Parse {
        /// Where the profile came from.
        origin: String,
        /// The parser's message, with line, column and the offending key.
        message: String,
    },
    /// `header-rows` does not hold exactly three templates.
    #[error("{origin}: header-rows has {found} template(s), expected {TEMPLATE_ROWS}\nhint: give the templates of rows 1-3 only; row 4 always holds the column codes")]
    HeaderRowCount {
        /// Where the profile came from.
        origin: String,
        /// Number of templates found.
        found: usize,
    },
    /// A template is malformed or uses an unknown placeholder.
    #[error("{origin}: {key}: {problem}\nhint: allowed placeholders here: {allowed}; write {{{{ or }}}} for a literal brace")]
    Template {
        /// Where the profile came from.
        origin: String,
        /// The key holding the template, e.g. `header-rows[2]`.
        key: String,
        /// What is wrong, with the template, e.g.
        /// ``unknown placeholder `{sectoin}` in template "{sectoin}"``.
        problem: String,
        /// The placeholders allowed for this key.
        allowed: &'static str,
    },
    /// The profile has no `[[column]]` entry.
    #[error("{origin}: the profile has no [[column]] entry\nhint: list every column of the target file, in file order")]
    NoColumns {
        /// Where the profile came from.
        origin: String,
    },
    /// A column entry is invalid.
    #[error("{origin}: column {code:?} (#{position}): {problem}\nhint: {hint}")]
    Column {
        /// Where the profile came from.
        origin: String,
        /// 1-based position of the column in the file.
        position: usize,
        /// The column code.
        code: String,
        /// What is wrong.
        problem: String,
        /// How to fix it.
        hint: &'static str,
    },
    /// Two columns share a code.
    #[error("{origin}: column code {code:?} appears twice (#{first} and #{second})\nhint: column codes must be unique; remove or rename one of the entries")]
    DuplicateCode {
        /// Where the profile came from.
        origin: String,
        /// The duplicated code.
        code: String,
        /// 1-based position of the first occurrence.
        first: usize,
        /// 1-based position of the second occurrence.
        second: usize,
    },
    /// A top-level key has an invalid value.
    #[error("{origin}: {key}: {problem}\nhint: {hint}")]
    Key {
        /// Where the profile came from.
        origin: String,
        /// The key, e.g. `sheet-name`.
        key: &'static str,
        /// What is wrong.
        problem: String,
        /// How to fix it.
        hint: &'static str,
    },
}

impl FormatProfile {
    /// The built-in profile (`formats/secutix-contact.toml`, embedded at compile time).
    pub fn builtin() -> FormatProfile {
        // A unit test guarantees that the embedded file is valid.
        FormatProfile::parse(BUILTIN_PROFILE_TOML, BUILTIN_ORIGIN, None)
            .expect("the built-in format profile is valid (checked by unit tests)")
    }

    /// Reads and validates a profile file.
    pub fn from_path(path: &Path) -> Result<FormatProfile, FormatError> {
        let text = std::fs::read_to_string(path).map_err(|source| FormatError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        FormatProfile::from_toml_str(&text, &path.display().to_string())
    }

    /// Parses and validates a profile; `origin` names it in error messages (a path, or
    /// [`BUILTIN_ORIGIN`]). A column without `rule` or `too-long` takes the built-in profile's
    /// for the same code (see [`ColumnSpec::value_rule`]).
    pub fn from_toml_str(text: &str, origin: &str) -> Result<FormatProfile, FormatError> {
        FormatProfile::parse(text, origin, Some(&FormatProfile::builtin()))
    }

    /// [`from_toml_str`](Self::from_toml_str) with the profile whose rules fill in the keys a
    /// column leaves out (`None` for the built-in profile itself).
    fn parse(
        text: &str,
        origin: &str,
        fallback: Option<&FormatProfile>,
    ) -> Result<FormatProfile, FormatError> {
        let raw: RawProfile = toml::from_str(text).map_err(|err| FormatError::Parse {
            origin: origin.to_string(),
            message: err.to_string().trim_end().to_string(),
        })?;
        let profile = FormatProfile {
            name: raw.name,
            version: raw.version,
            sheet_name: raw.sheet_name,
            header_rows: raw.header_rows,
            header_text: raw.header_text,
            columns: raw.columns,
            index: HashMap::new(),
            origin: origin.to_string(),
            sha256: hex::encode(Sha256::digest(text.as_bytes())),
        };
        profile.validated(fallback)
    }

    /// Replaces the templates of header rows 1–3 (e.g. from the migration file), validating
    /// them like the profile's own.
    pub fn with_header_rows(mut self, templates: Vec<String>) -> Result<Self, FormatError> {
        let origin = format!("{} (header-rows override)", self.origin);
        check_header_templates(&origin, &templates)?;
        self.header_rows = templates;
        Ok(self)
    }

    /// Profile name, e.g. `secutix-contact-extended`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Profile version, e.g. `2025-06`.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Where the profile was loaded from (a path or [`BUILTIN_ORIGIN`]).
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Lower-hex SHA-256 of the profile's TOML text (not affected by
    /// [`with_header_rows`](Self::with_header_rows)).
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// Worksheet name for `.xlsx` files.
    pub fn sheet_name(&self) -> &str {
        &self.sheet_name
    }

    /// The templates of header rows 1–3.
    pub fn header_templates(&self) -> &[String] {
        &self.header_rows
    }

    /// The words header templates are rendered with.
    pub fn header_text(&self) -> &HeaderTexts {
        &self.header_text
    }

    /// The columns, in file order.
    pub fn columns(&self) -> &[ColumnSpec] {
        &self.columns
    }

    /// Number of columns.
    pub fn width(&self) -> usize {
        self.columns.len()
    }

    /// The column with this code.
    pub fn column(&self, code: &str) -> Option<&ColumnSpec> {
        self.position(code).map(|i| &self.columns[i])
    }

    /// 0-based position of the column with this code.
    pub fn position(&self, code: &str) -> Option<usize> {
        self.index.get(code).copied()
    }

    /// The column codes, in file order.
    pub fn codes(&self) -> Vec<&str> {
        self.columns.iter().map(|c| c.code.as_str()).collect()
    }

    /// The four header rows, one cell per column: rows 1–3 rendered from the templates, row 4
    /// the column codes.
    pub fn header_rows(&self) -> [Vec<String>; 4] {
        let parsed: Vec<Vec<Piece>> = self
            .header_rows
            .iter()
            .map(|t| parse_template(t).unwrap_or_default())
            .collect();
        let mut rows: [Vec<String>; 4] = Default::default();
        for (row, pieces) in rows.iter_mut().zip(&parsed) {
            *row = self
                .columns
                .iter()
                .map(|col| render_header_cell(pieces, col, &self.header_text))
                .collect();
        }
        rows[3] = self.columns.iter().map(|c| c.code.clone()).collect();
        rows
    }

    /// How `{type}` renders for `column` (e.g. `Text 100`, `Date`).
    pub fn type_text(&self, column: &ColumnSpec) -> String {
        render_type(column, &self.header_text)
    }

    fn validated(mut self, fallback: Option<&FormatProfile>) -> Result<FormatProfile, FormatError> {
        let origin = self.origin.clone();
        let key_error = |key: &'static str, problem: String, hint: &'static str| FormatError::Key {
            origin: origin.clone(),
            key,
            problem,
            hint,
        };
        if self.name.trim().is_empty() {
            return Err(key_error(
                "name",
                "is empty".into(),
                "give the profile a name, e.g. \"secutix-contact-extended\"",
            ));
        }
        if let Some(problem) = sheet_name_problem(&self.sheet_name) {
            return Err(key_error(
                "sheet-name",
                format!("{:?} {problem}", self.sheet_name),
                "Excel sheet names have 1-31 characters, none of []:*?/\\, and do not start or end with an apostrophe",
            ));
        }
        check_header_templates(&origin, &self.header_rows)?;
        for (kind, template) in self.header_text.kind.entries() {
            check_template(
                &origin,
                &format!("header-text.type.{kind}"),
                template,
                (TYPE_PLACEHOLDERS, TYPE_PLACEHOLDERS_TEXT),
            )?;
        }
        if self.columns.is_empty() {
            return Err(FormatError::NoColumns { origin });
        }
        let mut index = HashMap::with_capacity(self.columns.len());
        for (i, col) in self.columns.iter_mut().enumerate() {
            check_column(&origin, i + 1, col)?;
            resolve_rule(&origin, i + 1, col, fallback)?;
            if let Some(first) = index.insert(col.code.clone(), i) {
                return Err(FormatError::DuplicateCode {
                    origin,
                    code: col.code.clone(),
                    first: first + 1,
                    second: i + 1,
                });
            }
        }
        self.index = index;
        Ok(self)
    }
}

fn sheet_name_problem(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        Some("is empty")
    } else if name.chars().count() > 31 {
        Some("is longer than 31 characters")
    } else if name.contains(['[', ']', ':', '*', '?', '/', '\\']) {
        Some("contains one of []:*?/\\")
    } else if name.starts_with('\'') || name.ends_with('\'') {
        Some("starts or ends with an apostrophe")
    } else {
        None
    }
}

fn check_column(origin: &str, position: usize, col: &ColumnSpec) -> Result<(), FormatError> {
    let err = |problem: String, hint: &'static str| FormatError::Column {
        origin: origin.to_string(),
        position,
        code: col.code.clone(),
        problem,
        hint,
    };
    if col.code.is_empty()
        || col.code.trim() != col.code
        || col.code.chars().any(|c| c.is_control())
    {
        return Err(err(
            "code is empty or has surrounding spaces or control characters".into(),
            "write the code exactly as in header row 4 of the SecuTix template, e.g. \"CONTACT_NR\"",
        ));
    }
    if col.max_length == Some(0) {
        return Err(err(
            "max-length is 0".into(),
            "remove max-length when no limit is known",
        ));
    }
    if col.kind == ColumnKind::Enum && col.values.is_empty() {
        return Err(err(
            "type \"enum\" without values".into(),
            "list the allowed values, e.g. values = [\"INSERT\", \"UPDATE\"]",
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for value in &col.values {
        if value.is_empty() {
            return Err(err(
                "values contains an empty string".into(),
                "an empty cell is always allowed; list only real values",
            ));
        }
        if !seen.insert(value.as_str()) {
            return Err(err(
                format!("value {value:?} is listed twice"),
                "list each allowed value once",
            ));
        }
        if let Some(max) = col.max_length {
            if value.chars().count() > max {
                return Err(err(
                    format!("value {value:?} is longer than max-length {max}"),
                    "raise max-length or fix the value",
                ));
            }
        }
    }
    if let Some(default) = &col.default {
        if default.is_empty() {
            return Err(err(
                "default is empty".into(),
                "remove the default key instead of setting it to \"\"",
            ));
        }
        if let Some(max) = col.max_length {
            let len = default.chars().count();
            if len > max {
                return Err(err(
                    format!("default {default:?} has {len} characters, more than max-length {max}"),
                    "shorten the default or raise max-length",
                ));
            }
        }
        if !col.values.is_empty() && !col.values.contains(default) {
            return Err(err(
                format!("default {default:?} is not one of values {:?}", col.values),
                "use one of the allowed values as default, or add it to values",
            ));
        }
    }
    Ok(())
}

/// Sets the rule and too-long outcome in effect of `col`: its own keys, else those the
/// built-in profile (`fallback`) writes for the same code, else the defaults.
fn resolve_rule(
    origin: &str,
    position: usize,
    col: &mut ColumnSpec,
    fallback: Option<&FormatProfile>,
) -> Result<(), FormatError> {
    let builtin = fallback.and_then(|p| p.column(&col.code));
    let written = col
        .written_rule
        .as_deref()
        .or(builtin.and_then(|b| b.written_rule.as_deref()));
    let rule = match written {
        None => ValueRule::default_for(col.kind),
        Some(name) => ValueRule::from_name(name).ok_or_else(|| {
            let known: Vec<&str> = ValueRule::ALL.iter().map(|r| r.as_str()).collect();
            FormatError::Column {
                origin: origin.to_string(),
                position,
                code: col.code.clone(),
                problem: format!("rule {name:?} is unknown (known: {})", known.join(", ")),
                hint: "name one of the known rules, or leave rule out to take the built-in profile's rule for this code",
            }
        })?,
    };
    col.value_rule = rule;
    col.too_long = col
        .written_too_long
        .or(builtin.and_then(|b| b.written_too_long));
    Ok(())
}

fn check_header_templates(origin: &str, templates: &[String]) -> Result<(), FormatError> {
    if templates.len() != TEMPLATE_ROWS {
        return Err(FormatError::HeaderRowCount {
            origin: origin.to_string(),
            found: templates.len(),
        });
    }
    for (i, template) in templates.iter().enumerate() {
        check_template(
            origin,
            &format!("header-rows[{}]", i + 1),
            template,
            (HEADER_PLACEHOLDERS, HEADER_PLACEHOLDERS_TEXT),
        )?;
    }
    Ok(())
}

fn check_template(
    origin: &str,
    key: &str,
    template: &str,
    (allowed, allowed_text): (&[&str], &'static str),
) -> Result<(), FormatError> {
    let problem = match parse_template(template) {
        Err(problem) => Some(problem),
        Ok(pieces) => pieces.iter().find_map(|p| match p {
            Piece::Placeholder(name) if !allowed.contains(&name.as_str()) => {
                Some(format!("unknown placeholder `{{{name}}}`"))
            }
            _ => None,
        }),
    };
    match problem {
        None => Ok(()),
        Some(problem) => Err(FormatError::Template {
            origin: origin.to_string(),
            key: key.to_string(),
            problem: format!("{problem} in template {template:?}"),
            allowed: allowed_text,
        }),
    }
}

/// A parsed template: literal text and `{name}` placeholders.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Literal(String),
    Placeholder(String),
}

/// Parses `text {name} text`; `{{` and `}}` stand for literal braces, a lone `}` is literal.
fn parse_template(template: &str) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                literal.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                literal.push('}');
            }
            '{' => {
                let mut name = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some('{') | None => return Err("unclosed `{`".to_string()),
                        Some(c) => name.push(c),
                    }
                }
                if !literal.is_empty() {
                    pieces.push(Piece::Literal(std::mem::take(&mut literal)));
                }
                pieces.push(Piece::Placeholder(name));
            }
            c => literal.push(c),
        }
    }
    if !literal.is_empty() {
        pieces.push(Piece::Literal(literal));
    }
    Ok(pieces)
}

fn render_type(col: &ColumnSpec, texts: &HeaderTexts) -> String {
    let pieces = parse_template(texts.kind.get(col.kind)).unwrap_or_default();
    let mut out = String::new();
    for piece in &pieces {
        match piece {
            Piece::Literal(s) => out.push_str(s),
            Piece::Placeholder(name) if name == "max-length" => {
                if let Some(max) = col.max_length {
                    out.push_str(&max.to_string());
                }
            }
            Piece::Placeholder(_) => {}
        }
    }
    out.trim().to_string()
}

fn render_header_cell(pieces: &[Piece], col: &ColumnSpec, texts: &HeaderTexts) -> String {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Literal(s) => out.push_str(s),
            Piece::Placeholder(name) => match name.as_str() {
                "section" => out.push_str(&col.section),
                "label" => out.push_str(&col.label),
                "type" => out.push_str(&render_type(col, texts)),
                "mandatory" => out.push_str(texts.mandatory.get(col.mandatory)),
                "code" => out.push_str(&col.code),
                _ => {}
            },
        }
    }
    out
}

/// A small complete profile for tests elsewhere in the crate: the header texts of the
/// built-in profile's shape with the given `[[column]]` entries.
#[cfg(test)]
pub(crate) fn test_profile(columns: &str) -> String {
    const PREAMBLE: &str = r#"
name = "t"
version = "1"
header-rows = ["{section}", "{label}", "{type}{mandatory}"]
[header-text.type]
text = "Text {max-length}"
code = "Code"
enum = "Enum"
date = "Date"
timestamp = "Timestamp"
boolean = "Boolean"
number = "Number"
code-value = "CodeValue"
amount = "Amount"
percentage = "Percentage"
[header-text.mandatory]
yes = " (mandatory)"
no = ""
conditional = " (conditional)"
"#;
    format!("{PREAMBLE}{columns}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minimal(columns: &str) -> String {
        test_profile(columns)
    }

    const TWO_COLUMNS: &str = r#"
[[column]]
code = "A"
section = "S"
label = "Alpha"
type = "text"
max-length = 5
mandatory = "yes"

[[column]]
code = "B"
section = "S"
label = "Beta"
type = "date"
mandatory = "no"
"#;

    #[test]
    fn builtin_parses_with_93_columns_in_spec_order() {
        let p = FormatProfile::builtin();
        assert_eq!(p.name(), "secutix-contact-extended");
        assert_eq!(p.version(), "2025-06");
        assert_eq!(p.sheet_name(), "Contacts");
        assert_eq!(p.width(), 93);
        let codes = p.codes();
        for (pos, code) in [
            (1, "INSTITUTION"),
            (2, "ORGANIZATION"),
            (3, "OPERATION"),
            (4, "CONTACT_NR"),
            (5, "TITLE"),
            (12, "BIRTHDATE"),
            (14, "OFFICIAL_NAME"),
            (29, "DEPARTMENT"),
            (30, "COUNTRY"),
            (31, "TELEPHONE"),
            (34, "EMAIL1"),
            (37, "CNIL_O"),
            (43, "EMAIL"),
            (44, "CRIT01"),
            (93, "CRIT50"),
        ] {
            assert_eq!(codes[pos - 1], code, "position {pos}");
            assert_eq!(p.position(code), Some(pos - 1));
        }
        for n in 1..=50 {
            let code = format!("CRIT{n:02}");
            let col = p.column(&code).unwrap();
            assert_eq!(col.kind, ColumnKind::CodeValue);
            assert_eq!(col.max_length, Some(1000));
        }
        assert!(p.column("ROLE").is_none(), "ROLE is not emitted by default");
    }

    #[test]
    fn builtin_column_rules_follow_the_spec() {
        let p = FormatProfile::builtin();
        let op = p.column("OPERATION").unwrap();
        assert_eq!(op.kind, ColumnKind::Enum);
        assert_eq!(op.default.as_deref(), Some("INSERT"));
        assert_eq!(
            op.values,
            [
                "CONFIG",
                "INSERT",
                "UPDATE",
                "UPDATEACT",
                "DELETE",
                "INVALIDATE",
                "ANONYMIZE",
                "DROP"
            ]
        );
        assert_eq!(
            p.column("ORGANIZATION").unwrap().default.as_deref(),
            Some("*")
        );
        assert_eq!(
            p.column("TITLE").unwrap().default.as_deref(),
            Some("UNDEFINED")
        );
        let inst = p.column("INSTITUTION").unwrap();
        assert_eq!(
            (inst.kind, inst.max_length, inst.mandatory),
            (ColumnKind::Code, Some(15), Mandatory::Yes)
        );
        assert_eq!(p.column("CONTACT_NR").unwrap().max_length, Some(20));
        assert_eq!(p.column("BIRTHDATE").unwrap().kind, ColumnKind::Date);
        for code in [
            "CNIL_O", "PARTNER", "CNIL_T", "SMS_MMS", "LETTER", "PHONE", "EMAIL",
        ] {
            assert_eq!(p.column(code).unwrap().kind, ColumnKind::Boolean, "{code}");
        }
        assert_eq!(p.column("REMARK").unwrap().max_length, Some(2000));
        assert_eq!(p.column("ZIPCODE").unwrap().max_length, Some(10));
        assert!(!p.sha256().is_empty());
    }

    #[test]
    fn builtin_value_rules_and_too_long() {
        let p = FormatProfile::builtin();
        let rule = |code: &str| p.column(code).unwrap().value_rule();
        for (code, expected) in [
            ("OPERATION", ValueRule::UpperCase),
            ("TITLE", ValueRule::Title),
            ("COUNTRY", ValueRule::Country),
            ("FAX", ValueRule::PhoneFixed),
            ("CELLPHONE", ValueRule::PhoneMobile),
            ("EMAIL3", ValueRule::Email),
            ("ADMIN_NUMBER", ValueRule::AdminNumber),
            ("CRIT50", ValueRule::Criterion),
            ("CNIL_O", ValueRule::Boolean),
            ("FIRSTNAME", ValueRule::None),
        ] {
            assert_eq!(rule(code), expected, "{code}");
        }
        let truncated: Vec<&str> = p
            .columns()
            .iter()
            .filter(|c| c.too_long().is_some())
            .map(|c| c.code.as_str())
            .collect();
        assert_eq!(
            truncated,
            ["OFFICIAL_NAME", "ADDRESS_NAME1", "ADDRESS_NAME2"]
        );
        assert_eq!(
            p.column("OFFICIAL_NAME").unwrap().too_long(),
            Some(LengthOutcome::Truncate)
        );
        for r in ValueRule::ALL {
            assert_eq!(ValueRule::from_name(r.as_str()), Some(r));
        }
    }

    #[test]
    fn a_profile_without_rule_keys_takes_the_builtin_rules() {
        let columns = r#"
[[column]]
code = "EMAIL1"
section = "S"
label = "E-mail"
type = "text"
mandatory = "no"

[[column]]
code = "OFFICIAL_NAME"
section = "S"
label = "Name"
type = "text"
max-length = 100
mandatory = "no"

[[column]]
code = "OPT_IN"
section = "S"
label = "Opt-in"
type = "boolean"
mandatory = "no"

[[column]]
code = "CELLPHONE"
section = "S"
label = "Mobile"
type = "text"
mandatory = "no"
rule = "none"

[[column]]
code = "MOBILE2"
section = "S"
label = "Mobile 2"
type = "text"
mandatory = "no"
rule = "phone-mobile"
too-long = "drop"
"#;
        let p = FormatProfile::from_toml_str(&minimal(columns), "own.toml").unwrap();
        let got: Vec<(ValueRule, Option<LengthOutcome>)> = p
            .columns()
            .iter()
            .map(|c| (c.value_rule(), c.too_long()))
            .collect();
        assert_eq!(
            got,
            [
                (ValueRule::Email, None),
                (ValueRule::None, Some(LengthOutcome::Truncate)),
                (ValueRule::Boolean, None),
                (ValueRule::None, None),
                (ValueRule::PhoneMobile, Some(LengthOutcome::Drop)),
            ]
        );
    }

    #[test]
    fn an_unknown_rule_names_file_column_and_the_known_rules() {
        let text = minimal(&TWO_COLUMNS.replace("max-length = 5", "rule = \"emial\""));
        let err = FormatProfile::from_toml_str(&text, "own.toml").unwrap_err();
        let msg = err.to_string();
        assert!(
            matches!(err, FormatError::Column { position: 1, .. }),
            "{msg}"
        );
        for part in [
            "own.toml",
            "\"A\"",
            "\"emial\"",
            "country, language, email",
            "none",
        ] {
            assert!(msg.contains(part), "{part}: {msg}");
        }
        let text = minimal(&TWO_COLUMNS.replace("max-length = 5", "too-long = \"cut\""));
        let msg = FormatProfile::from_toml_str(&text, "own.toml")
            .unwrap_err()
            .to_string();
        assert!(msg.contains("own.toml") && msg.contains("cut"), "{msg}");
    }

    #[test]
    fn builtin_header_rows_render() {
        let p = FormatProfile::builtin();
        let rows = p.header_rows();
        assert!(rows.iter().all(|r| r.len() == 93));
        let i = p.position("INSTITUTION").unwrap();
        assert_eq!(rows[0][i], "Global fields");
        assert_eq!(rows[1][i], "Institution");
        assert_eq!(rows[2][i], "Code (mandatory)");
        assert_eq!(rows[3][i], "INSTITUTION");
        let f = p.position("FIRSTNAME").unwrap();
        assert_eq!(rows[2][f], "Text 100 (conditional)");
        let b = p.position("BIRTHDATE").unwrap();
        assert_eq!(rows[2][b], "Date");
        assert_eq!(rows[2][p.position("CNIL_O").unwrap()], "Boolean");
        assert_eq!(rows[2][p.position("CRIT07").unwrap()], "CodeValue");
        assert_eq!(rows[0][p.position("CRIT07").unwrap()], "Criterion");
        assert_eq!(rows[3], p.codes());
    }

    #[test]
    fn minimal_profile_and_text_without_length() {
        let p = FormatProfile::from_toml_str(
            &minimal(&TWO_COLUMNS.replace("max-length = 5\n", "")),
            "t.toml",
        )
        .unwrap();
        assert_eq!(p.sheet_name(), DEFAULT_SHEET_NAME);
        let rows = p.header_rows();
        assert_eq!(rows[2], ["Text (mandatory)", "Date"]);
    }

    #[test]
    fn unknown_key_is_named_with_its_line() {
        let text = minimal(&TWO_COLUMNS.replace("max-length = 5", "max-lenght = 5"));
        let err = FormatProfile::from_toml_str(&text, "custom.toml").unwrap_err();
        let msg = err.to_string();
        assert!(matches!(err, FormatError::Parse { .. }), "{msg}");
        assert!(msg.contains("custom.toml"), "{msg}");
        assert!(msg.contains("max-lenght"), "{msg}");
        let line = text
            .lines()
            .position(|l| l.starts_with("max-lenght"))
            .unwrap()
            + 1;
        assert!(msg.contains(&format!("line {line}")), "{msg}");
    }

    #[test]
    fn unknown_top_level_key_fails() {
        let text = minimal(TWO_COLUMNS).replace("version = \"1\"", "version = \"1\"\nbogus = 1");
        let msg = FormatProfile::from_toml_str(&text, "x.toml")
            .unwrap_err()
            .to_string();
        assert!(msg.contains("bogus"), "{msg}");
    }

    #[test]
    fn duplicate_code_fails() {
        let text = minimal(&TWO_COLUMNS.replace("code = \"B\"", "code = \"A\""));
        let err = FormatProfile::from_toml_str(&text, "dup.toml").unwrap_err();
        assert!(
            matches!(&err, FormatError::DuplicateCode { code, first: 1, second: 2, .. } if code == "A"),
            "{err}"
        );
        assert!(err.to_string().contains("dup.toml"));
    }

    #[test]
    fn header_rows_must_be_three() {
        let text = minimal(TWO_COLUMNS).replace(
            r#"header-rows = ["{section}", "{label}", "{type}{mandatory}"]"#,
            r#"header-rows = ["{section}", "{label}"]"#,
        );
        let err = FormatProfile::from_toml_str(&text, "x.toml").unwrap_err();
        assert!(
            matches!(err, FormatError::HeaderRowCount { found: 2, .. }),
            "{err}"
        );
    }

    #[test]
    fn unknown_placeholder_fails() {
        let text = minimal(TWO_COLUMNS).replace("\"{label}\"", "\"{lable}\"");
        let err = FormatProfile::from_toml_str(&text, "x.toml").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("header-rows[2]"), "{msg}");
        assert!(msg.contains("{lable}"), "{msg}");
        let text = minimal(TWO_COLUMNS).replace("Text {max-length}", "Text {label}");
        let msg = FormatProfile::from_toml_str(&text, "x.toml")
            .unwrap_err()
            .to_string();
        assert!(msg.contains("header-text.type.text"), "{msg}");
        let text = minimal(TWO_COLUMNS).replace("\"{label}\"", "\"{label\"");
        let msg = FormatProfile::from_toml_str(&text, "x.toml")
            .unwrap_err()
            .to_string();
        assert!(msg.contains("unclosed"), "{msg}");
    }

    #[test]
    fn enum_needs_values_and_default_must_fit() {
        let text = minimal(&TWO_COLUMNS.replace("type = \"date\"", "type = \"enum\""));
        let msg = FormatProfile::from_toml_str(&text, "x.toml")
            .unwrap_err()
            .to_string();
        assert!(
            msg.contains("\"B\" (#2)") && msg.contains("values"),
            "{msg}"
        );

        let text = minimal(
            &TWO_COLUMNS.replace("max-length = 5", "max-length = 5\ndefault = \"TOOLONG\""),
        );
        let msg = FormatProfile::from_toml_str(&text, "x.toml")
            .unwrap_err()
            .to_string();
        assert!(
            msg.contains("\"A\" (#1)") && msg.contains("max-length 5"),
            "{msg}"
        );

        let text = minimal(&TWO_COLUMNS.replace(
            "type = \"date\"",
            "type = \"enum\"\nvalues = [\"X\", \"Y\"]\ndefault = \"Z\"",
        ));
        let msg = FormatProfile::from_toml_str(&text, "x.toml")
            .unwrap_err()
            .to_string();
        assert!(msg.contains("not one of values"), "{msg}");
    }

    #[test]
    fn bad_type_and_no_columns_fail() {
        let text = minimal(&TWO_COLUMNS.replace("type = \"date\"", "type = \"datum\""));
        let msg = FormatProfile::from_toml_str(&text, "x.toml")
            .unwrap_err()
            .to_string();
        assert!(msg.contains("datum"), "{msg}");
        let err = FormatProfile::from_toml_str(&minimal(""), "x.toml").unwrap_err();
        assert!(matches!(err, FormatError::NoColumns { .. }), "{err}");
    }

    #[test]
    fn header_rows_override() {
        let p = FormatProfile::from_toml_str(&minimal(TWO_COLUMNS), "t.toml")
            .unwrap()
            .with_header_rows(vec![
                "{code}: {label}".into(),
                "{{literal}}".into(),
                String::new(),
            ])
            .unwrap();
        let rows = p.header_rows();
        assert_eq!(rows[0], ["A: Alpha", "B: Beta"]);
        assert_eq!(rows[1], ["{literal}", "{literal}"]);
        assert_eq!(rows[2], ["", ""]);
        assert_eq!(rows[3], ["A", "B"]);
        let err = p.with_header_rows(vec!["{x}".into(), "".into(), "".into()]);
        assert!(err.unwrap_err().to_string().contains("override"));
    }

    #[test]
    fn from_path_reads_and_names_missing_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.toml");
        std::fs::write(&path, minimal(TWO_COLUMNS)).unwrap();
        let p = FormatProfile::from_path(&path).unwrap();
        assert_eq!(p.origin(), path.display().to_string());
        let missing = dir.path().join("missing.toml");
        let msg = FormatProfile::from_path(&missing).unwrap_err().to_string();
        assert!(msg.contains("missing.toml"), "{msg}");
    }
}
