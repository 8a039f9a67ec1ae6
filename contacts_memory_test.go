package contactkit_test

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store/memstore"
)

// A contact created or updated with values that are parts of a larger
// string (a request's body read without a copy per value) does not keep
// that string: the email, the phone, the secondary addresses, the labels,
// the names, the alias, the state, the avatar and the history a store
// keeps are strings of their own. Their canonical form was often the
// input itself, and memstore kept a 64 KB body for every contact.
func TestContactKeepsNoInputMemory(t *testing.T) {
	ctx := context.Background()
	const n = 100
	svc := contactkit.New(memstore.New(), &contactkit.Options{DefaultRegion: "FR"})
	pad := strings.Repeat("x", 64<<10)
	// part returns v as a part of a new string of 64 KB.
	part := func(v string) string {
		body := pad + v
		return body[len(pad):]
	}
	before := liveHeap()
	for i := range n {
		email, phone, name := part(fmt.Sprintf("ann%d@example.com", i)), part(fmt.Sprintf("+33612345%03d", i)), part("Ann")
		alias, state, avatar := part("Annie"), part("Rhone"), part("https://example.com/ann.png")
		other, otherPhone := part(fmt.Sprintf("ann%d@work.example", i)), part(fmt.Sprintf("06 98 76 5%d %02d", i/100, i%100))
		others := []contact.LabeledInput{{Value: other, Label: part("work")}}
		otherPhones := []contact.LabeledInput{{Value: otherPhone, Label: part("work")}}
		c, err := svc.CreateContact(ctx, owner, contactkit.ContactInput{
			Patch: contact.Patch{Email: &email, Phone: &phone, FirstName: &name, OtherEmails: &others, OtherPhones: &otherPhones,
				Alias: &alias, State: &state},
			Tags: []string{part("vip")},
		})
		if err != nil {
			t.Fatal(err)
		}
		// An update to a new email, a national phone and another name,
		// which its history records.
		email, phone = part(fmt.Sprintf("Ann.%d@Example.com", i)), part(fmt.Sprintf("07 81 34 5%d %02d", i/100, i%100))
		name = part("Anne")
		if _, err := svc.UpdateContact(ctx, owner, c.ID, contact.Patch{Email: &email, Phone: &phone, FirstName: &name}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SyncAvatar(ctx, owner, c.ID, avatar); err != nil {
			t.Fatal(err)
		}
	}
	grown := int64(liveHeap()) - int64(before)
	t.Logf("the workspace grew by %d B a contact", grown/n)
	if per := grown / n; per > 8<<10 {
		t.Errorf("the workspace grew by %d B a contact for inputs that are parts of strings of %d B: it keeps them", per, len(pad))
	}
	runtime.KeepAlive(svc)
}
