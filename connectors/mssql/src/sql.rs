//! The T-SQL the connector sends: quoting, the catalog queries, table-name resolution, and the
//! read statement with its key order and resume condition.
//!
//! Everything is sent as plain SQL batches (no RPC parameters), so values in statements are
//! literals built here with their quotes doubled.

use stx_connector_core::KeyValue;

use crate::types::base_type_name;

/// Alias of the user's query when it is wrapped as a derived table.
pub const QUERY_ALIAS: &str = "stx_q";

/// Every user table and view with its schema, kind and row estimate (heap or clustered index
/// rows of `sys.partitions`; views have none).
pub const LIST_TABLES_SQL: &str = "SELECT s.name AS schema_name, t.name AS object_name, N'table' AS kind, \
(SELECT SUM(p.rows) FROM sys.partitions AS p WHERE p.object_id = t.object_id AND p.index_id IN (0, 1)) AS row_estimate \
FROM sys.tables AS t JOIN sys.schemas AS s ON s.schema_id = t.schema_id WHERE t.is_ms_shipped = 0 \
UNION ALL \
SELECT s.name, v.name, N'view', NULL \
FROM sys.views AS v JOIN sys.schemas AS s ON s.schema_id = v.schema_id WHERE v.is_ms_shipped = 0 \
ORDER BY 1, 2";

/// Whether the database allows snapshot isolation (`1` = ON).
pub const SNAPSHOT_STATE_SQL: &str =
    "SELECT snapshot_isolation_state FROM sys.databases WHERE database_id = DB_ID()";

/// Starts the read's transaction: one consistent view of the data.
pub const BEGIN_SNAPSHOT_SQL: &str = "SET TRANSACTION ISOLATION LEVEL SNAPSHOT; BEGIN TRANSACTION";

/// Gives up the snapshot the server refused, back to the server's default isolation.
pub const LEAVE_SNAPSHOT_SQL: &str =
    "IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION; SET TRANSACTION ISOLATION LEVEL READ COMMITTED";

/// The schema whose tables are listed without a schema prefix.
pub const DEFAULT_SCHEMA: &str = "dbo";

/// `[name]` with `]` doubled: safe for any identifier.
pub fn quote_ident(name: &str) -> String {
    format!("[{}]", name.replace(']', "]]"))
}

/// `N'text'` with `'` doubled.
pub fn nstring_literal(text: &str) -> String {
    format!("N'{}'", text.replace('\'', "''"))
}

/// `'text'` with `'` doubled (for comparisons with `varchar` columns, which would otherwise be
/// converted to `nvarchar` and compared by different rules).
pub fn string_literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// The columns of one table, with lengths and precisions, in order.
pub fn describe_table_sql(schema: &str, table: &str) -> String {
    format!(
        "SELECT COLUMN_NAME, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION \
         FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = {} AND TABLE_NAME = {} ORDER BY ORDINAL_POSITION",
        nstring_literal(schema),
        nstring_literal(table)
    )
}

/// The server's own description of a query's result, without running it.
pub fn describe_query_sql(query: &str) -> String {
    format!(
        "EXEC sp_describe_first_result_set @tsql = {}",
        nstring_literal(query)
    )
}

/// A query's columns from its metadata, for queries `sp_describe_first_result_set` cannot
/// describe (temporary tables).
pub fn top_zero_sql(query: &str) -> String {
    format!(
        "SELECT TOP 0 * FROM (\n{}\n) AS {QUERY_ALIAS}",
        trim_statement(query)
    )
}

/// The type as `sp_help` would show it, from `INFORMATION_SCHEMA.COLUMNS`:
/// `nvarchar(40)`, `nvarchar(max)`, `decimal(10,2)`, `datetime2(7)`, `int`.
pub fn native_type_from_catalog(
    data_type: &str,
    max_length: Option<i64>,
    precision: Option<i64>,
    scale: Option<i64>,
    datetime_precision: Option<i64>,
) -> String {
    let base = data_type.to_ascii_lowercase();
    match base.as_str() {
        "char" | "varchar" | "nchar" | "nvarchar" | "binary" | "varbinary" => match max_length {
            Some(-1) => format!("{base}(max)"),
            Some(n) => format!("{base}({n})"),
            None => base,
        },
        "decimal" | "numeric" => match (precision, scale) {
            (Some(p), Some(s)) => format!("{base}({p},{s})"),
            _ => base,
        },
        "datetime2" | "time" | "datetimeoffset" => match datetime_precision {
            Some(p) => format!("{base}({p})"),
            None => base,
        },
        _ => base,
    }
}

