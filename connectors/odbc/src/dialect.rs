//! Where databases behind ODBC drivers differ: identifier quoting, how to ask for the first
//! rows only, session settings, which catalog schemas are the system's, and how column types
//! are best decoded.

use stx_connector_core::SourceError;

/// The SQL dialect of the database behind the driver.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// Oracle: NUMBER read exactly as text, DATE with its time, `ROWNUM`, NLS settings fixed.
    Oracle,
    /// Microsoft Access (mdbtools or Microsoft's driver): `[name]`, `TOP n`, row-by-row fetch
    /// for mdbtools.
    Access,
    /// FileMaker: text fields declared 1,000,000 characters long are unbounded; container
    /// fields are skipped.
    FileMaker,
    /// IBM DB2: `FETCH FIRST n ROWS ONLY`.
    Db2,
    /// PostgreSQL.
    Postgres,
    /// MySQL or MariaDB.
    Mysql,
    /// Microsoft SQL Server.
    Mssql,
    /// SQLite.
    Sqlite,
    /// Anything else: ANSI SQL.
    Ansi,
}

/// Every dialect with the name `dialect =` takes.
pub const DIALECTS: &[(&str, Dialect)] = &[
    ("oracle", Dialect::Oracle),
    ("access", Dialect::Access),
    ("filemaker", Dialect::FileMaker),
    ("db2", Dialect::Db2),
    ("postgres", Dialect::Postgres),
    ("mysql", Dialect::Mysql),
    ("mssql", Dialect::Mssql),
    ("sqlite", Dialect::Sqlite),
    ("ansi", Dialect::Ansi),
];

/// Oracle-maintained schemas, not offered as tables.
const ORACLE_SYSTEM_SCHEMAS: &[&str] = &[
    "ANONYMOUS",
    "APEX_PUBLIC_USER",
    "APPQOSSYS",
    "AUDSYS",
    "CTXSYS",
    "DBSFWUSER",
    "DBSNMP",
    "DIP",
    "DVF",
    "DVSYS",
    "GGSYS",
    "GSMADMIN_INTERNAL",
    "GSMCATUSER",
    "GSMUSER",
    "LBACSYS",
    "MDDATA",
    "MDSYS",
    "OJVMSYS",
    "OLAPSYS",
    "ORDDATA",
    "ORDPLUGINS",
    "ORDSYS",
    "OUTLN",
    "REMOTE_SCHEDULER_AGENT",
    "SI_INFORMTN_SCHEMA",
    "SYS",
    "SYS$UMF",
    "SYSBACKUP",
    "SYSDG",
    "SYSKM",
    "SYSRAC",
    "SYSTEM",
    "WMSYS",
    "XDB",
    "XS$NULL",
    "PUBLIC",
    "GSMROOTUSER",
];

