package contactkit_test

// Acceptance (seventh round): import and export of a contact's blocked
// status. Each test below failed when it was written, on behaviour that
// contradicted a doc comment, the README or a DESIGN.md rule; each is kept
// to hold the fix.

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
)

func acc7StatusHistory(t *testing.T, h *harness, id contact.ID) []contact.Change {
	t.Helper()
	var out []contact.Change
	for c, err := range h.svc.History(t.Context(), owner, id, contact.FieldStatus) {
		require.NoError(t, err)
		out = append(out, c)
	}
	return out
}

// Finding 1. The block an import makes is recorded in the property history
// without the import's reason.
//
// ImportOptions.Reason: "Reason is recorded with the unsubscribes and the
// blocks the import makes. Default "import"."
// DESIGN H2: "Every change of a contact field is recorded: field, old value,
// new value, time, actor, source"; BlockContact records its reason with the
// status change (the first subtest's reference), and the commit says the
// import blocks "as BlockContact does". The import's status change has
// Reason "" (only the ContactBlocked event carries it), so the history
// cannot say why an import blocked a contact.
func TestAcc7ImportBlockRecordsReasonInHistory(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	ref := h.create(t, owner, contact.Patch{FirstName: new("Ref"), Email: new("ref@example.com")})
	_, err := h.svc.BlockContact(ctx, owner, ref.ID, "spam")
	require.NoError(t, err)
	hs := acc7StatusHistory(t, h, ref.ID)
	require.NotEmpty(t, hs)
	require.Equal(t, "spam", hs[len(hs)-1].Reason, "reference: BlockContact records its reason with the status change")

	ann := h.create(t, owner, contact.Patch{FirstName: new("Ann"), Email: new("ann@example.com")})
	got := importCSV(t, h, owner, "Email,Blocked\nann@example.com,yes\nnew@example.com,yes\n", &contactkit.ImportOptions{Reason: "migration"})
	require.NoError(t, got.err)
	require.Equal(t, []string{"2:updated", "3:created"}, got.outcomes())

	t.Run("updated contact", func(t *testing.T) {
		hs := acc7StatusHistory(t, h, ann.ID)
		require.NotEmpty(t, hs)
		last := hs[len(hs)-1]
		assert.Equal(t, string(contact.StatusBlocked), last.New)
		assert.Equal(t, contact.ChangeImport, last.Source)
		assert.Equal(t, "migration", last.Reason, "the import's reason is recorded with the block it makes")
	})
	t.Run("created contact", func(t *testing.T) {
		hs := acc7StatusHistory(t, h, got.byLine(t, 3).Contact)
		require.NotEmpty(t, hs)
		last := hs[len(hs)-1]
		assert.Equal(t, string(contact.StatusBlocked), last.New)
		assert.Equal(t, "migration", last.Reason, "the import's reason is recorded with the block it makes")
	})
}

// Finding 2. A bad Blocked cell hides the row's other bad cells: the row
// fails naming only the Blocked cell, not the bad birthday and language of
// the same row. The user fixes the Blocked cell in the failed-rows file,
// imports it again, and the row fails again for cells that were bad all
// along. (The same happens for any problem found before the row's other
// values are checked: a bad email or consent cell hides them too.)
//
// Service.Import: "A failed row names its line, and each bad cell its
// column, value and reason; it does not stop the others."
// ImportRowError: "one ImportProblem per bad cell".
// DESIGN C5: "every invalid or missing required field is reported at once".
func TestAcc7ImportBadBlockedCellHidesOtherBadCells(t *testing.T) {
	h := newHarness(t)
	got := importCSV(t, h, owner, "Email,Birthday,Blocked,Language\nann@example.com,31/31/1990,maybe,zz-not-a-lang-xx\n", nil)
	require.NoError(t, got.err)
	require.Equal(t, []string{"2:failed"}, got.outcomes())
	fail := got.byLine(t, 2).Err
	require.NotNil(t, fail)
	assert.ErrorIs(t, fail, contactkit.ErrUnknownBlocked)
	var headers []string
	for _, p := range fail.Problems {
		headers = append(headers, p.Header)
	}
	assert.ElementsMatch(t, []string{"Birthday", "Blocked", "Language"}, headers, "every bad cell of the row is named: %v", fail)
}

// Finding 3. In a suppression-only import, a Blocked cell the import does
// not understand fails the row, so the row's address is not recorded as
// unsubscribed, though a suppression-only import changes no contact and
// has no use for the cell.
//
// ImportOptions.SuppressionOnly: "records in the consent ledger that every
// address of every row (email; sms and whatsapp for a phone) is
// unsubscribed, and creates or changes no contact: a row ends
// ImportSuppressed." (The other columns that only matter to a contact,
// such as tags, names or custom fields, are ignored in this mode; a bad
// tags cell does not fail a suppression row.)
func TestAcc7SuppressionOnlyIgnoresBlockedColumn(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	got := importCSV(t, h, owner, "Email,Blocked\nstop@example.com,peut-être\n", &contactkit.ImportOptions{SuppressionOnly: true})
	require.NoError(t, got.err)
	assert.Equal(t, []string{"2:suppressed"}, got.outcomes(), "%v", got.rows)
	c, err := h.svc.AddressConsent(ctx, owner, list.ChannelEmail, "stop@example.com")
	require.NoError(t, err)
	assert.Equal(t, list.ConsentUnsubscribed, c.Status, "the row's address is suppressed")
}
