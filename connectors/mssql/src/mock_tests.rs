//! Tests against Microsoft's mock TDS server (`mssql-mock-tds`): real logins and result
//! streams through tiberius, with the statements the connector sends registered in advance.
//! The mock speaks ints and (n)varchar(max) only, accepts any password and knows no SQL.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use futures::StreamExt;
use mssql_mock_tds::{
    ColumnDefinition, ColumnValue, MockTdsServer, QueryRegistry, QueryResponse, Row as MockRow,
    SqlDataType, TerminalError,
};
use polars::prelude::DataType;
use stx_connector_core::{Batch, KeyValue, SOURCE_ROW_COLUMN};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Mutex;

use super::*;

const PASSWORD_VAR: &str = "STX_MSSQL_MOCK_TEST_PW";
const PASSWORD: &str = "mock-Pw-7h3Secret";

struct Mock {
    addr: SocketAddr,
    registry: Arc<Mutex<QueryRegistry>>,
    connections: Arc<Mutex<mssql_mock_tds::ConnectionStore>>,
}

async fn start_mock() -> Mock {
    let server = MockTdsServer::new("127.0.0.1:0").await.unwrap();
    let mock = Mock {
        addr: server.local_addr(),
        registry: server.query_registry(),
        connections: server.connection_store(),
    };
    tokio::spawn(server.run());
    mock
}

impl Mock {
    async fn register(&self, sql: &str, response: QueryResponse) {
        self.registry.lock().await.register(sql, response);
    }

    fn spec(&self, params: &str) -> SourceSpec {
        spec_for(self.addr, params)
    }

    async fn open(&self) -> MssqlSource {
        MssqlSource::open(&self.spec("")).await.unwrap()
    }
}

fn spec_for(addr: SocketAddr, params: &str) -> SourceSpec {
    std::env::set_var(PASSWORD_VAR, PASSWORD);
    let sep = if params.is_empty() { "" } else { "&" };
    let mut spec = SourceSpec::from_url(&format!(
        "mssql://sa@{}:{}/legacy?encrypt=off{sep}{params}",
        addr.ip(),
        addr.port()
    ));
    spec.options.set("password-env", PASSWORD_VAR);
    spec
}

fn nvarchar(s: &str) -> ColumnValue {
    let units: Vec<u16> = s.encode_utf16().collect();
    if units.is_empty() {
        ColumnValue::NVarCharMax(Vec::new())
    } else {
        ColumnValue::NVarCharMax(vec![units])
    }
}

fn column(name: &str, t: SqlDataType) -> ColumnDefinition {
    ColumnDefinition::new(name, t)
}

/// `people`: ids 1..=n, a name on every 100th row (with accents, CJK and an emoji), NULL
/// elsewhere (NULLs in a plain nvarchar column hang tiberius on the mock: nvarchar(max) here).
fn people(ids: std::ops::RangeInclusive<i32>) -> QueryResponse {
    people_tagged(ids, "Zoé 東京 🎉")
}

fn people_empty() -> QueryResponse {
    let mut response = people(1..=1);
    response.rows.clear();
    response
}

fn people_tagged(ids: std::ops::RangeInclusive<i32>, tag: &str) -> QueryResponse {
    QueryResponse::new(
        vec![
            column("id", SqlDataType::Int),
            column("name", SqlDataType::NVarCharMax),
        ],
        ids.map(|id| {
            MockRow::new(vec![
                ColumnValue::Int(id),
                if id % 100 == 1 {
                    nvarchar(&format!("{tag} {id}"))
                } else {
                    ColumnValue::NVarCharMaxNull
                },
            ])
        })
        .collect(),
    )
}

const PEOPLE_QUERY: &str = "SELECT id, name FROM people";

