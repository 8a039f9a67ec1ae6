// Command import imports the files people really bring: a Google Contacts
// export and an Outlook export (Windows-1252, as Outlook writes it), both in
// testdata. For each it prints the suggested mapping with the reason of
// each column, the dry run's summary, then the real run's summary and the
// failed rows, as a CSV the user can fix and import again. An address that
// sent STOP before the import stays unsubscribed: an import
// never resubscribes.
//
//	go run ./examples/import
package main

import (
	"bytes"
	"context"
	"embed"
	"encoding/binary"
	"fmt"
	"io"
	"log"
	"os"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store/memstore"
)

// exports holds the two exports, so that the program runs from any
// directory.
//
//go:embed testdata/google.csv testdata/outlook.csv
var exports embed.FS

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, w io.Writer) error {
	// A fixed clock and numbered IDs keep the output the same on every run.
	now := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	var seq uint64
	svc := contactkit.New(memstore.New(), &contactkit.Options{
		Now: func() time.Time { return now },
		NewID: func() (uuid.UUID, error) {
			seq++
			id := uuid.MustParse("01936a00-0000-7000-8000-000000000000")
			binary.BigEndian.PutUint32(id[12:], uint32(seq))
			return id, nil
		},
		DefaultRegion: "FR", // national numbers without a country column are French
	})
	owner := contactkit.Actor{Workspace: "acme", User: "u-alice", Role: contactkit.RoleOwner}

	leads, err := svc.CreateList(ctx, owner, list.List{Name: "Trade fair leads"})
	if err != nil {
		return err
	}
	// François asked by email not to be mailed, before anyone imported
	// him.
	if _, err := svc.UnsubscribeAddress(ctx, owner, list.ChannelEmail, "f.lefevre@boulangerie-lefevre.fr", "asked by email"); err != nil {
		return err
	}

	for _, file := range []string{"google.csv", "outlook.csv"} {
		if err := importFile(ctx, w, svc, owner, file, leads.ID); err != nil {
			return err
		}
	}

	fmt.Fprintln(w, "\n== The workspace after both imports")
	for c, err := range svc.Contacts(ctx, owner, contactkit.ContactQuery{}) {
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%-18s emails %v phones %v tags %v\n", c.DisplayName(), addresses(c.Emails()), addresses(c.Phones()), c.Tags)
	}
	consent, err := svc.AddressConsent(ctx, owner, list.ChannelEmail, "f.lefevre@boulangerie-lefevre.fr")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "f.lefevre@boulangerie-lefevre.fr is %s (%s): the import did not resubscribe it\n", consent.Status, consent.Changed.Reason)
	return nil
}

func importFile(ctx context.Context, w io.Writer, svc *contactkit.Service, owner contactkit.Actor, name string, lst list.ID) error {
	data, err := exports.ReadFile("testdata/" + name)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n== %s\n", name)
	defs, err := svc.Fields(ctx, owner)
	if err != nil {
		return err
	}
	encoding := ""
	open := func() (importer.Reader, []importer.Row, error) {
		r, err := importer.Open(bytes.NewReader(data), nil)
		if err != nil {
			return nil, nil, err
		}
		if csv, ok := r.(*importer.CSVReader); ok && encoding == "" {
			encoding = string(csv.Encoding())
		}
		sample, r, err := importer.Sample(r, 50)
		return r, sample, err
	}
	r, sample, err := open()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "encoding: %s\n", encoding)
	m := importer.Suggest(r.Header(), sample, defs, &importer.MapOptions{Region: "FR", Delimiter: importer.DelimiterOf(r)})
	fmt.Fprintln(w, "mapping (the columns that are imported):")
	for _, c := range m.Columns {
		if c.Target.Kind != importer.KindIgnore {
			fmt.Fprintf(w, "  %-24s → %-18s %s\n", c.Header, c.Target, c.Reason)
		}
	}
	for _, why := range []string{m.DatesReason, m.DecimalReason} {
		if why != "" {
			fmt.Fprintf(w, "  %s\n", why)
		}
	}

	opts := &contactkit.ImportOptions{Lists: []list.ID{lst}, Tags: []string{"import " + strings.TrimSuffix(name, ".csv")}, DryRun: true}
	dry, err := svc.Import(ctx, owner, r, m, opts)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "dry run:  %s\n", summary(dry))

	r, _, err = open()
	if err != nil {
		return err
	}
	var failed bytes.Buffer
	opts.DryRun, opts.Failed = false, &failed
	opts.OnRow = func(row contactkit.ImportRow) {
		switch row.Outcome {
		case contactkit.ImportSkipped:
			fmt.Fprintf(w, "  line %d skipped: %s", row.Line, row.Skip)
			if row.DuplicateOf > 0 {
				fmt.Fprintf(w, " (line %d)", row.DuplicateOf)
			}
			fmt.Fprintln(w)
		case contactkit.ImportFailed:
			for _, p := range row.Err.Problems {
				fmt.Fprintf(w, "  line %d failed: %s\n", row.Line, p)
			}
		}
	}
	res, err := svc.Import(ctx, owner, r, m, opts)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "real run: %s\n", summary(res))
	if res.Failed > 0 {
		fmt.Fprintln(w, "failed rows to fix and import again (the columns with values, and the error):")
		fr, err := importer.Open(&failed, nil)
		if err != nil {
			return err
		}
		h := fr.Header()
		for {
			row, err := fr.Next()
			if err == io.EOF {
				break
			} else if err != nil {
				return err
			}
			var cells []string
			for i, v := range row.Cells {
				if v != "" {
					cells = append(cells, h[i]+"="+importer.Unescape(v))
				}
			}
			fmt.Fprintf(w, "  %s\n", strings.Join(cells, " | "))
		}
	}
	return nil
}

func summary(r contactkit.ImportResult) string {
	return fmt.Sprintf("%d rows: %d created, %d updated, %d skipped (%d duplicates), %d failed",
		r.Rows, r.Created, r.Updated, r.Skipped, r.SkippedDuplicates, r.Failed)
}

func addresses[T interface{ String() string }](s []T) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = v.String()
	}
	return out
}
