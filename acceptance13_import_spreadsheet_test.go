package contactkit_test

// Acceptance tests of the thirteenth round: an export opened and saved by
// a spreadsheet (Excel in France and in the United States, LibreOffice,
// Numbers, Google Sheets) and imported again, into a fresh workspace and
// into the one it came from. What comes back must equal what went out
// (I6), or fail with a clear typed per-row error: never silently differ.

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/list"
)

// acc13Defs has a custom field of every type (F2); acc13Workspace hides
// the option "Legacy" once a contact holds it.
var acc13Defs = []field.Definition{
	{Key: acc2Key("remark"), Label: "Remark", Type: field.TypeText},
	{Key: acc2Key("bio"), Label: "Bio", Type: field.TypeTextarea},
	{Key: acc2Key("score"), Label: "Score", Type: field.TypeNumber},
	{Key: acc2Key("balance"), Label: "Balance", Type: field.TypeMonetary},
	{Key: acc2Key("since"), Label: "Since", Type: field.TypeDate},
	{Key: acc2Key("seen_at"), Label: "Seen at", Type: field.TypeDatetime},
	{Key: acc2Key("vip"), Label: "VIP", Type: field.TypeCheckbox},
	{Key: acc2Key("plan"), Label: "Plan", Type: field.TypeSelect, Options: []field.Option{{Value: "Free"}, {Value: "Pro"}, {Value: "Legacy"}}},
	{Key: acc2Key("interests"), Label: "Interests", Type: field.TypeMultiselect, Options: []field.Option{{Value: "Ski"}, {Value: "Vélo"}, {Value: "Œnologie"}}},
	{Key: acc2Key("alt_phone"), Label: "Alt phone", Type: field.TypePhone},
	{Key: acc2Key("alt_email"), Label: "Alt email", Type: field.TypeEmail},
	{Key: acc2Key("site"), Label: "Site", Type: field.TypeURL},
}

// acc13 values: all of them written in Windows-1252 (€, Œ, Š, ž are in it
// and not in Latin-1), so that every variant can carry them.
var (
	acc13Firsts  = []string{"Hélène", "Œdipe", "Šárka", "Zoë", "François", "Ærø", "O'Brien", "=Bob", "-Minus", "+Plus", "@At", "'Quote", "José María", "Ann"}
	acc13Lasts   = []string{"Dupré", "d'Arc", "Müller-Lüdenscheidt", "Smith, Jr.", "l'Hôpital; fils", "Žižek", "Lee"}
	acc13Labels  = []string{"", "home", "work", "mobile", "whatsapp", "other", "bureau"}
	acc13Tags    = []string{"VIP", "€uro", "Été 2026", "-neg", "=eq", "key:value", "semi;colon"}
	acc13Phones  = []string{"+33 6 12 34 56 %02d", "+1 650 253 00%02d", "+44 7911 1234%02d", "+49 151 123456%02d", "+34 612 345 6%02d", "+39 312 345 67%02d", "+41 78 123 45 %02d", "+32 470 12 34 %02d"}
	acc13Cities  = []string{"Saint-Étienne", "Zürich", "Köln", "-Town", "São Paulo"}
	acc13Domains = []string{"example.com", "sub.example.co.uk", "example.org"}
)

