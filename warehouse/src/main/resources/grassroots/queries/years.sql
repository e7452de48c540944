-- The years the marts have values for: as stored (a value the same on both boundaries once), not through the
-- view that spells out both boundaries, which reads every shared value twice for the same years.
SELECT DISTINCT year FROM marts.indicator_values ORDER BY year
