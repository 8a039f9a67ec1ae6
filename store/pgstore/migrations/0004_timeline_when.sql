-- contactkit pgstore schema, version 4: the timeline orders a call, an
-- email or a meeting by when it happened (Interaction.OccurredAt), not by
-- when it was logged: activity.Position.Key of such a record is computed
-- again from its body. The key is the pin flag, then the complement of
-- the biased Unix seconds (16 hex digits: 2^63 - 1 - seconds, as a 64-bit
-- word), then the complement of the nanoseconds (8 hex digits), then the
-- complemented ID, which stays as it is. The seconds are read without the
-- fraction, the nanoseconds from its digits: a timestamptz would round
-- them to microseconds.
WITH occurred AS (
	SELECT workspace_id, kind, id,
		floor(extract(epoch FROM regexp_replace(body->'Interaction'->>'OccurredAt', '\.[0-9]+', '')::timestamptz))::bigint AS secs,
		coalesce(rpad(substring(body->'Interaction'->>'OccurredAt' FROM '\.([0-9]+)'), 9, '0')::bigint, 0) AS nanos
	FROM records
	WHERE kind = 'activity'
		AND body->'Interaction'->>'OccurredAt' IS NOT NULL
		AND body->'Interaction'->>'OccurredAt' <> '0001-01-01T00:00:00Z'
)
UPDATE records r
SET ord = substr(r.ord, 1, 1)
	|| lpad(to_hex(CASE WHEN o.secs >= 0 THEN 9223372036854775807 - o.secs ELSE (-9223372036854775808 - o.secs) - 1 END), 16, '0')
	|| lpad(to_hex(4294967295 - o.nanos), 8, '0')
	|| substr(r.ord, 26)
FROM occurred o
WHERE r.workspace_id = o.workspace_id AND r.kind = o.kind AND r.id = o.id;