async fn read_all(
    source: &mut MssqlSource,
    request: ReadRequest,
    options: ReadOptions,
) -> (Vec<Batch>, Option<String>) {
    let mut stream = source.read(&request, &options).await.unwrap();
    let mut batches = Vec::new();
    while let Some(item) = stream.next().await {
        match item {
            Ok(b) => batches.push(b),
            Err(e) => return (batches, Some(e.to_string())),
        }
    }
    (batches, None)
}

fn ints(batches: &[Batch], name: &str) -> Vec<Option<i64>> {
    batches
        .iter()
        .flat_map(|b| {
            b.data
                .column(name)
                .unwrap()
                .i64()
                .unwrap()
                .iter()
                .collect::<Vec<_>>()
        })
        .collect()
}

fn src_rows(batches: &[Batch]) -> Vec<u64> {
    batches
        .iter()
        .flat_map(|b| {
            b.data
                .column(SOURCE_ROW_COLUMN)
                .unwrap()
                .u64()
                .unwrap()
                .into_no_null_iter()
                .collect::<Vec<_>>()
        })
        .collect()
}

fn texts(batches: &[Batch], name: &str) -> Vec<Option<String>> {
    batches
        .iter()
        .flat_map(|b| {
            b.data
                .column(name)
                .unwrap()
                .str()
                .unwrap()
                .iter()
                .map(|s| s.map(str::to_string))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn catalog_response() -> QueryResponse {
    QueryResponse::new(
        vec![
            column("schema_name", SqlDataType::NVarCharMax),
            column("object_name", SqlDataType::NVarCharMax),
            column("kind", SqlDataType::NVarCharMax),
            column("row_estimate", SqlDataType::BigInt),
        ],
        vec![
            MockRow::new(vec![
                nvarchar("dbo"),
                nvarchar("people"),
                nvarchar("table"),
                ColumnValue::BigInt(4000),
            ]),
            MockRow::new(vec![
                nvarchar("sales"),
                nvarchar("orders"),
                nvarchar("table"),
                ColumnValue::BigInt(12),
            ]),
            MockRow::new(vec![
                nvarchar("dbo"),
                nvarchar("v_people"),
                nvarchar("view"),
                ColumnValue::Null,
            ]),
        ],
    )
}

#[tokio::test]
async fn mock_login_lists_tables_with_estimates() {
    let mock = start_mock().await;
    mock.register(LIST_TABLES_SQL, catalog_response()).await;
    let mut source = mock.open().await;
    let tables = source.list_tables().await.unwrap();
    let shown: Vec<(&str, &str, Option<u64>)> = tables
        .iter()
        .map(|t| (t.name.as_str(), t.kind.as_str(), t.rows))
        .collect();
    assert_eq!(
        shown,
        vec![
            ("people", "table", Some(4000)),
            ("sales.orders", "table", Some(12)),
            ("v_people", "view", None),
        ]
    );
    let d = source.description();
    assert_eq!(d.connector, "mssql");
    assert!(d.has_sql_engine);
    assert_eq!(
        d.location,
        format!("mssql://sa:***@{}/legacy?encrypt=off", mock.addr)
    );
    // The login carried the database of the URL.
    let store = mock.connections.lock().await;
    let login = store.all().values().next().unwrap();
    assert!(login.authenticated);
    assert_eq!(login.received_database.as_deref(), Some("legacy"));
}

#[tokio::test]
async fn mock_streams_thousands_of_rows_in_batches() {
    let mock = start_mock().await;
    mock.register(PEOPLE_QUERY, people(1..=4000)).await;
    let mut source = mock.open().await;
    let (batches, error) = read_all(
        &mut source,
        ReadRequest::Query(PEOPLE_QUERY.into()),
        ReadOptions::batch(500),
    )
    .await;
    assert_eq!(error, None);
    assert_eq!(batches.len(), 8, "4000 rows in batches of 500");
    assert!(batches
        .iter()
        .all(|b| b.data.height() == 500 && b.rejects.is_empty()));
    let first = &batches[0].data;
    assert_eq!(first.get_column_names()[0].as_str(), SOURCE_ROW_COLUMN);
    assert_eq!(first.column("id").unwrap().dtype(), &DataType::Int64);
    assert_eq!(first.column("name").unwrap().dtype(), &DataType::String);
    assert_eq!(src_rows(&batches), (1..=4000).collect::<Vec<u64>>());
    assert_eq!(
        ints(&batches, "id"),
        (1..=4000).map(Some).collect::<Vec<_>>()
    );
    let names = texts(&batches, "name");
    assert_eq!(names[0].as_deref(), Some("Zoé 東京 🎉 1"));
    assert_eq!(names[1], None);
    assert_eq!(names[3900].as_deref(), Some("Zoé 東京 🎉 3901"));
    assert_eq!(names.iter().filter(|n| n.is_some()).count(), 40);
}

#[tokio::test]
async fn mock_reads_a_table_resolved_through_the_catalog() {
    let mock = start_mock().await;
    mock.register(LIST_TABLES_SQL, catalog_response()).await;
    mock.register("SELECT * FROM [dbo].[people]", people(1..=3))
        .await;
    let mut source = mock.open().await;
    let (batches, error) = read_all(
        &mut source,
        ReadRequest::Table("[dbo].[PEOPLE]".into()),
        ReadOptions::batch(2),
    )
    .await;
    assert_eq!(error, None);
    assert_eq!(batches.len(), 2);
    assert_eq!(ints(&batches, "id"), vec![Some(1), Some(2), Some(3)]);
    let err = source
        .read(&ReadRequest::Table("nope".into()), &ReadOptions::batch(10))
        .await
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("no table named 'nope'") && err.contains("people, sales.orders, v_people"),
        "{err}"
    );
}

#[tokio::test]
async fn mock_describes_tables_and_queries() {
    let mock = start_mock().await;
    mock.register(LIST_TABLES_SQL, catalog_response()).await;
    let int = |v: Option<i32>| v.map_or(ColumnValue::Null, ColumnValue::Int);
    mock.register(
        &describe_table_sql("dbo", "people"),
        QueryResponse::new(
            vec![
                column("COLUMN_NAME", SqlDataType::NVarCharMax),
                column("DATA_TYPE", SqlDataType::NVarCharMax),
                column("CHARACTER_MAXIMUM_LENGTH", SqlDataType::Int),
                column("NUMERIC_PRECISION", SqlDataType::TinyInt),
                column("NUMERIC_SCALE", SqlDataType::Int),
                column("DATETIME_PRECISION", SqlDataType::SmallInt),
            ],
            vec![
                MockRow::new(vec![
                    nvarchar("id"),
                    nvarchar("int"),
                    int(None),
                    ColumnValue::TinyInt(10),
                    int(Some(0)),
                    ColumnValue::Null,
                ]),
                MockRow::new(vec![
                    nvarchar("name"),
                    nvarchar("nvarchar"),
                    int(Some(40)),
                    ColumnValue::Null,
                    int(None),
                    ColumnValue::Null,
                ]),
                MockRow::new(vec![
                    nvarchar("notes"),
                    nvarchar("nvarchar"),
                    int(Some(-1)),
                    ColumnValue::Null,
                    int(None),
                    ColumnValue::Null,
                ]),
                MockRow::new(vec![
                    nvarchar("amount"),
                    nvarchar("decimal"),
                    int(None),
                    ColumnValue::TinyInt(10),
                    int(Some(2)),
                    ColumnValue::Null,
                ]),
                MockRow::new(vec![
                    nvarchar("seen"),
                    nvarchar("datetime2"),
                    int(None),
                    ColumnValue::Null,
                    int(None),
                    ColumnValue::SmallInt(7),
                ]),
                MockRow::new(vec![
                    nvarchar("vip"),
                    nvarchar("bit"),
                    int(None),
                    ColumnValue::Null,
                    int(None),
                    ColumnValue::Null,
                ]),
                MockRow::new(vec![
                    nvarchar("score"),
                    nvarchar("float"),
                    int(None),
                    ColumnValue::TinyInt(53),
                    int(None),
                    ColumnValue::Null,
                ]),
            ],
        ),
    )
    .await;
    mock.register(
        &describe_query_sql(PEOPLE_QUERY),
        QueryResponse::new(
            vec![
                column("column_ordinal", SqlDataType::Int),
                column("name", SqlDataType::NVarCharMax),
                column("system_type_name", SqlDataType::NVarCharMax),
            ],
            vec![
                MockRow::new(vec![ColumnValue::Int(1), nvarchar("id"), nvarchar("int")]),
                MockRow::new(vec![
                    ColumnValue::Int(2),
                    nvarchar("name"),
                    nvarchar("nvarchar(40)"),
                ]),
            ],
        ),
    )
    .await;
    // A query sp_describe_first_result_set says nothing about: described from its metadata.
    let temp_query = "SELECT id, name FROM #people";
    mock.register(&top_zero_sql(temp_query), people_empty())
        .await;

    let mut source = mock.open().await;
    let shown = |cols: Vec<ColumnInfo>| -> Vec<(String, String, DataType)> {
        cols.into_iter()
            .map(|c| (c.name, c.native_type, c.dtype))
            .collect()
    };
    let s = |a: &str, b: &str, t: DataType| (a.to_string(), b.to_string(), t);
    assert_eq!(
        shown(
            source
                .describe(&ReadRequest::Table("people".into()))
                .await
                .unwrap()
        ),
        vec![
            s("id", "int", DataType::Int64),
            s("name", "nvarchar(40)", DataType::String),
            s("notes", "nvarchar(max)", DataType::String),
            s("amount", "decimal(10,2)", DataType::String),
            s("seen", "datetime2(7)", DataType::String),
            s("vip", "bit", DataType::Boolean),
            s("score", "float", DataType::Float64),
        ]
    );
    assert_eq!(
        shown(
            source
                .describe(&ReadRequest::Query(PEOPLE_QUERY.into()))
                .await
                .unwrap()
        ),
        vec![
            s("id", "int", DataType::Int64),
            s("name", "nvarchar(40)", DataType::String)
        ]
    );
    assert_eq!(
        shown(
            source
                .describe(&ReadRequest::Query(temp_query.into()))
                .await
                .unwrap()
        ),
        vec![
            s("id", "int", DataType::Int64),
            s("name", "nvarchar", DataType::String)
        ]
    );
}

/// A TCP proxy in front of the mock. The mock answers a whole result in one TDS packet, which
/// a client only decodes once complete; the proxy re-cuts the server's packets into packets
/// of at most 4 KB (as SQL Server sends them), so rows arrive while the result streams. The
/// first connection that carries more than `cut_after` bytes from the server is dropped there:
/// a lost connection in the middle of a read.
async fn start_cutting_proxy(
    target: SocketAddr,
    cut_after: usize,
) -> (SocketAddr, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let cut_done = Arc::new(AtomicBool::new(false));
    let connections = Arc::new(AtomicUsize::new(0));
    let counter = connections.clone();
    tokio::spawn(async move {
        loop {
            let Ok((client, _)) = listener.accept().await else {
                return;
            };
            counter.fetch_add(1, Ordering::SeqCst);
            let cut_done = cut_done.clone();
            tokio::spawn(async move {
                let server = TcpStream::connect(target).await.unwrap();
                let (mut client_read, mut client_write) = client.into_split();
                let (mut server_read, mut server_write) = server.into_split();
                let upstream = tokio::spawn(async move {
                    let _ = tokio::io::copy(&mut client_read, &mut server_write).await;
                    let _ = server_write.shutdown().await;
                });
                let mut sent = 0usize;
                let mut header = [0u8; 8];
                while server_read.read_exact(&mut header).await.is_ok() {
                    let length = usize::from(u16::from_be_bytes([header[2], header[3]]));
                    let mut payload = vec![0u8; length.saturating_sub(8)];
                    if server_read.read_exact(&mut payload).await.is_err() {
                        break;
                    }
                    let chunks: Vec<&[u8]> = if payload.is_empty() {
                        vec![&payload[..]]
                    } else {
                        payload.chunks(4088).collect()
                    };
                    let last = chunks.len() - 1;
                    for (i, chunk) in chunks.into_iter().enumerate() {
                        let mut h = header;
                        if i != last {
                            h[1] &= !0x01; // not the end of the message yet
                        }
                        h[2..4].copy_from_slice(&((chunk.len() + 8) as u16).to_be_bytes());
                        if client_write.write_all(&h).await.is_err()
                            || client_write.write_all(chunk).await.is_err()
                        {
                            upstream.abort();
                            return;
                        }
                        sent += chunk.len() + 8;
                        if sent > cut_after && !cut_done.swap(true, Ordering::SeqCst) {
                            upstream.abort();
                            return; // both halves dropped: the client sees the connection close
                        }
                    }
                }
                upstream.abort();
            });
        }
    });
    (addr, connections)
}

#[tokio::test]
async fn mock_keyed_read_resumes_after_a_dropped_connection() {
    let mock = start_mock().await;
    let key = KeySpec {
        column: "id".into(),
        ty: KeyType::Integer,
    };
    let base = ReadBase::Query(PEOPLE_QUERY.into());
    mock.register(
        &describe_query_sql(PEOPLE_QUERY),
        QueryResponse::new(
            vec![
                column("name", SqlDataType::NVarCharMax),
                column("system_type_name", SqlDataType::NVarCharMax),
            ],
            vec![
                MockRow::new(vec![nvarchar("id"), nvarchar("int")]),
                MockRow::new(vec![nvarchar("name"), nvarchar("nvarchar(max)")]),
            ],
        ),
    )
    .await;
    mock.register(
        &read_sql(&base, Some(&key), None).unwrap(),
        people(1..=4000),
    )
    .await;
    // Batches end at multiples of 500: the resumed read starts after one of them.
    for last in (500..4000).step_by(500) {
        let sql = read_sql(&base, Some(&key), Some(&KeyValue::Int(i64::from(last)))).unwrap();
        mock.register(&sql, people_tagged(last + 1..=4000, "resumed"))
            .await;
    }
    let (proxy, proxied) = start_cutting_proxy(mock.addr, 30_000).await;
    let mut source = MssqlSource::open(&spec_for(proxy, "")).await.unwrap();
    let options = ReadOptions {
        batch_rows: 500,
        key: Some("ID".into()), // resolved to the column's own spelling
        readers: 1,
    };
    let (batches, error) = read_all(
        &mut source,
        ReadRequest::Query(PEOPLE_QUERY.into()),
        options,
    )
    .await;
    assert_eq!(error, None);
    assert_eq!(
        ints(&batches, "id"),
        (1..=4000).map(Some).collect::<Vec<_>>(),
        "every row once, in order"
    );
    assert_eq!(src_rows(&batches), (1..=4000).collect::<Vec<u64>>());
    // The source's own connection, the read's first connection (cut), and its reconnection.
    assert!(
        proxied.load(Ordering::SeqCst) >= 3,
        "{}",
        proxied.load(Ordering::SeqCst)
    );
    // Rows before the cut come from the first statement, the rest from the resumed one.
    let names: Vec<String> = texts(&batches, "name").into_iter().flatten().collect();
    let first = names.iter().take_while(|n| n.starts_with("Zoé")).count();
    assert!(first >= 1 && first < names.len(), "{names:?}");
    assert!(
        names[first..].iter().all(|n| n.starts_with("resumed")),
        "{names:?}"
    );
    assert_eq!(names.last().map(String::as_str), Some("resumed 3901"));
}

#[tokio::test]
async fn mock_read_errors_name_the_problem_without_the_password() {
    let mock = start_mock().await;
    let broken = "SELECT * FROM nope";
    mock.register(
        broken,
        QueryResponse::error_only(TerminalError::new(
            208,
            16,
            format!("Invalid object name 'nope' (the login was sa/{PASSWORD})."),
        )),
    )
    .await;
    mock.register(
        "SELECT a.id, b.id FROM a JOIN b ON a.x = b.x",
        QueryResponse::new(
            vec![
                column("id", SqlDataType::Int),
                column("id", SqlDataType::Int),
            ],
            vec![],
        ),
    )
    .await;
    mock.register(
        "SELECT 1, 2",
        QueryResponse::new(vec![column("", SqlDataType::Int)], vec![]),
    )
    .await;
    let mut source = mock.open().await;
    let (_, error) = read_all(
        &mut source,
        ReadRequest::Query(broken.into()),
        ReadOptions::batch(10),
    )
    .await;
    let error = error.unwrap();
    assert!(
        error.contains("Invalid object name 'nope'") && error.contains("error 208"),
        "{error}"
    );
    assert!(error.contains("Hint: check the table names"), "{error}");
    assert!(
        !error.contains(PASSWORD) && error.contains("***"),
        "{error}"
    );

    let (_, error) = read_all(
        &mut source,
        ReadRequest::Query("SELECT a.id, b.id FROM a JOIN b ON a.x = b.x".into()),
        ReadOptions::batch(10),
    )
    .await;
    let error = error.unwrap();
    assert!(
        error.contains("two columns named 'id'") && error.contains("alias"),
        "{error}"
    );

    let (_, error) = read_all(
        &mut source,
        ReadRequest::Query("SELECT 1, 2".into()),
        ReadOptions::batch(10),
    )
    .await;
    assert!(error.unwrap().contains("has no name"));

    // A keyed read of a query with its own ORDER BY is refused before anything runs.
    let options = ReadOptions {
        batch_rows: 10,
        key: Some("id".into()),
        readers: 1,
    };
    let err = source
        .read(
            &ReadRequest::Query("SELECT id FROM people ORDER BY name".into()),
            &options,
        )
        .await
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("remove the ORDER BY"), "{err}");
    // The key must be a column of the read.
    mock.register(
        &describe_query_sql(PEOPLE_QUERY),
        QueryResponse::new(
            vec![
                column("name", SqlDataType::NVarCharMax),
                column("system_type_name", SqlDataType::NVarCharMax),
            ],
            vec![MockRow::new(vec![nvarchar("id"), nvarchar("int")])],
        ),
    )
    .await;
    let options = ReadOptions {
        key: Some("nope".into()),
        ..options
    };
    let err = source
        .read(&ReadRequest::Query(PEOPLE_QUERY.into()), &options)
        .await
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("key = \"nope\" is not a column") && err.contains("columns: id"),
        "{err}"
    );
    assert!(!format!("{source:?}").contains(PASSWORD));
}

