package contactkit_test

// Acceptance (eighth round): search findings.

import (
	"context"
	"testing"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// TestAcc8FullWidthColonLabelIsLeftOut: ContactQuery.Text says "A word
// ending in a colon labels what follows and is left out ("Tel: 06 12 34 56
// 78")", and contact.Fold now treats "the full-width forms of ASCII that
// East Asian keyboards type" as ASCII. A Japanese or Chinese keyboard types
// the colon of a label as "：" (U+FF1A): "電話： 03-1234-5678" and
// "Tel： 03-1234-5678" keep the label as a word to match, so the contact
// with that phone is not found, while "Tel: 03-1234-5678" finds it.
func TestAcc8FullWidthColonLabelIsLeftOut(t *testing.T) {
	svc, _ := acc3Service(t, &contactkit.Options{DefaultRegion: "JP"})
	c := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: ptr("Miki"), LastName: ptr("山田"),
		Phone: ptr("03-1234-5678"), Email: ptr("miki@example.jp")}})
	acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: ptr("Other"), Phone: ptr("03-9999-5678")}})
	for _, q := range []string{
		"Tel: 03-1234-5678", // the ASCII colon: passes
		"Tel： 03-1234-5678", // full-width colon
		"電話： 03-1234-5678",  // "phone:" as typed in Japanese
		"Ｔｅｌ： ０３－１２３４－５６７８", // all full-width
		"Email： miki@example.jp",
	} {
		p, err := svc.ListContacts(context.Background(), acc3Owner, contactkit.ContactQuery{Text: q}, store.PageRequest{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Items) != 1 || p.Items[0].ID != c.ID {
			t.Errorf("%q found %d contacts, want the one contact with that phone or email (the label left out)", q, len(p.Items))
		}
	}
}
