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
	"strings"
	"testing"
	"unicode"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store/pgstore"
)

var rv18Actor = contactkit.Actor{Workspace: "rv18", User: "owner", Role: contactkit.RoleOwner}

// rv18Pieces are the bits random values are made of: formula characters,
// CSV and vCard delimiters, quotes, backslashes, whitespace of every kind,
// scripts written right to left, combining marks, emoji sequences.
var rv18Pieces = []string{
	"a", "Z", "0", "9", " ", "  ", ",", ";", ":", "\"", "'", "''", "\\", "=", "+", "-", "@", "(", ")", "#", "*", "%", "/",
	"é", "ß", "İ", "ı", "Ω", "日本", "김", "Анна", "محمد", "שלום", "ไทย", "😀", "👩‍👩‍👧", "🇫🇷", "e\u0301", "Å", "ﬁ", "\u00a0",
	"&", "<", ">", "?", "!", "~", "`", "^", "|", "{", "}", "[", "]", "$", "€",
}

// rv18Lines are the bits that only multi-line values hold.
var rv18Lines = []string{"\n", "\r\n", "\t", "\n\n", " \n"}

// rv18Str returns a random value of at most n characters, made of pieces;
// lines adds line breaks and tabs.
func rv18Str(r *rand.Rand, n int, lines bool) string {
	var b strings.Builder
	count := 0
	for count < n {
		var p string
		if lines && r.IntN(6) == 0 {
			p = rv18Lines[r.IntN(len(rv18Lines))]
		} else {
			p = rv18Pieces[r.IntN(len(rv18Pieces))]
		}
		if count+len([]rune(p)) > n {
			break
		}
		b.WriteString(p)
		count += len([]rune(p))
		if r.IntN(n+1) < 3 {
			break
		}
	}
	return b.String()
}

// rv18Len picks a length: mostly short, sometimes at the limit.
func rv18Len(r *rand.Rand, limit int) int {
	switch r.IntN(6) {
	case 0:
		return limit
	case 1:
		return 1 + r.IntN(limit)
	default:
		return 1 + r.IntN(min(limit, 20))
	}
}

var rv18Defs = []field.Definition{
	{Key: field.MustParseKey("t"), Label: "T", Type: field.TypeText},
	{Key: field.MustParseKey("ta"), Label: "TA", Type: field.TypeTextarea},
	{Key: field.MustParseKey("n"), Label: "N", Type: field.TypeNumber},
	{Key: field.MustParseKey("m"), Label: "M", Type: field.TypeMonetary},
	{Key: field.MustParseKey("d"), Label: "D", Type: field.TypeDate},
	{Key: field.MustParseKey("dt"), Label: "DT", Type: field.TypeDatetime},
	{Key: field.MustParseKey("cb"), Label: "CB", Type: field.TypeCheckbox},
	{Key: field.MustParseKey("sel"), Label: "Sel", Type: field.TypeSelect, Options: []field.Option{
		{Value: "One"}, {Value: "=Two"}, {Value: "'three"}, {Value: "Quatre, cinq"}, {Value: "日本"}, {Value: "-"}, {Value: "😀"}}},
	{Key: field.MustParseKey("ms"), Label: "MS", Type: field.TypeMultiselect, Options: []field.Option{
		{Value: "One"}, {Value: "=Two"}, {Value: "'three"}, {Value: "日本"}, {Value: "+"}, {Value: "😀"}, {Value: "\"q\""}}},
	{Key: field.MustParseKey("ph"), Label: "PH", Type: field.TypePhone},
	{Key: field.MustParseKey("em"), Label: "EM", Type: field.TypeEmail},
	{Key: field.MustParseKey("url"), Label: "URL", Type: field.TypeURL},
}

var rv18Phones = []string{"+33 6 12 34 56 %02d", "+1 650 253 00%02d", "+44 7911 1234%02d", "+49 151 123456%02d", "+81 90 1234 56%02d",
	"+55 11 98765 43%02d", "+91 98123 456%02d", "+61 412 345 6%02d", "+34 612 345 6%02d", "+86 138 0013 80%02d", "+971 50 123 45%02d",
	"+33 1 42 68 53 %02d", "+7 912 345 67 %02d", "+20 100 123 45%02d", "+82 10 1234 56%02d", "+234 802 123 45%02d"}

