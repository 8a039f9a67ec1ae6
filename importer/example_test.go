package importer_test

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/contactkit/contactkit/importer"
)

func Example() {
	file := "Prénom;Nom;Portable;Col 4\n" +
		"Zoé;Martin;06 12 34 56 78;zoe@example.fr\n" +
		"Léo;Petit;'+33 7 00 00 00 01;leo@example.fr\n"
	r, err := importer.Open(strings.NewReader(file), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	sample, r, err := importer.Sample(r, 50)
	if err != nil {
		fmt.Println(err)
		return
	}
	m := importer.Suggest(r.Header(), sample, nil, &importer.MapOptions{Region: "FR", Delimiter: importer.DelimiterOf(r)})
	for _, c := range m.Columns {
		fmt.Printf("%s → %s (%s)\n", c.Header, c.Target, c.Reason)
	}
	if err := m.Validate(nil); err != nil {
		fmt.Println(err)
		return
	}
	for {
		row, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			fmt.Println(err)
			return
		}
		rec := m.Record(row)
		fmt.Printf("line %d: %s %s, phone %s (%s), email %s\n", rec.Line, rec.FirstName.Value, rec.LastName.Value,
			rec.Phones[0].Value, rec.Phones[0].Label, rec.Emails[0].Value)
	}
	// Output:
	// Prénom → first_name (header alias: Prénom)
	// Nom → last_name (header alias: Nom)
	// Portable → phone (mobile) (header alias: Portable)
	// Col 4 → email (100 % of 2 sampled values parse as email addresses)
	// line 2: Zoé Martin, phone 06 12 34 56 78 (mobile), email zoe@example.fr
	// line 3: Léo Petit, phone +33 7 00 00 00 01 (mobile), email leo@example.fr
}

func ExampleWriter() {
	w := importer.NewWriter(os.Stdout, nil)
	_ = w.WriteHeader([]string{"Name", "Phone", "Notes"})
	_ = w.Write([]string{"Ann", "+33612345678", "=HYPERLINK(\"http://evil\")"})
	_ = w.Write([]string{"Bob", "", "'= is how a formula starts"})
	if err := w.Flush(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// Name,Phone,Notes
	// Ann,'+33612345678,"'=HYPERLINK(""http://evil"")"
	// Bob,,''= is how a formula starts
}

func ExampleEscape() {
	for _, s := range []string{"+33612345678", "'=x", "plain"} {
		e := importer.Escape(s)
		fmt.Printf("%q → %q → %q\n", s, e, importer.Unescape(e))
	}
	// Output:
	// "+33612345678" → "'+33612345678" → "+33612345678"
	// "'=x" → "''=x" → "'=x"
	// "plain" → "plain" → "plain"
}
