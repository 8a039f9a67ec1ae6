package contactkit_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/store"
)

// Import refuses options it cannot honour as an invalid input, before any
// row: a default region no phone is read in (each row with a national
// number would fail on its own), a negative batch size or number of
// workers (zero is the default; a negative one said nothing). Import and
// Export refuse a nil reader or writer instead of panicking.
func TestImportAndExportRefuseWhatTheyCannotUse(t *testing.T) {
	file := []byte("Email,Phone\nann@example.com,0612345678\n")
	for name, opts := range map[string]*contactkit.ImportOptions{
		"unknown region":    {DefaultRegion: "ZZ"},
		"region not a code": {DefaultRegion: "France"},
		"negative batch":    {BatchSize: -1},
		"negative workers":  {Workers: -2},
	} {
		t.Run(name, func(t *testing.T) {
			svc := accService("FR")
			run := accImport(t, svc, file, "FR", opts, nil)
			require.ErrorIs(t, run.err, contactkit.ErrInvalidInput)
			page, err := svc.ListContacts(t.Context(), owner, contactkit.ContactQuery{}, store.PageRequest{})
			require.NoError(t, err)
			require.Empty(t, page.Items)
		})
	}
	t.Run("a known region in lower case", func(t *testing.T) {
		svc := accService("")
		run := accImport(t, svc, file, "FR", &contactkit.ImportOptions{DefaultRegion: "fr"}, nil)
		require.NoError(t, run.err)
		require.Equal(t, 1, run.res.Created, run.outcomes())
	})
	t.Run("nil reader", func(t *testing.T) {
		svc := accService("FR")
		_, err := svc.Import(t.Context(), owner, nil, importer.Mapping{}, nil)
		require.ErrorIs(t, err, contactkit.ErrInvalidInput)
	})
	t.Run("nil writer", func(t *testing.T) {
		svc := accService("FR")
		_, err := svc.CreateContact(t.Context(), owner, contactkit.ContactInput{Patch: contact.Patch{Email: new("ann@example.com")}})
		require.NoError(t, err)
		for _, f := range []contactkit.ExportFormat{contactkit.ExportCSV, contactkit.ExportVCard} {
			_, err := svc.Export(t.Context(), owner, contactkit.ContactQuery{}, nil, &contactkit.ExportOptions{Format: f})
			require.ErrorIs(t, err, contactkit.ErrInvalidInput, "%s", f)
		}
		var b bytes.Buffer
		_, err = svc.Export(t.Context(), owner, contactkit.ContactQuery{}, &b, nil)
		require.NoError(t, err)
	})
}

// FindDuplicates and SuggestDuplicates refuse a negative limit, which
// zero's default used to stand for.
func TestDuplicatesRefuseANegativeLimit(t *testing.T) {
	svc := accService("FR")
	_, err := svc.FindDuplicates(t.Context(), owner, &contactkit.DuplicateOptions{Limit: -1})
	require.ErrorIs(t, err, contactkit.ErrInvalidInput)
	var errs []error
	for _, err := range svc.SuggestDuplicates(t.Context(), owner, &contactkit.DuplicateOptions{Limit: -1}) {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	require.ErrorIs(t, errs[0], contactkit.ErrInvalidInput)
	_, err = svc.FindDuplicates(t.Context(), owner, &contactkit.DuplicateOptions{})
	require.NoError(t, err)
}