// rv18Input builds a random contact input; i makes its addresses unique.
func rv18Input(r *rand.Rand, i int) contactkit.ContactInput {
	str := func(limit int) *string { s := rv18Str(r, rv18Len(r, limit), false); return &s }
	p := contact.Patch{Fields: map[string]string{}}
	if r.IntN(4) != 0 {
		p.FirstName = str(contact.MaxNameLen)
	}
	if r.IntN(4) != 0 {
		p.LastName = str(contact.MaxNameLen)
	}
	if r.IntN(4) == 0 {
		p.Alias = str(contact.MaxNameLen)
	}
	label := func() string {
		switch r.IntN(4) {
		case 0:
			return ""
		case 1:
			return []string{"home", "work", "mobile", "whatsapp", "other", "Home", "WORK", "fax", "cell", "main"}[r.IntN(10)]
		default:
			// A label that starts with "*": see TestReview18RTStarLabels.
			return strings.TrimLeft(rv18Str(r, rv18Len(r, contact.MaxLabelLen), false), "* \u00a0")
		}
	}
	locals := []string{"a%d", "first.last+%d", "o'brien%d", "=x%d", "-d%d", "Üser%d", "x_%d", "%d"}
	domains := []string{"example.com", "exämple.de", "例え.jp", "EXAMPLE.ORG", "sub.example.co.uk"}
	email := func(k int) string {
		return fmt.Sprintf(locals[r.IntN(len(locals))], i*100+k) + "@" + domains[r.IntN(len(domains))]
	}
	if r.IntN(5) != 0 {
		p.Email = new(email(0))
		l := label()
		p.EmailLabel = &l
		if r.IntN(2) == 0 {
			var others []contact.LabeledInput
			for k := range r.IntN(5) {
				others = append(others, contact.LabeledInput{Value: email(k + 1), Label: label()})
			}
			p.OtherEmails = &others
		}
	}
	if r.IntN(5) != 0 {
		order := r.Perm(len(rv18Phones))
		phone := func(k int) string { return fmt.Sprintf(rv18Phones[order[k]], i%100) }
		p.Phone = new(phone(0))
		l := label()
		p.PhoneLabel = &l
		if r.IntN(2) == 0 {
			var others []contact.LabeledInput
			for k := range r.IntN(5) {
				others = append(others, contact.LabeledInput{Value: phone(k + 1), Label: label()})
			}
			p.OtherPhones = &others
		}
	}
	opt := func(dst **string, vs ...string) {
		if r.IntN(3) == 0 {
			*dst = new(vs[r.IntN(len(vs))])
		}
	}
	opt(&p.Country, "FR", "GB", "DE", "US", "JP", "BR", "CI", "TR", "XK", "AX", "KR", "EG")
	opt(&p.Language, "fr", "en-GB", "de", "pt-BR", "zh-Hant-TW", "tr", "sr-Latn", "es-419", "ja", "ar", "und", "gsw", "fr-CA")
	opt(&p.BirthDate, "1985-04-12", "2000-02-29", "1970-01-01", "1904-01-01", "1899-12-30", "0001-01-01", "2024-12-31")
	if r.IntN(3) == 0 {
		p.City = str(contact.MaxTextLen)
	}
	if r.IntN(3) == 0 {
		p.State = str(contact.MaxTextLen)
	}
	if r.IntN(3) == 0 {
		p.Company = str(contact.MaxTextLen)
	}
	if r.IntN(3) == 0 {
		p.JobTitle = str(contact.MaxTextLen)
	}
	if r.IntN(3) == 0 {
		// Surrounding spaces: see TestReview18RTAssigneeSpaces.
		u := contact.UserID(strings.TrimFunc("u"+rv18Str(r, 1+r.IntN(30), false)+"u", unicode.IsSpace))
		p.Assignee = &u
	}
	f := func(key string, vs ...string) {
		if r.IntN(2) == 0 {
			p.Fields[key] = vs[r.IntN(len(vs))]
		}
	}
	if r.IntN(2) == 0 {
		p.Fields["t"] = rv18Str(r, rv18Len(r, field.MaxTextLen), false)
	}
	if r.IntN(2) == 0 {
		p.Fields["ta"] = rv18Str(r, rv18Len(r, field.MaxTextareaLen), true)
	}
	f("n", "-12.5", "0", "99", "1e3", "3.14159265358979323846264338", "-0.000001", "123456789012345678901234567890", "0.1", "-0", "1,5")
	f("m", "1234.50", "-0.01", "0", "12.345", "99999999999999.99", "-7")
	f("d", "2021-06-30", "0001-01-01", "9999-12-31", "1904-01-01", "1900-02-28")
	f("dt", "2024-05-01T10:30:00+02:00", "2024-03-10T02:30:00.123456789Z", "1970-01-01T00:00:00Z", "2024-12-31T23:59:59-12:00",
		"0001-01-01T00:00:00Z", "2024-06-30T23:59:60Z", "2024-01-01T00:00:00+14:00")
	f("cb", "yes", "no", "true", "false")
	f("sel", "One", "=Two", "'three", "Quatre, cinq", "日本", "-", "😀")
	f("ms", "One, =Two", "'three", "日本, 😀, +", "\"q\", One", "+")
	f("ph", "+81 90 1234 5678", "+1 650 253 0000", "+33 6 12 34 56 78", "+44 20 7946 0000")
	f("em", "=a@example.com", "x+y@exämple.de", "-b@example.com", "'q@example.com")
	f("url", "https://example.com/?a=1,2;b=\"3\"", "http://xn--bcher-kva.de/", "https://example.com/=x", "https://例え.jp/パス?q=日本#frag")
	var tags []string
	for range r.IntN(6) {
		tags = append(tags, rv18Str(r, rv18Len(r, 30), false))
	}
	return contactkit.ContactInput{Patch: p, Tags: tags}
}

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
