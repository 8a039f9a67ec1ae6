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
)

func acc2Key(s string) field.Key { return field.MustParseKey(s) }

// acc2Defs has a custom field of every type, and fields keyed like the
// standard columns an export writes.
var acc2Defs = []field.Definition{
	{Key: acc2Key("remark"), Label: "Remark", Type: field.TypeText},
	{Key: acc2Key("bio"), Label: "Bio", Type: field.TypeTextarea},
	{Key: acc2Key("score"), Label: "Score", Type: field.TypeNumber},
	{Key: acc2Key("balance"), Label: "Balance", Type: field.TypeMonetary},
	{Key: acc2Key("since"), Label: "Since", Type: field.TypeDate},
	{Key: acc2Key("seen_at"), Label: "Seen at", Type: field.TypeDatetime},
	{Key: acc2Key("vip"), Label: "VIP", Type: field.TypeCheckbox},
	{Key: acc2Key("plan"), Label: "Plan", Type: field.TypeSelect, Options: []field.Option{{Value: "Free"}, {Value: "Pro+"}, {Value: "=Gold"}, {Value: "-Neg", Label: "Negative"}}},
	{Key: acc2Key("interests"), Label: "Interests", Type: field.TypeMultiselect, Options: []field.Option{{Value: "Ski"}, {Value: "Vélo"}, {Value: "@home"}, {Value: "Read: books"}, {Value: "\"Q\""}}},
	{Key: acc2Key("alt_phone"), Label: "Alt phone", Type: field.TypePhone},
	{Key: acc2Key("alt_email"), Label: "Alt email", Type: field.TypeEmail},
	{Key: acc2Key("site"), Label: "Site", Type: field.TypeURL},
}

var (
	acc2Firsts = []string{"Hélène", "D'Angelo", "O'Brien", "Zoë", "José María", "Łukasz", "İlkay", "=Bob", "+Plus", "-Minus", "@At", "'Quote", "''Twice", "Ærøskøbing", "Nguyễn Văn", "김", "Анна", "محمد", "\"Doc\""}
	acc2Lasts  = []string{"Dupré", "d'Arc", "Müller-Lüdenscheidt", "García Márquez", "Straße", "=HYPERLINK(\"x\")", "Smith, Jr.", "Ó Súilleabháin", "l'Hôpital; fils", `back\slash`}
	acc2Labels = []string{"", "home", "work", "mobile", "whatsapp", "other", "bureau d'été", "x: y", "=lbl", "main, old", "école"}
	acc2Tags   = []string{`say "hi"`, "key:value", "a:b:c", "#hash", "*star", "-neg", "=eq", "+plus", "@at", "'apos", "\"quoted\"", "Été 2026", "VIP", "::: google", "semi;colon", `back\slash`, "Ünïcode"}
	// Valid mobile numbers of several countries, with %d filled with a digit.
	acc2Phones = []string{"+33 6 12 34 56 %02d", "+1 650 253 00%02d", "+44 7911 1234%02d", "+49 151 123456%02d", "+81 90 1234 56%02d", "+55 11 98765 43%02d", "+91 98123 456%02d", "+61 412 345 6%02d", "+34 612 345 6%02d", "+39 312 345 67%02d", "+41 78 123 45 %02d", "+86 138 0013 80%02d", "+971 50 123 45%02d", "+52 55 1234 56%02d"}
	acc2Cities = []string{"Saint-Étienne", "München", "Łódź", "İstanbul", "-Town", "=City", "São Paulo", "Zürich; CH"}
)

