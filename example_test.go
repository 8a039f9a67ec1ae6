package contactkit_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store/memstore"
)

func Example() {
	ctx := context.Background()
	svc := contactkit.New(memstore.New(), &contactkit.Options{DefaultRegion: "FR"})
	me := contactkit.Actor{Workspace: "acme", User: "u-1", Role: contactkit.RoleManager}

	ada, err := svc.CreateContact(ctx, me, contactkit.ContactInput{
		Patch: contact.Patch{FirstName: new("Ada"), Phone: new("06 12 34 56 78")},
		Tags:  []string{"VIP"},
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(ada.DisplayName(), ada.Phone, ada.Country, ada.Tags)

	_, err = svc.CreateContact(ctx, me, contactkit.ContactInput{Patch: contact.Patch{Phone: new("+33612345678")}})
	taken, _ := errors.AsType[*contactkit.TakenError](err)
	fmt.Println(errors.Is(err, contactkit.ErrAlreadyExists), taken.Owner == ada.ID)
	// Output:
	// Ada +33612345678 FR [VIP]
	// true true
}

func ExampleService_CaptureContact() {
	ctx := context.Background()
	svc := contactkit.New(memstore.New(), &contactkit.Options{DefaultRegion: "FR"})
	me := contactkit.Actor{Workspace: "acme", User: "u-1", Role: contactkit.RoleAgent}

	first, _ := svc.CaptureContact(ctx, me, contactkit.ContactInput{Patch: contact.Patch{Email: new("ada@example.com"), FirstName: new("Ada")}})
	again, _ := svc.CaptureContact(ctx, me, contactkit.ContactInput{Patch: contact.Patch{Email: new("ADA@example.com"), FirstName: new(""), City: new("London")}})
	fmt.Println(first.Created, again.Created, again.Contact.FirstName, again.Contact.City)
	// Output: true false Ada London
}
