package merge_test

import (
	"fmt"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/merge"
)

func ExampleDetect() {
	ada := contact.Contact{ID: contact.ID{1}, Email: contact.MustParseEmail("ada.lovelace@gmail.com")}
	imported := contact.Contact{ID: contact.ID{2}, Email: contact.MustParseEmail("AdaLovelace+shop@gmail.com")}
	other := contact.Contact{ID: contact.ID{3}, Email: contact.MustParseEmail("bob@example.com")}
	r := merge.Detect([]merge.Entry{merge.EntryOf(&ada), merge.EntryOf(&imported), merge.EntryOf(&other)}, nil)
	for _, g := range r.Groups {
		for _, reason := range g.Reasons {
			fmt.Println(len(reason.Contacts), "contacts share", reason.Key)
		}
	}
	// Output: 2 contacts share email:adalovelace@gmail.com
}
