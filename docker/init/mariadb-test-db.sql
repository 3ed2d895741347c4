-- The live tests' database (STX_TEST_MYSQL_URL=mysql://root@127.0.0.1:3306/test).
CREATE DATABASE IF NOT EXISTS test;
