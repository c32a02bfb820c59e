-- Every user with the instant it became known; the engine keeps those known by as_of.
SELECT user_key, user_id, name, (extract(epoch FROM created_at) * 1000000)::bigint AS known_from_us
FROM users
ORDER BY user_key