/// A table of the catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogTable {
    /// Schema.
    pub schema: String,
    /// Table or view name.
    pub name: String,
    /// `table` or `view`.
    pub kind: String,
    /// Row estimate (tables only).
    pub rows: Option<u64>,
}

impl CatalogTable {
    /// The name shown to the user: `table` in `dbo`, `schema.table` elsewhere.
    pub fn display_name(&self) -> String {
        if self.schema.eq_ignore_ascii_case(DEFAULT_SCHEMA) {
            self.name.clone()
        } else {
            format!("{}.{}", self.schema, self.name)
        }
    }
}

/// Splits a possibly qualified, possibly quoted name (`dbo.people`, `[my schema].[odd]]name]`,
/// `"s"."t"`) into its parts; `None` when the quoting is unbalanced.
pub fn split_name(name: &str) -> Option<Vec<String>> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut chars = name.trim().chars().peekable();
    let mut quoted_part = false;
    while let Some(c) = chars.next() {
        match c {
            '[' | '"' if current.trim().is_empty() && !quoted_part => {
                let close = if c == '[' { ']' } else { '"' };
                current.clear();
                loop {
                    match chars.next() {
                        None => return None,
                        Some(x) if x == close => {
                            if chars.peek() == Some(&close) {
                                chars.next();
                                current.push(close);
                            } else {
                                break;
                            }
                        }
                        Some(x) => current.push(x),
                    }
                }
                quoted_part = true;
            }
            '.' => {
                parts.push(finish_part(&current, quoted_part));
                current.clear();
                quoted_part = false;
            }
            c if quoted_part => {
                if !c.is_whitespace() {
                    return None;
                }
            }
            c => current.push(c),
        }
    }
    parts.push(finish_part(&current, quoted_part));
    if parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    Some(parts)
}

fn finish_part(part: &str, quoted: bool) -> String {
    if quoted {
        part.to_string()
    } else {
        part.trim().to_string()
    }
}

/// Finds the table `wanted` names among `tables`: the display name as written, else the parts
/// of a qualified (`schema.table`, `database.schema.table`) or bracketed name; a bare name
/// prefers `dbo`. Names compare exactly first, then ignoring case (as the default collations
/// do). `None` when nothing (or more than one table) matches.
pub fn resolve_table<'a>(
    wanted: &str,
    tables: &'a [CatalogTable],
    database: Option<&str>,
) -> Option<&'a CatalogTable> {
    let unique = |pred: &dyn Fn(&CatalogTable, bool) -> bool| -> Option<&'a CatalogTable> {
        for exact in [true, false] {
            let found: Vec<&CatalogTable> = tables.iter().filter(|t| pred(t, exact)).collect();
            match found.len() {
                0 => continue,
                1 => return Some(found[0]),
                _ => {
                    // Several tables of that name: the one in dbo, if any.
                    let in_dbo: Vec<&CatalogTable> = found
                        .iter()
                        .copied()
                        .filter(|t| t.schema.eq_ignore_ascii_case(DEFAULT_SCHEMA))
                        .collect();
                    return (in_dbo.len() == 1).then(|| in_dbo[0]);
                }
            }
        }
        None
    };
    let same = |a: &str, b: &str, exact: bool| {
        if exact {
            a == b
        } else {
            a.to_lowercase() == b.to_lowercase()
        }
    };
    let trimmed = wanted.trim();
    if let Some(t) = unique(&|t, exact| same(&t.display_name(), trimmed, exact)) {
        return Some(t);
    }
    let parts = split_name(trimmed)?;
    let (schema, name) = match parts.as_slice() {
        [name] => (None, name.as_str()),
        [schema, name] => (Some(schema.as_str()), name.as_str()),
        [db, schema, name] => {
            let db_matches = database.is_some_and(|d| d.to_lowercase() == db.to_lowercase());
            if !db_matches {
                return None;
            }
            (Some(schema.as_str()), name.as_str())
        }
        _ => return None,
    };
    unique(&|t, exact| {
        same(&t.name, name, exact) && schema.is_none_or(|s| same(&t.schema, s, exact))
    })
}