// acc2RandomInput builds a tricky random contact; i makes its addresses
// unique.
func acc2RandomInput(r *rand.Rand, i int) contactkit.ContactInput {
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	ptr := func(s string) *string { return &s }
	p := contact.Patch{Fields: map[string]string{}}
	if r.IntN(5) != 0 {
		p.FirstName = ptr(pick(acc2Firsts))
	}
	if r.IntN(4) != 0 {
		p.LastName = ptr(pick(acc2Lasts))
	}
	if r.IntN(4) == 0 {
		p.Alias = ptr(pick(acc2Firsts) + " " + pick(acc2Lasts))
	}
	locals := []string{"first.last+%d", "a.b.c+x+%d", "o'brien.%d", "=x%d", "+start%d", "-dash%d", "__u%d", "Üser%d"}
	domains := []string{"example.com", "sub.example.co.uk", "exämple.de", "EXAMPLE.ORG"}
	if r.IntN(6) != 0 {
		p.Email = ptr(fmt.Sprintf(pick(locals), i*10) + "@" + pick(domains))
		p.EmailLabel = ptr(pick(acc2Labels))
		var others []contact.LabeledInput
		for k := range r.IntN(3) {
			others = append(others, contact.LabeledInput{Value: fmt.Sprintf(pick(locals), i*10+k+1) + "@" + pick(domains), Label: pick(acc2Labels)})
		}
		if others != nil {
			p.OtherEmails = &others
		}
	}
	if r.IntN(5) != 0 {
		used := map[int]bool{}
		phone := func() string {
			for {
				k := r.IntN(len(acc2Phones))
				if !used[k] {
					used[k] = true
					return fmt.Sprintf(acc2Phones[k], i%100)
				}
			}
		}
		p.Phone = ptr(phone())
		p.PhoneLabel = ptr(pick(acc2Labels))
		var others []contact.LabeledInput
		for range r.IntN(3) {
			others = append(others, contact.LabeledInput{Value: phone(), Label: pick(acc2Labels)})
		}
		if others != nil {
			p.OtherPhones = &others
		}
	}
	if p.FirstName == nil && p.LastName == nil && p.Email == nil && p.Phone == nil {
		p.Alias = ptr(fmt.Sprintf("Person %d", i))
	}
	opt := func(dst **string, vs ...string) {
		if r.IntN(3) == 0 {
			*dst = ptr(pick(vs))
		}
	}
	opt(&p.Country, "FR", "GB", "DE", "US", "JP", "BR", "CI", "TR")
	opt(&p.Language, "fr", "en-GB", "de", "pt-BR", "zh-Hant-TW", "tr")
	opt(&p.BirthDate, "1985-04-12", "2000-02-29", "1970-01-01", "1904-01-01", "1899-12-30")
	opt(&p.City, acc2Cities...)
	opt(&p.State, "Île-de-France", "Bayern", "=evil", "+state", "'State")
	opt(&p.Company, "Acme, Inc.", "Société Générale", "@corp", "Ben & Jerry's", "AT&T; Labs", `C:\Corp`)
	opt(&p.JobTitle, "CTO", "Développeuse", "-", "VP, Sales", "=1+1")
	f := func(key string, vs ...string) {
		if r.IntN(2) == 0 {
			p.Fields[key] = pick(vs)
		}
	}
	f("remark", "=SUM(A1:A9)", "'quoted", "''twice", "+33 is France", "-1", "@home", "plain, with comma", `say "hi"`, "semi;colon", "colon: yes", `back\slash`)
	f("bio", "line 1\nline 2", "=cmd\n-dash", "tab\there", "a\n\tb\n", "'\n'", "x\r\ny", "Ünïcödé\n\n\nend", "-")
	f("score", "-12.5", "0", "99", "1000.25", "3.14159265358979323846264338", "-0.000001", "123456789012345678901234567890")
	f("balance", "1234.50", "-0.01", "0", "€12,50", "$-3")
	f("since", "2021-06-30", "0001-01-01", "9999-12-31", "1904-01-01")
	f("seen_at", "2024-05-01T10:30:00+02:00", "2024-03-10T02:30:00.123456789Z", "1970-01-01T00:00:00Z", "2024-12-31T23:59:59-12:00")
	f("vip", "yes", "no")
	f("plan", "Free", "Pro+", "=Gold", "-Neg")
	f("interests", "Ski, Vélo", "@home", "Read: books, \"Q\", Ski", "vélo;ski")
	f("alt_phone", "+81 90 1234 5678", "+1 650 253 0000", "06 12 34 56 78")
	f("alt_email", "=a@example.com", "x+y@exämple.de", "-b@example.com")
	f("site", "https://example.com/?a=1,2;b=\"3\"", "http://xn--bcher-kva.de/", "https://example.com/=x")
	var tags []string
	for range r.IntN(5) {
		tags = append(tags, pick(acc2Tags))
	}
	return contactkit.ContactInput{Patch: p, Tags: tags}
}