// acc13Input builds a random contact; i makes its addresses unique.
func acc13Input(r *rand.Rand, i int) contactkit.ContactInput {
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	ptr := func(s string) *string { return &s }
	p := contact.Patch{Fields: map[string]string{}}
	p.FirstName = ptr(pick(acc13Firsts))
	if r.IntN(4) != 0 {
		p.LastName = ptr(pick(acc13Lasts))
	}
	if r.IntN(5) == 0 {
		p.Alias = ptr(pick(acc13Firsts))
	}
	if r.IntN(6) != 0 {
		p.Email = ptr(fmt.Sprintf("person.%d@%s", i*10, pick(acc13Domains)))
		p.EmailLabel = ptr(pick(acc13Labels))
		var others []contact.LabeledInput
		for k := range r.IntN(3) {
			others = append(others, contact.LabeledInput{Value: fmt.Sprintf("p%d.alt@%s", i*10+k+1, pick(acc13Domains)), Label: pick(acc13Labels)})
		}
		if others != nil {
			p.OtherEmails = &others
		}
	}
	if r.IntN(5) != 0 || p.Email == nil {
		used := map[int]bool{}
		phone := func() string {
			for {
				k := r.IntN(len(acc13Phones))
				if !used[k] {
					used[k] = true
					return fmt.Sprintf(acc13Phones[k], i%100)
				}
			}
		}
		p.Phone = ptr(phone())
		p.PhoneLabel = ptr(pick(acc13Labels))
		var others []contact.LabeledInput
		for range r.IntN(3) {
			others = append(others, contact.LabeledInput{Value: phone(), Label: pick(acc13Labels)})
		}
		if others != nil {
			p.OtherPhones = &others
		}
	}
	opt := func(dst **string, vs ...string) {
		if r.IntN(3) == 0 {
			*dst = ptr(pick(vs))
		}
	}
	opt(&p.Country, "FR", "GB", "DE", "US", "ES", "CH")
	opt(&p.Language, "fr", "en-GB", "de", "pt-BR")
	opt(&p.BirthDate, "1985-04-12", "2000-02-29", "1970-01-01", "1999-12-31", "1992-07-04", "1975-05-22", "--05-22", "--12-03")
	opt(&p.City, acc13Cities...)
	opt(&p.State, "Île-de-France", "Bayern", "+state")
	opt(&p.Company, "Acme, Inc.", "Société Générale", "@corp", "Ben & Jerry's")
	opt(&p.JobTitle, "CTO", "Développeuse", "-", "VP, Sales")
	f := func(key string, vs ...string) {
		if r.IntN(2) == 0 {
			p.Fields[key] = pick(vs)
		}
	}
	f("remark", "=SUM(A1:A9)", "'quoted", "+33 is France", "-1", "plain, with comma", `say "hi"`, "semi;colon", "€ 5")
	f("bio", "line 1\nline 2", "=cmd\n-dash", "a\n\tb", "Ünïcödé\n\nend")
	// "1.234" and "-1.234": read with the file's decimal mark, the second
	// kept as text by a sheet (TestAcceptance13ImportExcelDecimalCommaOfThreeDigits).
	f("score", "-12.5", "0", "99", "1000.25", "0.001", "1.234", "-1.234")
	f("balance", "1234.50", "-0.01", "0", "12.3")
	f("since", "2021-06-30", "2020-01-15", "1999-11-02")
	f("seen_at", "2024-05-01T10:30:00+02:00", "1970-01-01T00:00:00Z", "2024-12-31T23:59:59-12:00")
	f("vip", "yes", "no")
	f("plan", "Free", "Pro")
	f("interests", "Ski, Vélo", "Œnologie", "Vélo")
	f("alt_phone", "+81 90 1234 5678", "+1 650 253 0000", "+33 6 12 34 56 78")
	f("alt_email", "a@example.com", "-b@example.com")
	f("site", "https://example.com/?a=1,2;b=3", "https://example.com/=x")
	var tags []string
	for range r.IntN(4) {
		tags = append(tags, pick(acc13Tags))
	}
	return contactkit.ContactInput{Patch: p, Tags: tags}
}

