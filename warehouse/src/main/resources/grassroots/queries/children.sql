-- A region's children that exist today, by code.
SELECT code, name, short_name, level, parent_code
FROM marts.region_index
WHERE parent_code = ? AND valid_to = {{open_end}}
ORDER BY code