// acc2Workspace creates n random contacts in svc (with acc2Defs) and
// unsubscribes some of their addresses, primary or not, on every channel.
func acc2Workspace(t *testing.T, svc *contactkit.Service, r *rand.Rand, seed, n int) []contact.Contact {
	t.Helper()
	ctx := context.Background()
	acc2CreateFields(t, svc, acc2Defs)
	var out []contact.Contact
	for i := range n {
		in := acc2RandomInput(r, seed*1000+i)
		c, err := svc.CreateContact(ctx, accOwner, in)
		require.NoError(t, err, "create %+v", in)
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
		c, err = svc.GetContact(ctx, accOwner, c.ID)
		require.NoError(t, err)
		out = append(out, c)
	}
	return out
}

// Export (CSV, with and without a BOM) then import into a fresh workspace
// of another store gives back the same contacts and the consent of every
// address.
func TestAcc2ExportCSVRoundTrip(t *testing.T) {
	for seed := range 12 {
		for _, bom := range []bool{false, true} {
			t.Run(fmt.Sprintf("seed%d/bom=%v", seed, bom), func(t *testing.T) {
				ctx := context.Background()
				r := rand.New(rand.NewPCG(uint64(seed), 77))
				src := accService("FR")
				n := 10 + r.IntN(20)
				want := acc2Workspace(t, src, r, seed, n)

				var out bytes.Buffer
				res, err := src.Export(ctx, accOwner, contactkit.ContactQuery{}, &out, &contactkit.ExportOptions{BOM: bom})
				require.NoError(t, err)
				require.Equal(t, n, res.Contacts)
				if bom {
					require.True(t, bytes.HasPrefix(out.Bytes(), []byte("\xEF\xBB\xBF")), "BOM first")
				}
				require.True(t, utf8.Valid(out.Bytes()))

				// Import into a fresh workspace of another store; the import
				// region differs on purpose: every number is international.
				dst := accService("US")
				acc2CreateFields(t, dst, acc2Defs)
				m, got, rows := acc2Import(t, dst, out.Bytes(), "US", nil)
				require.Equal(t, n, got.Created, "%+v\n%s\n%s\n%s", got, acc2Rows(rows), acc2Mapping(m), out.String())

				back := accAll(t, dst, contactkit.ContactQuery{})
				require.Len(t, back, n)
				for i := range want {
					assert.Equal(t, acc2ViewOf(want[i], true), acc2ViewOf(back[i], true), "contact %d\n%s", i, acc2Mapping(m))
					assert.Equal(t, acc2Consents(t, src, want[i]), acc2Consents(t, dst, back[i]), "consents of contact %d", i)
				}
				if t.Failed() {
					t.Logf("export:\n%s", out.String())
				}
			})
		}
	}
}

// vcardCarried is what a vCard 3.0 export documents that it carries.
func acc2VCardView(c contact.Contact) acc2View {
	v := acc2ViewOf(c, false)
	v.Language = ""
	return v
}

// Export as vCard then import (Open + Suggest + Import) gives back what a
// card carries.
func TestAcc2ExportVCardRoundTrip(t *testing.T) {
	for seed := range 12 {
		t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) {
			ctx := context.Background()
			r := rand.New(rand.NewPCG(uint64(seed), 99))
			src := accService("FR")
			n := 10 + r.IntN(20)
			want := acc2Workspace(t, src, r, seed, n)

			var out bytes.Buffer
			res, err := src.Export(ctx, accOwner, contactkit.ContactQuery{}, &out, &contactkit.ExportOptions{Format: contactkit.ExportVCard})
			require.NoError(t, err)
			require.Equal(t, n, res.Contacts)
			acc2CheckVCardText(t, out.String())

			dst := accService("US")
			m, got, rows := acc2Import(t, dst, out.Bytes(), "US", nil)
			require.Equal(t, n, got.Created, "%+v\n%s\n%s", got, acc2Rows(rows), acc2Mapping(m))
			back := accAll(t, dst, contactkit.ContactQuery{})
			require.Len(t, back, n)
			for i := range want {
				assert.Equal(t, acc2VCardView(want[i]), acc2VCardView(back[i]), "contact %d\n%s", i, acc2Mapping(m))
			}
			if t.Failed() {
				t.Logf("export:\n%s", out.String())
			}
		})
	}
}

