-- contactkit pgstore schema, version 2: the outbox.
--
-- Every event a Service call emits, written in the call's transaction when
-- the Store is made with Options.Outbox. position is the commit order:
-- Append takes a transaction-level advisory lock (keyed by this table's
-- OID) before it inserts, so the writers of the outbox take their
-- positions one transaction at a time, and the lock, released after the
-- commit is visible, makes a greater position commit after a smaller one
-- (see the README: "The outbox"). Positions of rolled-back transactions
-- are skipped numbers, never late arrivals.

CREATE TABLE outbox (
	position     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	id           uuid NOT NULL,
	workspace_id text COLLATE "C" NOT NULL,
	type         text COLLATE "C" NOT NULL,
	-- At, in nanoseconds since 1970 (exact, unlike timestamptz).
	at_ns        bigint NOT NULL,
	data         bytea NOT NULL
);

-- Reading one workspace after a cursor.
CREATE INDEX outbox_workspace ON outbox (workspace_id, position);
-- Pruning by age.
CREATE INDEX outbox_at ON outbox (at_ns);

CREATE TABLE outbox_consumers (
	name         text COLLATE "C" PRIMARY KEY,
	-- '' for a consumer of every workspace.
	workspace_id text COLLATE "C" NOT NULL,
	position     bigint NOT NULL
);
