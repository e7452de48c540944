-- What the workbench must refuse before it runs. Each block starts with "-- expect: TEXT": the English refusal
-- must contain TEXT (the offending function or table, or the kind of statement). Blocks are separated by "-- next".
-- SNAPSHOT stands for the snapshot's directory; the server must stay up after every one of them.
-- expect: enable_logging
SELECT * FROM enable_logging(storage := 'file', storage_path := '/tmp/grassroots-escape-log')
-- next
-- expect: enable_logging
SELECT * FROM enable_logging(storage := 'file', storage_path := 'SNAPSHOT/logs')
-- next
-- expect: enable_logging
SELECT * FROM enable_logging('QueryLog')
-- next
-- expect: duckdb_logs
SELECT * FROM duckdb_logs()
-- next
-- expect: duckdb_logs
SELECT message FROM duckdb_logs
-- next
-- expect: duckdb_logs_parsed
SELECT * FROM duckdb_logs_parsed('QueryLog')
-- next
-- expect: truncate_duckdb_logs
FROM truncate_duckdb_logs()
-- next
-- expect: enable_profiling
SELECT * FROM enable_profiling()
-- next
-- expect: duckdb_settings
SELECT * FROM duckdb_settings()
-- next
-- expect: duckdb_settings
SELECT * FROM duckdb_settings
-- next
-- expect: current_setting
SELECT current_setting('allowed_directories')
-- next
-- expect: current_setting
SELECT CURRENT_SETTING('temp_directory')
-- next
-- expect: getvariable
SELECT getvariable('x')
-- next
-- expect: which_secret
SELECT * FROM which_secret('s3://bucket/x', 's3')
-- next
-- expect: duckdb_secrets
SELECT * FROM duckdb_secrets()
-- next
-- expect: duckdb_prepared_statements
SELECT * FROM duckdb_prepared_statements()
-- next
-- expect: current_query
SELECT current_query()
-- next
-- expect: duckdb_views
SELECT sql FROM duckdb_views()
-- next
-- expect: pg_get_viewdef
SELECT pg_get_viewdef(1)
-- next
-- expect: duckdb_tables
SELECT * FROM duckdb_tables()
-- next
-- expect: duckdb_databases
SELECT path FROM duckdb_databases()
-- next
-- expect: duckdb_temporary_files
SELECT * FROM duckdb_temporary_files()
-- next
-- expect: pragma_database_size
SELECT * FROM pragma_database_size()
-- next
-- expect: pragma_table_info
SELECT * FROM pragma_table_info('jc1')
-- next
-- expect: checkpoint
SELECT * FROM checkpoint()
-- next
-- expect: force_checkpoint
SELECT * FROM force_checkpoint()
-- next
-- expect: read_csv
SELECT * FROM read_csv('/etc/passwd')
-- next
-- expect: read_parquet
SELECT * FROM read_parquet('SNAPSHOT/regions.parquet')
-- next
-- expect: read_text
SELECT * FROM read_text('/etc/passwd')
-- next
-- expect: read_blob
SELECT * FROM read_blob('SNAPSHOT/*')
-- next
-- expect: read_json
SELECT * FROM read_json('SNAPSHOT/manifest.json')
-- next
-- expect: read_duckdb
SELECT * FROM read_duckdb('SNAPSHOT/marts.duckdb', table_name := 'indicator_values')
-- next
-- expect: glob
SELECT * FROM glob('SNAPSHOT/**')
-- next
-- expect: parquet_metadata
SELECT * FROM parquet_metadata('SNAPSHOT/regions.parquet')
-- next
-- expect: parquet_schema
SELECT * FROM parquet_schema('SNAPSHOT/regions.parquet')
-- next
-- expect: sniff_csv
SELECT * FROM sniff_csv('/etc/passwd')
-- next
-- expect: regions.parquet
SELECT * FROM 'SNAPSHOT/regions.parquet'
-- next
-- expect: /etc/passwd
FROM '/etc/passwd'
-- next
-- expect: query
SELECT * FROM query('SELECT * FROM duckdb_settings()')
-- next
-- expect: query_table
SELECT * FROM query_table('jc1')
-- next
-- expect: json_serialize_plan
SELECT json_serialize_plan('SELECT * FROM read_csv(''/etc/passwd'')')
-- next
-- expect: json_execute_serialized_sql
SELECT * FROM json_execute_serialized_sql('{}')
-- next
-- expect: histogram_values
SELECT * FROM histogram_values('jc1', population)
-- next
-- expect: getenv
SELECT getenv('HOME')
-- next
-- expect: sleep_ms
SELECT sleep_ms(100000)
-- next
-- expect: pg_sleep
SELECT pg_sleep(100)
-- next
-- expect: write_log
SELECT write_log('x', level := 'error')
-- next
-- expect: nextval
SELECT nextval('s')
-- next
-- expect: marts.indicator_values
SELECT * FROM marts.indicator_values
-- next
-- expect: marts.main.completeness
SELECT * FROM marts.main.completeness
-- next
-- expect: main.jc1
SELECT * FROM main.jc1
-- next
-- expect: memory.main.jc1
SELECT * FROM memory.main.jc1
-- next
-- expect: system.main.duckdb_settings
SELECT * FROM system.main.duckdb_settings
-- next
-- expect: information_schema.tables
SELECT * FROM information_schema.tables
-- next
-- expect: pg_catalog.pg_class
SELECT * FROM pg_catalog.pg_class
-- next
-- expect: temp.main.t
SELECT * FROM temp.main.t
-- next
-- expect: sqlite_master
SELECT * FROM sqlite_master
-- next
-- expect: duckdb_settings
WITH duckdb_settings AS (SELECT * FROM duckdb_settings) SELECT * FROM duckdb_settings
-- next
-- expect: duckdb_settings
WITH RECURSIVE duckdb_settings AS (SELECT * FROM duckdb_settings UNION ALL SELECT * FROM duckdb_settings) SELECT * FROM duckdb_settings
-- next
-- expect: duckdb_tables
SELECT * FROM (WITH duckdb_tables AS (SELECT 1) SELECT * FROM duckdb_tables), duckdb_tables
-- next
-- expect: duckdb_views
WITH a AS (SELECT * FROM duckdb_views), duckdb_views AS (SELECT 1) SELECT * FROM a
-- next
-- expect: current_setting
SELECT list_transform([1, 2], x -> current_setting('threads'))
-- next
-- expect: getenv
SELECT sum(population) OVER (PARTITION BY getenv('HOME')) FROM jc1
-- next
-- expect: current_setting
SELECT CAST(current_setting('memory_limit') AS VARCHAR) COLLATE nocase
-- next
-- expect: duckdb_settings
SELECT (SELECT value FROM duckdb_settings() LIMIT 1)
-- next
-- expect: read_csv
SELECT * FROM jc1 WHERE EXISTS (SELECT * FROM read_csv('/etc/passwd'))
-- next
-- expect: read_text
VALUES ((SELECT content FROM read_text('/etc/passwd')))
-- next
-- expect: current_query
SELECT COLUMNS(c -> current_query() IS NOT NULL) FROM jc1
-- next
-- expect: duckdb_settings
SELECT * FROM (SUMMARIZE SELECT * FROM duckdb_settings())
-- next
-- expect: read_csv
DESCRIBE SELECT * FROM read_csv('/etc/passwd')
-- next
-- expect: marts.indicator_values
DESCRIBE marts.indicator_values
-- next
-- expect: SHOW
SELECT * FROM (SHOW ALL TABLES)
-- next
-- expect: SHOW
SHOW DATABASES
-- next
-- expect: duckdb_logs
SELECT * FROM jc1 LIMIT (SELECT count(*) FROM duckdb_logs())
-- next
-- expect: current_setting
SELECT unit_code FROM jc1 ORDER BY current_setting('threads')
-- next
-- expect: duckdb_settings
SELECT * FROM jc1 JOIN duckdb_settings() ON true
-- next
-- expect: duckdb_settings
SELECT * FROM jc1 POSITIONAL JOIN LATERAL (SELECT * FROM duckdb_settings())
-- next
-- expect: current_setting
PIVOT (SELECT year, population FROM jc1) ON year IN (2019, 2020) USING max(current_setting('threads'))
-- next
-- expect: duckdb_settings
UNPIVOT duckdb_settings ON value INTO NAME k VALUE v
-- next
-- expect: current_setting
SELECT unit_code FROM jc1 QUALIFY current_setting('threads') IS NOT NULL
-- next
-- expect: getenv
SELECT count(*) FILTER (WHERE getenv('HOME') IS NOT NULL) FROM jc1
-- next
-- expect: current_setting
SELECT CASE WHEN true THEN current_setting('threads') END
-- next
-- expect: getenv
SELECT * EXCLUDE (unit_code) REPLACE (getenv('HOME') AS unit_name) FROM jc1
-- next
-- expect: current_setting
SELECT [current_setting('threads') FOR x IN [1]]
-- next
-- expect: main.mytype
SELECT CAST(1 AS main.mytype)
-- next
-- expect: system.main.current_setting
SELECT system.main.current_setting('threads')
-- next
-- expect: pg_catalog.current_database
SELECT pg_catalog.current_database()
-- next
-- expect: query parameters
SELECT $1
-- next
-- expect: AT (time travel)
SELECT * FROM jc1 AT (VERSION => 1)
-- next
-- expect: read-only
COPY (SELECT 1) TO 'SNAPSHOT/escape.csv'
-- next
-- expect: read-only
COPY (SELECT 1) TO '/tmp/grassroots-escape.csv'
-- next
-- expect: read-only
EXPORT DATABASE 'SNAPSHOT/export'
-- next
-- expect: read-only
ATTACH 'SNAPSHOT/marts.duckdb' AS m2
-- next
-- expect: read-only
CREATE TEMP TABLE t AS SELECT 1
-- next
-- expect: read-only
CREATE MACRO m(x) AS x
-- next
-- expect: read-only
SET temp_directory = 'SNAPSHOT'
-- next
-- expect: read-only
INSTALL httpfs
-- next
-- expect: read-only
LOAD httpfs
-- next
-- expect: read-only
PRAGMA enable_logging
-- next
-- expect: read-only
CALL enable_logging('QueryLog')
-- next
-- expect: read-only
CHECKPOINT
-- next
-- expect: read-only
USE marts
-- next
-- expect: read-only
DETACH marts
-- next
-- expect: read-only
SELECT 1; DROP VIEW jc1
-- next
-- expect: one statement
SELECT 1 UNION ALL SELECT 2; SELECT 3
