package importer_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/importer"
)

// The address books of the Macs of old end their lines with "\r" alone,
// as their CSV files do: each card is read, none is lost.
func TestReview19VCardCRLines(t *testing.T) {
	data := "BEGIN:VCARD\rVERSION:2.1\rN:Martin;Old;;;\rTEL;CELL:+33612345678\rNOTE:folded\r  here\rEND:VCARD\r" +
		"BEGIN:VCARD\rVERSION:2.1\rFN:Second\rEND:VCARD\r"
	cards, rows, errs := vcardRows(t, data, nil)
	require.Len(t, cards, 2)
	assert.NoError(t, errs[0])
	assert.NoError(t, errs[1])
	assert.Equal(t, map[string]string{"First Name": "Old", "Last Name": "Martin", "Phone 1": "+33612345678", "Phone 1 Label": "mobile",
		"Notes": "folded here"}, cards[0])
	assert.Equal(t, "Second", cards[1]["Formatted Name"])
	assert.Equal(t, 8, rows[1].Line, "the line of the second BEGIN:VCARD")
}

// A vCard 4.0 birthday written as text (RFC 6350 6.2.5: BDAY;VALUE=text)
// is no date: it is left out, and the card's other values are read, not
// failed by a birthday no contact can hold.
func TestReview19VCardBirthdayText(t *testing.T) {
	cards, _, errs := vcardRows(t, oneCard("VERSION:4.0", "BDAY;VALUE=text:circa 1800", "EMAIL:ann@example.com")+
		oneCard("VERSION:4.0", `BDAY;VALUE="TEXT":1985-04-12`)+
		oneCard("VERSION:4.0", "BDAY;VALUE=date:19850412"), nil)
	require.Len(t, cards, 3)
	for _, err := range errs {
		assert.NoError(t, err)
	}
	assert.Equal(t, map[string]string{"Formatted Name": "Card", "Nickname": "Card", "Email 1": "ann@example.com"}, cards[0])
	assert.Empty(t, cards[1]["Birthday"], "a text, whatever it reads")
	assert.Equal(t, "1985-04-12", cards[2]["Birthday"])
}

// Android's vCard 2.1, which has no NICKNAME, writes a nickname as
// X-ANDROID-CUSTOM with the nickname's MIME type, quoted-printable when
// it is not ASCII: it is the card's nickname, as a 3.0 NICKNAME is.
func TestReview19VCardAndroidNickname(t *testing.T) {
	data := "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Sanders;John;;;\r\nFN:John Sanders\r\n" +
		"X-ANDROID-CUSTOM:vnd.android.cursor.item/contact_event;1985-04-12;3;;;;;;;;;;;;;\r\n" +
		"X-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;JS;1;;;;;;;;;;;;;\r\nEND:VCARD\r\n" +
		"BEGIN:VCARD\r\nVERSION:2.1\r\nN:Dupont;Zo=C3=A9;;;\r\n" +
		"X-ANDROID-CUSTOM;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:vnd.android.cursor.item/nickname;Z=C3=A9=C3=A9;1;;;;;;;;;;;;;\r\n" +
		"END:VCARD\r\n"
	cards, _, errs := vcardRows(t, data, nil)
	require.Len(t, cards, 2)
	assert.NoError(t, errs[0])
	assert.Equal(t, "JS", cards[0]["Nickname"])
	assert.Equal(t, "Zéé", cards[1]["Nickname"])
}

// A line past the row cap of a property that the reader skips anyway is
// dropped without a word, whatever the property: Outlook's business card
// image (X-MS-CARDPICTURE), an address book's own X- property, a photo in
// a group, as a PHOTO is. A long line of a property that is read still
// reports the cap.
func TestReview19VCardLongSkippedLine(t *testing.T) {
	long := strings.Repeat("QUJDRA", 100)
	for _, tc := range []struct {
		name, line string
		limit      bool
	}{
		{"photo", "PHOTO;ENCODING=BASE64;TYPE=JPEG:" + long, false},
		{"outlook card picture", "X-MS-CARDPICTURE;TYPE=JPEG;ENCODING=BASE64:" + long, false},
		{"own property", "X-SOCIALPROFILE;type=twitter:" + long, false},
		{"grouped photo", "item3.PHOTO:" + long, false},
		{"folded", "X-MS-CARDPICTURE;ENCODING=BASE64:\r\n  " + long[:150] + "\r\n  " + long[150:300] + "\r\n  " + long[300:450], false},
		{"note", "NOTE:" + long, true},
		{"grouped email", "item1.EMAIL:" + long, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cards, _, errs := vcardRows(t, oneCard("VERSION:2.1", "TEL;CELL:+33612345678", tc.line, "EMAIL:ann@example.com"),
				&importer.Options{MaxRowBytes: 200})
			require.Len(t, cards, 1)
			if tc.limit {
				assert.ErrorIs(t, errs[0], importer.ErrLimit)
				return
			}
			assert.NoError(t, errs[0])
			assert.Equal(t, "+33612345678", cards[0]["Phone 1"])
			assert.Equal(t, "ann@example.com", cards[0]["Email 1"], "the properties after it are read")
		})
	}
	t.Run("4.0 photo of 3 MiB on one line, default caps", func(t *testing.T) {
		photo := "PHOTO:data:image/jpeg;base64," + strings.Repeat("QUJD", 3<<18)
		cards, _, errs := vcardRows(t, oneCard("VERSION:4.0", photo, "EMAIL:ann@example.com"), nil)
		require.Len(t, cards, 1)
		assert.NoError(t, errs[0])
		assert.Equal(t, "ann@example.com", cards[0]["Email 1"])
	})
}

