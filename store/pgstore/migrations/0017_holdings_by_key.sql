-- contactkit pgstore schema, version 17: the index of duplicate detection
-- is kept one record by match key, of kind "holding" (store.Holdings,
-- merge.Holding), with status 'shared' for a key that two contacts or more
-- hold, in place of 4,096 records of kind "holding-bucket" that each packed
-- a 4,096th of the index: a write of a contact read a bucket that grew with
-- the workspace. This migration moves each holding of the buckets to its
-- own record, and the bucket "built", which marks a workspace's index
-- complete, to the holding "built".
INSERT INTO records (workspace_id, kind, id, version, contact_id, parent, status, uniq, ord, body)
SELECT b.workspace_id, 'holding', h ->> 'Key', 1, '00000000-0000-0000-0000-000000000000', '',
	CASE WHEN json_array_length(h -> 'Holders') > 1 THEN 'shared' ELSE '' END, '', '',
	json_build_object('Key', h ->> 'Key', 'Version', 0, 'Holders', h -> 'Holders')
FROM records AS b
CROSS JOIN LATERAL json_array_elements(CASE WHEN json_typeof(b.body -> 'Holdings') = 'array' THEN b.body -> 'Holdings' ELSE '[]'::json END) AS h
WHERE b.kind = 'holding-bucket' AND b.id <> 'built'
ON CONFLICT (workspace_id, kind, id) DO NOTHING;

INSERT INTO records (workspace_id, kind, id, version, contact_id, parent, status, uniq, ord, body)
SELECT workspace_id, 'holding', 'built', 1, '00000000-0000-0000-0000-000000000000', '', '', '', '',
	json_build_object('Key', 'built', 'Version', 0, 'Holders', NULL)
FROM records
WHERE kind = 'holding-bucket' AND id = 'built'
ON CONFLICT (workspace_id, kind, id) DO NOTHING;

DELETE FROM records WHERE kind = 'holding-bucket';
