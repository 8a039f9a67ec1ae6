package tag_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/contactkit/contactkit/tag"
)

func ExampleParse() {
	names, err := tag.Parse("VIP, Hot   lead\tvip\nCafe\u0301,, café")
	fmt.Println(err)
	for _, n := range names {
		fmt.Printf("%q key %q\n", n, n.Key())
	}
	// Output:
	// <nil>
	// "VIP" key "vip"
	// "Hot lead" key "hot lead"
	// "Café" key "café"
}

func ExampleParse_invalid() {
	names, err := tag.Parse("vip, " + strings.Repeat("x", 101) + ", lead")
	fmt.Println(names)
	fmt.Println(errors.Is(err, tag.ErrInvalidName), errors.Is(err, tag.ErrTooLong))
	// Output:
	// [vip lead]
	// true true
}

func ExampleParseName() {
	n, err := tag.ParseName("  Straße  ")
	fmt.Println(n, n.Key(), err)

	_, err = tag.ParseName("a,b")
	fmt.Println(err)
	// Output:
	// Straße strasse <nil>
	// tag: parse name "a,b": invalid tag name: forbidden character U+002C
}

func ExampleSet() {
	tags := tag.NewSet(tag.MustParseName("VIP"), tag.MustParseName("lead"))

	tags, added := tags.Add(tag.MustParseName("vip"), tag.MustParseName("Customer"))
	fmt.Println(tags, added)

	tags, removed := tags.Remove(tag.MustParseName("LEAD"))
	fmt.Println(tags, removed)

	fmt.Println(tags.Has(tag.MustParseName("customer")), tags.Keys())
	fmt.Println(tags.Equal(tag.NewSet(tag.MustParseName("customer"), tag.MustParseName("Vip"))))
	// Output:
	// [VIP lead Customer] [Customer]
	// [VIP Customer] [lead]
	// true [vip customer]
	// true
}

func ExampleLimits_Parse() {
	names, err := tag.DefaultLimits.Parse("vip, lead", "VIP\tnew")
	fmt.Println(names, err)

	_, err = tag.Parse(strings.Repeat("x,", 200))
	fmt.Println(errors.Is(err, tag.ErrTooMany), err)
	// Output:
	// [vip lead new] <nil>
	// true tag: 200 tags in one call, at most 100
}

func ExampleSet_Missing() {
	have := tag.NewSet(tag.MustParseName("VIP"), tag.MustParseName("lead"))
	typed, _ := tag.Parse("vip, new, Lead, hot")
	missing := have.Missing(typed...) // look these up or create them once
	all, added := have.Add(missing...)
	fmt.Println(missing, all, added)
	// Output: [new hot] [VIP lead new hot] [new hot]
}
