-- What researchers legitimately write over the workbench's views: every block must be accepted and return rows.
-- Blocks are separated by a line "-- next". Shared by the warehouse's sandbox test and the HTTP tests.
SELECT level, count(*) AS n FROM regions WHERE valid_to = 9999 GROUP BY level ORDER BY n DESC;
-- next
FROM jc1 SELECT unit_code, population WHERE population > 1000 ORDER BY population DESC LIMIT 10
-- next
FROM indicators
-- next
WITH county AS (
    SELECT region_code, year, value FROM indicator_values
    WHERE boundaries = 'current' AND level = 'county' AND indicator = (SELECT min(id) FROM indicators)
)
SELECT region_code, year, value, rank() OVER (PARTITION BY year ORDER BY value DESC NULLS LAST) AS place
FROM county ORDER BY year, place
-- next
SELECT unit_code, year, population,
       population - lag(population) OVER (PARTITION BY unit_code ORDER BY year) AS change,
       avg(population) OVER (PARTITION BY left(unit_code, 6) ORDER BY year ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running_avg,
       row_number() OVER w AS n, ntile(4) OVER w AS quartile, percent_rank() OVER w AS pr, first_value(unit_code) OVER w AS first_unit
FROM jc1 WINDOW w AS (PARTITION BY year ORDER BY population)
-- next
SELECT year, quantile_cont(population, 0.5) AS median_pop, quantile_cont(population, [0.25, 0.75]) AS iqr,
       quantile_disc(households, 0.9) AS p90, median(households) AS med, mad(population) AS mad
FROM jc1 GROUP BY year ORDER BY year
-- next
SELECT corr(households, population) AS r, regr_slope(population, households) AS slope,
       regr_intercept(population, households) AS intercept, regr_r2(population, households) AS r2,
       covar_samp(households, population) AS cov, stddev_samp(population) AS sd, var_pop(population) AS var
FROM jc1
-- next
PIVOT (SELECT year, level, value FROM indicator_values WHERE boundaries = 'current' AND level IN ('nation', 'province'))
ON year IN (2019, 2020) USING avg(value) GROUP BY level
-- next
SELECT * FROM (SELECT left(unit_code, 6) AS county, year, population FROM jc1)
PIVOT (sum(population) FOR year IN (2019, 2020))
-- next
UNPIVOT (SELECT unit_code, year, households, population FROM jc1 LIMIT 100) ON households, population INTO NAME measure VALUE amount
-- next
SELECT * FROM (SELECT unit_code, households, population FROM jc1 LIMIT 50) UNPIVOT (amount FOR measure IN (households, population))
-- next
SUMMARIZE jc1
-- next
SELECT column_name, null_percentage FROM (SUMMARIZE SELECT population, households FROM jc1)
-- next
DESCRIBE indicator_values
-- next
FROM (DESCRIBE jc2) SELECT column_name, column_type
-- next
SELECT unit_code, list_transform([households, population], x -> x * 2) AS doubled,
       list_filter([grid_total, grid_staffed], x -> x > 0) AS positive, [1, 2, 3][2] AS second,
       list_sum([households, population]) AS total, list_sort([population, households]) AS sorted,
       len(list_distinct([1, 1, 2])) AS n, list_reduce([1, 2, 3], (a, b) -> a + b) AS reduced
FROM jc1 LIMIT 20
-- next
SELECT {'code': unit_code, 'people': population} AS s, struct_pack(a := 1, b := 'x') AS p,
       ({'code': unit_code}).code AS code, struct_extract({'k': 7}, 'k') AS k, row(1, 'a') AS r
FROM jc1 LIMIT 5
-- next
SELECT unit_code, regexp_matches(unit_code, '^64') AS ningxia, regexp_extract(unit_code, '^(\d{2})(\d{2})', 2) AS prefecture,
       regexp_replace(unit_name, '\s+', '', 'g') AS name, regexp_split_to_array(unit_code, '0+') AS parts,
       unit_code SIMILAR TO '64.*' AS similar, unit_name LIKE '%村%' AS village, unit_name ILIKE '%社区%' AS community
FROM jc1 LIMIT 10
-- next
SELECT province, count(*) FILTER (WHERE has_service_facility = 1) AS with_facility,
       count(DISTINCT unit_code) AS units, string_agg(DISTINCT CAST(year AS VARCHAR), ',' ORDER BY CAST(year AS VARCHAR)) AS years,
       list(unit_code ORDER BY unit_code)[1] AS first_code, arg_max(unit_code, population) AS biggest, bool_or(election_held = 1) AS any_election
FROM jc1 GROUP BY ALL
-- next
SELECT level, year, sum(population) AS pop FROM region_stats GROUP BY GROUPING SETS ((level, year), (level), ()) ORDER BY ALL
-- next
SELECT left(unit_code, 4) AS prefecture, year, sum(population) FROM jc1 GROUP BY ROLLUP (prefecture, year) ORDER BY ALL
-- next
SELECT unit_code, year, population FROM jc1 QUALIFY row_number() OVER (PARTITION BY left(unit_code, 6) ORDER BY population DESC) = 1
-- next
SELECT r.name, r.level, s.population FROM regions r JOIN region_stats s ON s.region_code = r.code AND s.level = r.level
WHERE r.level = 'county' AND r.valid_to = 9999 ORDER BY s.population DESC LIMIT 5
-- next
SELECT j.unit_code, r.name FROM jc1 j LEFT JOIN regions r ON r.code = j.unit_code AND r.valid_to = 9999 LIMIT 10
-- next
SELECT * FROM jc1 NATURAL JOIN (SELECT DISTINCT year FROM jc2) y LIMIT 5
-- next
SELECT a.year, a.n, b.n AS n2 FROM (SELECT year, count(*) AS n FROM jc1 GROUP BY year) a
FULL OUTER JOIN (SELECT year, count(*) AS n FROM jc2 GROUP BY year) b USING (year)
-- next
SELECT * FROM (SELECT DISTINCT year FROM jc1) a, LATERAL (SELECT count(*) AS n FROM jc1 WHERE jc1.year = a.year) b
-- next
SELECT i.id, v.value FROM indicators i CROSS JOIN LATERAL (SELECT max(value) AS value FROM indicator_values WHERE indicator = i.id) v
-- next
SELECT * FROM range(5) t(i) POSITIONAL JOIN (SELECT unit_code FROM jc1 LIMIT 5)
-- next
SELECT g.generate_series AS y, count(j.unit_code) FROM generate_series(2018, 2021) g LEFT JOIN jc1 j ON j.year = g.generate_series GROUP BY 1 ORDER BY 1
-- next
SELECT unnest([1, 2, 3]) AS i, unnest(['a', 'b', 'c']) AS s
-- next
SELECT * FROM unnest([10, 20, 30]) u(v)
-- next
SELECT * FROM (VALUES ('64', 'Ningxia'), ('11', 'Beijing')) AS p(code, name) WHERE code IN (SELECT province_code FROM regions)
-- next
SELECT year FROM jc1 UNION SELECT year FROM jc2 EXCEPT SELECT 1900 INTERSECT SELECT year FROM jc1 ORDER BY year
-- next
SELECT year, count(*) FROM jc1 GROUP BY year UNION ALL BY NAME SELECT year, count(*) FROM jc2 GROUP BY year
-- next
WITH RECURSIVE chain(code, depth) AS (
    SELECT code, 0 FROM regions WHERE level = 'nation' AND valid_to = 9999
    UNION ALL
    SELECT r.code, c.depth + 1 FROM regions r JOIN chain c ON r.parent_code = c.code WHERE c.depth < 2 AND r.valid_to = 9999
)
SELECT depth, count(*) FROM chain GROUP BY depth ORDER BY depth
-- next
WITH a AS MATERIALIZED (SELECT year, sum(population) AS pop FROM jc1 GROUP BY year), b AS (SELECT * FROM a WHERE pop > 0)
SELECT * FROM b ORDER BY year
-- next
SELECT COLUMNS('has_.*') FROM jc1 LIMIT 3
-- next
SELECT * EXCLUDE (source_file, source_row) REPLACE (population * 1.0 AS population) FROM jc1 LIMIT 3
-- next
SELECT max(COLUMNS(* EXCLUDE (unit_code, unit_name, submitted_on, source_file, province))) FROM jc1
-- next
SELECT unit_code, CASE WHEN population >= 5000 THEN 'large' WHEN population BETWEEN 1000 AND 4999 THEN 'medium' ELSE 'small' END AS size,
       coalesce(facility_area_m2, 0) AS area, nullif(grid_total, 0) AS grids, greatest(households, 1) AS h,
       TRY_CAST(unit_code AS BIGINT) AS numeric_code, population::DOUBLE / nullif(households, 0) AS per_household,
       round(service_spending_10k_yuan, 1) AS spending, unit_code IS NOT NULL AS present
FROM jc1 LIMIT 10
-- next
SELECT year, make_date(year, 6, 30) AS d, date_trunc('month', make_date(year, 6, 30)) AS month, strftime(make_date(year, 1, 1), '%Y-%m') AS ym,
       extract(year FROM make_date(year, 1, 1)) AS y, make_date(year, 1, 1) + INTERVAL 1 DAY AS next_day,
       date_diff('day', make_date(year, 1, 1), DATE '2030-01-01') AS days, coalesce(submitted_on, DATE '2020-01-01') AS submitted
FROM jc1 LIMIT 10
-- next
SELECT unit_name COLLATE nocase AS name FROM jc1 ORDER BY unit_name COLLATE nocase LIMIT 5
-- next
SELECT upper(level), lower(name), length(name), substr(code, 1, 2), concat_ws('-', code, name), lpad(code, 14, '0'),
       replace(name, '村', 'cun'), split_part(code, '0', 1), starts_with(code, '64'), strip_accents('café'), md5(code), format('{}:{}', code, level)
FROM regions LIMIT 10
-- next
SELECT abs(-2), sqrt(16), ln(10), log10(1000), pow(2, 10), exp(1), floor(2.7), ceil(2.1), round(3.14159, 2), pi(), greatest(1, 5, 3),
       gcd(12, 18), factorial(5), sign(-4), isnan('NaN'::DOUBLE), 7 // 2, 7 % 3
-- next
SELECT hash(unit_code) % 10 AS bucket, count(*) FROM (SELECT unit_code FROM jc1 USING SAMPLE 50 PERCENT (bernoulli)) GROUP BY bucket ORDER BY bucket
-- next
SELECT count(*) FROM jc1 TABLESAMPLE 10%
-- next
SELECT DISTINCT ON (year) year, unit_code, population FROM jc1 ORDER BY year, population DESC
-- next
SELECT i.id, i.name_zh, v.region_code, v.value FROM indicator_values v JOIN indicators i ON i.id = v.indicator
WHERE v.level = 'nation' AND v.boundaries = 'current' AND v.year = (SELECT max(year) FROM indicator_values) AND EXISTS (SELECT 1 FROM completeness c WHERE c.year = v.year)
-- next
SELECT kind, count(*) FROM outliers GROUP BY kind UNION ALL SELECT 'none', 0
-- next
SELECT count(*) AS rejected, count(DISTINCT rule) AS rules FROM quarantine
-- next
SELECT count(*) FROM warnings
-- next
SELECT count(*), max(revision) FROM jc1_history
-- next
SELECT year, count(*) FROM jc2_history GROUP BY year UNION ALL SELECT 0, count(*) FROM crosswalk
-- next
SELECT region_code, year, reported_units, expected_units, reported_units / nullif(expected_units, 0) AS rate FROM completeness WHERE level = 'province' ORDER BY year
-- next
SELECT to_json({'code': code, 'name': name}) AS j, json_extract_string('{"a": "b"}', '$.a') AS a, '{"x": [1, 2]}'::JSON -> '$.x' AS x FROM regions LIMIT 3
-- next
SELECT histogram(level) AS levels, approx_count_distinct(code) AS codes, mode(level) AS commonest, entropy(level) AS entropy FROM regions
-- next
SELECT year, population, sum(population) OVER (ORDER BY year RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) AS two_year FROM region_stats WHERE level = 'nation' ORDER BY year
-- next
SELECT [x * 10 FOR x IN [1, 2, 3] IF x > 1] AS comprehension, map([1, 2], ['a', 'b']) AS m, list_zip([1, 2], ['a', 'b']) AS z, array_to_string(['a', 'b'], '/') AS s
-- next
SELECT code, name FROM regions WHERE level = 'province' ORDER BY code LIMIT 3 OFFSET 0