/// What a read reads: a table of the catalog, or the user's query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadBase {
    /// `SELECT * FROM [schema].[table]`.
    Table {
        /// Schema.
        schema: String,
        /// Table.
        table: String,
    },
    /// The user's own T-SQL.
    Query(String),
}

/// How a key value is written back into SQL to resume after it, by the key column's type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyType {
    /// Integer types: the number as is.
    Integer,
    /// `char`/`varchar`: `'…'`, compared under the column's own rules.
    Varchar,
    /// `nchar`/`nvarchar`: `N'…'`.
    NVarchar,
    /// `binary`/`varbinary`: the `0x…` text is a literal already.
    Binary,
    /// Text read back with `CAST(N'…' AS <type>)` (decimal, money, float, bit, date, time,
    /// datetime2, datetimeoffset, uniqueidentifier: all read their own text form).
    Cast(String),
    /// `datetime`/`smalldatetime`, whose parse of `YYYY-MM-DD` depends on the session's
    /// language: `CONVERT(<type>, N'…', 121)` (ODBC canonical) does not.
    ConvertOdbc(String),
}

impl KeyType {
    /// The key type for a column of type `native` (`int`, `nvarchar(40)` …); `Err` names why
    /// the column cannot order a read.
    pub fn for_native_type(native: &str) -> Result<KeyType, String> {
        let base = base_type_name(native);
        Ok(match base.as_str() {
            "tinyint" | "smallint" | "int" | "bigint" => KeyType::Integer,
            "char" | "varchar" => KeyType::Varchar,
            "nchar" | "nvarchar" => KeyType::NVarchar,
            "binary" | "varbinary" => KeyType::Binary,
            "datetime" | "smalldatetime" => KeyType::ConvertOdbc(base),
            "bit" | "float" | "real" | "decimal" | "numeric" | "money" | "smallmoney"
            | "uniqueidentifier" | "date" | "time" | "datetime2" | "datetimeoffset" => {
                KeyType::Cast(native.trim().to_string())
            }
            _ => {
                return Err(format!(
                    "a {native} column cannot order a read (SQL Server cannot compare or sort it)"
                ))
            }
        })
    }

    /// `value` as a T-SQL expression of this type.
    pub fn literal(&self, value: &KeyValue) -> Result<String, String> {
        let text = match value {
            KeyValue::Int(i) => i.to_string(),
            KeyValue::Text(t) => t.clone(),
        };
        Ok(match self {
            KeyType::Integer => {
                if text.parse::<i64>().is_err() {
                    return Err(format!("the key value '{text}' is not an integer"));
                }
                text
            }
            KeyType::Varchar => string_literal(&text),
            KeyType::NVarchar => nstring_literal(&text),
            KeyType::Binary => {
                let hex = text.strip_prefix("0x").unwrap_or("");
                if !text.starts_with("0x") || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
                    return Err(format!("the key value '{text}' is not binary (0x…)"));
                }
                text
            }
            KeyType::Cast(t) => format!("CAST({} AS {t})", nstring_literal(&text)),
            KeyType::ConvertOdbc(t) => format!("CONVERT({t}, {}, 121)", nstring_literal(&text)),
        })
    }
}

/// The read's key column and how to write its values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeySpec {
    /// The column, spelled as the result names it.
    pub column: String,
    /// Its literal form.
    pub ty: KeyType,
}

/// `query` without trailing whitespace and semicolons (a derived table cannot end in `;`).
pub fn trim_statement(query: &str) -> &str {
    query.trim_end_matches(|c: char| c.is_whitespace() || c == ';')
}

/// The read statement: the table or query, ordered by the key when there is one, and only the
/// rows after `after` when resuming. The query goes on its own lines inside the derived table,
/// so a trailing `--` comment cannot swallow the closing parenthesis.
pub fn read_sql(
    base: &ReadBase,
    key: Option<&KeySpec>,
    after: Option<&KeyValue>,
) -> Result<String, String> {
    let (mut sql, qualifier) = match (base, key) {
        (ReadBase::Table { schema, table }, _) => (
            format!(
                "SELECT * FROM {}.{}",
                quote_ident(schema),
                quote_ident(table)
            ),
            String::new(),
        ),
        (ReadBase::Query(q), None) => return Ok(q.clone()),
        (ReadBase::Query(q), Some(_)) => (
            format!("SELECT * FROM (\n{}\n) AS {QUERY_ALIAS}", trim_statement(q)),
            format!("{QUERY_ALIAS}."),
        ),
    };
    if let Some(key) = key {
        let column = format!("{qualifier}{}", quote_ident(&key.column));
        if let Some(value) = after {
            sql.push_str(&format!(" WHERE {column} > {}", key.ty.literal(value)?));
        }
        sql.push_str(&format!(" ORDER BY {column}"));
    }
    Ok(sql)
}