#[tokio::test]
async fn mock_snapshot_refusal_falls_back_to_the_default_isolation() {
    let mock = start_mock().await;
    // Database says snapshot isolation is off: no transaction is attempted, the read works.
    mock.register(
        SNAPSHOT_STATE_SQL,
        QueryResponse::new(
            vec![column("snapshot_isolation_state", SqlDataType::TinyInt)],
            vec![MockRow::new(vec![ColumnValue::TinyInt(0)])],
        ),
    )
    .await;
    mock.register(PEOPLE_QUERY, people(1..=5)).await;
    let mut source = mock.open().await;
    let (batches, error) = read_all(
        &mut source,
        ReadRequest::Query(PEOPLE_QUERY.into()),
        ReadOptions::batch(10),
    )
    .await;
    assert_eq!(error, None);
    assert_eq!(ints(&batches, "id").len(), 5);

    // State unknown, the server refuses the snapshot at the read (error 3952): the connector
    // leaves the transaction and reads again (here the mock refuses again, so the read fails
    // with the server's message after the second try).
    let mock = start_mock().await;
    mock.register(
        PEOPLE_QUERY,
        QueryResponse::error_only(TerminalError::new(
            3952,
            16,
            "Snapshot isolation transaction failed accessing database 'legacy' because snapshot isolation is not allowed in this database.",
        )),
    )
    .await;
    let mut source = mock.open().await;
    let (_, error) = read_all(
        &mut source,
        ReadRequest::Query(PEOPLE_QUERY.into()),
        ReadOptions::batch(10),
    )
    .await;
    assert!(error.unwrap().contains("error 3952"));
    let store = mock.connections.lock().await;
    let read_connection = store.all().values().last().unwrap();
    // Probe, SET SNAPSHOT + BEGIN, read (refused), ROLLBACK + READ COMMITTED, read again.
    assert_eq!(read_connection.transaction_descriptor_headers.len(), 5);
}

