package contactkit_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
)

// I6: Export writes CSV, and vCard, that import reads back to the same
// contacts. A host may label a contact's phone "fax" (labels are the
// host's own, C1b): the vCard import leaves fax lines out of a card, as it
// should for a vendor's, but the phones contactkit itself exports under
// that label are the contact's phones and must come back, with their
// label, in both formats.
func TestAcc11ExportPhoneLabelledFaxReadsBack(t *testing.T) {
	ctx := t.Context()
	src := accService("FR")
	want, err := src.CreateContact(ctx, accOwner, contactkit.ContactInput{Patch: contact.Patch{
		FirstName: new("Di"), Phone: new("06 11 22 33 55"), PhoneLabel: new("fax"),
		OtherPhones: &[]contact.LabeledInput{{Value: "06 11 22 33 66", Label: "fax"}, {Value: "06 11 22 33 77", Label: "mobile"}},
		Email:       new("di@example.com"), EmailLabel: new("fax"),
	}})
	require.NoError(t, err)
	require.Equal(t, contact.Label("fax"), want.PhoneLabel)
	for _, f := range []contactkit.ExportFormat{contactkit.ExportCSV, contactkit.ExportVCard} {
		t.Run(string(f), func(t *testing.T) {
			var out bytes.Buffer
			_, err := src.Export(ctx, accOwner, contactkit.ContactQuery{}, &out, &contactkit.ExportOptions{Format: f})
			require.NoError(t, err)
			dst := accService("FR")
			run := accImport(t, dst, out.Bytes(), "FR", nil, nil)
			require.NoError(t, run.err)
			got := accContacts(t, dst)
			require.Len(t, got, 1, run.outcomes())
			g := got[0]
			require.Equal(t, want.Phone, g.Phone, "the primary phone, labelled fax, reads back:\n%s", out.String())
			require.Equal(t, want.PhoneLabel, g.PhoneLabel)
			require.Equal(t, want.OtherPhones, g.OtherPhones)
			require.Equal(t, want.Email, g.Email)
			require.Equal(t, want.EmailLabel, g.EmailLabel)
		})
	}
}

// cancelAfter is a writer that cancels an export's context once it has
// been given bytes, and keeps them.
type cancelAfter struct {
	bytes.Buffer
	cancel func()
}

func (w *cancelAfter) Write(p []byte) (int, error) {
	w.cancel()
	return w.Buffer.Write(p)
}

// An export that stops half-way (its context cancelled while it writes)
// says what it wrote, as every call that works in pages does: the rows it
// counts are the rows in the file, whole, and they read back. The vCard
// export does so already; the CSV export said 0 whatever it had written.
func TestAcc11ExportStoppedHalfWaySaysWhatItWrote(t *testing.T) {
	src := acc11ExportSource(t)
	for _, f := range []contactkit.ExportFormat{contactkit.ExportCSV, contactkit.ExportVCard} {
		t.Run(string(f), func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			w := &cancelAfter{cancel: cancel}
			res, err := src.Export(ctx, accOwner, contactkit.ContactQuery{}, w, &contactkit.ExportOptions{Format: f})
			require.ErrorIs(t, err, context.Canceled)
			require.Positive(t, res.Contacts, "rows were written before the stop")
			require.Less(t, res.Contacts, 1200)
			dst := accService("FR")
			run := accImport(t, dst, w.Bytes(), "FR", nil, nil)
			require.NoError(t, run.err)
			require.Equal(t, res.Contacts, run.res.Created, "the file holds the rows the export counted, whole: %s", run.outcomes())
		})
	}
}

// failAfter is a writer that takes limit bytes, then fails every write.
type failAfter struct {
	bytes.Buffer
	limit int
}

var errWriterFull = errors.New("disk full")

func (w *failAfter) Write(p []byte) (int, error) {
	room := w.limit - w.Len()
	if room <= 0 {
		return 0, errWriterFull
	}
	if len(p) > room {
		w.Buffer.Write(p[:room])
		return room, errWriterFull
	}
	return w.Buffer.Write(p)
}

// An export whose writer fails counts the contacts that reached it whole,
// never those it kept in its buffer or cut: the file holds at least them,
// whole, and an import of it creates them.
func TestExportWhoseWriterFailsCountsWhatReachedIt(t *testing.T) {
	src := acc11ExportSource(t)
	for _, f := range []contactkit.ExportFormat{contactkit.ExportCSV, contactkit.ExportVCard} {
		for _, limit := range []int{100, 6000, 40000, 70000} {
			t.Run(fmt.Sprintf("%s/%d", f, limit), func(t *testing.T) {
				w := &failAfter{limit: limit}
				res, err := src.Export(t.Context(), accOwner, contactkit.ContactQuery{}, w, &contactkit.ExportOptions{Format: f})
				require.ErrorIs(t, err, errWriterFull)
				whole := strings.Count(w.String(), "END:VCARD\r\n")
				if f == contactkit.ExportCSV {
					whole = strings.Count(w.String(), "\n") - 1 // the header's line
				}
				assert.LessOrEqual(t, res.Contacts, max(whole, 0), "counted contacts that did not reach the writer whole")
				assert.GreaterOrEqual(t, res.Contacts, whole-256, "the last flush's contacts are counted")
			})
		}
	}
}

// acc11ExportSource returns a Service of 1,200 contacts, enough to fill an
// export's buffer several times.
func acc11ExportSource(t *testing.T) *contactkit.Service {
	t.Helper()
	src := accService("FR")
	for i := range 1200 {
		_, err := src.CreateContact(t.Context(), accOwner, contactkit.ContactInput{Patch: contact.Patch{
			FirstName: new(fmt.Sprintf("Person%04d", i)), LastName: new("With a long enough last name to fill the buffer")}})
		require.NoError(t, err)
	}
	return src
}
