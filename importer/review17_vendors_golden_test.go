package importer_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/importer"
)

// review17Golden holds the suggested mapping of every vendor file of the
// acceptance test data (CSV and vCard), as Suggest made it before the
// Shopify, Klaviyo and Brevo headers were added: adding a vendor changes no
// column of another's. REVIEW17_UPDATE=1 writes it anew.
const review17Golden = "testdata/review17_vendor_mappings.golden"

func TestReviewVendorsExistingMappingsUnchanged(t *testing.T) {
	var files []string
	for _, dir := range []string{"acceptance", "acceptance11", "acceptance13", "acceptance3"} {
		for _, ext := range []string{"*.csv", "*.vcf"} {
			m, err := filepath.Glob(filepath.Join("..", "testdata", dir, ext))
			require.NoError(t, err)
			files = append(files, m...)
		}
	}
	slices.Sort(files)
	require.NotEmpty(t, files)
	var b strings.Builder
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		r, err := importer.Open(bytes.NewReader(data), nil)
		require.NoError(t, err, f)
		sample, _, err := importer.Sample(r, 50)
		require.NoError(t, err, f)
		m := importer.Suggest(r.Header(), sample, nil, &importer.MapOptions{Region: "FR"})
		name := filepath.ToSlash(strings.TrimPrefix(f, filepath.Join("..", "testdata")+string(filepath.Separator)))
		for _, c := range m.Columns {
			fmt.Fprintf(&b, "%s\t%q\t%s/%d/%s/%s\t%s\n", name, c.Header, c.Target.Kind, c.Target.Slot, c.Target.Label, c.Target.Field, c.Reason)
		}
	}
	if os.Getenv("REVIEW17_UPDATE") != "" {
		require.NoError(t, os.WriteFile(review17Golden, []byte(b.String()), 0o644))
	}
	want, err := os.ReadFile(review17Golden)
	require.NoError(t, err)
	assert.Equal(t, string(want), b.String())
}
