package contactkit_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
)

// An idempotency key is text a host passes through from its callers (an
// Idempotency-Key header): like every text input it has a length limit,
// and a key that is too long, not UTF-8 or holds a control character is
// refused with a typed error before any store reads or writes it.
func TestAuditEnrollRefusesABadIdempotencyKey(t *testing.T) {
	for _, tc := range []struct {
		name string
		key  string
		ok   bool
	}{
		{"empty: no key", "", true},
		{"longest", strings.Repeat("k", automation.MaxKeyLength), true},
		{"unicode", "commande-é-42", true},
		{"too long", strings.Repeat("k", automation.MaxKeyLength+1), false},
		{"a megabyte", strings.Repeat("k", 1<<20), false},
		{"invalid UTF-8", "key-\xff", false},
		{"control character", "key\x00", false},
		{"newline", "key\n1", false},
		{"invalid UTF-8 at the limit", strings.Repeat("\xff", automation.MaxKeyLength), false},
		{"control characters at the limit", strings.Repeat("\x01", automation.MaxKeyLength), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			ctx := t.Context()
			c := h.create(t, owner, contact.Patch{Email: new("ann@example.com")})
			au := h.automation(t, automation.Automation{Name: "Onboarding", Steps: steps(1), Active: true})
			h.takeEvents()
			e, err := h.svc.Enroll(ctx, owner, au.ID, c.ID, tc.key)
			if tc.ok {
				require.NoError(t, err)
				assert.Equal(t, tc.key, e.IdempotencyKey)
				return
			}
			require.ErrorIs(t, err, contactkit.ErrInvalidInput)
			require.ErrorIs(t, err, automation.ErrInvalidKey)
			_, isEnrollErr := errors.AsType[*automation.EnrollmentError](err)
			assert.True(t, isEnrollErr, "want an *automation.EnrollmentError in %v", err)
			assert.Less(t, len(err.Error()), 600, "the message quotes a short prefix of the key at most (40 bytes, escaped)")
			assert.Empty(t, h.enrollments(t, contactkit.EnrollmentQuery{Contact: c.ID}), "nothing is enrolled")
			assert.Empty(t, h.takeEvents())
		})
	}
}

// The body of a note or the description of a task is bounded by
// Options.Limits.Note, in characters (contact.MaxNoteLen by default): a
// body of that many characters is accepted, whatever bytes they take, and
// one more is refused with a *contact.ParseError wrapping
// contact.ErrTooLong.
func TestAuditNoteBodyLimitIsInCharacters(t *testing.T) {
	for _, tc := range []struct {
		name  string
		limit int // Options.Limits.Note; 0 for the default
		body  string
		ok    bool
	}{
		{"default limit, ASCII", 0, strings.Repeat("x", contact.MaxNoteLen), true},
		{"default limit, accents", 0, strings.Repeat("é", contact.MaxNoteLen), true},
		{"default limit, euro signs", 0, strings.Repeat("€", 30000), true},
		{"default limit, one more", 0, strings.Repeat("x", contact.MaxNoteLen+1), false},
		{"raised limit", 100000, strings.Repeat("x", 100000), true},
		{"raised limit, one more", 100000, strings.Repeat("x", 100001), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarnessWith(t, storetest.Retrying(memstore.New()), func(o *contactkit.Options) { o.Limits.Note = tc.limit })
			ctx := t.Context()
			c := h.create(t, owner, contact.Patch{Email: new("ann@example.com")})
			_, err := h.svc.AddNote(ctx, owner, c.ID, contactkit.NoteInput{Body: tc.body})
			_, terr := h.svc.AddTask(ctx, owner, c.ID, contactkit.TaskInput{Title: "Read", Description: tc.body})
			if tc.ok {
				require.NoError(t, err, "AddNote")
				require.NoError(t, terr, "AddTask")
				return
			}
			for _, err := range []error{err, terr} {
				require.ErrorIs(t, err, contactkit.ErrInvalidInput)
				require.ErrorIs(t, err, contact.ErrTooLong)
				pe, ok := errors.AsType[*contact.ParseError](err)
				require.True(t, ok, "want a *contact.ParseError in %v", err)
				assert.Equal(t, contact.FieldNote, pe.Field)
			}
		})
	}
}

// Deleting a tag removes it from every contact (T2): an unmerge after it
// does not bring it back on the contacts it restores from the merge's
// snapshots, as a restore from the trash does not, so that no contact
// holds a tag the workspace no longer has.
func TestAuditUnmergeDoesNotBringBackADeletedTag(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	ann := h.create(t, owner, contact.Patch{Email: new("ann@example.com")}, "Keep")
	bob := h.create(t, owner, contact.Patch{Email: new("bob@example.com")}, "Old", "Keep")
	p, err := h.svc.PreviewMerge(ctx, owner, contactkit.MergeRequest{Primary: ann.ID, Others: []contact.ID{bob.ID}})
	require.NoError(t, err)
	rec, err := h.svc.MergeContacts(ctx, owner, p)
	require.NoError(t, err)
	_, err = h.svc.DeleteTag(ctx, owner, "old")
	require.NoError(t, err)

	res, err := h.svc.UnmergeContacts(ctx, owner, rec.ID)
	require.NoError(t, err)
	got, err := h.svc.GetContact(ctx, owner, bob.ID)
	require.NoError(t, err)
	assert.Equal(t, []string{"Keep"}, tagStrings(got.Tags), "the deleted tag stays deleted")
	require.Len(t, res.Others, 1)
	assert.Equal(t, []string{"Keep"}, tagStrings(res.Others[0].Tags))
	got, err = h.svc.GetContact(ctx, owner, ann.ID)
	require.NoError(t, err)
	assert.Equal(t, []string{"Keep"}, tagStrings(got.Tags))
	var names []string
	for tg, err := range h.svc.Tags(ctx, owner) {
		require.NoError(t, err)
		names = append(names, tg.Name.String())
	}
	assert.Equal(t, []string{"Keep"}, names, "the workspace's tags")
}
