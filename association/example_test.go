package association_test

import (
	"errors"
	"fmt"

	"github.com/contactkit/contactkit/association"
)

func ExampleType_Label() {
	company := association.Type{Name: "company", Labels: []string{"Decision maker", "Billing"}}
	l, err := company.Label("  decision MAKER ")
	fmt.Printf("%q %v\n", l, err)
	_, err = company.Label("Friend")
	fmt.Println(errors.Is(err, association.ErrLabelNotAllowed))
	t, err := association.ParseTarget("company", "acme-42")
	fmt.Println(t, err)
	// Output:
	// "Decision maker" <nil>
	// true
	// company:acme-42 <nil>
}
