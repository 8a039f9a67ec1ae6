package importer_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/importer"
)

// vcardRows reads data and returns each row as header → cell, blank cells
// left out.
func vcardRows(t *testing.T, data string, opts *importer.Options) ([]map[string]string, []importer.Row, []error) {
	t.Helper()
	r, err := importer.Open(strings.NewReader(data), opts)
	require.NoError(t, err)
	_, ok := r.(*importer.VCardReader)
	require.True(t, ok, "sniffed as vCard")
	rows, errs := readAll(t, r)
	var out []map[string]string
	for _, row := range rows {
		m := map[string]string{}
		for i, c := range row.Cells {
			if c != "" {
				m[r.Header()[i]] = c
			}
		}
		out = append(out, m)
	}
	return out, rows, errs
}

func TestVCard21QuotedPrintable(t *testing.T) {
	data := "\r\nBEGIN:VCARD\r\n" +
		"VERSION:2.1\r\n" +
		"N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=B6rg;;Dr.;\r\n" +
		"FN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:J=F6rg M=FCller\r\n" +
		"TEL;CELL;PREF:+49 151 2345678\r\n" +
		"TEL;HOME;VOICE:030 1234567\r\n" +
		"EMAIL;INTERNET;WORK:joerg@example.de\r\n" +
		"NOTE;ENCODING=QUOTED-PRINTABLE:First line=0D=0Asecond line is long and soft=\r\n" +
		"-broken here\r\n" +
		"ADR;HOME:;;Hauptstr. 1;Berlin;BE;10115;Germany\r\n" +
		"PHOTO;ENCODING=BASE64;TYPE=JPEG:\r\n" +
		" /9j/4AAQSkZJRgABAQEASABIAAD\r\n" +
		" /2wBDAAMCAgMCAgMDAwMEAwMEBQgFBQQEBQoH\r\n" +
		"\r\n" +
		"END:VCARD\r\n"
	cards, rows, errs := vcardRows(t, data, nil)
	require.Len(t, cards, 1)
	assert.NoError(t, errs[0])
	assert.Equal(t, 2, rows[0].Line, "the line of BEGIN:VCARD")
	assert.Equal(t, map[string]string{
		"Formatted Name": "Jörg Müller", "First Name": "Jörg", "Last Name": "Müller", "Name Prefix": "Dr.",
		"Phone 1": "+49 151 2345678", "Phone 1 Label": "mobile",
		"Phone 2": "030 1234567", "Phone 2 Label": "home",
		"Email 1": "joerg@example.de", "Email 1 Label": "work",
		"Notes":  "First line\r\nsecond line is long and soft-broken here",
		"Street": "Hauptstr. 1", "City": "Berlin", "Region": "BE", "Postal Code": "10115", "Country": "Germany",
	}, cards[0])
}

