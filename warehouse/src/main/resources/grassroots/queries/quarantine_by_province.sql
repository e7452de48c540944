-- Rejections by province, most first.
SELECT left(q.region_code, 2) AS province, any_value(r.name), count(*)
FROM quarantine q
LEFT JOIN marts.region_index r ON r.code = left(q.region_code, 2){{where}}
GROUP BY 1
ORDER BY 3 DESC, 1
