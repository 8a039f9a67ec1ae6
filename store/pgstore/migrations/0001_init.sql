-- contactkit pgstore schema, version 1.
--
-- Every key starts with workspace_id: identity is (workspace, ID), and a
-- table distributed by workspace_id (Citus) keeps each workspace on one
-- node. Text keys use the "C" collation, so that ORDER BY and comparisons
-- are byte order, as the store contract says. Aggregates are kept whole in
-- body (JSON, as store.Kind.Marshal and encoding/json write them: times to
-- the nanosecond); the other columns are the keys the store is queried by.

-- Trigram indexes for the contact search (ContactQuery.Text). pg_trgm is a
-- trusted extension: a user with CREATE on the database may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE contacts (
	workspace_id text COLLATE "C" NOT NULL,
	id           uuid NOT NULL,
	version      bigint NOT NULL,
	status       text COLLATE "C" NOT NULL,
	assignee     text COLLATE "C" NOT NULL,
	-- contact.SearchText: the folded words, each after a space.
	search_text  text COLLATE "C" NOT NULL,
	-- DeletedAt, NULL while the contact is live; deleted_ns holds the
	-- nanoseconds below its microsecond, so that DeletedBefore is exact.
	deleted_at   timestamptz,
	deleted_ns   integer NOT NULL DEFAULT 0,
	body         json NOT NULL,
	PRIMARY KEY (workspace_id, id)
);

CREATE INDEX contacts_trash ON contacts (workspace_id, id) WHERE deleted_at IS NOT NULL;
-- Listings of live contacts by status or assignee read only live contacts;
-- those of the trash read contacts_trash.
CREATE INDEX contacts_status ON contacts (workspace_id, status, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_assignee ON contacts (workspace_id, assignee, id) WHERE assignee <> '' AND deleted_at IS NULL;
CREATE INDEX contacts_search ON contacts USING gin (search_text gin_trgm_ops);

-- The keys of every contact (contact.Keys: "email:…", "phone:…"). live
-- mirrors the contact's deleted_at IS NULL: only live contacts hold their
-- keys, which the partial unique index enforces.
CREATE TABLE contact_keys (
	workspace_id text COLLATE "C" NOT NULL,
	contact_id   uuid NOT NULL,
	key          text COLLATE "C" NOT NULL,
	live         boolean NOT NULL,
	PRIMARY KEY (workspace_id, contact_id, key),
	FOREIGN KEY (workspace_id, contact_id) REFERENCES contacts (workspace_id, id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX contact_keys_live ON contact_keys (workspace_id, key) WHERE live;
CREATE INDEX contact_keys_key ON contact_keys (workspace_id, key, contact_id);

-- The tags of every contact (tag.Name.Key), with live as in contact_keys:
-- the contacts of a tag are listed in pages by keyset on this table's
-- primary key, whatever the number of contacts of the workspace or of the
-- tag.
CREATE TABLE contact_tags (
	workspace_id text COLLATE "C" NOT NULL,
	tag          text COLLATE "C" NOT NULL,
	live         boolean NOT NULL,
	contact_id   uuid NOT NULL,
	PRIMARY KEY (workspace_id, tag, live, contact_id),
	FOREIGN KEY (workspace_id, contact_id) REFERENCES contacts (workspace_id, id) ON DELETE CASCADE
);

CREATE INDEX contact_tags_contact ON contact_tags (workspace_id, contact_id);

-- Every other aggregate, one kind at a time (store.Records).
CREATE TABLE records (
	workspace_id text COLLATE "C" NOT NULL,
	kind         text COLLATE "C" NOT NULL,
	id           text COLLATE "C" NOT NULL,
	version      bigint NOT NULL,
	-- Keys.Contact; the zero UUID for none.
	contact_id   uuid NOT NULL,
	parent       text COLLATE "C" NOT NULL,
	status       text COLLATE "C" NOT NULL,
	uniq         text COLLATE "C" NOT NULL,
	ord          text COLLATE "C" NOT NULL,
	body         json NOT NULL,
	PRIMARY KEY (workspace_id, kind, id)
);

CREATE UNIQUE INDEX records_uniq ON records (workspace_id, kind, uniq) WHERE uniq <> '';
CREATE INDEX records_order ON records (workspace_id, kind, ord, id);
CREATE INDEX records_contact ON records (workspace_id, kind, contact_id, ord, id)
	WHERE contact_id <> '00000000-0000-0000-0000-000000000000';
CREATE INDEX records_parent ON records (workspace_id, kind, parent, ord, id) WHERE parent <> '';
CREATE INDEX records_status ON records (workspace_id, kind, status, ord, id) WHERE status <> '';

-- The property history of contacts, in the order it was appended.
CREATE TABLE history (
	workspace_id text COLLATE "C" NOT NULL,
	contact_id   uuid NOT NULL,
	seq          bigint GENERATED ALWAYS AS IDENTITY,
	field        text COLLATE "C" NOT NULL,
	body         json NOT NULL,
	PRIMARY KEY (workspace_id, contact_id, seq)
);

CREATE INDEX history_field ON history (workspace_id, contact_id, field, seq);
