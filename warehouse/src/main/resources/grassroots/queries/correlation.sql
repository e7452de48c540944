-- Pearson's r and Spearman's ρ (Pearson on ranks, ties given their average rank) over the regions that have both values.
WITH p AS (
    {{pairs}} AND a.value IS NOT NULL AND b.value IS NOT NULL
), q AS (
    SELECT x, y,
        (rank() OVER (ORDER BY x) + rank() OVER (ORDER BY x DESC) * -1 + count(*) OVER () + 1) / 2.0 AS rx,
        (rank() OVER (ORDER BY y) + rank() OVER (ORDER BY y DESC) * -1 + count(*) OVER () + 1) / 2.0 AS ry
    FROM p
)
SELECT count(*), corr(x, y), corr(rx, ry) FROM q
