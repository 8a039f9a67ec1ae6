package importer_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/contactkit/contactkit/importer"
)

// French files name their phones and emails "N° mobile", "Tél. fixe",
// "E-mail pro": each header is known, so that a column is mapped, with its
// label, even when the sampled rows leave it blank (a sparse column that
// values alone would leave out, and its later values with it).
func TestReviewImportFrenchShortHeaders(t *testing.T) {
	phone := func(l string) importer.Target { return importer.Target{Kind: importer.KindPhone, Label: l} }
	email := func(l string) importer.Target { return importer.Target{Kind: importer.KindEmail, Label: l} }
	want := map[string]importer.Target{
		"N° de téléphone": phone(""), "N° tél.": phone(""), "Téléphone 2": phone(""),
		"N° mobile": phone("mobile"), "N° de portable": phone("mobile"), "Numéro portable": phone("mobile"),
		"Tél. fixe": phone("home"), "N° fixe": phone("home"),
		"Tél. bureau": phone("work"), "Téléphone travail": phone("work"),
		"E-mail pro": email("work"), "Mail pro": email("work"), "Courriel pro": email("work"),
		"E-mail perso": email("home"), "Mail perso": email("home"),
	}
	var header []string
	for h := range want {
		header = append(header, h)
	}
	// One sampled row, every cell blank but a name.
	header = append(header, "Prénom")
	cells := make([]string, len(header))
	cells[len(cells)-1] = "Ann"
	m := importer.Suggest(header, []importer.Row{{Line: 2, Cells: cells}}, nil, &importer.MapOptions{Region: "FR"})
	for _, c := range m.Columns {
		if w, ok := want[c.Header]; ok {
			assert.Equal(t, w, c.Target, "%q: %s", c.Header, c.Reason)
		}
	}
	// The headers of a file that has them all, as read.
	r, err := importer.Open(strings.NewReader(strings.Join(header, ";")+"\n"+strings.Join(cells, ";")+"\n"), nil)
	assert.NoError(t, err)
	assert.Equal(t, header, r.Header())
}
