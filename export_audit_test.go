package contactkit_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
)

// auditDefs are custom fields of every type, with awkward option values.
var auditDefs = []field.Definition{
	{Key: field.MustParseKey("t_text"), Label: "Text", Type: field.TypeText},
	{Key: field.MustParseKey("t_area"), Label: "Area", Type: field.TypeTextarea},
	{Key: field.MustParseKey("t_number"), Label: "Number", Type: field.TypeNumber},
	{Key: field.MustParseKey("t_money"), Label: "Money", Type: field.TypeMonetary},
	{Key: field.MustParseKey("t_date"), Label: "Date", Type: field.TypeDate},
	{Key: field.MustParseKey("t_datetime"), Label: "Datetime", Type: field.TypeDatetime},
	{Key: field.MustParseKey("t_check"), Label: "Check", Type: field.TypeCheckbox},
	{Key: field.MustParseKey("t_select"), Label: "Select", Type: field.TypeSelect,
		Options: []field.Option{{Value: "A, B"}, {Value: "=1+1"}, {Value: "Été"}, {Value: "x", Label: "Ex"}}},
	{Key: field.MustParseKey("t_multi"), Label: "Multi", Type: field.TypeMultiselect,
		Options: []field.Option{{Value: "Web"}, {Value: "-Shop"}, {Value: "Ça va"}}},
	{Key: field.MustParseKey("t_phone"), Label: "Phone", Type: field.TypePhone},
	{Key: field.MustParseKey("t_email"), Label: "Email", Type: field.TypeEmail},
	{Key: field.MustParseKey("t_url"), Label: "URL", Type: field.TypeURL},
	// Keys that are also headers of standard columns: Export writes them
	// under the key, and the import must read them back into the field.
	{Key: field.MustParseKey("notes"), Label: "Remarks", Type: field.TypeText},
	{Key: field.MustParseKey("city"), Label: "Home town", Type: field.TypeText},
	{Key: field.MustParseKey("tags"), Label: "Keywords", Type: field.TypeText},
}

var auditValues = map[string][]string{
	"t_text":     {"=SUM(A1)", "+1", "-", "@x", "'quoted", "a,b;c", `say "hi"`, "naïve café", "日本語"},
	"t_area":     {"line 1\nline 2", "=x\n+y", "a\r\nb", "tab\tinside", "@\n@"},
	"t_number":   {"-12.5", "0", "+7", "1000000.125", "-0"},
	"t_money":    {"-0.5", "12", "99.99", "+3.10"},
	"t_date":     {"2024-02-29", "1900-01-01"},
	"t_datetime": {"2026-01-02T03:04:05Z", "2026-01-02T03:04:05.123+02:00", "1999-12-31T23:59:59-08:00"},
	"t_check":    {"yes", "no"},
	"t_select":   {"A, B", "=1+1", "Été", "x"},
	"t_multi":    {"Web, -Shop", "-Shop", "Ça va;Web"},
	"t_phone":    {"+33 6 12 34 56 78", "06 98 76 54 32 ext. 12", "+1 415 555 2671"},
	"t_email":    {"Ann@Example.com", "=x@example.com", "-a@example.com"},
	"t_url":      {"https://example.com/a?b=c,d", "http://ex.example/=x"},
	"notes":      {"call back", "=not a formula"},
	"city":       {"Lyon", "Saint-Étienne"},
	"tags":       {"not, tags", "vip"},
}

// TestExportImportAudit: export then import into an empty workspace gives
// back the same contacts (I6) for custom values of every type, formula-like
// cells, phones with +33 and extensions, labelled secondary addresses, and
// the consent of every address on every channel.
func TestExportImportAudit(t *testing.T) {
	for seed := range uint64(6) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 77))
			h := newHarness(t)
			ctx := t.Context()
			n := 4 + r.IntN(10)
			want := randomWorkspace(t, h, r, seed, n, auditDefs, []contactkit.Actor{owner, other}, func(in *contactkit.ContactInput) {
				in.Patch.Fields = map[string]string{}
				for _, d := range auditDefs {
					if r.IntN(2) == 0 {
						in.Patch.Fields[d.Key.String()] = pickFrom(r, auditValues[d.Key.String()])
					}
				}
			}, func(c contact.Contact) {
				for _, addr := range list.Addresses(&c) {
					if r.IntN(3) == 0 {
						_, err := h.svc.UnsubscribeAddress(ctx, owner, addr.Channel, addr.Value, "audit")
						require.NoError(t, err)
					}
				}
			})
			out, _, got := exportThenImport(t, h)
			require.Equal(t, n, got.Created, "every contact created: %+v\n%s", got, out)

			i := 0
			for c, err := range h.svc.Contacts(ctx, other, contactkit.ContactQuery{}) {
				require.NoError(t, err)
				require.Less(t, i, n)
				assert.Equal(t, exported(want[i]), exported(c), "contact %d\n%s", i, out)
				for _, addr := range list.Addresses(&want[i]) {
					w, err := h.svc.AddressConsent(ctx, owner, addr.Channel, addr.Value)
					require.NoError(t, err)
					g, err := h.svc.AddressConsent(ctx, other, addr.Channel, addr.Value)
					require.NoError(t, err)
					assert.Equal(t, w.Status, g.Status, "contact %d: consent of %s", i, addr)
				}
				i++
			}
			assert.Equal(t, n, i)
		})
	}
}

