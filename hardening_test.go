package contactkit_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/tag"
)

// TestAMegabyteOfInputIsRefusedWithAShortMessage sends a megabyte to every
// text input of the Service: each is refused as invalid input, nothing is
// written, and the message quotes at most a short prefix of the value.
func TestAMegabyteOfInputIsRefusedWithAShortMessage(t *testing.T) {
	h := newHarness(t)
	ada := h.create(t, owner, contact.Patch{FirstName: new("Ada"), Email: new("ada@example.com")})
	big := strings.Repeat("é", 1<<19) // a megabyte of UTF-8
	ctx := t.Context()
	tests := []struct {
		name string
		call func() error
	}{
		{"first name", func() error {
			_, err := h.svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: &big}})
			return err
		}},
		{"company on update", func() error {
			_, err := h.svc.UpdateContact(ctx, owner, ada.ID, contact.Patch{Company: &big})
			return err
		}},
		{"email", func() error {
			_, err := h.svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{Email: &big}})
			return err
		}},
		{"phone", func() error {
			_, err := h.svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{Phone: &big}})
			return err
		}},
		{"tags", func() error { _, err := h.svc.TagContact(ctx, owner, ada.ID, big); return err }},
		{"block reason", func() error { _, err := h.svc.BlockContact(ctx, owner, ada.ID, big); return err }},
		{"unsubscribe reason", func() error {
			_, err := h.svc.Unsubscribe(ctx, owner, ada.ID, list.ChannelEmail, big)
			return err
		}},
		{"note body", func() error {
			_, err := h.svc.AddNote(ctx, owner, ada.ID, contactkit.NoteInput{Body: big})
			return err
		}},
		{"search", func() error {
			_, err := h.svc.ListContacts(ctx, owner, contactkit.ContactQuery{Tag: big}, store.PageRequest{})
			return err
		}},
		{"avatar", func() error { _, err := h.svc.SyncAvatar(ctx, owner, ada.ID, "https://example.com/"+big); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			err := tt.call()
			require.ErrorIs(t, err, contactkit.ErrInvalidInput, "a megabyte of %s is invalid input", tt.name)
			assert.LessOrEqual(t, len(err.Error()), 400, "the message quotes a short prefix: %.200s…", err.Error())
			assert.Less(t, time.Since(start), 2*time.Second, "refused at once (a loose bound, for a loaded machine)")
		})
	}
	got, err := h.svc.GetContact(ctx, owner, ada.ID)
	require.NoError(t, err)
	assert.Equal(t, ada, got, "nothing was written")
}

// TestTenThousandTagsInOneCallAreRefused checks the cap on the names of
// one call and on the tags of a contact.
func TestTenThousandTagsInOneCallAreRefused(t *testing.T) {
	h := newHarness(t)
	ada := h.create(t, owner, contact.Patch{FirstName: new("Ada")})
	names := make([]string, 10_000)
	for i := range names {
		names[i] = fmt.Sprintf("t%d", i) // 10,000 names in less than the 64 KiB of one input
	}
	start := time.Now()
	_, err := h.svc.TagContact(t.Context(), owner, ada.ID, names...)
	require.ErrorIs(t, err, contactkit.ErrInvalidInput)
	le, ok := errors.AsType[*tag.LimitError](err)
	require.True(t, ok, "a *tag.LimitError says which limit: %v", err)
	assert.Equal(t, tag.LimitPerCall, le.Limit)
	assert.Less(t, time.Since(start), time.Second, "refused well under a second")

	// The cap per contact: calls under the per-call cap that add up past it.
	for i := 0; i < tag.MaxPerContact; i += 50 {
		_, err := h.svc.TagContact(t.Context(), owner, ada.ID, names[i:i+50]...)
		require.NoError(t, err, "tags %d to %d", i, i+50)
	}
	_, err = h.svc.TagContact(t.Context(), owner, ada.ID, "one-more")
	le, ok = errors.AsType[*tag.LimitError](err)
	require.True(t, ok, "the tag past the cap per contact is refused: %v", err)
	assert.Equal(t, tag.LimitPerContact, le.Limit)
	got, err := h.svc.GetContact(t.Context(), owner, ada.ID)
	require.NoError(t, err)
	assert.Equal(t, tag.MaxPerContact, got.Tags.Len())
}

// TestAnInternationalEmailMatchesItsPunycodeForm creates a contact with a
// Unicode domain and finds it by the ASCII form, by search and by capture;
// the ASCII policy refuses it.
func TestAnInternationalEmailMatchesItsPunycodeForm(t *testing.T) {
	h := newHarness(t)
	ann := h.create(t, owner, contact.Patch{FirstName: new("Ann"), Email: new("Ann <ann@Bücher.de>")})
	assert.Equal(t, "ann@xn--bcher-kva.de", ann.Email.String(), "stored in one canonical form")
	assert.Equal(t, "ann@bücher.de", ann.Email.Unicode())

	for _, raw := range []string{"ann@xn--bcher-kva.de", "ANN@BÜCHER.DE", "mailto:ann@bücher.de"} {
		got, err := h.svc.ContactByEmail(t.Context(), owner, raw)
		require.NoError(t, err, "lookup by %q", raw)
		assert.Equal(t, ann.ID, got.ID, "lookup by %q", raw)
	}
	page, err := h.svc.ListContacts(t.Context(), owner, contactkit.ContactQuery{Text: "bücher"}, store.PageRequest{})
	require.NoError(t, err)
	require.Len(t, page.Items, 1, "search by the Unicode domain")
	res, err := h.svc.CaptureContact(t.Context(), owner, contactkit.ContactInput{Patch: contact.Patch{Email: new("ann@xn--bcher-kva.de"), City: new("Köln")}})
	require.NoError(t, err)
	assert.False(t, res.Created, "capture by the punycode form updates the contact")
	assert.Equal(t, ann.ID, res.Contact.ID)

	strict := newHarness(t)
	strict.svc = contactkit.New(strict.store, &contactkit.Options{EmailPolicy: contact.EmailASCII})
	_, err = strict.svc.CreateContact(t.Context(), owner, contactkit.ContactInput{Patch: contact.Patch{Email: new("ann@bücher.de")}})
	require.ErrorIs(t, err, contactkit.ErrInvalidInput, "the ASCII policy refuses a Unicode domain")
}