impl Dialect {
    /// The dialect named by `dialect =`.
    pub fn from_name(name: &str) -> Result<Dialect, SourceError> {
        DIALECTS
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name.trim()))
            .map(|(_, d)| *d)
            .ok_or_else(|| SourceError::Config {
                message: format!("unknown ODBC dialect '{name}'"),
                hint: Some(format!(
                    "dialect is one of {}",
                    DIALECTS
                        .iter()
                        .map(|(n, _)| *n)
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            })
    }

    /// The dialect of a DBMS name as the driver reports it (`SQLGetInfo(SQL_DBMS_NAME)`).
    pub fn detect(dbms_name: &str) -> Dialect {
        let name = dbms_name.trim_end_matches('\0').trim().to_ascii_lowercase();
        if name.starts_with("oracle") {
            Dialect::Oracle
        } else if name.contains("access") || name.starts_with("mdbtools") || name == "mdb" {
            Dialect::Access
        } else if name.contains("filemaker") {
            Dialect::FileMaker
        } else if name.starts_with("db2") {
            Dialect::Db2
        } else if name.contains("postgres") {
            Dialect::Postgres
        } else if name.contains("mysql") || name.contains("mariadb") {
            Dialect::Mysql
        } else if name.contains("sql server") {
            Dialect::Mssql
        } else if name.contains("sqlite") {
            Dialect::Sqlite
        } else {
            Dialect::Ansi
        }
    }

    /// The name `dialect =` takes.
    pub fn name(self) -> &'static str {
        DIALECTS
            .iter()
            .find(|(_, d)| *d == self)
            .map(|(n, _)| *n)
            .unwrap_or("ansi")
    }

    /// `name` as a quoted identifier. `driver_quote` is what the driver says it quotes with.
    pub fn quote(self, name: &str, driver_quote: Option<char>) -> String {
        match self {
            Dialect::Access | Dialect::Mssql if driver_quote != Some('"') => {
                format!("[{}]", name.replace(']', "]]"))
            }
            Dialect::Mysql => format!("`{}`", name.replace('`', "``")),
            _ => {
                let q = driver_quote.filter(|c| !c.is_whitespace()).unwrap_or('"');
                let close = if q == '[' { ']' } else { q };
                let mut escaped = String::with_capacity(name.len() + 2);
                escaped.push(q);
                for c in name.chars() {
                    if c == close {
                        escaped.push(close);
                    }
                    escaped.push(c);
                }
                escaped.push(close);
                escaped
            }
        }
    }

    /// A qualified table name, each part quoted.
    pub fn quote_table(
        self,
        schema: Option<&str>,
        table: &str,
        driver_quote: Option<char>,
    ) -> String {
        match schema.filter(|s| !s.is_empty()) {
            Some(schema) => format!(
                "{}.{}",
                self.quote(schema, driver_quote),
                self.quote(table, driver_quote)
            ),
            None => self.quote(table, driver_quote),
        }
    }

    /// `select` limited to its first `rows` rows, in this dialect's words (`ROWNUM`, `TOP`,
    /// `FETCH FIRST`, `LIMIT`).
    pub fn limit(self, select: &str, rows: usize) -> String {
        let select = select.trim().trim_end_matches(';');
        match self {
            Dialect::Oracle => format!("SELECT * FROM ({select}) WHERE ROWNUM <= {rows}"),
            Dialect::Access => format!("SELECT TOP {rows} * FROM ({select})"),
            Dialect::Mssql => format!("SELECT TOP {rows} * FROM ({select}) AS stx_q"),
            Dialect::Postgres | Dialect::Mysql | Dialect::Sqlite => {
                format!("SELECT * FROM ({select}) AS stx_q LIMIT {rows}")
            }
            Dialect::Db2 | Dialect::FileMaker | Dialect::Ansi => {
                format!("SELECT * FROM ({select}) stx_q FETCH FIRST {rows} ROWS ONLY")
            }
        }
    }

    /// `select` ordered by column `key` (already quoted).
    pub fn order_by(self, select: &str, quoted_key: &str) -> String {
        let select = select.trim().trim_end_matches(';');
        match self {
            // Oracle takes no AS before a table alias.
            Dialect::Oracle | Dialect::Db2 | Dialect::FileMaker | Dialect::Ansi => {
                format!("SELECT * FROM ({select}) stx_q ORDER BY {quoted_key}")
            }
            Dialect::Access => format!("SELECT * FROM ({select}) ORDER BY {quoted_key}"),
            _ => format!("SELECT * FROM ({select}) AS stx_q ORDER BY {quoted_key}"),
        }
    }

    /// Statements run once on each new connection, so that values read as text do not
    /// depend on the server's or the client's locale.
    pub fn session_setup(self) -> &'static [&'static str] {
        match self {
            // A German NLS_TERRITORY would give "1,5" for 1.5 and "25.11.26" for a DATE.
            Dialect::Oracle => &["ALTER SESSION SET NLS_NUMERIC_CHARACTERS = '.,' \
                 NLS_DATE_FORMAT = 'YYYY-MM-DD HH24:MI:SS' \
                 NLS_TIMESTAMP_FORMAT = 'YYYY-MM-DD HH24:MI:SS.FF' \
                 NLS_TIMESTAMP_TZ_FORMAT = 'YYYY-MM-DD HH24:MI:SS.FF TZH:TZM'"],
            _ => &[],
        }
    }

    /// Whether a catalog schema belongs to the database system rather than to the user.
    pub fn is_system_schema(self, schema: &str) -> bool {
        let lower = schema.to_ascii_lowercase();
        match self {
            Dialect::Oracle => {
                ORACLE_SYSTEM_SCHEMAS.contains(&schema.to_ascii_uppercase().as_str())
            }
            Dialect::Postgres => {
                lower == "pg_catalog"
                    || lower == "information_schema"
                    || lower.starts_with("pg_toast")
            }
            Dialect::Mysql => matches!(
                lower.as_str(),
                "information_schema" | "mysql" | "performance_schema" | "sys"
            ),
            Dialect::Mssql => matches!(lower.as_str(), "sys" | "information_schema"),
            Dialect::Db2 => lower.starts_with("sys") || lower == "nullid" || lower == "sqlj",
            _ => false,
        }
    }

    /// Whether a table name is the system's (Access keeps its catalog in `MSys…` tables).
    pub fn is_system_table(self, table: &str) -> bool {
        match self {
            Dialect::Access => table.starts_with("MSys") || table.starts_with('~'),
            Dialect::Sqlite => table.starts_with("sqlite_"),
            _ => false,
        }
    }

    /// Declared text lengths at or above this mean "unbounded" (FileMaker declares every
    /// text field 1,000,000 characters long).
    pub fn unbounded_text_chars(self) -> usize {
        match self {
            Dialect::FileMaker => 1_000_000,
            _ => usize::MAX,
        }
    }

    /// Whether non-integer numbers are read as the driver's text (exact) rather than as
    /// floats. Oracle's NUMBER without precision reaches ODBC as a float type although it is
    /// an exact decimal; NLS settings make its text form locale-independent.
    pub fn numbers_as_text(self) -> bool {
        matches!(self, Dialect::Oracle)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detected_from_dbms_names() {
        assert_eq!(Dialect::detect("Oracle"), Dialect::Oracle);
        assert_eq!(Dialect::detect("MDBTOOLS\0"), Dialect::Access);
        assert_eq!(Dialect::detect("ACCESS"), Dialect::Access);
        assert_eq!(Dialect::detect("FileMaker"), Dialect::FileMaker);
        assert_eq!(Dialect::detect("DB2/LINUXX8664"), Dialect::Db2);
        assert_eq!(Dialect::detect("PostgreSQL"), Dialect::Postgres);
        assert_eq!(Dialect::detect("MariaDB"), Dialect::Mysql);
        assert_eq!(Dialect::detect("Microsoft SQL Server"), Dialect::Mssql);
        assert_eq!(Dialect::detect("SQLite"), Dialect::Sqlite);
        assert_eq!(Dialect::detect("Teradata"), Dialect::Ansi);
        assert_eq!(Dialect::from_name(" Oracle ").unwrap(), Dialect::Oracle);
        let err = Dialect::from_name("informix").unwrap_err().to_string();
        assert!(err.contains("filemaker"), "{err}");
        for (name, d) in DIALECTS {
            assert_eq!(d.name(), *name);
        }
    }

    #[test]
    fn quoting_doubles_the_closing_quote() {
        assert_eq!(
            Dialect::Access.quote("Order Details", Some('`')),
            "[Order Details]"
        );
        assert_eq!(Dialect::Access.quote("a]b", None), "[a]]b]");
        assert_eq!(Dialect::Mysql.quote("we`ird", Some('`')), "`we``ird`");
        assert_eq!(
            Dialect::Oracle.quote("Kunde \"A\"", Some('"')),
            "\"Kunde \"\"A\"\"\""
        );
        assert_eq!(Dialect::Ansi.quote("x", Some(' ')), "\"x\"");
        assert_eq!(
            Dialect::Postgres.quote_table(Some("crm"), "Kunden", Some('"')),
            "\"crm\".\"Kunden\""
        );
        assert_eq!(Dialect::Postgres.quote_table(Some(""), "k", None), "\"k\"");
    }

    #[test]
    fn limits_and_orderings_in_each_dialect() {
        assert_eq!(
            Dialect::Oracle.limit("SELECT * FROM t;", 5),
            "SELECT * FROM (SELECT * FROM t) WHERE ROWNUM <= 5"
        );
        assert_eq!(
            Dialect::Access.limit("SELECT * FROM t", 1),
            "SELECT TOP 1 * FROM (SELECT * FROM t)"
        );
        assert!(Dialect::Db2
            .limit("q", 3)
            .ends_with("FETCH FIRST 3 ROWS ONLY"));
        assert!(Dialect::Postgres.limit("q", 3).ends_with("LIMIT 3"));
        assert!(Dialect::Mssql.limit("q", 3).starts_with("SELECT TOP 3"));
        assert!(!Dialect::Oracle.order_by("q", "\"ID\"").contains(" AS "));
        assert!(Dialect::Oracle.session_setup()[0].contains("NLS_NUMERIC_CHARACTERS = '.,'"));
        assert!(Dialect::Postgres.session_setup().is_empty());
    }

    #[test]
    fn system_schemas_and_tables() {
        assert!(Dialect::Oracle.is_system_schema("sys"));
        assert!(Dialect::Oracle.is_system_schema("MDSYS"));
        assert!(!Dialect::Oracle.is_system_schema("LEGACY"));
        assert!(Dialect::Postgres.is_system_schema("pg_toast_temp_1"));
        assert!(!Dialect::Postgres.is_system_schema("public"));
        assert!(Dialect::Access.is_system_table("MSysObjects"));
        assert!(!Dialect::Access.is_system_table("Customers"));
        assert_eq!(Dialect::FileMaker.unbounded_text_chars(), 1_000_000);
    }
}