func TestVCard30(t *testing.T) {
	data := "BEGIN:VCARD\n" +
		"VERSION:3.0\n" +
		"N:Dupont;Marie-Hélène;;;\n" +
		"FN:Marie-Hélène Dupont\n" +
		"ORG:ACME\\, Inc.;Ventes\n" +
		"TITLE:Directrice commerciale\n" +
		"EMAIL;TYPE=INTERNET,HOME,pref:mh@example.fr\n" +
		"item1.TEL;type=CELL:+33 6 12 34 56 78\n" +
		"item1.X-ABLabel:WhatsApp\n" +
		"item2.TEL:+33 1 23 45 67 89\n" +
		"item2.X-ABLabel:_$!<Work>!$_\n" +
		"TEL;TYPE=x-Bureau:+33 4 00 00 00 00\n" +
		"ADR;TYPE=WORK:;;1 rue de la Paix;Paris;Île-de-France;75002;France\n" +
		"ADR;TYPE=HOME,PREF:;;2 place Bellecour;Lyon;;69002;France\n" +
		"BDAY:1980-07-14\n" +
		"NOTE:Rencontrée au salon\\; à rappeler\\nen septembre. Ligne pliée \n" +
		" ici.\n" +
		"CATEGORIES:Clients,VIP\\, or\n" +
		"END:VCARD\n" +
		"BEGIN:VCARD\n" +
		"VERSION:3.0\n" +
		"FN:Second\n" +
		"END:VCARD\n"
	cards, _, errs := vcardRows(t, data, nil)
	require.Len(t, cards, 2)
	assert.NoError(t, errs[0])
	assert.Equal(t, map[string]string{
		"Formatted Name": "Marie-Hélène Dupont", "First Name": "Marie-Hélène", "Last Name": "Dupont",
		"Company": "ACME, Inc.", "Department": "Ventes", "Job Title": "Directrice commerciale",
		"Email 1": "mh@example.fr", "Email 1 Label": "home",
		"Phone 1": "+33 6 12 34 56 78", "Phone 1 Label": "whatsapp",
		"Phone 2": "+33 1 23 45 67 89", "Phone 2 Label": "work",
		"Phone 3": "+33 4 00 00 00 00", "Phone 3 Label": "work",
		"Street": "2 place Bellecour", "City": "Lyon", "Postal Code": "69002", "Country": "France",
		"Birthday":   "1980-07-14",
		"Notes":      "Rencontrée au salon; à rappeler\nen septembre. Ligne pliée ici.",
		"Categories": "Clients, VIP, or",
	}, cards[0])
	assert.Equal(t, map[string]string{"Formatted Name": "Second", "Nickname": "Second"}, cards[1], "a card named by FN alone: its FN is its alias")
}

func TestVCard40(t *testing.T) {
	data := "BEGIN:VCARD\r\n" +
		"VERSION:4.0\r\n" +
		"FN:Ann Lee\r\n" +
		"N:Lee;Ann;;;\r\n" +
		"TEL;VALUE=uri;TYPE=\"voice,cell\";PREF=1:tel:+1-555-555-0100\r\n" +
		"TEL;VALUE=uri;TYPE=work:tel:+1-555-555-0199;ext=12\r\n" +
		"EMAIL;TYPE=work:ann@example.com\r\n" +
		"LANG;PREF=1:en-US\r\n" +
		"BDAY:19850412\r\n" +
		"ADR;TYPE=home;LABEL=\"1 Main St\\nSpringfield\":;;1 Main St;Springfield;IL;62701;USA\r\n" +
		"END:VCARD\r\n" +
		"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:No year\r\nBDAY:--0412\r\nEND:VCARD\r\n"
	cards, _, _ := vcardRows(t, data, nil)
	require.Len(t, cards, 2)
	assert.Equal(t, map[string]string{
		"Formatted Name": "Ann Lee", "First Name": "Ann", "Last Name": "Lee",
		"Phone 1": "+1-555-555-0100", "Phone 1 Label": "mobile",
		"Phone 2": "+1-555-555-0199;ext=12", "Phone 2 Label": "work",
		"Email 1": "ann@example.com", "Email 1 Label": "work",
		"Language": "en-US", "Birthday": "1985-04-12",
		"Street": "1 Main St", "City": "Springfield", "Region": "IL", "Postal Code": "62701", "Country": "USA",
	}, cards[0])
	assert.Equal(t, "--04-12", cards[1]["Birthday"], "a day without a year")
}

func TestVCardSlotsAndTruncation(t *testing.T) {
	var b strings.Builder
	b.WriteString("BEGIN:VCARD\nVERSION:3.0\nFN:Many\n")
	for range 4 {
		b.WriteString("TEL:+33612345678\n")
	}
	b.WriteString("END:VCARD\nBEGIN:VCARD\nFN:Cut\n")
	cards, _, errs := vcardRows(t, b.String(), &importer.Options{VCardSlots: 2})
	require.Len(t, cards, 2)
	assert.ErrorIs(t, errs[0], importer.ErrLimit)
	assert.Equal(t, "+33612345678", cards[0]["Phone 2"])
	assert.ErrorIs(t, errs[1], importer.ErrMalformed, "a card without END:VCARD")
	assert.Equal(t, "Cut", cards[1]["Formatted Name"])
}

