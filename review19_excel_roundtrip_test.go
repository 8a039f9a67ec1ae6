package contactkit_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/charmap"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/internal/fixture"
)

// rv19ExcelSeeds is the number of seeds of each app; two under the race
// detector (a byte order mark on the first, none on the second).
var rv19ExcelSeeds = uint64(6)

// rv19Region is the region of a user of app's locale.
func rv19Region(app rv19App) string {
	if app.locale == "" {
		return "US"
	}
	return app.locale
}

// rv19Given sets the date order and decimal mark a user of app's locale
// picks.
func rv19Given(app rv19App) func(*importer.Mapping) {
	return func(m *importer.Mapping) {
		switch app.locale {
		case "US":
			m.Dates, m.Decimal = field.MonthFirst, field.DecimalPoint
		case "FR", "DE":
			m.Dates, m.Decimal = field.DayFirst, field.DecimalComma
		}
	}
}

// Random workspaces exported as CSV, opened in a spreadsheet app, edited
// (a first name, a phone typed into a contact without one, an unsubscribed
// email marked subscribed again, the rows sorted by last name), saved as
// the app saves CSV, and imported into an empty workspace and back into
// their own, each with the date order and decimal mark the import detects
// and with those the user gives: every row comes back to the same contact,
// the edits applied (but the resubscribe, L4), and a row imported into its
// own workspace writes nothing. A value the app would destroy is saved as
// it was (logged: the user formatted its column as text), and a row that
// Windows-1252 cannot hold is not compared.
func TestReview19ExcelRoundTrip(t *testing.T) {
	seeds := rv19ExcelSeeds
	if fixture.Race {
		seeds = min(seeds, 2)
	}
	for _, app := range rv19Apps {
		for seed := range seeds {
			t.Run(fmt.Sprintf("%s/%d", app.name, seed), func(t *testing.T) {
				ctx := context.Background()
				r := rand.New(rand.NewPCG(seed, 1919))
				region := rv19Region(app)
				src := accService(region)
				want := rv19Workspace(t, src, r, seed, 25, app.win1252)
				var consents [][]string
				for _, c := range want {
					consents = append(consents, acc2Consents(t, src, c))
				}
				var out bytes.Buffer
				_, err := src.Export(ctx, accOwner, contactkit.ContactQuery{}, &out, &contactkit.ExportOptions{BOM: seed%2 == 0})
				require.NoError(t, err)
				rows := rv19Parse(out.Bytes())
				require.Len(t, rows, len(want)+1)
				// The user's edits: a first name, and a phone typed into a
				// contact without one, whose trunk zero the app drops (it
				// keeps the digits as a number); then the rows sorted by
				// last name.
				edited := map[int]bool{}
				k := r.IntN(len(want))
				rows[1+k][0] = "Édith"
				want[k].FirstName = "Édith"
				edited[k] = true
				col := map[string]int{}
				for i, h := range rows[0] {
					col[h] = i
				}
				for k := range want {
					// A contact of no other country: a national number reads in
					// the row's country, and gives its region to a contact
					// without one.
					if want[k].Phone.IsZero() && !edited[k] && (want[k].Country.IsZero() || want[k].Country.String() == region) {
						typed := map[string][2]string{"FR": {"698765432", "+33698765432"}, "DE": {"15123456789", "+4915123456789"},
							"US": {"6502530199", "+16502530199"}, "": {"6502530199", "+16502530199"}}[app.locale]
						rows[1+k][col["Phone 1 - Value"]], rows[1+k][col["Phone 1 - Label"]] = typed[0], "mobile"
						want[k].Phone, want[k].PhoneLabel = contact.MustParsePhone(typed[1], ""), "mobile"
						want[k].Country = contact.MustParseCountry(region)
						edited[k] = true
						break
					}
				}
				// The user resubscribes an unsubscribed email in the file,
				// which an import never does (L4): into its own workspace,
				// the address stays unsubscribed.
				resubscribed := -1
				for k := range want {
					if !edited[k] && rows[1+k][col["Email Consent"]] == "unsubscribed" {
						rows[1+k][col["Email Consent"]] = "subscribed"
						edited[k], resubscribed = true, k
						break
					}
				}
				order := r.Perm(len(want)) // file row j+1 holds contact order[j]
				slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(rows[1+a][1], rows[1+b][1]) })
				sorted := [][]string{rows[0]}
				for _, i := range order {
					sorted = append(sorted, rows[1+i])
				}
				data, kept, lost := app.save(sorted, func(int) bool { return r.IntN(3) == 0 })
				for i, why := range kept {
					t.Logf("row %d: a value the app destroys, kept as text: %s", i, why)
				}
				t.Logf("%d of %d rows compared", len(want)-len(lost), len(want))
				check := func(what string, svc *contactkit.Service, run *accRun, outcome contactkit.ImportOutcome) {
					t.Helper()
					require.NoError(t, run.err, "%s seed %d", what, seed)
					require.Len(t, run.rows, len(want), "%s seed %d: %s", what, seed, run.outcomes())
					for j, x := range run.rows {
						if _, ok := lost[j+1]; ok {
							continue
						}
						i := order[j]
						if !assert.Equal(t, outcome, x.Outcome, "%s seed %d row %d: %+v\n%s", what, seed, j+1, x.Err, run.mappingText()) {
							continue
						}
						got, err := svc.GetContact(ctx, accOwner, x.Contact)
						require.NoError(t, err)
						rv19Compare(t, fmt.Sprintf("%s seed %d contact %d", what, seed, i), want[i], got)
						if edited[i] && !(i == resubscribed && outcome == contactkit.ImportUpdated) {
							continue // a new phone, or an email the file subscribes
						}
						assert.Equal(t, consents[i], acc2Consents(t, svc, got), "%s seed %d: consents of contact %d", what, seed, i)
						if outcome == contactkit.ImportUpdated && !edited[i] {
							assert.Equal(t, want[i].Version, got.Version, "%s seed %d: contact %d written again", what, seed, i)
						}
					}
				}
				dst := accService(region)
				acc2CreateFields(t, dst, rv18Defs)
				run := accImport(t, dst, data, region, nil, nil)
				t.Logf("detected: dates %s (%s), decimal %s (%s)", run.m.Dates, run.m.DatesReason, run.m.Decimal, run.m.DecimalReason)
				check("detected", dst, run, contactkit.ImportCreated)

				dst = accService(region)
				acc2CreateFields(t, dst, rv18Defs)
				check("given", dst, accImport(t, dst, data, region, nil, rv19Given(app)), contactkit.ImportCreated)

				check("own workspace", src, accImport(t, src, data, region, nil, nil), contactkit.ImportUpdated)
				check("own workspace, given", src, accImport(t, src, data, region, nil, rv19Given(app)), contactkit.ImportUpdated)
			})
		}
	}
}

// rv19Workspace is rv18Workspace; with latin, its contacts hold only
// characters of Windows-1252 (other inputs are drawn again), as the
// contacts of a user who saves CSV files in that encoding.
func rv19Workspace(t *testing.T, svc *contactkit.Service, r *rand.Rand, seed uint64, n int, latin bool) []contact.Contact {
	t.Helper()
	if !latin {
		return rv18Workspace(t, svc, r, seed, n)
	}
	enc := charmap.Windows1252.NewEncoder()
	return rv18WorkspaceOf(t, svc, r, seed, n, func(in contactkit.ContactInput) bool {
		b, err := json.Marshal(in)
		require.NoError(t, err)
		_, err = enc.Bytes(b)
		return err == nil
	})
}

// rv19Compare is rv18Compare with values cut short.
func rv19Compare(t *testing.T, what string, want, got contact.Contact) {
	t.Helper()
	w, g := rv18Parts(want), rv18Parts(got)
	short := func(s string) string {
		if len(s) > 120 {
			return s[:120] + "…"
		}
		return s
	}
	for k := range w {
		if w[k] != g[k] {
			t.Errorf("%s: %s:\n want %s\n  got %s", what, k, short(w[k]), short(g[k]))
		}
	}
}
