-- Two indicators' values side by side for the regions of a level in a year, with population and both completenesses.
SELECT a.region_code, a.region_name, a.short_name, a.value AS x, b.value AS y, s.population,
    CASE WHEN a.expected_units = 0 THEN 1 ELSE a.reported_units / a.expected_units END AS cx,
    CASE WHEN b.expected_units = 0 THEN 1 ELSE b.reported_units / b.expected_units END AS cy
FROM marts.indicator_values a
JOIN marts.indicator_values b ON b.region_code = a.region_code AND b.year = a.year AND b.level = a.level
LEFT JOIN marts.region_stats s ON s.region_code = a.region_code AND s.year = a.year AND s.level = a.level
WHERE {{a_boundaries}} AND {{b_boundaries}} AND a.indicator = ? AND b.indicator = ? AND a.level = ? AND a.year = ?{{parent}}
