package importer_test

import (
	"testing"

	"github.com/contactkit/contactkit/importer"
)

// Preview, as the import reads a failed-rows file without a header row:
// a row's last cell that begins with FailedPrefix is the reasons of a row
// cut short, in a column the mapping reads (the city); the import reads no
// value there, and the preview shows none.
func TestAcceptance15ReviewPreviewHeaderlessReasonsAreNoSample(t *testing.T) {
	rows := []importer.Row{
		{Line: 1, Cells: []string{"zed@example.com", "Zed", "Paris", importer.FailedPrefix + "invalid email"}},
		{Line: 2, Cells: []string{"ann@example.com", "Ann", importer.FailedPrefix + "cell count differs from the header"}},
	}
	m := importer.Mapping{Headerless: true, Columns: []importer.Column{
		{Index: 0, Header: "zed@example.com", Target: importer.Target{Kind: importer.KindEmail}},
		{Index: 1, Header: "Zed", Target: importer.Target{Kind: importer.KindFirstName}},
		{Index: 2, Header: "Paris", Target: importer.Target{Kind: importer.KindCity}},
	}}
	for _, p := range importer.Preview(m, rows[1:], nil, nil) {
		if p.Target.Kind != importer.KindCity {
			continue
		}
		if len(p.Samples) != 1 || p.Samples[0] != "Paris" {
			t.Errorf("the city's samples: %q, want only Paris: the reasons of a failed row are no city", p.Samples)
		}
	}
}
