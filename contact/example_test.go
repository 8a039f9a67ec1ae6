package contact_test

import (
	"errors"
	"fmt"

	"github.com/contactkit/contactkit/contact"
)

func ExampleParsePhone() {
	for _, in := range []string{"06 12 34 56 78", "612345678", "+33 (0)6 12 34 56 78", "0033 6 12 34 56 78", "06 12"} {
		p, err := contact.ParsePhone(in, "FR")
		switch {
		case errors.Is(err, contact.ErrPhoneTooShort):
			fmt.Printf("%-22q too short\n", in)
		case err != nil:
			fmt.Printf("%-22q %v\n", in, err)
		default:
			fmt.Printf("%-22q %s (%s)\n", in, p, p.Region())
		}
	}
	// Output:
	// "06 12 34 56 78"       +33612345678 (FR)
	// "612345678"            +33612345678 (FR)
	// "+33 (0)6 12 34 56 78" +33612345678 (FR)
	// "0033 6 12 34 56 78"   +33612345678 (FR)
	// "06 12"                too short
}

func ExampleParsePhoneDetail() {
	d, err := contact.ParsePhoneDetail("06 12 34 56 78", "FR")
	if err != nil {
		panic(err)
	}
	fmt.Println(d.Phone, d.Region, d.RegionAssumed, d.TrunkDropped, d.Type)
	// Output: +33612345678 FR true true mobile
}

func ExamplePatch_Apply() {
	c := contact.Contact{Workspace: "acme", Status: contact.StatusActive}
	err := (&contact.Patch{
		FirstName: new("  Ada "),
		Email:     new("Ada@Example.com"),
		Phone:     new("+44 20 7946 0958"),
	}).Apply(&c, contact.ApplyOptions{})
	if err != nil {
		panic(err)
	}
	fmt.Println(c.DisplayName(), c.Email, c.Phone, c.Country)

	// Ada's phone is British, so is her country: her phones are read in
	// the United Kingdom.
	err = (&contact.Patch{Email: new("ada@"), Phone: new("12")}).Apply(&c, contact.ApplyOptions{})
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		fmt.Println(e)
	}
	// Output:
	// Ada ada@example.com +442079460958 GB
	// contact: parse email "ada@": invalid email address: empty domain
	// contact: parse phone "12": invalid phone number: too short
}
