-- Reported vs expected returns of a form for the regions of a level (in one year and under an ancestor,
-- when given).
SELECT form, region_code, region_name, short_name, level, year, reported_units, expected_units
FROM marts.completeness
WHERE {{boundaries}} AND form = ? AND level = ?{{year}}{{parent}}
ORDER BY year, region_code
