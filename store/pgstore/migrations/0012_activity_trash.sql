-- contactkit pgstore schema, version 12: an activity in its own trash has
-- its place in the workspace's activity trash, a record of kind
-- "activity-trash" (store.TrashedActivity, store.ActivityTrash) ordered by
-- the time it went there, which a deletion of the activity writes and its
-- restore or erasure removes, so that PurgeActivityTrash reads the
-- activities past their restore window, not the whole trash. This
-- migration writes the places of the activities in the trash before it.
INSERT INTO records (workspace_id, kind, id, version, contact_id, parent, status, uniq, ord, body)
SELECT r.workspace_id, 'activity-trash', r.id, 1, '00000000-0000-0000-0000-000000000000', '', '', '',
	-- store.TrashOrder: to the microsecond, truncated as Go truncates
	-- (a cast to timestamptz would round the nanoseconds).
	to_char(regexp_replace(r.body ->> 'DeletedAt', '(\.\d{6})\d+', '\1')::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
	json_build_object('Activity', r.id, 'DeletedAt', r.body -> 'DeletedAt', 'By', coalesce(r.body -> 'DeletedBy', '""'::json), 'Version', 0)
FROM records AS r
WHERE r.kind = 'activity' AND r.status = 'trashed'
ON CONFLICT (workspace_id, kind, id) DO NOTHING;