#[tokio::test]
async fn mock_unreachable_port_is_an_open_error_with_a_hint() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let err = MssqlSource::open(&spec_for(addr, "connect-timeout=5"))
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("mssql source mssql://sa:***@127.0.0.1:"),
        "{err}"
    );
    assert!(
        err.contains("cannot open") && err.contains("nothing accepts connections"),
        "{err}"
    );
    assert!(!err.contains(PASSWORD), "{err}");
    // No password at all: said before connecting.
    std::env::remove_var("STX_MSSQL_MOCK_UNSET_PW");
    let mut spec = SourceSpec::from_url(&format!("mssql://sa@{addr}/legacy"));
    spec.options.set("password-env", "STX_MSSQL_MOCK_UNSET_PW");
    let err = MssqlSource::open(&spec).await.unwrap_err().to_string();
    assert!(err.contains("STX_MSSQL_MOCK_UNSET_PW is not set"), "{err}");
}

/// A self-signed certificate for 127.0.0.1, made by the openssl command line tool.
fn self_signed(dir: &std::path::Path) -> Option<(Vec<u8>, Vec<u8>, std::path::PathBuf)> {
    let cert = dir.join("cert.pem");
    let key = dir.join("key.pem");
    let status = std::process::Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
        ])
        .args(["-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .stderr(std::process::Stdio::null())
        .status()
        .ok()?;
    status.success().then(|| {
        (
            std::fs::read(&cert).unwrap(),
            std::fs::read(&key).unwrap(),
            cert,
        )
    })
}

/// A TCP proxy for the mock's TLS mode, which wraps its side of the TLS handshake in TDS
/// packets of type 0x04 where SQL Server (and tiberius) use 0x12 (pre-login): the proxy
/// relabels those, then passes the encrypted stream through untouched.
async fn start_tls_relabelling_proxy(target: SocketAddr) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            tokio::spawn(async move {
                let server = TcpStream::connect(target).await.unwrap();
                let (mut client_read, mut client_write) = client.into_split();
                let (mut server_read, mut server_write) = server.into_split();
                let upstream = tokio::spawn(async move {
                    let _ = tokio::io::copy(&mut client_read, &mut server_write).await;
                });
                let mut header = [0u8; 8];
                loop {
                    if server_read.read_exact(&mut header[..1]).await.is_err() {
                        break;
                    }
                    if header[0] != 0x04 && header[0] != 0x12 {
                        // Past the handshake: raw TLS records.
                        if client_write.write_all(&header[..1]).await.is_ok() {
                            let _ = tokio::io::copy(&mut server_read, &mut client_write).await;
                        }
                        break;
                    }
                    if server_read.read_exact(&mut header[1..]).await.is_err() {
                        break;
                    }
                    let length = usize::from(u16::from_be_bytes([header[2], header[3]]));
                    let mut payload = vec![0u8; length.saturating_sub(8)];
                    if server_read.read_exact(&mut payload).await.is_err() {
                        break;
                    }
                    if matches!(payload.first(), Some(0x14..=0x16)) {
                        header[0] = 0x12; // a TLS record: pre-login, as SQL Server labels it
                    }
                    if client_write.write_all(&header).await.is_err()
                        || client_write.write_all(&payload).await.is_err()
                    {
                        break;
                    }
                }
                upstream.abort();
            });
        }
    });
    addr
}

