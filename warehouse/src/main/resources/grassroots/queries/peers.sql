-- The regions of the same level most like one region in size (log population) and urban share, standardised across
-- all regions of that level and year (the region itself first, at distance 0), with their values of one indicator.
WITH s AS (
    SELECT region_code, population, coalesce(urban_population, 0) / population AS urban_share, ln(population) AS lp
    FROM marts.region_stats
    WHERE level = ? AND year = ? AND population > 0
), z AS (
    SELECT *,
        (lp - avg(lp) OVER ()) / nullif(stddev_pop(lp) OVER (), 0) AS zl,
        (urban_share - avg(urban_share) OVER ()) / nullif(stddev_pop(urban_share) OVER (), 0) AS zu
    FROM s
), me AS (
    SELECT * FROM z WHERE region_code = ?
), near AS (
    SELECT z.region_code, z.population, z.urban_share,
        sqrt(power(coalesce(z.zl - me.zl, 0), 2) + power(coalesce(z.zu - me.zu, 0), 2)) AS distance
    FROM z, me
    ORDER BY distance, z.region_code
    LIMIT ?
)
SELECT {{indicator_value}}, near.population, near.urban_share, near.distance
FROM near
JOIN marts.indicator_values v
    ON {{boundaries}} AND v.region_code = near.region_code AND v.indicator = ? AND v.year = ?
ORDER BY near.distance, near.region_code