func TestVCardMapping(t *testing.T) {
	header := importer.VCardHeader(2)
	m := importer.Suggest(header, nil, nil, nil)
	require.NoError(t, m.Validate(nil))
	got := map[string]string{}
	for _, c := range m.Columns {
		got[c.Header] = c.Target.String()
	}
	assert.Equal(t, map[string]string{
		"Formatted Name": "ignore", "First Name": "first_name", "Middle Name": "ignore", "Last Name": "last_name",
		"Name Prefix": "ignore", "Name Suffix": "ignore", "Nickname": "alias", "Company": "company", "Department": "ignore",
		"Job Title": "job_title", "Email 1": "email 1", "Email 1 Label": "email_label 1", "Email 2": "email 2",
		"Email 2 Label": "email_label 2", "Phone 1": "phone 1", "Phone 1 Label": "phone_label 1", "Phone 2": "phone 2",
		"Phone 2 Label": "phone_label 2", "Street": "ignore", "City": "city", "Region": "state", "Postal Code": "ignore",
		"Country": "country", "Birthday": "birth_date", "Notes": "notes", "Language": "language", "Categories": "tags", "Blocked": "blocked",
		"contactkit ID": "contact_id",
	}, got)
}

// A UID of the form contactkit writes a contact's ID, "urn:uuid:" and a
// UUID, is the "contactkit ID"; an application's own key is skipped, not
// a bad ID of the row.
func TestVCardUID(t *testing.T) {
	for uid, want := range map[string]string{
		"urn:uuid:0190a000-0000-7000-8000-000000000001":  "0190a000-0000-7000-8000-000000000001",
		"URN:UUID:0190A000-0000-7000-8000-000000000001 ": "0190a000-0000-7000-8000-000000000001",
		"urn:uuid:":                            "",
		"urn:uuid:not-a-uuid":                  "",
		"0190a000-0000-7000-8000-000000000001": "",
		"3c5f2a0b8e1d4f00":                     "",
		`abc\;def`:                             "",
	} {
		cards, _, errs := vcardRows(t, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\nUID:"+uid+"\r\nEND:VCARD\r\n", nil)
		require.Len(t, cards, 1)
		require.NoError(t, errs[0])
		assert.Equal(t, want, cards[0]["contactkit ID"], "UID:%s", uid)
	}
}

func TestVCardCellCap(t *testing.T) {
	var b strings.Builder
	b.WriteString("BEGIN:VCARD\nFN:" + strings.Repeat("n", 200) + "\n")
	for range 1000 {
		b.WriteString("NOTE:0123456789\nCATEGORIES:a,b\n")
	}
	b.WriteString("END:VCARD\n")
	cards, _, errs := vcardRows(t, b.String(), &importer.Options{MaxCellBytes: 100})
	require.Len(t, cards, 1)
	assert.ErrorIs(t, errs[0], importer.ErrLimit)
	for h, c := range cards[0] {
		assert.LessOrEqual(t, len(c), 100, h)
	}
}

// oneCard returns a card of the given property lines.
func oneCard(lines ...string) string {
	return "BEGIN:VCARD\r\nFN:Card\r\n" + strings.Join(lines, "\r\n") + "\r\nEND:VCARD\r\n"
}

// cellsOf returns the cells of card whose header starts with one of
// prefixes.
func cellsOf(card map[string]string, prefixes ...string) map[string]string {
	got := map[string]string{}
	for h, c := range card {
		for _, p := range prefixes {
			if strings.HasPrefix(h, p) {
				got[h] = c
			}
		}
	}
	return got
}

// TestVCardPreferred checks that the email and the phone a card marks
// preferred come first (the contact's primary ones), the others after it
// in card order, each with its own label.
func TestVCardPreferred(t *testing.T) {
	card := oneCard
	for _, tc := range []struct {
		name  string
		card  string
		slots int
		want  map[string]string // the email and phone cells
		limit bool              // a *LimitError for too many addresses
	}{{
		name: "2.1 PREF",
		card: card("VERSION:2.1",
			"EMAIL;INTERNET:a@example.com",
			"EMAIL;PREF;INTERNET:b@example.com",
			"TEL;HOME;VOICE:01",
			"TEL;CELL;PREF:02"),
		want: map[string]string{
			"Email 1": "b@example.com", "Email 2": "a@example.com",
			"Phone 1": "02", "Phone 1 Label": "mobile", "Phone 2": "01", "Phone 2 Label": "home",
		},
	}, {
		name: "3.0 type=pref in a list",
		card: card("VERSION:3.0",
			"EMAIL;TYPE=INTERNET,HOME:a@example.com",
			"EMAIL;TYPE=WORK,PREF:b@example.com",
			"EMAIL;TYPE=INTERNET:c@example.com"),
		want: map[string]string{
			"Email 1": "b@example.com", "Email 1 Label": "work",
			"Email 2": "a@example.com", "Email 2 Label": "home",
			"Email 3": "c@example.com",
		},
	}, {
		name: "3.0 type=pref as a separate parameter",
		card: card("VERSION:3.0",
			"TEL;type=WORK:01",
			"TEL;type=CELL;type=pref:02",
			"EMAIL;type=INTERNET;type=HOME:a@example.com",
			"EMAIL;type=INTERNET;type=pref:b@example.com"),
		want: map[string]string{
			"Email 1": "b@example.com", "Email 2": "a@example.com", "Email 2 Label": "home",
			"Phone 1": "02", "Phone 1 Label": "mobile", "Phone 2": "01", "Phone 2 Label": "work",
		},
	}, {
		name: "Apple item groups, pref on the second email",
		card: card("VERSION:3.0",
			"item1.EMAIL;type=INTERNET:a@example.com",
			"item1.X-ABLabel:_$!<Home>!$_",
			"item2.EMAIL;type=INTERNET;type=pref:b@example.com",
			"item2.X-ABLabel:Bureau",
			"item3.X-ABLabel:WhatsApp",
			"item3.TEL;type=pref:01",
			"TEL;type=HOME:02"),
		want: map[string]string{
			"Email 1": "b@example.com", "Email 1 Label": "work",
			"Email 2": "a@example.com", "Email 2 Label": "home",
			"Phone 1": "01", "Phone 1 Label": "whatsapp", "Phone 2": "02", "Phone 2 Label": "home",
		},
	}, {
		name: "4.0 PREF=1 before PREF=50 before none",
		card: card("VERSION:4.0",
			"EMAIL;TYPE=home:a@example.com",
			"EMAIL;PREF=50;TYPE=work:b@example.com",
			"EMAIL;PREF=1:c@example.com",
			"TEL;VALUE=uri:tel:01",
			"TEL;VALUE=uri;PREF=50:tel:02"),
		want: map[string]string{
			"Email 1": "c@example.com",
			"Email 2": "a@example.com", "Email 2 Label": "home",
			"Email 3": "b@example.com", "Email 3 Label": "work",
			"Phone 1": "02", "Phone 2": "01",
		},
	}, {
		name: "4.0 PREF out of range is no preference",
		card: card("VERSION:4.0",
			"EMAIL:a@example.com",
			"EMAIL;PREF=0:b@example.com",
			"EMAIL;PREF=101:c@example.com",
			"EMAIL;PREF=x:d@example.com"),
		want: map[string]string{
			"Email 1": "a@example.com", "Email 2": "b@example.com",
			"Email 3": "c@example.com", "Email 4": "d@example.com",
		},
	}, {
		name: "several TEL, one preferred",
		card: card("VERSION:3.0",
			"TEL;TYPE=HOME:01",
			"TEL;TYPE=WORK:02",
			"TEL;TYPE=FAX:03",
			"TEL;TYPE=CELL,PREF:04",
			"TEL;TYPE=PAGER:05"),
		want: map[string]string{
			"Phone 1": "04", "Phone 1 Label": "mobile", "Phone 2": "01", "Phone 2 Label": "home",
			"Phone 3": "02", "Phone 3 Label": "work", // the fax 03 is no phone (TestVCardFax)
			"Phone 4": "05", "Phone 4 Label": "pager",
		},
	}, {
		name: "several preferred: the first marked",
		card: card("VERSION:3.0",
			"EMAIL:a@example.com",
			"EMAIL;TYPE=pref:b@example.com",
			"EMAIL;TYPE=pref:c@example.com"),
		want: map[string]string{"Email 1": "b@example.com", "Email 2": "a@example.com", "Email 3": "c@example.com"},
	}, {
		name: "no preference keeps card order",
		card: card("VERSION:3.0",
			"EMAIL;TYPE=WORK:a@example.com",
			"EMAIL;TYPE=HOME:b@example.com",
			"TEL:01",
			"TEL;TYPE=CELL:02"),
		want: map[string]string{
			"Email 1": "a@example.com", "Email 1 Label": "work", "Email 2": "b@example.com", "Email 2 Label": "home",
			"Phone 1": "01", "Phone 2": "02", "Phone 2 Label": "mobile",
		},
	}, {
		// The import counts an address given twice once, with its first
		// label: the preferred one's.
		name: "a preferred address also given unmarked",
		card: card("VERSION:3.0",
			"EMAIL;TYPE=HOME:a@example.com",
			"EMAIL;TYPE=WORK:b@example.com",
			"EMAIL;TYPE=WORK,PREF:a@example.com"),
		want: map[string]string{
			"Email 1": "a@example.com", "Email 1 Label": "work",
			"Email 2": "a@example.com", "Email 2 Label": "home",
			"Email 3": "b@example.com", "Email 3 Label": "work",
		},
	}, {
		name:  "the preferred past the slots is kept first",
		slots: 2,
		card: card("VERSION:4.0",
			"TEL:01", "TEL:02", "TEL;PREF=3:03", "TEL;PREF=2:04", "TEL;PREF=2:05", "TEL:06"),
		want:  map[string]string{"Phone 1": "04", "Phone 2": "01"},
		limit: true,
	}, {
		name:  "the preferred within the slots, more past them",
		slots: 2,
		card: card("VERSION:4.0",
			"TEL:01", "TEL;PREF=1:02", "TEL;PREF=2:03"),
		want:  map[string]string{"Phone 1": "02", "Phone 2": "01"},
		limit: true,
	}} {
		t.Run(tc.name, func(t *testing.T) {
			cards, _, errs := vcardRows(t, tc.card, &importer.Options{VCardSlots: tc.slots})
			require.Len(t, cards, 1)
			if tc.limit {
				assert.ErrorIs(t, errs[0], importer.ErrLimit)
			} else {
				assert.NoError(t, errs[0])
			}
			assert.Equal(t, tc.want, cellsOf(cards[0], "Email ", "Phone "))
		})
	}
}

// TestVCardFax: a fax number, however a vCard version says it, is no phone
// of the contact and is left out, as a CSV file's fax columns are; a line
// that is also a voice one is kept.
func TestVCardFax(t *testing.T) {
	card := oneCard
	for _, tc := range []struct {
		name string
		card string
		want map[string]string // the phone cells
	}{
		{"2.1 bare types", card("VERSION:2.1", "TEL;CELL;VOICE:01", "TEL;WORK;FAX:02"),
			map[string]string{"Phone 1": "01", "Phone 1 Label": "mobile"}},
		{"3.0 TYPE list", card("VERSION:3.0", "TEL;TYPE=WORK,FAX:02", "TEL;TYPE=HOME:01"),
			map[string]string{"Phone 1": "01", "Phone 1 Label": "home"}},
		{"3.0 repeated type, Apple", card("VERSION:3.0", "TEL;type=HOME;type=FAX:02", "TEL;type=CELL;type=VOICE;type=pref:01"),
			map[string]string{"Phone 1": "01", "Phone 1 Label": "mobile"}},
		{"4.0 quoted TYPE list and tel URI", card("VERSION:4.0", "TEL;VALUE=uri;TYPE=\"work,fax\":tel:+33-1-42-68-53-99", "TEL;VALUE=uri;TYPE=cell:tel:01"),
			map[string]string{"Phone 1": "01", "Phone 1 Label": "mobile"}},
		{"x-fax", card("VERSION:3.0", "TEL;TYPE=x-fax:02", "TEL:01"),
			map[string]string{"Phone 1": "01"}},
		{"preferred fax", card("VERSION:3.0", "TEL;TYPE=FAX,PREF:02", "TEL;TYPE=WORK:01"),
			map[string]string{"Phone 1": "01", "Phone 1 Label": "work"}},
		{"custom label after the number", card("VERSION:3.0", "item1.TEL:02", "item1.X-ABLabel:Fax", "TEL;TYPE=CELL:01"),
			map[string]string{"Phone 1": "01", "Phone 1 Label": "mobile"}},
		{"custom label before the number", card("VERSION:3.0", "item1.X-ABLabel:_$!<WorkFAX>!$_", "item1.TEL:02", "TEL;TYPE=CELL:01"),
			map[string]string{"Phone 1": "01", "Phone 1 Label": "mobile"}},
		{"only a fax", card("VERSION:2.1", "TEL;HOME;FAX:02"), map[string]string{}},
		{"voice and fax on one line", card("VERSION:3.0", "TEL;TYPE=VOICE,FAX:01"),
			map[string]string{"Phone 1": "01", "Phone 1 Label": "fax"}},
		{"a mobile that takes faxes", card("VERSION:3.0", "TEL;TYPE=CELL,FAX:01"),
			map[string]string{"Phone 1": "01", "Phone 1 Label": "mobile"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cards, _, errs := vcardRows(t, tc.card, nil)
			require.Len(t, cards, 1)
			require.NoError(t, errs[0])
			assert.Equal(t, tc.want, cellsOf(cards[0], "Phone "))
		})
	}
}

// TestVCardBirthday: BDAY in the forms of every vCard version and of
// Apple's birthday without a year, as "YYYY-MM-DD" or "--MM-DD".
func TestVCardBirthday(t *testing.T) {
	for _, tc := range []struct {
		name, line, want string
	}{
		{"extended", "BDAY:1985-04-12", "1985-04-12"},
		{"basic", "BDAY:19850412", "1985-04-12"},
		{"date and time", "BDAY:1985-04-12T00:00:00Z", "1985-04-12"},
		{"4.0 without a year, basic", "BDAY:--0412", "--04-12"},
		{"4.0 without a year, extended", "BDAY:--04-12", "--04-12"},
		{"Apple, year omitted", "BDAY;X-APPLE-OMIT-YEAR=1604:1604-04-12", "--04-12"},
		{"Apple, year omitted, basic form and VALUE", "BDAY;VALUE=date;x-apple-omit-year=1604:16040412", "--04-12"},
		{"Apple's parameter naming another year", "BDAY;X-APPLE-OMIT-YEAR=1604:1985-04-12", "1985-04-12"},
		{"another form, as written", "BDAY:April 12", "April 12"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cards, _, errs := vcardRows(t, "BEGIN:VCARD\nVERSION:3.0\nFN:B\n"+tc.line+"\nEND:VCARD\n", nil)
			require.Len(t, cards, 1)
			require.NoError(t, errs[0])
			assert.Equal(t, tc.want, cards[0]["Birthday"])
		})
	}
}