/// What the connector needs to know of a user's query before wrapping it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryShape {
    /// It starts with `WITH` (a common table expression), which cannot be a derived table.
    pub starts_with_cte: bool,
    /// It has an `ORDER BY` outside parentheses.
    pub top_level_order_by: bool,
    /// It has `TOP`, `OFFSET` or `FOR XML/JSON` outside parentheses, which make an `ORDER BY`
    /// legal in a derived table.
    pub order_allowed: bool,
}

/// Scans `sql` outside strings, quoted identifiers, comments and parentheses.
pub fn query_shape(sql: &str) -> QueryShape {
    let words = top_level_words(sql);
    let mut shape = QueryShape {
        starts_with_cte: words.first().is_some_and(|w| w == "WITH"),
        ..QueryShape::default()
    };
    for pair in words.windows(2) {
        match (pair[0].as_str(), pair[1].as_str()) {
            ("ORDER", "BY") => shape.top_level_order_by = true,
            ("FOR", "XML" | "JSON" | "BROWSE") => shape.order_allowed = true,
            _ => {}
        }
    }
    if words.iter().any(|w| w == "TOP" || w == "OFFSET") {
        shape.order_allowed = true;
    }
    shape
}

/// Why a query cannot be wrapped to order and resume it by a key, with what to do.
pub fn check_wrappable(sql: &str) -> Result<(), (String, String)> {
    let shape = query_shape(sql);
    if shape.starts_with_cte {
        return Err((
            "a query starting with WITH (a common table expression) cannot be read with [read] key: the connector wraps the query as a derived table to order it by the key and resume after it".into(),
            "move the common table expression into a derived table (SELECT … FROM (SELECT …) AS x), create a view and read it as a table, or remove [read] key".into(),
        ));
    }
    if shape.top_level_order_by && !shape.order_allowed {
        return Err((
            "the query has an ORDER BY, which SQL Server forbids in the derived table the connector wraps it in to order it by [read] key".into(),
            "remove the ORDER BY from the query: with [read] key the rows are read in key order".into(),
        ));
    }
    Ok(())
}

