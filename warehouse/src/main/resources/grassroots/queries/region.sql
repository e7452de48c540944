-- One region by its code.
SELECT code, name, short_name, level, parent_code FROM marts.region_index WHERE code = ?