// A card with more phones (or emails) than a contact holds fails whole,
// by design (the Service's rows are all or nothing, and no number is
// dropped without a word): its error says what was counted, in the
// words of the card, and the cap.
func TestReview19VCardTooManyPhones(t *testing.T) {
	lines := []string{"VERSION:3.0"}
	for i := range importer.DefaultVCardSlots + 1 {
		lines = append(lines, fmt.Sprintf("TEL;TYPE=CELL:+3361234%04d", i), fmt.Sprintf("EMAIL:a%d@example.com", i))
	}
	_, _, errs := vcardRows(t, oneCard(lines...), nil)
	require.Len(t, errs, 1)
	le, ok := errors.AsType[*importer.LimitError](errs[0])
	require.True(t, ok, "%v", errs[0])
	assert.Equal(t, int64(importer.DefaultVCardSlots), le.Limit)
	assert.Contains(t, le.What, "TEL", "names the property counted: %v", errs[0])
	assert.Contains(t, le.What, "phone", "says what it holds: %v", errs[0])
}

// NICKNAME is a list (RFC 6350 6.2.3, RFC 2426 3.1.3: "NICKNAME:Jim,Jimmie"):
// the contact's alias is its first name of the list, as it is the first
// of several NICKNAME lines; an escaped comma is in the name.
func TestReview19VCardNicknameList(t *testing.T) {
	for in, want := range map[string]string{
		"NICKNAME:Jim,Jimmie":             "Jim",
		"NICKNAME: Jim , Jimmie":          "Jim",
		`NICKNAME:Smith\, Jr.,Junior`:     "Smith, Jr.",
		"NICKNAME:,Jimmie":                "Jimmie",
		"NICKNAME:Jim\r\nNICKNAME:Jimmie": "Jim",
	} {
		cards, _, errs := vcardRows(t, oneCard("VERSION:3.0", "N:Doe;James;;;", in), nil)
		require.Len(t, cards, 1)
		require.NoError(t, errs[0])
		assert.Equal(t, want, cards[0]["Nickname"], in)
	}
}

// A CardDAV address book (Nextcloud's export of one that a Mac syncs, a
// 4.0 book) holds its groups as cards: Apple's X-ADDRESSBOOKSERVER-KIND
// and 4.0's KIND:group, named by FN and N, whose members are other cards'
// UIDs. A group is no contact, and no row: "Family" is not created as a
// contact of that name.
func TestReview19VCardGroupCard(t *testing.T) {
	data := oneCard("VERSION:3.0", "N:Lee;Ann;;;", "TEL;TYPE=CELL:+33612345678") +
		"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Family\r\nFN:Family\r\nX-ADDRESSBOOKSERVER-KIND:group\r\n" +
		"X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:0190a000-0000-7000-8000-000000000001\r\nEND:VCARD\r\n" +
		"BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:Group\r\nFN:Colleagues\r\nMEMBER:urn:uuid:0190a000-0000-7000-8000-000000000001\r\n" +
		"NOTE:the team\r\nEND:VCARD\r\n" +
		"BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:org\r\nFN:Acme\r\nEMAIL:info@acme.example\r\nEND:VCARD\r\n"
	cards, _, errs := vcardRows(t, data, nil)
	require.Len(t, cards, 2, "%v", cards)
	for _, err := range errs {
		assert.NoError(t, err)
	}
	assert.Equal(t, "Ann", cards[0]["First Name"])
	assert.Equal(t, "Acme", cards[1]["Nickname"], "an organisation's card is a contact")
}

