SELECT bot_key, bot_id, name
FROM bots
ORDER BY bot_key
