-- How many rows the ETL rejected (a row broken in several ways counts once).
SELECT count(DISTINCT (source_file, source_row)) FROM quarantine q{{where}}