/// Upper-cased words outside strings, quoted identifiers, comments and parentheses.
fn top_level_words(sql: &str) -> Vec<String> {
    let chars: Vec<char> = sql.chars().collect();
    let mut words = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            '-' if next == Some('-') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '/' if next == Some('*') => {
                // T-SQL block comments nest.
                let mut nesting = 0;
                while i < chars.len() {
                    if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                        nesting += 1;
                        i += 2;
                    } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                        nesting -= 1;
                        i += 2;
                        if nesting == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
                continue;
            }
            '\'' | '"' | '[' => {
                let close = if c == '[' { ']' } else { c };
                i += 1;
                while i < chars.len() {
                    if chars[i] == close {
                        if chars.get(i + 1) == Some(&close) {
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i += 1;
                }
            }
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if c.is_alphabetic() || c == '_' || c == '@' || c == '#' => {
                let start = i;
                while i < chars.len()
                    && (chars[i].is_alphanumeric() || matches!(chars[i], '_' | '@' | '#' | '$'))
                {
                    i += 1;
                }
                if depth == 0 {
                    words.push(chars[start..i].iter().collect::<String>().to_uppercase());
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(schema: &str, name: &str) -> CatalogTable {
        CatalogTable {
            schema: schema.into(),
            name: name.into(),
            kind: "table".into(),
            rows: Some(1),
        }
    }

    #[test]
    fn quoting() {
        assert_eq!(quote_ident("odd]name"), "[odd]]name]");
        assert_eq!(quote_ident("a b"), "[a b]");
        assert_eq!(nstring_literal("O'Brien"), "N'O''Brien'");
        assert_eq!(string_literal("it's"), "'it''s'");
        assert_eq!(
            describe_table_sql("dbo", "x'y"),
            "SELECT COLUMN_NAME, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION \
             FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = N'dbo' AND TABLE_NAME = N'x''y' ORDER BY ORDINAL_POSITION"
        );
        assert_eq!(
            describe_query_sql("SELECT 'a' AS x"),
            "EXEC sp_describe_first_result_set @tsql = N'SELECT ''a'' AS x'"
        );
    }

    #[test]
    fn catalog_types_are_spelled_like_the_server() {
        let t = native_type_from_catalog;
        assert_eq!(t("nvarchar", Some(40), None, None, None), "nvarchar(40)");
        assert_eq!(t("nvarchar", Some(-1), None, None, None), "nvarchar(max)");
        assert_eq!(t("varbinary", Some(-1), None, None, None), "varbinary(max)");
        assert_eq!(t("decimal", None, Some(10), Some(2), None), "decimal(10,2)");
        assert_eq!(t("datetime2", None, None, None, Some(7)), "datetime2(7)");
        assert_eq!(t("int", None, Some(10), Some(0), None), "int");
        assert_eq!(t("money", None, Some(19), Some(4), None), "money");
        assert_eq!(t("ntext", Some(1_073_741_823), None, None, None), "ntext");
        assert_eq!(t("datetime", None, None, None, Some(3)), "datetime");
    }

    #[test]
    fn names_split_and_resolve() {
        assert_eq!(split_name("dbo.people").unwrap(), vec!["dbo", "people"]);
        assert_eq!(
            split_name("[my schema].[odd]]name]").unwrap(),
            vec!["my schema", "odd]name"]
        );
        assert_eq!(split_name("\"s\".\"t\"\"x\"").unwrap(), vec!["s", "t\"x"]);
        assert_eq!(split_name(" people ").unwrap(), vec!["people"]);
        assert!(split_name("[open").is_none());
        assert!(split_name("a..b").is_none());

        let tables = vec![
            table("dbo", "People"),
            table("sales", "people"),
            table("sales", "Orders"),
            table("dbo", "a.b"),
            table("my schema", "odd]name"),
            table("x", "dup"),
            table("y", "dup"),
        ];
        let r = |w: &str| resolve_table(w, &tables, Some("legacy")).map(|t| t.display_name());
        assert_eq!(r("People").as_deref(), Some("People"));
        assert_eq!(
            r("people").as_deref(),
            Some("People"),
            "bare names prefer dbo"
        );
        assert_eq!(r("sales.people").as_deref(), Some("sales.people"));
        assert_eq!(r("SALES.ORDERS").as_deref(), Some("sales.Orders"));
        assert_eq!(
            r("orders").as_deref(),
            Some("sales.Orders"),
            "unique in another schema"
        );
        assert_eq!(r("[sales].[people]").as_deref(), Some("sales.people"));
        assert_eq!(r("dbo.People").as_deref(), Some("People"));
        assert_eq!(r("a.b").as_deref(), Some("a.b"), "a dotted name in dbo");
        assert_eq!(
            r("[my schema].[odd]]name]").as_deref(),
            Some("my schema.odd]name")
        );
        assert_eq!(r("legacy.sales.orders").as_deref(), Some("sales.Orders"));
        assert_eq!(r("otherdb.sales.orders"), None);
        assert_eq!(r("dup"), None, "ambiguous outside dbo");
        assert_eq!(r("nope"), None);
    }

    #[test]
    fn read_statements() {
        let table = ReadBase::Table {
            schema: "dbo".into(),
            table: "odd]name".into(),
        };
        let int_key = KeySpec {
            column: "id".into(),
            ty: KeyType::Integer,
        };
        assert_eq!(
            read_sql(&table, None, None).unwrap(),
            "SELECT * FROM [dbo].[odd]]name]"
        );
        assert_eq!(
            read_sql(&table, Some(&int_key), None).unwrap(),
            "SELECT * FROM [dbo].[odd]]name] ORDER BY [id]"
        );
        assert_eq!(
            read_sql(&table, Some(&int_key), Some(&KeyValue::Int(2000))).unwrap(),
            "SELECT * FROM [dbo].[odd]]name] WHERE [id] > 2000 ORDER BY [id]"
        );
        let query = ReadBase::Query("SELECT id, name FROM people -- all of them\n;  ".into());
        assert_eq!(
            read_sql(&query, None, None).unwrap(),
            "SELECT id, name FROM people -- all of them\n;  ",
            "without a key the query goes as written"
        );
        let name_key = KeySpec {
            column: "name".into(),
            ty: KeyType::NVarchar,
        };
        assert_eq!(
            read_sql(&query, Some(&name_key), None).unwrap(),
            "SELECT * FROM (\nSELECT id, name FROM people -- all of them\n) AS stx_q ORDER BY stx_q.[name]"
        );
        assert_eq!(
            read_sql(&query, Some(&name_key), Some(&KeyValue::Text("O'Brien".into()))).unwrap(),
            "SELECT * FROM (\nSELECT id, name FROM people -- all of them\n) AS stx_q WHERE stx_q.[name] > N'O''Brien' ORDER BY stx_q.[name]"
        );
        let bad = read_sql(
            &table,
            Some(&int_key),
            Some(&KeyValue::Text("1; DROP TABLE x".into())),
        );
        assert!(bad.is_err());
    }

    #[test]
    fn key_literals_by_type() {
        let lit = |native: &str, v: KeyValue| {
            KeyType::for_native_type(native)
                .unwrap()
                .literal(&v)
                .unwrap()
        };
        assert_eq!(lit("bigint", KeyValue::Int(-5)), "-5");
        assert_eq!(lit("varchar(20)", KeyValue::Text("a'b".into())), "'a''b'");
        assert_eq!(lit("nchar(3)", KeyValue::Text("東".into())), "N'東'");
        assert_eq!(
            lit("varbinary(16)", KeyValue::Text("0x00FF".into())),
            "0x00FF"
        );
        assert_eq!(
            lit("decimal(10,2)", KeyValue::Text("12.30".into())),
            "CAST(N'12.30' AS decimal(10,2))"
        );
        assert_eq!(
            lit(
                "uniqueidentifier",
                KeyValue::Text("6F9619FF-8B86-D011-B42D-00C04FC964FF".into())
            ),
            "CAST(N'6F9619FF-8B86-D011-B42D-00C04FC964FF' AS uniqueidentifier)"
        );
        assert_eq!(
            lit("datetime", KeyValue::Text("2024-02-29 01:02:03.007".into())),
            "CONVERT(datetime, N'2024-02-29 01:02:03.007', 121)"
        );
        assert_eq!(
            lit(
                "datetime2(7)",
                KeyValue::Text("2024-02-29 01:02:03.1234567".into())
            ),
            "CAST(N'2024-02-29 01:02:03.1234567' AS datetime2(7))"
        );
        assert!(KeyType::for_native_type("ntext").is_err());
        assert!(KeyType::for_native_type("xml").is_err());
        assert!(KeyType::Binary
            .literal(&KeyValue::Text("0xZZ".into()))
            .is_err());
        assert!(KeyType::Integer
            .literal(&KeyValue::Text("1 OR 1=1".into()))
            .is_err());
    }

    #[test]
    fn query_shapes() {
        let s = query_shape("SELECT a FROM t ORDER BY a");
        assert!(s.top_level_order_by && !s.order_allowed && !s.starts_with_cte);
        let s = query_shape("SELECT TOP 10 a FROM t ORDER BY a");
        assert!(s.top_level_order_by && s.order_allowed);
        let s = query_shape("SELECT a FROM t ORDER BY a OFFSET 0 ROWS");
        assert!(s.order_allowed);
        let s = query_shape("SELECT a FROM (SELECT TOP 5 a FROM t ORDER BY a) x");
        assert!(!s.top_level_order_by && !s.order_allowed);
        let s = query_shape("SELECT 'ORDER BY' AS [order by], \"ORDER BY\" -- ORDER BY\n/* ORDER /* BY */ BY */ FROM t");
        assert!(!s.top_level_order_by, "{s:?}");
        let s = query_shape("  with x as (select 1 a) select * from x");
        assert!(s.starts_with_cte);
        assert!(check_wrappable("SELECT a FROM t").is_ok());
        assert!(check_wrappable("SELECT TOP 3 a FROM t ORDER BY a").is_ok());
        let (msg, hint) = check_wrappable("SELECT a FROM t ORDER BY a").unwrap_err();
        assert!(msg.contains("ORDER BY") && hint.contains("remove the ORDER BY"));
        let (msg, _) = check_wrappable("WITH x AS (SELECT 1 a) SELECT a FROM x").unwrap_err();
        assert!(msg.contains("WITH"));
        assert_eq!(trim_statement("SELECT 1 ;\n "), "SELECT 1");
        assert_eq!(
            top_zero_sql("SELECT 1 AS a;"),
            "SELECT TOP 0 * FROM (\nSELECT 1 AS a\n) AS stx_q"
        );
    }
}
