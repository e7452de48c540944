-- Every indicator's yearly values for one region, oldest first per indicator, with the change from the year before.
SELECT indicator, {{indicator_value}}, value - lag(value) OVER (PARTITION BY indicator ORDER BY year)
FROM marts.indicator_values
WHERE {{boundaries}} AND level = ? AND region_code = ?
ORDER BY indicator, year
