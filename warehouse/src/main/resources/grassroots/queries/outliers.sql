-- The values flagged as unusual that match the filters, largest score first.
SELECT kind, indicator, level, region_code, region_name, year, value, reference, score, reported_units, expected_units
FROM outliers
WHERE TRUE{{filters}}
ORDER BY abs(score) DESC, region_code
LIMIT ?
