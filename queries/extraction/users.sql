-- Every user with its name as of as_of and the instant it became known (its first version); the
-- engine keeps those known by as_of (SPEC §2: a user renamed after as_of appears as it was then).
-- A user whose versions all lie after as_of is listed with its first name, for facts that name it
-- (a late event stamped before the user's first upsert); it gets no managers.csv row.
WITH as_of AS (
    SELECT current_setting('chatsla.as_of')::timestamptz AS t
)
SELECT DISTINCT ON (v.user_key) v.user_key, u.user_id, v.name,
       (extract(epoch FROM min(v.effective_at) OVER (PARTITION BY v.user_key)) * 1000000)::bigint AS known_from_us
FROM user_versions v
JOIN users u ON u.user_key = v.user_key
CROSS JOIN as_of
ORDER BY v.user_key, (v.effective_at <= as_of.t) DESC,
         CASE WHEN v.effective_at <= as_of.t THEN v.effective_at END DESC,
         CASE WHEN v.effective_at <= as_of.t THEN v.seq END DESC,
         v.effective_at, v.seq