#[tokio::test]
async fn mock_tls_checks_the_certificate_against_a_ca_file_or_trusts_it() {
    let dir = std::env::temp_dir().join(format!("stx-mssql-tls-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let Some((cert, key, cert_path)) = self_signed(&dir) else {
        println!("skipped: no openssl command to make a test certificate");
        return;
    };
    let identity = mssql_mock_tds::create_test_identity(&cert, &key).unwrap();
    let server = MockTdsServer::new_with_tls("127.0.0.1:0", Some(identity))
        .await
        .unwrap();
    let target = server.local_addr();
    server
        .query_registry()
        .lock()
        .await
        .register(LIST_TABLES_SQL, catalog_response());
    tokio::spawn(server.run());
    let addr = start_tls_relabelling_proxy(target).await;
    let tls = |params: &str| {
        let mut spec = spec_for(addr, "");
        spec.url = Some(format!("mssql://sa@{addr}/legacy?{params}"));
        spec
    };
    // Encrypted by default, and a self-signed certificate is not trusted.
    let err = MssqlSource::open(&tls("")).await.unwrap_err().to_string();
    assert!(
        err.contains("certificate") && err.contains("ca-file") && !err.contains(PASSWORD),
        "{err}"
    );
    // Trusted through its CA file, or blindly.
    for params in [
        format!("ca-file={}", cert_path.display()),
        "encrypt=true&trust-server-certificate=true".to_string(),
    ] {
        let mut source = MssqlSource::open(&tls(&params))
            .await
            .unwrap_or_else(|e| panic!("{params}: {e}"));
        assert_eq!(source.list_tables().await.unwrap().len(), 3, "{params}");
    }
    let _ = std::fs::remove_dir_all(dir);
}

/// A named instance: the SQL Browser (UDP 1434) answers with the instance's TCP port. A fake
/// browser stands in for it when port 1434 is free on this machine.
#[tokio::test]
async fn mock_named_instance_is_found_through_the_sql_browser() {
    let Ok(browser) = tokio::net::UdpSocket::bind("127.0.0.1:1434").await else {
        println!("skipped: UDP port 1434 is taken, no fake SQL Browser");
        return;
    };
    let mock = start_mock().await;
    mock.register(LIST_TABLES_SQL, catalog_response()).await;
    let port = mock.addr.port();
    tokio::spawn(async move {
        let mut buf = [0u8; 512];
        while let Ok((n, from)) = browser.recv_from(&mut buf).await {
            // 0x04 + instance name: unicast request for one instance.
            if n < 2 || buf[0] != 0x04 || &buf[1..n] != b"MOCKINST" {
                continue;
            }
            let data = format!(
                "ServerName;TEST;InstanceName;MOCKINST;IsClustered;No;Version;16.0.1000.6;tcp;{port};;"
            );
            let mut reply = vec![0x05];
            reply.extend_from_slice(&(data.len() as u16).to_le_bytes());
            reply.extend_from_slice(data.as_bytes());
            let _ = browser.send_to(&reply, from).await;
        }
    });
    let mut spec = spec_for(mock.addr, "");
    spec.url = Some("mssql://sa@127.0.0.1/legacy?encrypt=off&instance=MOCKINST".into());
    let mut source = MssqlSource::open(&spec).await.unwrap();
    assert_eq!(source.list_tables().await.unwrap().len(), 3);
    // An instance that does not answer: a hint to give the port instead.
    spec.url = Some("mssql://sa@127.0.0.1/legacy?encrypt=off&instance=NOSUCH".into());
    let err = MssqlSource::open(&spec).await.unwrap_err().to_string();
    assert!(err.contains("give the instance's port"), "{err}");
}
