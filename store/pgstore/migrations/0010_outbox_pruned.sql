-- contactkit pgstore schema, version 10: the high-water mark of the
-- pruned positions of the outbox.
--
-- store.OutboxBatch.Next is the greatest position committed, pruned events
-- included: a reader that keeps Next as its cursor never moves back. The
-- outbox's identity sequence cannot say it (it hands out positions not yet
-- committed), nor can max(position) once PruneOutbox has deleted the
-- greatest ones. PruneOutbox records here, in its statement, the greatest
-- position it deletes; the head of the outbox is the greater of that mark
-- and the greatest position it holds.
CREATE TABLE outbox_pruned (
	-- One row: the key can only be true.
	one      boolean PRIMARY KEY DEFAULT true CHECK (one),
	position bigint NOT NULL
);

-- The events pruned before this version left no mark. Under the outbox's
-- lock (the one Outbox.Append takes, see 0002), no position is held by a
-- transaction that has not ended, so the last position the sequence
-- handed out is committed or skipped by a rollback: no event commits at
-- or below it later, and it starts the mark.
SELECT pg_advisory_xact_lock(hashtextextended('contactkit/pgstore/outbox:' || 'outbox'::regclass::oid::text, 0));
INSERT INTO outbox_pruned (position)
SELECT coalesce(pg_sequence_last_value(pg_get_serial_sequence('outbox', 'position')::regclass), 0);
