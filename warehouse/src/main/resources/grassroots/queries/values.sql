-- One indicator's values for every region of a level in a year (under an ancestor, when given), best first.
SELECT {{indicator_value}}
FROM marts.indicator_values
WHERE {{boundaries}} AND indicator = ? AND level = ? AND year = ?{{parent}}
ORDER BY value {{order}} NULLS LAST, region_code
