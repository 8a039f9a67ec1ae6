package contactkit_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
)

// TestReviewSearchNameAndPhone: a contact is found by any of its name's
// words together with its phone typed in any form, in either order, with
// the punctuation and labels people paste, whatever digits its name or
// company holds; and not with another contact's phone.
func TestReviewSearchNameAndPhone(t *testing.T) {
	ctx := context.Background()
	svc := accService("FR")
	names := [][2]string{{"Ada", "Lovelace"}, {"Studio", "54"}, {"R2D2", "Droid"}, {"Louis", "XIV"}, {"Agent", "007"},
		{"Hélène", "Dupré"}, {"3M", "France"}, {"Jean-Pierre", "O'Brien"}, {"王", "小明"}, {"Zoë", "2024"}, {"Studio54", "Paris"}, {"Ann5", "Smith"}, {"Route66", "Diner"}}
	type person struct {
		id    contact.ID
		name  [2]string
		phone string // national digits, without the trunk zero
	}
	var people []person
	r := rand.New(rand.NewPCG(3, 4))
	for i, n := range names {
		digits := fmt.Sprintf("61%07d", r.IntN(10000000))
		c, err := svc.CreateContact(ctx, accOwner, contactkit.ContactInput{Patch: contact.Patch{
			FirstName: &n[0], LastName: &n[1], Phone: &digits}})
		if err != nil {
			t.Fatalf("create %d: %v", i, err)
		}
		people = append(people, person{c.ID, n, digits})
	}
	forms := func(d string) []string {
		pairs := func(s, sep string) string {
			var b []string
			for i := 0; i < len(s); i += 2 {
				b = append(b, s[i:min(i+2, len(s))])
			}
			return strings.Join(b, sep)
		}
		return []string{"0" + d, pairs("0"+d, " "), pairs("0"+d, "."), pairs("0"+d, "-"), "+33" + d, "+33 " + d[:1] + " " + pairs(d[1:], " "),
			"0033" + d, "+33 (0)" + d, d}
	}
	find := func(q string) []contact.ID {
		var ids []contact.ID
		for c, err := range svc.Contacts(ctx, accOwner, contactkit.ContactQuery{Text: q}) {
			if err != nil {
				t.Fatalf("%q: %v", q, err)
			}
			ids = append(ids, c.ID)
		}
		return ids
	}
	fails := 0
	for i, p := range people {
		other := people[(i+1)%len(people)]
		for _, form := range forms(p.phone) {
			for _, w := range []string{p.name[0], p.name[1]} {
				qs := []string{w + " " + form, form + " " + w, w + ", " + form, w + " (" + form + ")", w + " Tel: " + form,
					form + ", " + w, "Tél : " + form + " " + w}
				if !strings.ContainsAny(w, "0123456789") {
					// Glued by punctuation: a word of digits so glued
					// ("R2D2,06…") is not read apart.
					qs = append(qs, w+","+form, w+"/"+form)
				}
				for _, q := range qs {
					got := find(q)
					if (len(got) != 1 || got[0] != p.id) && fails < 30 {
						fails++
						t.Errorf("%q finds %v, want %s %s alone", q, got, p.name[0], p.name[1])
					}
				}
				for _, f2 := range forms(other.phone)[:2] {
					q := w + " " + f2
					if got := find(q); len(got) != 0 && !(other.name[0] == w || other.name[1] == w) {
						for _, id := range got {
							if id == p.id && fails < 30 {
								fails++
								t.Errorf("%q (another's phone) finds %s %s", q, p.name[0], p.name[1])
							}
						}
					}
				}
			}
		}
	}
}

// TestReviewSearchWordGluedAfterAPhone: S1, as for a word glued before a
// phone (TestAcc12SearchWordGluedToAPhoneIsIgnored): a word glued after
// the phone by punctuation, as a pasted "phone,name" line has it, is a
// word of the query, and a vanity number among words is still words.
func TestReviewSearchWordGluedAfterAPhone(t *testing.T) {
	search := acc9Seed(t, "FR", []acc9Person{
		{key: "ada", first: "Ada", last: "Lovelace", phone: "06 12 34 56 78"},
		{key: "bob", first: "Bob", last: "Flowers", company: "1-800-Flowers"},
	})
	for q, want := range map[string][]string{
		"0612345678,ada": {"ada"}, "06 12 34 56 78,ada": {"ada"}, "0612345678;ada": {"ada"}, "0612345678/lovelace": {"ada"},
		"(06 12 34 56 78)ada": {"ada"}, "+33612345678,ada": {"ada"}, "ada,0612345678,lovelace": {"ada"},
		"0612345678,bob": nil, "06 12 34 56 78,zzz": nil, "bob 1-800-flowers": {"bob"},
		// A name glued before an international prefix by punctuation.
		"Ada,+33 6 12 34 56 78": {"ada"}, "Ada+33 6 12 34 56 78": {"ada"}, "Ada/+33 6 12 34 56 78": {"ada"},
		"Ada,0033 6 12 34 56 78": {"ada"}, "lovelace,+33612345678": {"ada"},
	} {
		if got := search(q); !slices.Equal(got, want) {
			t.Errorf("%q finds %v, want %v", q, got, want)
		}
	}
}
