-- The spread of one indicator over the regions of a level under a region.
SELECT count(value), min(value), quantile_cont(value, 0.25), median(value), quantile_cont(value, 0.75), max(value)
FROM marts.indicator_values
WHERE {{boundaries}} AND indicator = ? AND level = ? AND year = ?{{parent}}
