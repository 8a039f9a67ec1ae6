package contactkit_test

// Review of the import: files of vendors' columns in random order and
// delimiter, with the messy values real files hold.

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/importer"
)

// reviewColumns are headers that people's files have, each with values
// that such files hold, messy ones included.
var reviewColumns = []struct {
	header string
	values []string
}{
	{"First Name", []string{"Ann", "  Zoë ", "=cmd", "'+x", "O'Brien", "José\nMaria", "\"Bob\"", "", ""}},
	{"Last Name", []string{"Lee", "Dupré", "-dash", "", "@at"}},
	{"Email", []string{"e1@example.com", "E1@Example.COM", "Ann <e2@example.com>", "mailto:e3@example.com", "e4@example.com;e5@example.com", "bad@", "", "e6@bücher.de", "e6@xn--bcher-kva.de"}},
	{"E-mail 2 - Type", []string{"* Home", "Work", "", "Other", "* "}},
	{"E-mail 2 - Value", []string{"e7@example.com", "e1@example.com", "", "e8@example.com ::: e9@example.com"}},
	{"Phone", []string{"06 12 34 56 78", "+33 6 12 34 56 78", "0033612345678", "612345678", "33612345678", "+1 (415) 555-0132", "12", "", "06 12 34 56 79 ext. 4"}},
	{"Mobile Phone", []string{"07 81 23 45 67", "", "+44 7911 123456", "abc"}},
	{"Phone 2 - Type", []string{"Mobile", "Work Fax", "", "WhatsApp"}},
	{"Phone 2 - Value", []string{"01 45 67 89 10", "", "06 12 34 56 78 ::: 01 45 67 89 11"}},
	{"Country", []string{"France", "FR", "fr", "Belgique", "", "United Kingdom", "Atlantis"}},
	{"Calling Code", []string{"33", "+44", "", "1", "999"}},
	{"Language", []string{"Français", "en-GB", "", "klingon"}},
	{"Birthday", []string{"1980-05-04", "04/05/1980", "31/12/1975", "--04-12", "0/0/00", "", "tomorrow"}},
	{"Labels", []string{"* myContacts ::: Friends", "VIP", "", "* starred"}},
	{"Categories", []string{"Clients;VIP", "", "A, B"}},
	{"Tags", []string{"a, b", "", "x,,y", "Ünïcödé"}},
	{"Email Marketing Status", []string{"Subscribed", "Unsubscribed", "", "cleaned", "pending", "weird"}},
	{"SMS Opt Out", []string{"yes", "no", "", "TRUE"}},
	{"UNSUB_TIME", []string{"2023-01-01 10:00:00", ""}},
	{"Notes", []string{"a note", "", "=HYPERLINK(\"x\")", "line1\r\nline2"}},
	{"Blocked", []string{"yes", "", "no", "maybe"}},
	{"score", []string{"1.5", "1,5", "1 234,5", "", "x", "-3"}},
	{"since", []string{"2024-01-01", "01/02/2024", "", "2024-13-01"}},
	{"plan", []string{"Free", "Pro", "", "Gold"}},
	{"vip", []string{"yes", "no", "true", "", "1"}},
	{"Company", []string{"ACME", "", "Dupont & Fils"}},
	{"Record ID", []string{"123", ""}},
}

var reviewDefs = []field.Definition{
	{Key: field.MustParseKey("score"), Label: "Score", Type: field.TypeNumber},
	{Key: field.MustParseKey("since"), Label: "Since", Type: field.TypeDate},
	{Key: field.MustParseKey("plan"), Label: "Plan", Type: field.TypeSelect, Options: []field.Option{{Value: "Free"}, {Value: "Pro"}}},
	{Key: field.MustParseKey("vip"), Label: "VIP", Type: field.TypeCheckbox},
}

func reviewMessyFile(seed uint64) (string, byte) {
	r := rand.New(rand.NewPCG(seed, 23))
	delim := []byte{',', ';', '\t'}[r.IntN(3)]
	cols := r.Perm(len(reviewColumns))[:3+r.IntN(len(reviewColumns)-3)]
	quote := func(s string) string {
		if strings.ContainsAny(s, ",;\t\"\r\n") || s != strings.TrimSpace(s) {
			return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
		}
		return s
	}
	var b strings.Builder
	for i, c := range cols {
		if i > 0 {
			b.WriteByte(delim)
		}
		b.WriteString(quote(reviewColumns[c].header))
	}
	b.WriteString("\r\n")
	for range 5 + r.IntN(40) {
		for i, c := range cols {
			if i > 0 {
				b.WriteByte(delim)
			}
			vs := reviewColumns[c].values
			b.WriteString(quote(vs[r.IntN(len(vs))]))
		}
		b.WriteString("\r\n")
	}
	return b.String(), delim
}

// TestReviewImportMessyFilesAgree imports random files of vendors'
// columns and messy values, in every mode, for real and as dry runs, with
// two batch sizes: no run panics or errs, the counts add up, the dry runs
// report what the real ones do (their failed-rows files included) and
// leave the workspace as it was, and the batches change nothing.
func TestReviewImportMessyFilesAgree(t *testing.T) {
	ctx := context.Background()
	for seed := range uint64(reviewSeeds) {
		data, _ := reviewMessyFile(seed)
		for _, mode := range []contactkit.ImportMode{contactkit.ImportUpsert, contactkit.ImportCreateOnly, contactkit.ImportUpdateOnly} {
			t.Run(fmt.Sprintf("%d/%s", seed, mode), func(t *testing.T) {
				var want []reviewOutcome
				var wantState, wantFailed string
				for _, bs := range []int{500, 3} {
					for _, dry := range []bool{false, true} {
						svc := reviewWorld(t, seed)
						for _, d := range reviewDefs {
							_, err := svc.CreateField(ctx, accOwner, d)
							require.NoError(t, err)
						}
						before := reviewState(t, svc)
						opts := contactkit.ImportOptions{Mode: mode, BatchSize: bs, DryRun: dry, Workers: 2, UnsubscribeAll: seed%5 == 2}
						_, outs, failed := reviewImportDefs(t, svc, data, opts)
						after := reviewState(t, svc)
						if want == nil {
							want, wantState, wantFailed = outs, after, failed
							continue
						}
						require.Equal(t, want, outs, "batch %d dry %v\n%s", bs, dry, data)
						require.Equal(t, wantFailed, failed, "batch %d dry %v", bs, dry)
						if dry {
							require.Equal(t, before, after, "a dry run writes nothing")
						} else {
							require.Equal(t, wantState, after, "batch %d\n%s", bs, data)
						}
					}
				}
			})
		}
	}
}

func reviewImportDefs(t *testing.T, svc *contactkit.Service, data string, o contactkit.ImportOptions) (contactkit.ImportResult, []reviewOutcome, string) {
	t.Helper()
	r, err := importer.Open(strings.NewReader(data), nil)
	require.NoError(t, err)
	sample, r, err := importer.Sample(r, 50)
	require.NoError(t, err)
	defs, err := svc.Fields(context.Background(), accOwner)
	require.NoError(t, err)
	m := importer.Suggest(r.Header(), sample, defs, &importer.MapOptions{Region: "FR", Delimiter: importer.DelimiterOf(r)})
	return reviewImportWith(t, svc, r, m, o)
}
