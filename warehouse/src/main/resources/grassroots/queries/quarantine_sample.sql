-- A sample of rejected rows with their messages, in file order.
SELECT source_file, source_row, region_code, year, field, rule, value, message_zh, message_en
FROM quarantine q{{where}}
ORDER BY source_file, source_row, rule
LIMIT ?