// TestVCardExportFoldsLongLines: the vCard export is vCard 3.0 (RFC 2425
// §5.8.1): no line is longer than 75 octets, a long line is folded (CRLF
// then a space) without splitting a character, and the import unfolds it
// back to the same values, escapes included.
func TestVCardExportFoldsLongLines(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	first := strings.Repeat("é", 40) + " Ann"
	company := "Acme, Inc.; \\ Forges " + strings.Repeat("日本", 15)
	c := h.create(t, owner, contact.Patch{
		FirstName:   new(first),
		LastName:    new("Lovelace-Byron"),
		Company:     new(company),
		Email:       new("a.very.long.local.part.for.folding.tests@an-example-domain.example.com"),
		OtherEmails: &[]contact.LabeledInput{{Value: "ann@example.org", Label: "Près de Saint-Étienne, été; 日本"}},
	}, "vip")
	var out bytes.Buffer
	_, err := h.svc.Export(ctx, owner, contactkit.ContactQuery{}, &out, &contactkit.ExportOptions{Format: contactkit.ExportVCard})
	require.NoError(t, err)
	text := out.String()
	require.True(t, strings.HasSuffix(text, "\r\n"))
	for _, line := range strings.Split(strings.TrimSuffix(text, "\r\n"), "\r\n") {
		assert.LessOrEqual(t, len(line), 75, "a line of at most 75 octets: %q", line)
		assert.True(t, utf8.ValidString(line), "a fold does not split a character: %q", line)
		assert.NotContains(t, line, "\n", "no bare line break")
	}
	rd, err := importer.Open(bytes.NewReader(out.Bytes()), nil)
	require.NoError(t, err)
	row, err := rd.Next()
	require.NoError(t, err)
	rec := importer.Suggest(rd.Header(), nil, nil, nil).Record(row)
	assert.Equal(t, first, rec.FirstName.Value)
	assert.Equal(t, company, rec.Company.Value)
	require.Len(t, rec.Emails, 2)
	assert.Equal(t, c.Email.String(), rec.Emails[0].Value)
	assert.Equal(t, string(c.OtherEmails[0].Label), rec.Emails[1].Label)
}

