-- Rejections by rule, most frequent first, with one of each rule's messages.
SELECT rule, any_value(field), count(*), any_value(message_zh), any_value(message_en)
FROM quarantine q{{where}}
GROUP BY rule
ORDER BY 3 DESC, 1
