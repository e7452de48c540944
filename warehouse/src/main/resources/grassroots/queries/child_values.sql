-- Every indicator's values for the children of a region (at the level below it) in one year.
SELECT indicator, {{indicator_value}}
FROM marts.indicator_values
WHERE {{boundaries}} AND level = ? AND year = ?{{parent}}
ORDER BY indicator, region_code
