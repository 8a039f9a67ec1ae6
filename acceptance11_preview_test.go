package contactkit_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/importer"
)

// acc11Preview previews testdata/acceptance11/name as a host shows it
// before the import: the suggested mapping of region, over a sample.
func acc11Preview(t *testing.T, name, region string) map[string]importer.ColumnPreview {
	t.Helper()
	r, err := importer.Open(bytes.NewReader(acc11File(t, name)), nil)
	require.NoError(t, err)
	sample, r, err := importer.Sample(r, 50)
	require.NoError(t, err)
	svc := accService(region)
	defs, err := svc.Fields(context.Background(), accOwner)
	require.NoError(t, err)
	o := &importer.MapOptions{Region: region}
	m := importer.Suggest(r.Header(), sample, defs, o)
	out := map[string]importer.ColumnPreview{}
	for _, p := range importer.Preview(m, sample, defs, o) {
		out[p.Header] = p
	}
	return out
}

// The preview counts as parsed every sampled value the import reads
// without a problem: the files of these tests import every row, so each
// mapped column's samples all parse.
func TestAcc11PreviewAgreesWithTheImport(t *testing.T) {
	for _, name := range append(acc11Files, "google_outlook.csv", "google_fax.csv", "outlook_softbreak.vcf") {
		region := "FR"
		if strings.HasPrefix(name, "mailchimp") {
			region = "US"
		}
		t.Run(name, func(t *testing.T) {
			for h, p := range acc11Preview(t, name, region) {
				if p.Target.Kind == importer.KindIgnore {
					continue
				}
				assert.Equal(t, len(p.Samples), p.Parsed, "column %q (%s): samples %s", h, p.Target, fmt.Sprintf("%q", p.Samples))
			}
		})
	}
}
