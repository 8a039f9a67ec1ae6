package contactkit_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// One file of the cards people bring, put together from several address
// books: an Android 2.1 card (quoted-printable names, its nickname in
// X-ANDROID-CUSTOM, bare types), a group card of a CardDAV book, an
// iPhone card whose address names Thailand in Thai and gives its code in
// X-ABADR, a Thunderbird 4.0 card (a birthday as text, a tel: URI with
// an extension, a quoted TYPE list, a NICKNAME list), and a 2.1 note cut
// by a soft line break just before END:VCARD. Every contact is created,
// none fails, and the group is no contact.
func TestReview19VCardMixedAddressBooks(t *testing.T) {
	file := strings.Join([]string{
		"BEGIN:VCARD", "VERSION:2.1",
		"N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=89lise;Zo=C3=A9;;;",
		"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Zo=C3=A9 =C3=89l=",
		"ise",
		"X-ANDROID-CUSTOM;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:vnd.android.cursor.item/nickname;Zo=C3=A9e;1;;;;;;;;;;;;;",
		"TEL;CELL;PREF:06 12 34 56 78", "TEL;HOME:01 42 68 53 00", "EMAIL;HOME:zoe@example.fr",
		"END:VCARD",
		"BEGIN:VCARD", "VERSION:3.0", "N:Famille", "FN:Famille", "X-ADDRESSBOOKSERVER-KIND:group",
		"X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:6d1b0f8e-2f43-4d2a-9d1e-5b0c7c2a9f10", "END:VCARD",
		"BEGIN:VCARD", "VERSION:3.0", "N:Sukprasert;Somchai;;;", "FN:Somchai Sukprasert",
		"TEL;type=CELL;type=VOICE;type=pref:081 234 5678",
		"item1.EMAIL;type=INTERNET:somchai@example.co.th", "item1.X-ABLabel:_$!<Other>!$_",
		"item2.ADR;type=HOME;type=pref:;;99 Sukhumvit;Bangkok;;10110;ประเทศไทย", "item2.X-ABADR:th",
		"END:VCARD",
		"BEGIN:VCARD", "VERSION:4.0", "FN:Ann Lee", "N:Lee;Ann;;;", "NICKNAME:Annie,Nan",
		`TEL;VALUE=uri;TYPE="work,voice";PREF=1:tel:+1-650-253-0000;ext=12`,
		"EMAIL;PREF=1:ann@example.com", "BDAY;VALUE=text:circa 1980", "END:VCARD",
		"BEGIN:VCARD", "VERSION:2.1", "N:Roe;Bob;;;", "EMAIL:bob@example.com",
		"NOTE;ENCODING=QUOTED-PRINTABLE:Rappeler =C3=A0 9h=", "END:VCARD",
	}, "\r\n") + "\r\n"
	svc := accService("FR")
	run := accImport(t, svc, []byte(file), "FR", nil, nil)
	require.NoError(t, run.err)
	require.Equal(t, 4, run.res.Created, run.outcomes())
	assert.Equal(t, 0, run.res.Failed, run.outcomes())

	z := accByEmail(t, svc, "zoe@example.fr")
	assert.Equal(t, "Zoé", z.FirstName)
	assert.Equal(t, "Élise", z.LastName)
	assert.Equal(t, "Zoée", z.Alias)
	assert.Equal(t, map[string]string{"+33612345678": "mobile", "+33142685300": "home"}, acc11Phones(z))

	s := accByEmail(t, svc, "somchai@example.co.th")
	assert.Equal(t, "TH", s.Country.String())
	assert.Equal(t, "Bangkok", s.City)
	assert.Equal(t, "+66812345678", s.Phone.String(), "a Thai number, read in the address's country")
	assert.Equal(t, "other", string(s.EmailLabel))

	a := accByEmail(t, svc, "ann@example.com")
	assert.Equal(t, "Annie", a.Alias)
	assert.Equal(t, "+16502530000", a.Phone.String())
	assert.Equal(t, "work", string(a.PhoneLabel))
	assert.True(t, a.BirthDate.IsZero(), "a birthday as text is none")

	b := accByEmail(t, svc, "bob@example.com")
	assert.Equal(t, []string{"Rappeler à 9h"}, accNotes(t, svc, b.ID))

	for _, c := range accContacts(t, svc) {
		assert.NotEqual(t, "Famille", c.LastName, "the group is no contact")
	}
}
