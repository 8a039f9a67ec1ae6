package pgstore_test

// The review's random round trips (review18_rt_*_test.go of the root
// module) on PostgreSQL: contacts of every kind of value exported from a
// pgstore workspace and imported into another come back the same, and an
// opt-in workspace's defaults stay nobody's choice.

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/internal/fixture"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store/pgstore"
)

var rv18Actor = contactkit.Actor{Workspace: "rv18", User: "owner", Role: contactkit.RoleOwner}

// rv18Defs are the custom fields of the random contacts.
var rv18Defs = fixture.RoundTripDefinitions

// rv18Input builds a random contact input; i makes its addresses unique.
func rv18Input(r *rand.Rand, i int) contactkit.ContactInput { return fixture.RoundTripInput(r, i) }

// rv18Service is a Service on a fresh pgstore schema, with rv18Defs.
func rv18Service(t *testing.T, opts *contactkit.Options) *contactkit.Service {
	t.Helper()
	svc := contactkit.New(pgstore.New(pgstore.NewTestPool(t), nil), opts)
	for _, d := range rv18Defs {
		if _, err := svc.CreateField(context.Background(), rv18Actor, d); err != nil {
			t.Fatalf("field %s: %v", d.Key, err)
		}
	}
	return svc
}

// rv18All returns the contacts of svc, in the order of ListContacts.
func rv18All(t *testing.T, svc *contactkit.Service) []contact.Contact {
	t.Helper()
	var out []contact.Contact
	for c, err := range svc.Contacts(context.Background(), rv18Actor, contactkit.ContactQuery{}) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	return out
}

// rv18Import imports data into svc with the mapping Suggest gives.
func rv18Import(t *testing.T, svc *contactkit.Service, data []byte, opts *contactkit.ImportOptions) (contactkit.ImportResult, []string) {
	t.Helper()
	ctx := context.Background()
	r, err := importer.Open(bytes.NewReader(data), nil)
	if err != nil {
		t.Fatal(err)
	}
	sample, r, err := importer.Sample(r, 50)
	if err != nil {
		t.Fatal(err)
	}
	defs, err := svc.Fields(ctx, rv18Actor)
	if err != nil {
		t.Fatal(err)
	}
	m := importer.Suggest(r.Header(), sample, defs, &importer.MapOptions{Region: "US", Delimiter: importer.DelimiterOf(r)})
	var o contactkit.ImportOptions
	if opts != nil {
		o = *opts
	}
	var rows []string
	o.OnRow = func(x contactkit.ImportRow) {
		if x.Outcome != contactkit.ImportCreated && x.Outcome != contactkit.ImportUpdated {
			rows = append(rows, fmt.Sprintf("line %d %s %s %v", x.Line, x.Outcome, x.Skip, x.Err))
		}
	}
	res, err := svc.Import(ctx, rv18Actor, r, m, &o)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return res, rows
}

// rv18Parts is what an export carries of c, part by part.
func rv18Parts(c contact.Contact, withFields bool) map[string]string {
	var oe, op, tags []string
	for _, o := range c.OtherEmails {
		oe = append(oe, o.Email.String()+"|"+string(o.Label))
	}
	for _, o := range c.OtherPhones {
		op = append(op, o.Phone.String()+"|"+string(o.Label))
	}
	for _, n := range c.Tags {
		tags = append(tags, n.String())
	}
	bday := c.BirthDate.String()
	if c.BirthDate.IsZero() {
		bday = ""
	}
	out := map[string]string{
		"first": c.FirstName, "last": c.LastName, "alias": c.Alias, "email": c.Email.String() + "/" + string(c.EmailLabel),
		"phone": c.Phone.String() + "/" + string(c.PhoneLabel), "other emails": fmt.Sprintf("%q", oe), "other phones": fmt.Sprintf("%q", op),
		"country": c.Country.String(), "language": c.Language.String(), "birthday": bday, "city": c.City, "state": c.State,
		"company": c.Company, "job": c.JobTitle, "status": string(c.Status), "tags": fmt.Sprintf("%q", tags),
	}
	if withFields {
		out["assignee"] = string(c.Assignee)
		for _, d := range rv18Defs {
			if v, ok := c.Fields[d.Key]; ok {
				out["field "+d.Key.String()] = string(v.Type()) + ":" + v.String()
			} else {
				out["field "+d.Key.String()] = ""
			}
		}
	}
	return out
}

