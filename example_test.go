package contactkit_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
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

func ExampleService_Reachable() {
	ctx := context.Background()
	svc := contactkit.New(memstore.New(), &contactkit.Options{DefaultRegion: "FR"})
	bot := contactkit.Actor{Workspace: "acme", User: "inbox-bot", Role: contactkit.RoleAgent}

	// An SMS STOP from a number no contact has yet.
	_, _ = svc.UnsubscribeAddress(ctx, bot, list.ChannelSMS, "06 12 34 56 78", "STOP")

	ada, _ := svc.CreateContact(ctx, bot, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada"), Phone: new("+33612345678")}})
	for _, k := range []contact.ChannelKind{contact.ChannelSMS, contact.ChannelWhatsApp, contact.ChannelMessenger} {
		r, _ := svc.Reachable(ctx, bot, ada.ID, k, list.ID{})
		fmt.Println(k, r.OK, r.Reasons)
	}
	// Output:
	// sms false [unsubscribed]
	// whatsapp true []
	// messenger false [channel_unavailable]
}