// Apple writes with each address its country's code (item1.X-ABADR:th
// after item1.ADR), and the country's name in the user's language in the
// address: the code gives the country when the address has none, or a
// name no list knows, rather than failing the card or losing the region
// its national numbers are read in.
func TestReview19VCardAppleAddressCountry(t *testing.T) {
	for _, tc := range []struct{ name, lines, want string }{
		{"unknown name", "item1.ADR;type=HOME;type=pref:;;99 Sukhumvit;Bangkok;;10110;ประเทศไทย\r\nitem1.X-ABADR:th", "th"},
		{"no name", "item1.ADR;type=HOME:;;99 Sukhumvit;Bangkok;;10110;\r\nitem1.X-ABADR:th", "th"},
		{"no code", "item1.ADR;type=HOME:;;99 Sukhumvit;Bangkok;;10110;\r\nitem1.X-ABADR:zz", ""},
		{"known name", "item1.ADR;type=HOME:;;1 Main St;Boston;MA;02101;États-Unis\r\nitem1.X-ABADR:us", "États-Unis"},
		{"code of another address", "item1.ADR;type=HOME:;;x;Bangkok;;;\r\nitem2.X-ABADR:th\r\nitem2.ADR;type=WORK:;;y;Lyon;;;\r\nX-ABADR:fr", ""},
		{"code of the preferred address", "item1.ADR;type=HOME:;;x;Bangkok;;;\r\nitem1.X-ABADR:th\r\nitem2.ADR;type=WORK;type=pref:;;y;Lyon;;;\r\nitem2.X-ABADR:fr", "fr"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cards, _, errs := vcardRows(t, oneCard("VERSION:3.0", tc.lines), nil)
			require.Len(t, cards, 1)
			require.NoError(t, errs[0])
			assert.Equal(t, tc.want, cards[0]["Country"])
		})
	}
}

// The escapes of a value are undone once, left to right: an escaped
// backslash before a comma is a backslash and a comma, in N as in any
// value.
func TestReview19VCardEscapes(t *testing.T) {
	cards, _, errs := vcardRows(t, oneCard("VERSION:3.0",
		`N:Back\\,slash;Ann\;Marie\, Jo;;;`,
		`ORG:Back\\,slash\;Co;Unit\N2`,
		`NOTE:a\\nb\nc\Nd\\\\`), nil)
	require.Len(t, cards, 1)
	require.NoError(t, errs[0])
	assert.Equal(t, `Back\,slash`, cards[0]["Last Name"])
	assert.Equal(t, "Ann;Marie, Jo", cards[0]["First Name"])
	assert.Equal(t, `Back\,slash;Co`, cards[0]["Company"])
	assert.Equal(t, "Unit\n2", cards[0]["Department"])
	assert.Equal(t, "a\\nb\nc\nd\\\\", cards[0]["Notes"])
}

// A quoted-printable value that ends with "=" (a soft line break with
// nothing after it, of an encoder that breaks the line after the
// value's last character) goes on in the next line, unless that line ends or begins a
// card: END:VCARD is not read into the value, and the card is whole.
func TestReview19VCardSoftBreakBeforeEnd(t *testing.T) {
	data := "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Lee;Ann;;;\r\nNOTE;ENCODING=QUOTED-PRINTABLE:caf=C3=A9=\r\nEND:VCARD\r\n" +
		"BEGIN:VCARD\r\nVERSION:2.1\r\nN:Roe;Bob;;;\r\nNOTE;ENCODING=QUOTED-PRINTABLE:x=\r\nBEGIN:VCARD\r\nVERSION:2.1\r\nN:Doe;Cy;;;\r\nEND:VCARD\r\n"
	cards, _, errs := vcardRows(t, data, nil)
	require.Len(t, cards, 3)
	assert.NoError(t, errs[0])
	assert.Equal(t, "café", cards[0]["Notes"])
	assert.ErrorIs(t, errs[1], importer.ErrMalformed, "no END:VCARD")
	assert.Equal(t, "x", cards[1]["Notes"])
	assert.NoError(t, errs[2])
	assert.Equal(t, "Cy", cards[2]["First Name"])
}

// A file of UTF-8 cards with an Outlook card in Windows-1252 among them
// (cards of two address books put together) is read as UTF-8; the
// Outlook card names the charset of its values (CHARSET=Windows-1252),
// which reads them, as it reads a quoted-printable value.
func TestReview19VCardCharsetOfARawValue(t *testing.T) {
	var b strings.Builder
	for i := range 50 {
		fmt.Fprintf(&b, "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Müller-Lüdenscheidt;Jürgen %d;;;\r\nNOTE:Café crème, thé à la menthe\r\nEND:VCARD\r\n", i)
	}
	b.WriteString("BEGIN:VCARD\r\nVERSION:2.1\r\nN;LANGUAGE=fr;CHARSET=Windows-1252:Lef\xe8bvre;C\xe9cile\r\n" +
		"ORG;CHARSET=Windows-1252:Boulangerie Lef\xe8bvre\r\nTITLE:G\xe9rante\r\nEND:VCARD\r\n")
	cards, _, errs := vcardRows(t, b.String(), nil)
	require.Len(t, cards, 51)
	assert.Equal(t, "Jürgen 0", cards[0]["First Name"], "read as UTF-8")
	last := cards[50]
	assert.Equal(t, "Lefèbvre", last["Last Name"])
	assert.Equal(t, "Cécile", last["First Name"])
	assert.Equal(t, "Boulangerie Lefèbvre", last["Company"])
	assert.ErrorIs(t, errs[50], importer.ErrInvalidText, "a value without its CHARSET is still reported")
}
