//! The demo's legacy database as an SQL script for a database server, so PostgreSQL, MariaDB,
//! SQL Server and Oracle hold exactly the rows the SQLite demo holds (`stx-migrate demo --sql`,
//! the seeds under `docker/`, the live tests that compare a migration from each server with the
//! same migration from SQLite).
//!
//! Column types keep the SQLite demo's meaning: integers stay integers and everything else is
//! text (`varchar`), because the legacy data is dirty on purpose (birth dates in four formats).
//! Lengths hold the longest values the generator makes (company names beyond 200 characters,
//! planted to exercise truncation to SecuTix's lengths).

use std::io::{self, Write};

use super::generate::{Chunk, Generator};
use super::DemoOptions;

/// The SQL dialect of a script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum SqlDialect {
    /// PostgreSQL.
    Postgres,
    /// MySQL and MariaDB.
    Mariadb,
    /// Microsoft SQL Server.
    Mssql,
    /// Oracle (23ai Free and later).
    Oracle,
}

/// Customers per `INSERT` (SQL Server accepts at most 1,000 rows per `VALUES`).
const ROWS_PER_INSERT: usize = 250;

impl SqlDialect {
    fn int(self) -> &'static str {
        match self {
            SqlDialect::Oracle => "NUMBER(19)",
            SqlDialect::Mssql | SqlDialect::Mariadb => "BIGINT",
            SqlDialect::Postgres => "bigint",
        }
    }

    fn text(self, length: u32) -> String {
        match self {
            SqlDialect::Oracle => format!("NVARCHAR2({length})"),
            SqlDialect::Mssql => format!("NVARCHAR({length})"),
            SqlDialect::Mariadb => format!("VARCHAR({length})"),
            SqlDialect::Postgres => format!("varchar({length})"),
        }
    }

    /// A string literal: quotes doubled; MySQL also treats backslash as an escape.
    fn literal(self, value: &str, out: &mut String) {
        if self == SqlDialect::Mssql {
            out.push('N');
        }
        out.push('\'');
        for c in value.chars() {
            match c {
                '\'' => out.push_str("''"),
                '\\' if self == SqlDialect::Mariadb => out.push_str("\\\\"),
                c => out.push(c),
            }
        }
        out.push('\'');
    }

    fn schema(self) -> String {
        let (i, t) = (self.int(), |n| self.text(n));
        let mut sql = String::new();
        if self == SqlDialect::Mariadb {
            sql.push_str("SET NAMES utf8mb4;\n");
        }
        let table_options = if self == SqlDialect::Mariadb {
            " DEFAULT CHARSET=utf8mb4"
        } else {
            ""
        };
        sql.push_str(&format!(
            "CREATE TABLE customer (\n  cust_id {i} NOT NULL PRIMARY KEY,\n  cust_no {},\n  kind {} NOT NULL,\n  civility {},\n  first_name {},\n  last_name {},\n  company {},\n  birth_date {},\n  lang {},\n  email {},\n  phone {},\n  mobile {},\n  fax {},\n  newsletter {i},\n  remark {},\n  created_at {}\n){table_options};\n",
            t(20), t(10), t(40), t(100), t(100), t(400), t(30), t(10), t(320), t(50), t(50), t(50), t(400), t(30)
        ));
        sql.push_str(&format!(
            "CREATE TABLE address (\n  addr_id {i} NOT NULL PRIMARY KEY,\n  cust_id {i} NOT NULL REFERENCES customer(cust_id),\n  addr_kind {} NOT NULL,\n  street {},\n  street2 {},\n  zip {},\n  city {},\n  country {}\n){table_options};\n",
            t(10), t(300), t(300), t(20), t(100), t(60)
        ));
        sql.push_str(&format!(
            "CREATE TABLE contact_person (\n  person_id {i} NOT NULL PRIMARY KEY,\n  company_id {i} NOT NULL REFERENCES customer(cust_id),\n  is_main {i} NOT NULL,\n  civility {},\n  first_name {},\n  last_name {},\n  job_title {},\n  email {},\n  phone {}\n){table_options};\n",
            t(40), t(100), t(100), t(100), t(320), t(50)
        ));
        sql
    }
}

/// One value of a row, to render as a literal.
enum Value<'a> {
    Int(Option<i64>),
    Text(Option<&'a str>),
}

fn push_value(dialect: SqlDialect, value: Value<'_>, out: &mut String) {
    match value {
        Value::Int(Some(v)) => out.push_str(&v.to_string()),
        Value::Text(Some(v)) => dialect.literal(v, out),
        Value::Int(None) | Value::Text(None) => out.push_str("NULL"),
    }
}

/// Appends `INSERT INTO table (columns) VALUES (...), (...)` statements for `rows`.
fn push_inserts<'r, R: 'r>(
    dialect: SqlDialect,
    table: &str,
    columns: &str,
    rows: impl IntoIterator<Item = &'r R>,
    values: impl Fn(&'r R) -> Vec<Value<'r>>,
    out: &mut String,
) {
    let rows: Vec<&R> = rows.into_iter().collect();
    // Oracle before 23ai has no multi-row VALUES: one statement per row works everywhere.
    let per_insert = if dialect == SqlDialect::Oracle {
        1
    } else {
        ROWS_PER_INSERT
    };
    for group in rows.chunks(per_insert) {
        out.push_str(&format!("INSERT INTO {table} ({columns}) VALUES\n"));
        for (n, row) in group.iter().enumerate() {
            out.push_str(if n == 0 { "(" } else { ",\n(" });
            for (i, v) in values(row).into_iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                push_value(dialect, v, out);
            }
            out.push(')');
        }
        out.push_str(";\n");
    }
}