// acc13Workspace makes n random contacts in svc, which has acc13Defs and the
// lists named in lists: some join lists (some unsubscribed from one), some
// addresses are unsubscribed, some contacts blocked, one holds the hidden
// option of "plan".
func acc13Workspace(t *testing.T, svc *contactkit.Service, r *rand.Rand, seed, n int) []contact.Contact {
	t.Helper()
	ctx := context.Background()
	acc2CreateFields(t, svc, acc13Defs)
	var lists []list.ID
	for _, name := range []string{"Newsletter", "Clients"} {
		l, err := svc.CreateList(ctx, accOwner, list.List{Name: name})
		require.NoError(t, err)
		lists = append(lists, l.ID)
	}
	var out []contact.Contact
	for i := range n {
		in := acc13Input(r, seed*1000+i)
		if i == 0 {
			in.Patch.Fields["plan"] = "Legacy" // hidden below
		}
		c, err := svc.CreateContact(ctx, accOwner, in)
		require.NoError(t, err, "create %+v", in)
		for _, id := range lists {
			if r.IntN(2) == 0 {
				_, err := svc.AddToList(ctx, accOwner, id, c.ID)
				require.NoError(t, err)
				if r.IntN(3) == 0 {
					_, err := svc.UnsubscribeFromList(ctx, accOwner, id, c.ID, "test")
					require.NoError(t, err)
				}
			}
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
		out = append(out, c)
	}
	acc13HideLegacy(t, svc)
	for i, c := range out {
		c, err := svc.GetContact(ctx, accOwner, c.ID)
		require.NoError(t, err)
		out[i] = c
	}
	return out
}

// acc13HideLegacy hides the option "Legacy" of the field "plan".
func acc13HideLegacy(t *testing.T, svc *contactkit.Service) {
	t.Helper()
	defs, err := svc.Fields(context.Background(), accOwner)
	require.NoError(t, err)
	for _, d := range defs {
		if d.Key.String() == "plan" {
			d.Options = slices.Clone(d.Options)
			for i := range d.Options {
				d.Options[i].Hidden = d.Options[i].Value == "Legacy"
			}
			_, err := svc.UpdateField(context.Background(), accOwner, d)
			require.NoError(t, err)
		}
	}
}

// acc13Sheet is what a spreadsheet does to a CSV file it opens and saves.
type acc13Sheet struct {
	name     string
	delim    string
	crlf     bool
	quoteAll bool   // every cell quoted (LibreOffice's "quote all text cells")
	encoding string // "utf-8", "utf-8-bom", "windows-1252", "utf-16le-bom"
	trailing int    // empty columns added to every row, the header too
	region   string // the workspace's region (and the sheet's)
	// cell rewrites a cell as the sheet displays then saves it; header
	// says the column.
	cell func(header, v string) string
	// row, if set, rewrites the cells of a row before cell.
	row func(header, cells []string) []string
}

var acc13ISODate = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})$`)

// acc13Dates rewrites ISO dates as the sheet's locale writes them:
// dd/mm/yyyy (dayFirst) or m/d/yyyy.
func acc13Dates(dayFirst bool) func(string, string) string {
	return func(_, v string) string {
		m := acc13ISODate.FindStringSubmatch(v)
		if m == nil {
			return v
		}
		if dayFirst {
			return m[3] + "/" + m[2] + "/" + m[1]
		}
		return strings.TrimLeft(m[2], "0") + "/" + strings.TrimLeft(m[3], "0") + "/" + m[1]
	}
}

var acc13Number = regexp.MustCompile(`^-?\d+(\.\d+)?$`)

// acc13ExcelFR is Excel in French: dates day first, decimal comma,
// amounts without their trailing zeros, checkboxes VRAI/FAUX.
func acc13ExcelFR(h, v string) string {
	v = acc13Dates(true)(h, v)
	switch {
	case v == "true":
		return "VRAI"
	case v == "false":
		return "FAUX"
	case acc13Number.MatchString(v) && strings.Contains(v, "."):
		v = strings.TrimRight(strings.TrimRight(v, "0"), ".")
		return strings.Replace(v, ".", ",", 1)
	}
	return v
}

// acc13ExcelUS is Excel in the United States: dates month first, amounts
// without their trailing zeros, checkboxes TRUE/FALSE.
func acc13ExcelUS(h, v string) string {
	v = acc13Dates(false)(h, v)
	switch {
	case v == "true" || v == "false":
		return strings.ToUpper(v)
	case acc13Number.MatchString(v) && strings.Contains(v, "."):
		return strings.TrimRight(strings.TrimRight(v, "0"), ".")
	}
	return v
}

var acc13Sheets = []acc13Sheet{
	{name: "excel-fr", delim: ";", crlf: true, encoding: "windows-1252", region: "FR", cell: acc13ExcelFR},
	{name: "excel-us", delim: ",", crlf: true, encoding: "windows-1252", region: "US", cell: acc13ExcelUS},
	{name: "excel-unicode-text", delim: "\t", crlf: true, encoding: "utf-16le-bom", region: "FR"},
	{name: "excel-utf8", delim: ";", crlf: true, encoding: "utf-8-bom", trailing: 3, region: "FR", cell: acc13ExcelFR},
	{name: "libreoffice", delim: ",", quoteAll: true, encoding: "utf-8", region: "FR"},
	{name: "numbers", delim: ",", encoding: "utf-8", trailing: 2, region: "US", cell: acc13ExcelUS},
	{name: "google-sheets", delim: ",", crlf: true, encoding: "utf-8", region: "FR", cell: acc13Dates(false)},
	// Google Sheets takes the apostrophe before a cell for its own mark of
	// text, and saves the text without it.
	{name: "google-sheets-no-apostrophe", delim: ",", crlf: true, encoding: "utf-8", region: "US", cell: func(_, v string) string {
		return strings.TrimPrefix(v, "'")
	}},
	// A sheet that read the phones as numbers: "+33612345601" saved as
	// 33612345601, those of the row's country (or the workspace's, for a
	// row without one). A number of another country whose digits read as
	// a national number of the row's too is left out: such a cell fails its
	// row as ambiguous (TestAcceptance13ImportPlusDroppedAcrossCountries).
	{name: "phones-as-numbers", delim: ",", encoding: "utf-8", region: "FR", row: func(header, cells []string) []string {
		country := "FR"
		if i := slices.Index(header, "Country"); cells[i] != "" {
			country = cells[i]
		}
		code := map[string]string{"FR": "33", "GB": "44", "DE": "49", "US": "1", "ES": "34", "CH": "41", "IT": "39", "BE": "32"}[country]
		out := slices.Clone(cells)
		for i, h := range header {
			if strings.HasPrefix(h, "Phone ") && strings.HasSuffix(h, " - Value") || h == "alt_phone" {
				if code != "" && strings.HasPrefix(cells[i], "'+"+code) {
					out[i] = strings.TrimPrefix(cells[i], "'+")
				}
			}
		}
		return out
	}},
}

// save writes header and rows (raw cells, as the file held them) as the
// sheet saves them.
func (s acc13Sheet) save(t *testing.T, header []string, rows [][]string) []byte {
	t.Helper()
	var b strings.Builder
	end := "\n"
	if s.crlf {
		end = "\r\n"
	}
	line := func(cells []string, isHeader bool) {
		for i, c := range cells {
			if i > 0 {
				b.WriteString(s.delim)
			}
			if !isHeader && s.cell != nil {
				c = s.cell(header[i], c)
			}
			if s.crlf {
				// Excel writes line breaks inside cells as it holds them: LF.
				c = strings.ReplaceAll(c, "\r\n", "\n")
			}
			if s.quoteAll && c != "" || strings.ContainsAny(c, s.delim+"\"\r\n") {
				c = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
			}
			b.WriteString(c)
		}
		b.WriteString(strings.Repeat(s.delim, s.trailing))
		b.WriteString(end)
	}
	line(header, true)
	for _, r := range rows {
		if s.row != nil {
			r = s.row(header, r)
		}
		line(r, false)
	}
	text := b.String()
	switch s.encoding {
	case "utf-8":
		return []byte(text)
	case "utf-8-bom":
		return append([]byte("\xEF\xBB\xBF"), text...)
	case "windows-1252":
		out, err := charmap.Windows1252.NewEncoder().String(text)
		require.NoError(t, err, "every value is written in Windows-1252")
		return []byte(out)
	case "utf-16le-bom":
		out, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(text)
		require.NoError(t, err)
		return []byte(out)
	}
	t.Fatalf("encoding %s", s.encoding)
	return nil
}

// acc13Cells reads an export into its header and raw cells.
func acc13Cells(t *testing.T, data []byte) ([]string, [][]string) {
	t.Helper()
	r, err := importer.Open(bytes.NewReader(data), nil)
	require.NoError(t, err)
	header := slices.Clone(r.Header())
	var rows [][]string
	for {
		row, err := r.Next()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		rows = append(rows, row.Cells)
	}
	return header, rows
}

// acc13Full is what an export carries of a contact: acc2View, its blocked
// status and its assignee.
func acc13Full(c contact.Contact) string {
	return fmt.Sprintf("%+v blocked=%v assignee=%q", acc2ViewOf(c, true), c.Blocked(), c.Assignee)
}

// Export, the file opened and saved by a spreadsheet, then imported into a
// fresh workspace (of the sheet's region) and into the workspace it came
// from: the same contacts, the same consent of every address, and the
// second import changes nothing.
func TestAcceptance13ImportSpreadsheetRoundTrip(t *testing.T) {
	for _, sheet := range acc13Sheets {
		for seed := range 6 {
			t.Run(fmt.Sprintf("%s/seed%d", sheet.name, seed), func(t *testing.T) {
				ctx := context.Background()
				r := rand.New(rand.NewPCG(uint64(seed), 1313))
				src := accService(sheet.region)
				n := 8 + r.IntN(12)
				want := acc13Workspace(t, src, r, seed, n)
				var out bytes.Buffer
				_, err := src.Export(ctx, accOwner, contactkit.ContactQuery{}, &out, nil)
				require.NoError(t, err)
				header, rows := acc13Cells(t, out.Bytes())
				saved := sheet.save(t, header, rows)

				// A fresh workspace.
				dst := accService(sheet.region)
				acc2CreateFields(t, dst, acc13Defs)
				acc13HideLegacy(t, dst)
				run := accImport(t, dst, saved, sheet.region, nil, nil)
				require.NoError(t, run.err)
				require.Equal(t, n, run.res.Created, "%s\n%s\nsaved:\n%s", run.outcomes(), run.mappingText(), saved)
				back := accContacts(t, dst)
				require.Len(t, back, n)
				for i := range want {
					assert.Equal(t, acc13Full(want[i]), acc13Full(back[i]), "contact %d\n%s", i, run.mappingText())
					assert.Equal(t, acc2Consents(t, src, want[i]), acc2Consents(t, dst, back[i]), "consents of contact %d", i)
				}

				// The workspace it came from: every row updates its
				// contact, and changes nothing.
				again := accImport(t, src, saved, sheet.region, nil, nil)
				require.NoError(t, again.err)
				require.Equal(t, n, again.res.Updated, again.outcomes())
				now := accContacts(t, src)
				require.Len(t, now, n)
				for i := range want {
					assert.Equal(t, acc13Full(want[i]), acc13Full(now[i]), "contact %d updated by its own export", i)
					assert.Equal(t, acc2Consents(t, dst, back[i]), acc2Consents(t, src, now[i]), "consents of contact %d", i)
				}
				if t.Failed() || testing.Verbose() && seed == 0 {
					t.Logf("saved:\n%s", saved)
				}
			})
		}
	}
}

// acc13XLSX saves header and rows (raw cells of an export) as Excel saves
// a CSV it opened as a workbook: ISO dates become date serials in Excel's
// short date format, numbers numbers, true and false booleans, every other
// cell a string as the CSV held it (the formula-protection apostrophe
// included: Excel reads it as text of the CSV).
func acc13XLSX(t *testing.T, header []string, rows [][]string) []byte {
	t.Helper()
	col := func(i int) string {
		s := ""
		for i++; i > 0; i = (i - 1) / 26 {
			s = string(rune('A'+(i-1)%26)) + s
		}
		return s
	}
	esc := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\"", "&quot;").Replace
	var b strings.Builder
	line := func(r int, cells []string, typed bool) {
		fmt.Fprintf(&b, `<row r="%d">`, r)
		for i, c := range cells {
			ref := fmt.Sprintf("%s%d", col(i), r)
			switch m := acc13ISODate.FindStringSubmatch(c); {
			case c == "":
			case typed && m != nil:
				d, err := time.Parse("2006-01-02", c)
				require.NoError(t, err)
				serial := int(d.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24)
				fmt.Fprintf(&b, `<c r="%s" s="1"><v>%d</v></c>`, ref, serial)
			case typed && acc13Number.MatchString(c) && len(strings.TrimLeft(c, "-")) < 15:
				fmt.Fprintf(&b, `<c r="%s"><v>%s</v></c>`, ref, c)
			case typed && (c == "true" || c == "false"):
				v := "0"
				if c == "true" {
					v = "1"
				}
				fmt.Fprintf(&b, `<c r="%s" t="b"><v>%s</v></c>`, ref, v)
			default:
				fmt.Fprintf(&b, `<c r="%s" t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>`, ref, esc(c))
			}
		}
		b.WriteString(`</row>`)
	}
	line(1, header, false)
	for i, r := range rows {
		line(i+2, r, true)
	}
	return acc2Build(t, acc2Book{sheets: []acc2Sheet{{name: "export", part: "worksheets/sheet1.xml", rows: b.String()}}})
}

// The export opened in Excel and saved as a workbook (xlsx), imported into
// a fresh workspace: the same contacts and consent.
func TestAcceptance13ImportSpreadsheetRoundTripXLSX(t *testing.T) {
	for seed := range 6 {
		t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) {
			ctx := context.Background()
			r := rand.New(rand.NewPCG(uint64(seed), 1313))
			src := accService("FR")
			n := 8 + r.IntN(12)
			want := acc13Workspace(t, src, r, seed, n)
			var out bytes.Buffer
			_, err := src.Export(ctx, accOwner, contactkit.ContactQuery{}, &out, nil)
			require.NoError(t, err)
			header, rows := acc13Cells(t, out.Bytes())
			book := acc13XLSX(t, header, rows)

			dst := accService("FR")
			acc2CreateFields(t, dst, acc13Defs)
			acc13HideLegacy(t, dst)
			run := accImport(t, dst, book, "FR", nil, nil)
			require.NoError(t, run.err)
			require.Equal(t, n, run.res.Created, "%s\n%s", run.outcomes(), run.mappingText())
			back := accContacts(t, dst)
			require.Len(t, back, n)
			for i := range want {
				assert.Equal(t, acc13Full(want[i]), acc13Full(back[i]), "contact %d\n%s", i, run.mappingText())
				assert.Equal(t, acc2Consents(t, src, want[i]), acc2Consents(t, dst, back[i]), "consents of contact %d", i)
			}
		})
	}
}
