-- One indicator's yearly values for one region, oldest first, with the change from the year before.
SELECT {{indicator_value}}, value - lag(value) OVER (ORDER BY year)
FROM marts.indicator_values
WHERE {{boundaries}} AND indicator = ? AND level = ? AND region_code = ? AND year BETWEEN ? AND ?
ORDER BY year
