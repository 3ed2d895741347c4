#!/bin/bash
# Loads the demo's legacy rows into the LEGACY user's schema of FREEPDB1 (first start only).
set -euo pipefail
sqlplus -s "legacy/${APP_USER_PASSWORD}@//localhost/FREEPDB1" <<SQL
WHENEVER SQLERROR EXIT FAILURE
@/seed/oracle.sql
EXIT
SQL
