package field_test

import (
	"errors"
	"fmt"

	"github.com/contactkit/contactkit/field"
)

func ExampleDefinition_Coerce() {
	budget := field.Definition{Key: field.MustParseKey("budget"), Label: "Budget", Type: field.TypeMonetary}
	for _, raw := range []string{"1 234,5", "$1,234.56", "", "12.345", "1,234"} {
		v, err := budget.Coerce(raw, "FR")
		if err != nil {
			fmt.Println("error:", err)
			continue
		}
		fmt.Printf("%q -> %q (zero: %v)\n", raw, v, v.IsZero())
	}
	// Output:
	// "1 234,5" -> "1234.50" (zero: false)
	// "$1,234.56" -> "1234.56" (zero: false)
	// "" -> "" (zero: true)
	// error: field "budget" (monetary) "12.345": invalid field value: not an amount: more than 2 decimals
	// error: field "budget" (monetary) "1,234": invalid field value: not an amount: "1,234" is ambiguous (thousands or decimals?): write 1234 or 1.234
}

func ExampleDefinition_Coerce_multiselect() {
	channels := field.Definition{
		Key: field.MustParseKey("channels"), Label: "Channels", Type: field.TypeMultiselect,
		Options: []field.Option{
			{Value: "sms", Label: "Text message"},
			{Value: "email", Label: "E-mail"},
			{Value: "fax", Hidden: true},
		},
	}
	v, err := channels.Coerce("Text message; EMAIL, sms", "")
	fmt.Println(v, err)
	fmt.Println(v.Options(), v == field.Multiselect("sms", "email"))

	_, err = channels.Coerce("sms, fax", "")
	fmt.Println(err)
	// Output:
	// email, sms <nil>
	// [email sms] true
	// field "channels" (multiselect) "sms, fax": invalid field value: option "fax" is hidden
}

func ExampleValidate() {
	defs := []field.Definition{
		{Key: field.MustParseKey("vip"), Label: "VIP", Type: field.TypeCheckbox, Required: true},
		{Key: field.MustParseKey("size"), Label: "Size", Type: field.TypeSelect, Options: []field.Option{{Value: "S"}, {Value: "M"}}},
	}
	err := field.Validate(defs, map[field.Key]field.Value{
		field.MustParseKey("size"):  field.Select("XL"),
		field.MustParseKey("color"): field.Text("red"),
	})
	fmt.Println(err)
	fmt.Println(errors.Is(err, field.ErrRequired), errors.Is(err, field.ErrUnknownField))
	// Output:
	// field "color" "red": unknown field
	// field "size" (select) "XL": invalid field value: "XL" is not an option: want one of "S", "M"
	// field "vip" (checkbox): required field is missing
	// true true
}

func ExampleDefinition_CheckUpdate() {
	size := field.Definition{
		Key: field.MustParseKey("size"), Label: "Size", Type: field.TypeSelect,
		Options: []field.Option{{Value: "S"}, {Value: "M"}, {Value: "XL"}},
	}

	next := size
	next.Options = []field.Option{{Value: "S"}, {Value: "M"}, {Value: "XL", Hidden: true}, {Value: "L"}}
	fmt.Println(size.CheckUpdate(next))

	next.Options = []field.Option{{Value: "S"}, {Value: "M"}}
	next.Type = field.TypeMultiselect
	fmt.Println(size.CheckUpdate(next))
	// Output:
	// <nil>
	// field definition "size": type: field type change needs a conversion: select to multiselect
	// field definition "size": options[2]: option removed: hide it instead: "XL"
}

func ExampleParseValue() {
	// A store keeps each value as its type and canonical text...
	v := field.DateValue(field.Date{Year: 1990, Month: 7, Day: 14})
	typ, text := v.Type(), v.String()
	fmt.Println(typ, text)

	// ...and rebuilds it without the definition.
	back, err := field.ParseValue(typ, text)
	fmt.Println(back == v, err)
	// Output:
	// date 1990-07-14
	// true <nil>
}