func rv18Compare(t *testing.T, what string, want, got contact.Contact, withFields bool) {
	t.Helper()
	w, g := rv18Parts(want, withFields), rv18Parts(got, withFields)
	keys := make([]string, 0, len(w))
	for k := range w {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if w[k] != g[k] {
			t.Errorf("%s: %s:\n want %q\n  got %q", what, k, w[k], g[k])
		}
	}
}

// rv18Consents is the consent of every address of c.
func rv18Consents(t *testing.T, svc *contactkit.Service, c contact.Contact) []string {
	t.Helper()
	var out []string
	check := func(chn list.Channel, addr string) {
		s, err := svc.AddressConsent(context.Background(), rv18Actor, chn, addr)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s %s %s default=%v", chn, addr, s.Status, s.Default))
	}
	for _, e := range c.Emails() {
		check(list.ChannelEmail, e.String())
	}
	for _, p := range c.Phones() {
		check(list.ChannelSMS, p.String())
		check(list.ChannelWhatsApp, p.String())
	}
	slices.Sort(out)
	return out
}

// Random contacts of every kind of value on PostgreSQL, exported as CSV
// and as vCard and imported into an empty pgstore workspace, come back
// with what each format carries, and the CSV with the consent of each
// address (I6); in an opt-in workspace, an address nobody chose for stays
// nobody's choice.
func TestReview18RTPgstoreExportRandomRoundTrip(t *testing.T) {
	for seed := range uint64(6) {
		for _, optIn := range []bool{false, true} {
			t.Run(fmt.Sprintf("%d/optin=%v", seed, optIn), func(t *testing.T) {
				ctx := context.Background()
				opts := &contactkit.Options{DefaultRegion: "FR"}
				if optIn {
					opts.Consent = list.Policy{DefaultConsent: list.ConsentUnsubscribed}
				}
				r := rand.New(rand.NewPCG(seed, 1818))
				src := rv18Service(t, opts)
				var want []contact.Contact
				for i := 0; len(want) < 12; i++ {
					c, err := src.CreateContact(ctx, rv18Actor, rv18Input(r, int(seed)*1000+i))
					if err != nil {
						continue
					}
					for _, e := range c.Emails() {
						if r.IntN(3) == 0 {
							if _, err := src.UnsubscribeAddress(ctx, rv18Actor, list.ChannelEmail, e.String(), "test"); err != nil {
								t.Fatal(err)
							}
						}
					}
					for _, p := range c.Phones() {
						if r.IntN(3) == 0 {
							if _, err := src.UnsubscribeAddress(ctx, rv18Actor, list.ChannelSMS, p.String(), "test"); err != nil {
								t.Fatal(err)
							}
						}
					}
					if r.IntN(5) == 0 {
						if _, err := src.BlockContact(ctx, rv18Actor, c.ID, "test"); err != nil {
							t.Fatal(err)
						}
					}
					if c, err = src.GetContact(ctx, rv18Actor, c.ID); err != nil {
						t.Fatal(err)
					}
					want = append(want, c)
				}
				for _, format := range []contactkit.ExportFormat{contactkit.ExportCSV, contactkit.ExportVCard} {
					var out bytes.Buffer
					if _, err := src.Export(ctx, rv18Actor, contactkit.ContactQuery{}, &out, &contactkit.ExportOptions{Format: format}); err != nil {
						t.Fatal(err)
					}
					dst := rv18Service(t, opts)
					res, rows := rv18Import(t, dst, out.Bytes(), nil)
					if res.Created != len(want) {
						t.Fatalf("seed %d %s: %+v %v", seed, format, res, rows)
					}
					back := rv18All(t, dst)
					for i := range want {
						rv18Compare(t, fmt.Sprintf("seed %d %s contact %d", seed, format, i), want[i], back[i], format == contactkit.ExportCSV)
						if format != contactkit.ExportCSV {
							continue
						}
						if w, g := rv18Consents(t, src, want[i]), rv18Consents(t, dst, back[i]); !slices.Equal(w, g) {
							t.Errorf("seed %d contact %d consents:\n want %q\n  got %q", seed, i, w, g)
						}
					}
				}
			})
		}
	}
}