// TestExportImportConsentPerAddress: the consent of every address, primary
// and secondary, email, sms and whatsapp, each unsubscribed or not on its
// own, survives an export and an import (I6, L3): the imported workspace's
// ledger agrees address by address with the exported one, whether the
// import creates the contacts or updates contacts that held only one of
// their addresses (the row's other addresses then become secondary ones),
// and an address already unsubscribed there stays so (L4).
func TestExportImportConsentPerAddress(t *testing.T) {
	for seed := range uint64(6) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 91))
			h := newHarness(t)
			ctx := t.Context()
			n := 6 + r.IntN(10)
			want := map[list.Address]list.ConsentStatus{}
			var exported []contact.Contact
			for i := range n {
				p := contact.Patch{}
				if r.IntN(5) != 0 {
					p.Email = new(fmt.Sprintf("c%d.e0@example.com", i))
					var others []contact.LabeledInput
					for k := range r.IntN(3) {
						others = append(others, contact.LabeledInput{Value: fmt.Sprintf("c%d.e%d@example.net", i, k+1), Label: pickFrom(r, labels)})
					}
					if others != nil {
						p.OtherEmails = &others
					}
				}
				if p.Email == nil || r.IntN(4) != 0 {
					p.Phone = new(fmt.Sprintf("+33 6 %02d %02d %02d 00", seed, i, 10))
					var others []contact.LabeledInput
					for k := range r.IntN(3) {
						others = append(others, contact.LabeledInput{Value: fmt.Sprintf("+33 6 %02d %02d %02d 00", seed, i, 11+k), Label: pickFrom(r, labels)})
					}
					if others != nil {
						p.OtherPhones = &others
					}
				}
				c := h.create(t, owner, p)
				for _, addr := range list.Addresses(&c) {
					want[addr] = list.ConsentSubscribed
					if r.IntN(2) == 0 {
						_, err := h.svc.UnsubscribeAddress(ctx, owner, addr.Channel, addr.Value, "audit")
						require.NoError(t, err)
						want[addr] = list.ConsentUnsubscribed
					}
				}
				exported = append(exported, c)
				// Some contacts exist in the other workspace with one of
				// their addresses, sometimes unsubscribed there already.
				if r.IntN(3) == 0 {
					addrs := list.Addresses(&c)
					one := pickFrom(r, addrs)
					q := contact.Patch{}
					if one.Channel == list.ChannelEmail {
						q.Email = new(one.Value)
					} else {
						q.Phone = new(one.Value)
					}
					h.create(t, other, q)
					if r.IntN(2) == 0 {
						_, err := h.svc.UnsubscribeAddress(ctx, other, one.Channel, one.Value, "before")
						require.NoError(t, err)
						want[one] = list.ConsentUnsubscribed
					}
				}
			}
			out, _, got := exportThenImport(t, h)
			require.Equal(t, n, got.Created+got.Updated, "every row created or updated: %+v\n%s", got, out)

			for _, c := range exported {
				for _, addr := range list.Addresses(&c) {
					g, err := h.svc.AddressConsent(ctx, other, addr.Channel, addr.Value)
					require.NoError(t, err)
					assert.Equal(t, want[addr], g.Status, "consent of %s\n%s", addr, out)
				}
			}
			// The ledgers hold the same unsubscribes.
			unsubscribed := func(a contactkit.Actor) []string {
				var out []string
				for e, err := range h.svc.ConsentLedger(ctx, a, "") {
					require.NoError(t, err)
					if e.Status == list.ConsentUnsubscribed {
						out = append(out, e.Address.String())
					}
				}
				return out
			}
			var wantUnsub []string
			for addr, st := range want {
				if st == list.ConsentUnsubscribed {
					wantUnsub = append(wantUnsub, addr.String())
				}
			}
			assert.ElementsMatch(t, wantUnsub, unsubscribed(other), "\n%s", out)
		})
	}
}

// viewHook is a store that calls hook before its n-th View.
type viewHook struct {
	store.Store
	n, views int
	hook     func()
}

func (v *viewHook) View(ctx context.Context, fn func(store.Tx) error) error {
	if v.views++; v.views == v.n {
		v.hook()
	}
	return v.Store.View(ctx, fn)
}

// TestExportRefusesAContactGrownMeanwhile: a contact that gets more phones
// than the export's columns between its two readings stops the export
// with ErrConflict (it used to panic, or write its consent in the wrong
// columns), and a second export writes it whole.
func TestExportRefusesAContactGrownMeanwhile(t *testing.T) {
	ctx := t.Context()
	mem := memstore.New()
	vh := &viewHook{Store: mem, n: 2}
	svc := contactkit.New(vh, &contactkit.Options{DefaultRegion: "FR"})
	ada, err := svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada"),
		Email: new("ada@example.com"), Phone: new("06 12 34 56 78")}})
	require.NoError(t, err)
	vh.views = 0
	vh.hook = func() {
		others := []contact.LabeledInput{{Value: "06 12 34 56 79"}, {Value: "06 12 34 56 80"}}
		_, err := svc.UpdateContact(ctx, owner, ada.ID, contact.Patch{OtherPhones: &others})
		require.NoError(t, err)
	}
	var out bytes.Buffer
	res, err := svc.Export(ctx, owner, contactkit.ContactQuery{}, &out, nil)
	require.ErrorIs(t, err, contactkit.ErrConflict)
	assert.Zero(t, res.Contacts)
	assert.True(t, strings.HasPrefix(out.String(), "First Name,"), "what was written before the conflict reached w: %q", out.String())

	out.Reset()
	res, err = svc.Export(ctx, owner, contactkit.ContactQuery{}, &out, nil)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Contacts)
	assert.Contains(t, out.String(), "Phone 3 - Value")
	assert.Contains(t, out.String(), "+33612345680")
}
