package contactkit_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/importer"
)

// A file without a header row imports its first row too, in a dry run as
// in a real one, and its failed rows come back as it was: without a
// header, the reasons in a last column, ready to be fixed and imported
// again.
func TestImportHeaderlessFile(t *testing.T) {
	file := []byte("ann@example.com,+33 6 12 34 56 78\n\nbob@example.com,06 12 34 56 79\nnot-an-address,06 12 34 56 80\ncy@example.com,\n" +
		"di@example.com,\ned@example.com,\nflo@example.com,\n")
	dry := accImport(t, accService("FR"), file, "FR", &contactkit.ImportOptions{DryRun: true}, nil)
	require.NoError(t, dry.err)
	require.True(t, dry.m.Headerless, "the first row is an address: %+v", dry.m.Columns)
	assert.Contains(t, dry.m.HeaderlessReason, `"ann@example.com"`)

	svc := accService("FR")
	run := accImport(t, svc, file, "FR", nil, nil)
	require.NoError(t, run.err)
	assert.Equal(t, contactkit.ImportResult{Rows: 7, Created: 6, Failed: 1, Batches: 1}, run.res)
	dry.res.DryRun = false
	assert.Equal(t, run.res, dry.res, "a dry run says what the real run does")
	var lines []int
	for _, r := range run.rows {
		lines = append(lines, r.Line)
	}
	assert.Equal(t, []int{1, 3, 4, 5, 6, 7, 8}, lines)
	byEmail := map[string]string{}
	for _, c := range accContacts(t, svc) {
		byEmail[c.Email.String()] = c.Phone.String()
	}
	assert.Equal(t, map[string]string{"ann@example.com": "+33612345678", "bob@example.com": "+33612345679", "cy@example.com": "",
		"di@example.com": "", "ed@example.com": "", "flo@example.com": ""}, byEmail)

	failed := run.failed.String()
	rows := strings.Split(strings.TrimPrefix(failed, "\uFEFF"), "\n")
	require.Len(t, rows, 2, failed)
	assert.True(t, strings.HasPrefix(rows[0], "not-an-address,06 12 34 56 80,"), rows[0])

	// Fixed, the failed row imports alone: its file has no header either.
	fixed := strings.Replace(strings.TrimPrefix(failed, "\uFEFF"), "not-an-address", "gus@example.com", 1)
	again := accImport(t, svc, []byte(fixed), "FR", nil, nil)
	require.NoError(t, again.err)
	assert.True(t, again.m.Headerless)
	assert.Equal(t, 1, again.res.Created, again.rows)
}

// A file with a header keeps it, whatever its values: a header Suggest
// knows, or none that is a value of its column.
func TestImportHeaderIsNoRow(t *testing.T) {
	for _, file := range []string{
		"Email,Phone\nann@example.com,0612345678\n",
		"Contact,Numéro\nann@example.com,0612345678\n",
		"ann@example.com,Mobile\nbob@example.com,0612345678\n",
	} {
		m := importer.Suggest(strings.Split(strings.SplitN(file, "\n", 2)[0], ","), nil, nil, &importer.MapOptions{Region: "FR"})
		r, err := importer.Open(strings.NewReader(file), nil)
		require.NoError(t, err)
		sample, _, err := importer.Sample(r, 10)
		require.NoError(t, err)
		m = importer.Suggest(r.Header(), sample, nil, &importer.MapOptions{Region: "FR"})
		assert.False(t, m.Headerless, "%q: %s", file, m.HeaderlessReason)
	}
}

// The problems of a file without a header name no header: the first row is
// a contact's values, which the failed rows' reasons do not quote (the
// failed-rows file would give ann's address with every other row).
func TestImportHeaderlessProblemsNameNoHeader(t *testing.T) {
	file := []byte("ann@example.com,Ann\nbob@example.com,Bob\ncy@example.com,Cy\ndi@example.com,Di\nnot-an-address,Ed\n")
	run := accImport(t, accService("FR"), file, "FR", nil, nil)
	require.NoError(t, run.err)
	require.True(t, run.m.Headerless, run.m.HeaderlessReason)
	require.Len(t, run.rows, 5)
	require.NotNil(t, run.rows[4].Err, "%+v", run.rows[4])
	for _, p := range run.rows[4].Err.Problems {
		assert.Empty(t, p.Header, "%+v", p)
		assert.NotContains(t, p.String(), "ann@example.com")
	}
	failed := run.failed.String()
	assert.NotContains(t, failed, "ann@example.com", "the failed rows hold the first row's address: %q", failed)
}
