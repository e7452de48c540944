-- The years the marts have values for.
SELECT DISTINCT year FROM indicator_values ORDER BY year
