SELECT store_key, store_id, name
FROM stores
ORDER BY store_key
