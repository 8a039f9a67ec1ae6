package contact_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/contactkit/contactkit/contact"
)

func ExampleParseEmailInput() {
	for _, in := range []string{
		`"Lee, Ann" <Ann@Example.com>`,
		"mailto:ann@example.com?subject=Hello",
		"\ufeffann@example.com.",
		"Zoë <zoë@Bücher.de>",
		"ann@example.com, bob@example.com",
	} {
		e, name, err := contact.ParseEmailInput(in)
		switch {
		case errors.Is(err, contact.ErrEmailSeveral):
			fmt.Printf("%q: more than one address\n", in)
		case err != nil:
			fmt.Println(err)
		default:
			fmt.Printf("%s %q (%s)\n", e, name, e.Unicode())
		}
	}
	// Output:
	// ann@example.com "Lee, Ann" (ann@example.com)
	// ann@example.com "" (ann@example.com)
	// ann@example.com "" (ann@example.com)
	// zoë@xn--bcher-kva.de "Zoë" (zoë@bücher.de)
	// "ann@example.com, bob@example.com": more than one address
}

func ExampleEmailPolicy() {
	a := contact.MustParseEmail("ann@bücher.de")
	b := contact.MustParseEmail("ANN@xn--bcher-kva.de")
	fmt.Println(a == b, a)

	_, err := contact.EmailASCII.ParseEmail("ann@bücher.de")
	fmt.Println(errors.Is(err, contact.ErrEmailNotASCII))
	// Output:
	// true ann@xn--bcher-kva.de
	// true
}

func ExampleLimits() {
	lim := contact.Limits{Name: 20} // other limits keep their defaults
	c := contact.Contact{Workspace: "acme", Status: contact.StatusActive}
	err := (&contact.Patch{FirstName: new(strings.Repeat("Ada", 1000))}).Apply(&c, contact.ApplyOptions{Limits: lim})
	fmt.Println(errors.Is(err, contact.ErrTooLong))
	fmt.Println(err)

	fmt.Println(lim.CheckReason("asked to stop") == nil, lim.WithDefaults().Reason)
	// Output:
	// true
	// contact: parse first_name "AdaAdaAdaAdaAdaAdaAdaAdaAdaAdaAdaAdaAdaA"… (3000 bytes): invalid contact: too long: 3000 bytes, at most 20 characters
	// true 1000
}

func ExampleNormalizeName() {
	fmt.Printf("%q\n", contact.NormalizeName("  \u202eAnn\u202c \u200b Lee\ufeff "))
	fmt.Printf("%q\n", contact.NormalizeName("\u200b\u200d"))
	// Output:
	// "Ann Lee"
	// ""
}
