package pgstore

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/contactkit/contactkit/contact"
)

// refreshBatch is the number of contacts RefreshSearchText reads and
// writes in one transaction.
const refreshBatch = 1000

// RefreshSearchText sets the search text of every contact of the pool's
// schema to what this version of contact.SearchText gives, and returns the
// number of contacts whose text changed. Run it once after Migrate when
// upgrading: a migration rewrites in SQL the stored text of the rows it can
// (the notes of migrations 0003, 0005, 0006, 0007, 0008, 0009 and 0013
// say which they leave, such as the secondary address in another script of a
// contact without a primary one, or the suffixes of the words of
// Chinese, Japanese and Korean names), and this reads every contact back
// through the domain's own function. A contact written meanwhile is left as that
// write left it.
//
// It reads the contacts in batches of 1,000 in the order of their keys,
// each batch in its own transaction, so that it holds no lock for long and
// can be run again from the start after an error: a text already right is
// not written again. The contacts' versions do not change and nothing is
// recorded in their history or the outbox: the search text is derived from
// the contact, not part of it.
func RefreshSearchText(ctx context.Context, pool *pgxpool.Pool) (int, error) {
	changed := 0
	// No contact is before ("", the zero ID): a workspace has a name.
	afterWS, afterID := "", pgtype.UUID{Valid: true}
	for {
		n, last, lastID, err := refreshSearchBatch(ctx, pool, afterWS, afterID)
		changed += n
		if err != nil {
			return changed, fmt.Errorf("pgstore: refresh search text after %s/%x: %w", afterWS, afterID.Bytes, err)
		}
		if !lastID.Valid {
			return changed, nil
		}
		afterWS, afterID = last, lastID
	}
}

// refreshSearchBatch refreshes the search text of the batch of contacts
// after (ws, id) in key order, and returns how many changed and the key of
// the last contact read (an invalid ID when there were none).
func refreshSearchBatch(ctx context.Context, pool *pgxpool.Pool, ws string, id pgtype.UUID) (n int, lastWS string, lastID pgtype.UUID, err error) {
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		n, lastWS, lastID = 0, "", pgtype.UUID{}
		rows, err := tx.Query(ctx, `SELECT workspace_id, id, version, search_text, body FROM contacts
			WHERE (workspace_id, id) > ($1, $2)
			ORDER BY workspace_id, id LIMIT $3`,
			ws, id, refreshBatch)
		if err != nil {
			return err
		}
		var wss, texts []string
		var ids []pgtype.UUID
		var versions []int64
		for rows.Next() {
			var w, text string
			var cid pgtype.UUID
			var version int64
			var body []byte
			if err := rows.Scan(&w, &cid, &version, &text, &body); err != nil {
				return err
			}
			lastWS, lastID = w, cid
			c, err := decodeContact(version, body)
			if err != nil {
				return fmt.Errorf("contact %s/%x: %w", w, cid.Bytes, err)
			}
			if now := contact.SearchText(&c); now != text {
				wss, ids, versions, texts = append(wss, w), append(ids, cid), append(versions, version), append(texts, now)
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if len(ids) == 0 {
			return nil
		}
		// A contact written since it was read keeps what its write set.
		tag, err := tx.Exec(ctx, `UPDATE contacts AS c SET search_text = u.search_text
			FROM unnest($1::text[], $2::uuid[], $3::bigint[], $4::text[]) AS u(workspace_id, id, version, search_text)
			WHERE c.workspace_id = u.workspace_id AND c.id = u.id AND c.version = u.version`,
			wss, ids, versions, texts)
		n = int(tag.RowsAffected())
		return err
	})
	if err != nil {
		n = 0 // rolled back
	}
	return n, lastWS, lastID, err
}
