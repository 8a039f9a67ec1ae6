package list_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
)

func ExampleConsent_Resubscribe() {
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	c := &contact.Contact{
		Email: contact.MustParseEmail("Ann@Example.com"),
		Phone: contact.MustParsePhone("+33 6 12 34 56 78", ""),
	}
	for _, a := range list.Addresses(c) {
		fmt.Println(a)
	}

	// The address is new to the ledger: the default policy subscribes it.
	a, _ := list.AddressOf(list.ChannelSMS, c)
	entry := list.Policy{}.New(a, list.Change{At: at, Source: contact.ChangeAPI})
	fmt.Println(entry.Status)

	// An inbound STOP unsubscribes it.
	entry, changed := entry.Unsubscribe(list.Change{At: at.Add(time.Hour), Source: contact.ChangeAPI, Reason: "STOP"})
	fmt.Println(entry.Status, changed)

	// An import cannot resubscribe it...
	_, err := entry.Resubscribe(list.Change{At: at.Add(2 * time.Hour), Source: contact.ChangeImport, Reason: "in the file"})
	fmt.Println(errors.Is(err, list.ErrNotExplicit), errors.Is(err, list.ErrActorRequired))

	// ...a user with a reason can.
	entry, err = entry.Resubscribe(list.Change{
		At: at.Add(3 * time.Hour), By: "u-42", Source: contact.ChangeUI, Reason: "asked by phone",
	})
	fmt.Println(entry.Status, entry.Changed.By, entry.Changed.Reason, err)
	// Output:
	// email:ann@example.com
	// sms:+33612345678
	// whatsapp:+33612345678
	// subscribed
	// unsubscribed true
	// true true
	// subscribed u-42 asked by phone <nil>
}

func ExampleMembership_SetStatus() {
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	news := list.List{ID: list.MustParseID("01956a3c-0000-7000-8000-000000000001"), Name: "Newsletter", DoubleOptIn: true}
	ann := contact.MustParseID("01956a3c-0000-7000-8000-0000000000aa")

	m := news.Join(ann, list.Change{At: at, Source: contact.ChangeAPI, Reason: "form"})
	fmt.Println(m.Status)

	m, changed, err := m.SetStatus(list.StatusSubscribed, list.Change{At: at.Add(time.Minute), Source: contact.ChangeAPI, Reason: "confirmed"})
	fmt.Println(m.Status, changed, err)

	m, changed, err = m.SetStatus(list.StatusUnsubscribed, list.Change{At: at.Add(time.Hour), Source: contact.ChangeUI, By: "u-1"})
	fmt.Println(m.Status, changed, err)

	_, _, err = m.SetStatus(list.StatusSubscribed, list.Change{At: at.Add(2 * time.Hour), Source: contact.ChangeUI, By: "u-1"})
	fmt.Println(err)

	fmt.Println(list.MostRestrictive(list.StatusSubscribed, list.StatusUnconfirmed))
	// Output:
	// unconfirmed
	// subscribed true <nil>
	// unsubscribed true <nil>
	// list: membership unsubscribed to subscribed: reason required
	// unconfirmed
}

func ExampleList_Validate() {
	l := list.List{Name: "  Spring   sale "}
	fmt.Println(errors.Is(l.Validate(), list.ErrNotNormalized))

	l = l.Normalize()
	fmt.Printf("%q %v\n", l.Name, l.Validate())

	fmt.Println(list.List{Name: " \t"}.Validate())
	// Output:
	// true
	// "Spring sale" <nil>
	// list: name " \t": invalid list: empty
}