fn push_chunk(dialect: SqlDialect, chunk: &Chunk, out: &mut String) {
    use Value::{Int, Text};
    push_inserts(
        dialect,
        "customer",
        "cust_id, cust_no, kind, civility, first_name, last_name, company, birth_date, lang, email, phone, mobile, fax, newsletter, remark, created_at",
        &chunk.customers,
        |r| {
            vec![
                Int(Some(r.cust_id)),
                Text(r.cust_no.as_deref()),
                Text(Some(r.kind)),
                Text(r.civility.as_deref()),
                Text(r.first_name.as_deref()),
                Text(r.last_name.as_deref()),
                Text(r.company.as_deref()),
                Text(r.birth_date.as_deref()),
                Text(r.lang),
                Text(r.email.as_deref()),
                Text(r.phone.as_deref()),
                Text(r.mobile.as_deref()),
                Text(r.fax.as_deref()),
                Int(r.newsletter),
                Text(r.remark),
                Text(Some(&r.created_at)),
            ]
        },
        out,
    );
    push_inserts(
        dialect,
        "address",
        "addr_id, cust_id, addr_kind, street, street2, zip, city, country",
        &chunk.addresses,
        |r| {
            vec![
                Int(Some(r.addr_id)),
                Int(Some(r.cust_id)),
                Text(Some(r.addr_kind)),
                Text(r.street.as_deref()),
                Text(r.street2.as_deref()),
                Text(r.zip.as_deref()),
                Text(r.city.as_deref()),
                Text(r.country),
            ]
        },
        out,
    );
    push_inserts(
        dialect,
        "contact_person",
        "person_id, company_id, is_main, civility, first_name, last_name, job_title, email, phone",
        &chunk.persons,
        |r| {
            vec![
                Int(Some(r.person_id)),
                Int(Some(r.company_id)),
                Int(Some(r.is_main)),
                Text(r.civility.as_deref()),
                Text(r.first_name.as_deref()),
                Text(r.last_name.as_deref()),
                Text(r.job_title),
                Text(r.email.as_deref()),
                Text(r.phone.as_deref()),
            ]
        },
        out,
    );
}

/// Writes the schema and every row of the demo database for `options` as an SQL script in
/// `dialect`: the same rows, in the same order, as [`super::build_legacy_database`] writes.
pub fn write_sql_script(
    options: &DemoOptions,
    dialect: SqlDialect,
    out: &mut dyn Write,
) -> io::Result<()> {
    out.write_all(
        format!(
            "-- The stx-migrate demo's legacy database. Made by\n-- stx-migrate demo --sql {} --contacts {} --seed {}\n",
            format!("{dialect:?}").to_lowercase(),
            options.contacts,
            options.seed,
        )
        .as_bytes(),
    )?;
    out.write_all(dialect.schema().as_bytes())?;
    let mut generator = Generator::new(options.seed, options.contacts);
    let mut next = 1usize;
    let mut text = String::new();
    while next <= options.contacts {
        let end = (next + ROWS_PER_INSERT - 1).min(options.contacts);
        let mut chunk = Chunk::default();
        for id in next..=end {
            generator.fill(id as i64, &mut chunk);
        }
        next = end + 1;
        text.clear();
        push_chunk(dialect, &chunk, &mut text);
        out.write_all(text.as_bytes())?;
    }
    if dialect == SqlDialect::Oracle {
        out.write_all(b"COMMIT;\n")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn script(dialect: SqlDialect, contacts: usize) -> String {
        let mut out = Vec::new();
        write_sql_script(&DemoOptions { contacts, seed: 42 }, dialect, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn literals_are_escaped_per_dialect() {
        let mut s = String::new();
        SqlDialect::Mariadb.literal(r"O'Brien \ x", &mut s);
        assert_eq!(s, r"'O''Brien \\ x'");
        s.clear();
        SqlDialect::Postgres.literal(r"O'Brien \ x", &mut s);
        assert_eq!(s, r"'O''Brien \ x'");
        s.clear();
        SqlDialect::Mssql.literal("Zoë", &mut s);
        assert_eq!(s, "N'Zoë'");
    }

    #[test]
    fn every_customer_is_inserted_once_in_every_dialect() {
        for dialect in [
            SqlDialect::Postgres,
            SqlDialect::Mariadb,
            SqlDialect::Mssql,
            SqlDialect::Oracle,
        ] {
            let text = script(dialect, 600);
            assert!(text.contains("CREATE TABLE customer"));
            let rows = text.matches("INSERT INTO customer").count();
            let expected = if dialect == SqlDialect::Oracle {
                600
            } else {
                3
            };
            assert_eq!(rows, expected, "{dialect:?}");
            // Customer ids 1..=600 each start one row of values.
            let ids = text
                .lines()
                .filter(|l| l.starts_with('(') || l.starts_with(",\n("))
                .count();
            assert!(ids >= 600, "{dialect:?}: {ids}");
        }
        assert_eq!(
            script(SqlDialect::Postgres, 50),
            script(SqlDialect::Postgres, 50)
        );
    }
}
