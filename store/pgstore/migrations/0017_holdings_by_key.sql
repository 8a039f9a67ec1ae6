-- contactkit pgstore schema, version 17: the index of duplicate detection
-- keeps each holding in a record of its own, of kind "holding"
-- (store.Holdings, merge.Holding), by match key, and only the shared ones
-- (held by two contacts or more) in the records of kind "holding-bucket",
-- which held every holding: each write of a contact read the bucket of
-- each of its keys, a 4,096th of the index, which grew with the workspace.
-- This migration writes each holding of the buckets to its own record,
-- then leaves the shared ones alone in the buckets, and removes the
-- buckets left empty; the bucket "built", which marks a workspace's index
-- complete, becomes "built-by-key", the mark of the new layout (a
-- workspace without it builds its index again).
INSERT INTO records (workspace_id, kind, id, version, contact_id, parent, status, uniq, ord, body)
SELECT b.workspace_id, 'holding', h ->> 'Key', 1, '00000000-0000-0000-0000-000000000000', '', '', '', '',
	json_build_object('Key', h ->> 'Key', 'Version', 0, 'Holders', h -> 'Holders')
FROM records AS b
CROSS JOIN LATERAL json_array_elements(CASE WHEN json_typeof(b.body -> 'Holdings') = 'array' THEN b.body -> 'Holdings' ELSE '[]'::json END) AS h
WHERE b.kind = 'holding-bucket' AND b.id <> 'built'
ON CONFLICT (workspace_id, kind, id) DO NOTHING;

UPDATE records AS b
SET version = b.version + 1,
	body = json_build_object('ID', b.id, 'Version', 0, 'Holdings', (
		SELECT json_agg(h)
		FROM json_array_elements(CASE WHEN json_typeof(b.body -> 'Holdings') = 'array' THEN b.body -> 'Holdings' ELSE '[]'::json END) AS h
		WHERE json_typeof(h -> 'Holders') = 'array' AND json_array_length(h -> 'Holders') > 1))
WHERE b.kind = 'holding-bucket' AND b.id <> 'built';

DELETE FROM records
WHERE kind = 'holding-bucket' AND id <> 'built' AND json_typeof(body -> 'Holdings') = 'null';

UPDATE records
SET id = 'built-by-key', version = version + 1,
	body = json_build_object('ID', 'built-by-key', 'Version', 0, 'Holdings', NULL)
WHERE kind = 'holding-bucket' AND id = 'built';
