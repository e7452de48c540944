-- Regions of a level ranked among their siblings (same parent), best first, with the parent's value for reference.
-- Rank 1 is the best given the indicator's direction; percentile 100 the best, 0 the worst.
WITH v AS (
    SELECT * FROM marts.indicator_values
    WHERE {{boundaries}} AND indicator = ? AND level = ? AND year = ?{{parent}}
), r AS (
    SELECT *,
        CASE WHEN value IS NOT NULL THEN rank() OVER (PARTITION BY parent_code, value IS NULL ORDER BY value {{order}}) END AS rank,
        count(value) OVER (PARTITION BY parent_code) AS siblings
    FROM v
)
SELECT {{indicator_value}}, r.rank, r.siblings,
    CASE WHEN r.rank IS NULL THEN NULL
         WHEN r.siblings = 1 THEN 100.0
         ELSE 100.0 * (r.siblings - r.rank) / (r.siblings - 1) END,
    r.parent_code, p.region_name, p.value
FROM r
LEFT JOIN marts.indicator_values p
    ON {{parent_boundaries}} AND p.indicator = r.indicator AND p.year = r.year AND p.region_code = r.parent_code
ORDER BY r.value {{order}} NULLS LAST, r.region_code
