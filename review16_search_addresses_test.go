package contactkit_test

import (
	"slices"
	"testing"
)

// TestReviewSearchAddressesAndPhonesKept: Unicode local parts and
// domains found by the address in any case, phones in the separators,
// spaces and digits people type, in FR, US and GB forms. These held when
// written.
func TestReviewSearchAddressesAndPhonesKept(t *testing.T) {
	search := acc9Seed(t, "FR", []acc9Person{
		{key: "jose", first: "José", last: "Núñez", email: "José@Example.com"},
		{key: "ph", first: "Paul", last: "Phone", phone: "+33 1 23 45 67 89"},
		{key: "us", first: "Uma", last: "States", phone: "+1 415 555 2671"},
		{key: "uk", first: "Ursula", last: "Kingdom", phone: "+44 7911 123456"},
		{key: "ru", first: "Иван", last: "Петров", email: "иван@почта.рф"},
	})
	for q, want := range map[string][]string{
		"josé@example.com": {"jose"}, "JOSÉ@EXAMPLE.COM": {"jose"}, "José@Example.com": {"jose"}, "jose": {"jose"}, "nunez": {"jose"}, "NÚÑEZ": {"jose"},
		"(01) 23 45 67 89": {"ph"}, "01/23/45/67/89": {"ph"}, "+33-1-23-45-67-89": {"ph"}, "+33.1.23.45.67.89": {"ph"}, "tel:+33123456789": {"ph"},
		"01\u00a023\u00a045\u00a067\u00a089": {"ph"}, "01\u202f23\u202f45\u202f67\u202f89": {"ph"}, "０１２３４５６７８９": {"ph"}, "＋３３１２３４５６７８９": {"ph"},
		"+1 (415) 555-2671": {"us"}, "001 415 555 2671": {"us"}, "+1.415.555.2671": {"us"},
		"+44 (0)7911 123456": {"uk"}, "0044 7911 123456": {"uk"}, "+447911123456": {"uk"},
		"иван@почта.рф": {"ru"}, "ИВАН@ПОЧТА.РФ": {"ru"}, "почта": {"ru"}, "иван петров": {"ru"}, "ivan": nil,
		"paul, 01 23 45 67 89": {"ph"}, "01 23 45 67 89 paul": {"ph"}, "01 23 45 67 89 uma": nil, "phone paul": {"ph"},
	} {
		if got := search(q); !slices.Equal(got, want) {
			t.Errorf("%q finds %v, want %v", q, got, want)
		}
	}
}
