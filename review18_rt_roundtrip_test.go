package contactkit_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/list"
)

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

// rv18Seeds is the number of seeds of each random test.
var rv18Seeds = 40

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

// rv18Workspace creates about n random contacts in svc, some blocked, some
// of their addresses unsubscribed, and returns them as stored. An input
// the service refuses is drawn again.
func rv18Workspace(t *testing.T, svc *contactkit.Service, r *rand.Rand, seed uint64, n int) []contact.Contact {
	t.Helper()
	ctx := context.Background()
	acc2CreateFields(t, svc, rv18Defs)
	var out []contact.Contact
	refused := 0
	for i := 0; len(out) < n; i++ {
		in := rv18Input(r, int(seed%1000)*1000+i)
		c, err := svc.CreateContact(ctx, accOwner, in)
		if err != nil {
			refused++
			require.Less(t, refused, 50*n, "too many refused inputs, last: %v", err)
			continue
		}
		for _, e := range c.Emails() {
			if r.IntN(3) == 0 {
				_, err := svc.UnsubscribeAddress(ctx, accOwner, list.ChannelEmail, e.String(), "test")
				require.NoError(t, err)
			}
		}
		for _, p := range c.Phones() {
			for _, ch := range []list.Channel{list.ChannelSMS, list.ChannelWhatsApp} {
				if r.IntN(3) == 0 {
					_, err := svc.UnsubscribeAddress(ctx, accOwner, ch, p.String(), "test")
					require.NoError(t, err)
				}
			}
		}
		if r.IntN(5) == 0 {
			_, err := svc.BlockContact(ctx, accOwner, c.ID, "test")
			require.NoError(t, err)
		}
		c, err = svc.GetContact(ctx, accOwner, c.ID)
		require.NoError(t, err)
		out = append(out, c)
	}
	t.Logf("seed %d: %d inputs refused for %d contacts", seed, refused, n)
	return out
}

// Random contacts of every kind of value (formula characters, delimiters,
// quotes, line breaks and tabs in a textarea, scripts, emoji, values at
// their length limits, custom values of every type, up to six labelled
// emails and phones, blocked contacts, unsubscribed addresses) exported
// as CSV and imported into an empty workspace come back the same, with
// the consent of each address (I6).
func TestReview18RTExportCSVRandomRoundTrip(t *testing.T) {
	for seed := range uint64(rv18Seeds) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			ctx := context.Background()
			r := rand.New(rand.NewPCG(seed, 1818))
			src := accService("FR")
			want := rv18Workspace(t, src, r, seed, 25)

			var out bytes.Buffer
			res, err := src.Export(ctx, accOwner, contactkit.ContactQuery{}, &out, &contactkit.ExportOptions{BOM: seed%2 == 0})
			require.NoError(t, err)
			require.Equal(t, len(want), res.Contacts)

			dst := accService("US")
			acc2CreateFields(t, dst, rv18Defs)
			run := accImport(t, dst, out.Bytes(), "US", nil, nil)
			require.NoError(t, run.err, "seed %d", seed)
			require.Equal(t, len(want), run.res.Created, "seed %d: %s\n%s", seed, run.outcomes(), run.mappingText())
			back := accAll(t, dst, contactkit.ContactQuery{})
			require.Len(t, back, len(want))
			for i := range want {
				rv18Compare(t, fmt.Sprintf("seed %d contact %d", seed, i), want[i], back[i])
				assert.Equal(t, acc2Consents(t, src, want[i]), acc2Consents(t, dst, back[i]), "seed %d: consents of contact %d", seed, i)
			}
		})
	}
}

// rv18Compare reports each part of what an export carries that differs
// between want and got.
func rv18Compare(t *testing.T, what string, want, got contact.Contact) {
	t.Helper()
	w, g := rv18Parts(want), rv18Parts(got)
	for k := range w {
		if w[k] != g[k] {
			t.Errorf("%s: %s:\n want %s\n  got %s", what, k, w[k], g[k])
		}
	}
}

