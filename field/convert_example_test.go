package field_test

import (
	"fmt"

	"github.com/contactkit/contactkit/field"
)

// A text field becomes a number: each stored value converts, or says why it
// does not.
func ExampleDefinition_Convert() {
	size := field.Definition{Key: field.MustParseKey("size"), Label: "Size", Type: field.TypeNumber}
	for _, v := range []field.Value{field.Text("1 234,5"), field.Text("about ten")} {
		n, err := size.Convert(v, field.CoerceOptions{})
		fmt.Printf("%q: %q %v\n", v, n, err)
	}
	// Output:
	// "1 234,5": "1234.5" <nil>
	// "about ten": "" field "size" (number) "about ten": invalid field value: not a number
}
