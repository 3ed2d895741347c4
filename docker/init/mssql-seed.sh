#!/bin/bash
# Creates the `legacy` database with snapshot isolation (the connector reads in one snapshot)
# and loads the demo's legacy rows. Runs once, after the server is healthy.
set -euo pipefail
sqlcmd=(/opt/mssql-tools18/bin/sqlcmd -C -S mssql -U sa -P "$MSSQL_SA_PASSWORD" -b)
"${sqlcmd[@]}" -Q "IF DB_ID('legacy') IS NULL CREATE DATABASE legacy; ALTER DATABASE legacy SET ALLOW_SNAPSHOT_ISOLATION ON;"
if [ "$("${sqlcmd[@]}" -d legacy -h -1 -Q "SET NOCOUNT ON; SELECT COUNT(*) FROM sys.tables WHERE name = 'customer'" | tr -d ' \r\n')" = "0" ]; then
  "${sqlcmd[@]}" -d legacy -i /seed/mssql.sql
fi
echo "legacy database ready"