func rv18Parts(c contact.Contact) map[string]string {
	v := acc2ViewOf(c, true)
	out := map[string]string{
		"first": v.First, "last": v.Last, "alias": v.Alias, "email": v.Email + "/" + v.EmailLabel, "phone": v.Phone + "/" + v.PhoneLabel,
		"other emails": fmt.Sprintf("%q", v.OtherEmails), "other phones": fmt.Sprintf("%q", v.OtherPhones), "country": v.Country,
		"language": v.Language, "birthday": v.BirthDate, "city": v.City, "state": v.State, "company": v.Company, "job": v.JobTitle,
		"assignee": string(c.Assignee), "status": string(c.Status), "tags": fmt.Sprintf("%q", v.Tags),
	}
	for _, d := range rv18Defs {
		out["field "+d.Key.String()] = v.Fields[d.Key.String()]
	}
	for k, x := range out {
		out[k] = strconv.Quote(x)
	}
	return out
}

// The same random contacts exported as vCard and imported into an empty
// workspace come back with what a card carries (the Export doc): names,
// labelled emails and phones, company, job title, city, state, country,
// birthday, language, tags and the blocked status.
func TestReview18RTExportVCardRandomRoundTrip(t *testing.T) {
	for seed := range uint64(rv18Seeds) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			ctx := context.Background()
			r := rand.New(rand.NewPCG(seed, 1818))
			src := accService("FR")
			want := rv18Workspace(t, src, r, seed, 25)

			var out bytes.Buffer
			res, err := src.Export(ctx, accOwner, contactkit.ContactQuery{}, &out, &contactkit.ExportOptions{Format: contactkit.ExportVCard})
			require.NoError(t, err)
			require.Equal(t, len(want), res.Contacts)

			dst := accService("US")
			run := accImport(t, dst, out.Bytes(), "US", nil, nil)
			require.NoError(t, run.err, "seed %d", seed)
			require.Equal(t, len(want), run.res.Created, "seed %d: %s\n%s", seed, run.outcomes(), run.mappingText())
			back := accAll(t, dst, contactkit.ContactQuery{})
			require.Len(t, back, len(want))
			for i := range want {
				w, g := want[i], back[i]
				w.Fields, w.Assignee = nil, ""
				rv18Compare(t, fmt.Sprintf("seed %d contact %d", seed, i), w, g)
			}
		})
	}
}

// The random contacts exported as CSV and imported back into their own
// workspace: every row updates its own contact (found by its ID), and
// nothing changes, the consent of each address included.
func TestReview18RTExportCSVIntoItsOwnWorkspace(t *testing.T) {
	for seed := range uint64(rv18Seeds) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			ctx := context.Background()
			r := rand.New(rand.NewPCG(seed, 1919))
			svc := accService("FR")
			want := rv18Workspace(t, svc, r, seed, 25)
			var consents [][]string
			for _, c := range want {
				consents = append(consents, acc2Consents(t, svc, c))
			}
			var out bytes.Buffer
			_, err := svc.Export(ctx, accOwner, contactkit.ContactQuery{}, &out, nil)
			require.NoError(t, err)
			run := accImport(t, svc, out.Bytes(), "US", &contactkit.ImportOptions{BatchSize: 1 + r.IntN(30)}, nil)
			require.NoError(t, run.err, "seed %d", seed)
			require.Equal(t, len(want), run.res.Updated, "seed %d: %s", seed, run.outcomes())
			back := accAll(t, svc, contactkit.ContactQuery{})
			require.Len(t, back, len(want))
			for i := range want {
				require.Equal(t, want[i].ID, back[i].ID)
				rv18Compare(t, fmt.Sprintf("seed %d contact %d", seed, i), want[i], back[i])
				assert.Equal(t, consents[i], acc2Consents(t, svc, back[i]), "seed %d: consents of contact %d", seed, i)
			}
		})
	}
}