// acc2CheckVCardText checks the raw text of a vCard 3.0 file: CRLF line
// ends, physical lines of at most 75 octets, folds never inside a UTF-8
// character, continuation lines starting with one space, every logical
// line a "name[;params]:value" content line, no bare CR or LF, no
// unescaped comma in single-text values (FN, TITLE, X-ABLabel, EMAIL).
func acc2CheckVCardText(t *testing.T, s string) {
	t.Helper()
	require.True(t, strings.HasSuffix(s, "\r\n"), "ends with CRLF")
	body := strings.TrimSuffix(s, "\r\n")
	require.NotContains(t, strings.ReplaceAll(body, "\r\n", ""), "\r", "bare CR")
	require.NotContains(t, strings.ReplaceAll(body, "\r\n", ""), "\n", "bare LF")
	phys := strings.Split(body, "\r\n")
	var logical []string
	for i, l := range phys {
		assert.LessOrEqual(t, len(l), 75, "physical line %d is %d octets: %q", i, len(l), l)
		assert.True(t, utf8.ValidString(l), "physical line %d cut inside a character: %q", i, l)
		if strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t") {
			require.NotEmpty(t, logical, "continuation first")
			logical[len(logical)-1] += l[1:]
			continue
		}
		logical = append(logical, l)
	}
	begins := 0
	for _, l := range logical {
		name, value, ok := strings.Cut(l, ":")
		require.True(t, ok, "content line without a colon: %q", l)
		require.NotEmpty(t, name)
		prop := name
		if i := strings.IndexByte(prop, ';'); i >= 0 {
			prop = prop[:i]
		}
		if i := strings.IndexByte(prop, '.'); i >= 0 {
			prop = prop[i+1:]
		}
		switch strings.ToUpper(prop) {
		case "BEGIN":
			begins++
			assert.Equal(t, "VCARD", value)
		case "FN", "TITLE", "X-ABLABEL", "EMAIL", "TEL", "NICKNAME", "ORG", "N", "ADR", "CATEGORIES":
			acc2CheckEscapes(t, l, value, strings.ToUpper(prop))
		}
	}
	assert.Positive(t, begins)
}

// acc2CheckEscapes checks that value has only the escapes RFC 2426 §4
// allows (\\ \, \; \n \N) and, for a single-valued text property, no
// unescaped comma or semicolon.
func acc2CheckEscapes(t *testing.T, line, value, prop string) {
	t.Helper()
	for i := 0; i < len(value); i++ {
		switch value[i] {
		case '\\':
			if assert.Less(t, i+1, len(value), "trailing backslash: %q", line) {
				assert.Contains(t, `\,;nN`, string(value[i+1]), "bad escape in %q", line)
				i++
			}
		case ',':
			if prop == "FN" || prop == "TITLE" || prop == "X-ABLABEL" || prop == "EMAIL" || prop == "TEL" || prop == "ORG" || prop == "N" || prop == "ADR" {
				t.Errorf("unescaped comma in %s: %q", prop, line)
			}
		case ';':
			if prop != "N" && prop != "ADR" && prop != "ORG" {
				t.Errorf("unescaped semicolon in %s: %q", prop, line)
			}
		}
	}
}

