-- contactkit pgstore schema, version 11: an undone merge is linked to each
-- contact it had taken away by a record of kind "unmerged" (store.Unmerges,
-- merge.Unmerged), which the unmerge writes, so that an erasure of such a
-- contact finds the merge's record (it holds a snapshot of the contact)
-- without reading every undone merge of the workspace. This migration
-- writes the links of the merges undone before it.
INSERT INTO records (workspace_id, kind, id, version, contact_id, parent, status, uniq, ord, body)
SELECT r.workspace_id, 'unmerged', r.id || '/' || o.contact, 1, o.contact::uuid, r.id, '', '', '',
	json_build_object('Merge', r.id, 'Contact', o.contact, 'At', r.body -> 'UndoneAt', 'Version', 0)
FROM records AS r
CROSS JOIN LATERAL json_array_elements_text(r.body -> 'Others') AS o(contact)
WHERE r.kind = 'merge' AND r.status = 'inactive'
ON CONFLICT (workspace_id, kind, id) DO NOTHING;