// A vCard of tricky values: long lines of multi-byte characters (folded at
// 75 octets, never inside a character), commas, semicolons, backslashes,
// colons and quotes in every text property, custom labels, tags with
// commas in the middle of their text after tag.Parse. Its raw text is
// checked, and the library's own reader reads it back.
func TestAcc2VCardTrickyValues(t *testing.T) {
	ctx := context.Background()
	svc := accService("FR")
	ptr := func(s string) *string { return &s }
	long := strings.Repeat("é", 40) + strings.Repeat("😀", 10) + strings.Repeat("a", 3) + strings.Repeat("日本", 20)
	inputs := []contactkit.ContactInput{
		{Patch: contact.Patch{FirstName: ptr(long), LastName: ptr(`Semi;colon, comma\back`), Company: ptr("ACME; R&D, Inc."), JobTitle: ptr(`VP, "Sales"; EMEA\`),
			Email: ptr("first.last+tag@example.com"), EmailLabel: ptr("bureau d'été; a, b"),
			Phone: ptr("+81 90 1234 5678"), PhoneLabel: ptr(`x\y: z`), City: ptr("Saint-Étienne, Loire"), State: ptr("Rhône; Alpes"), Country: ptr("FR"), BirthDate: ptr("1904-02-29"),
			Alias: ptr("Al, the \"one\"")},
			Tags: []string{"key:value", `back\slash`, "semi;colon", "Été 2026", strings.Repeat("ü", 60)}},
		{Patch: contact.Patch{Alias: ptr(strings.Repeat("x", 74) + "é" + strings.Repeat("y", 150))}},
		{Patch: contact.Patch{Email: ptr("only@example.com")}},
		{Patch: contact.Patch{Phone: ptr("+1 650 253 0000"), OtherPhones: &[]contact.LabeledInput{{Value: "+44 7911 123456", Label: "whatsapp"}, {Value: "+49 151 12345678", Label: "mobile"}}}},
	}
	var want []contact.Contact
	for _, in := range inputs {
		c, err := svc.CreateContact(ctx, accOwner, in)
		require.NoError(t, err)
		want = append(want, c)
	}
	var out bytes.Buffer
	_, err := svc.Export(ctx, accOwner, contactkit.ContactQuery{}, &out, &contactkit.ExportOptions{Format: contactkit.ExportVCard})
	require.NoError(t, err)
	acc2CheckVCardText(t, out.String())
	t.Logf("card:\n%s", out.String())

	// The library's own reader.
	rd, err := importer.Open(bytes.NewReader(out.Bytes()), nil)
	require.NoError(t, err)
	hdr := rd.Header()
	col := func(name string) int {
		for i, h := range hdr {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %q in %q", name, hdr)
		return -1
	}
	row, err := rd.Next()
	require.NoError(t, err)
	assert.Equal(t, long, row.Cell(col("First Name")))
	assert.Equal(t, `Semi;colon, comma\back`, row.Cell(col("Last Name")))
	assert.Equal(t, "ACME; R&D, Inc.", row.Cell(col("Company")))
	assert.Equal(t, `VP, "Sales"; EMEA\`, row.Cell(col("Job Title")))
	assert.Equal(t, "Saint-Étienne, Loire", row.Cell(col("City")))
	assert.Equal(t, "Al, the \"one\"", row.Cell(col("Nickname")))

	// And through the import, into a fresh workspace.
	dst := accService("FR")
	m, res, rows := acc2Import(t, dst, out.Bytes(), "FR", nil)
	require.Equal(t, len(inputs), res.Created, "%+v\n%s\n%s", res, acc2Rows(rows), acc2Mapping(m))
	back := accAll(t, dst, contactkit.ContactQuery{})
	for i := range want {
		assert.Equal(t, acc2VCardView(want[i]), acc2VCardView(back[i]), "contact %d", i)
	}
}

// The CSV export for spreadsheets: every cell that a spreadsheet would run
// as a formula is protected, whatever the column.
func TestAcc2ExportCSVNoFormulaCell(t *testing.T) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(5, 5))
	src := accService("FR")
	acc2Workspace(t, src, r, 5, 60)
	var out bytes.Buffer
	_, err := src.Export(ctx, accOwner, contactkit.ContactQuery{}, &out, &contactkit.ExportOptions{BOM: true})
	require.NoError(t, err)
	rd, err := importer.NewCSV(bytes.NewReader(out.Bytes()), nil)
	require.NoError(t, err)
	for {
		row, err := rd.Next()
		if err != nil {
			break
		}
		for i, c := range row.Cells {
			if c != "" {
				assert.NotContains(t, "=+-@\t\r", c[:1], "line %d col %s: %q", row.Line, rd.Header()[i], c)
			}
		}
	}
}
