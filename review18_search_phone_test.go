package contactkit_test

import (
	"slices"
	"testing"
)

// TestReview18SearchVanityPhoneWithSpaces: S1 "a phone typed in any form
// the region parses finds its contact". A vanity number is found typed
// with dashes ("1-800-FLOWERS") but was not typed with spaces ("1 800
// FLOWERS", "+1 800 FLOWERS"), which the phone parser reads alike: its
// letters, a word without a digit, made the query a name and a phone
// among words, and no run of its digits is a phone. A name before the
// number is still a word ("bob 1-800-flowers"), and a name after a
// phone whose letters would make it too long is one too.
func TestReview18SearchVanityPhoneWithSpaces(t *testing.T) {
	for _, region := range []string{"US", "FR"} {
		search := acc9Seed(t, region, []acc9Person{
			{key: "flowers", first: "Fleur", last: "Shop", phone: "+1 800 356 9377"},
			{key: "bob", first: "Bob", last: "Flowers", company: "1-800-Flowers"},
			{key: "ada", first: "Ada", last: "Lovelace", phone: "+1 415 555 2671"},
		})
		want := map[string][]string{
			"+1 800 FLOWERS":      {"flowers"},
			"+1-800-FLOWERS":      {"flowers"},
			"+1 (800) FLOWERS":    {"flowers"},
			"+1 800 flowers":      {"flowers"},
			"bob +1 800 356 9377": nil, // Bob does not hold the phone
			"+1 415 555 2671 ada": {"ada"},
			"+1 415 555 2671 bob": nil,
		}
		if region == "US" {
			for q, w := range map[string][]string{
				"1 800 FLOWERS":     {"flowers"},
				"1-800-FLOWERS":     {"flowers"},
				"800 FLOWERS":       {"flowers"},
				"(800) FLOWERS":     {"flowers"},
				"1 800 flowers":     {"flowers"},
				"bob 1-800-flowers": {"bob"},
				"415 555 2671 ada":  {"ada"},
			} {
				want[q] = w
			}
		}
		for q, w := range want {
			if got := search(q); !slices.Equal(got, w) {
				t.Errorf("region %s: %q finds %v, want %v", region, q, got, w)
			}
		}
	}
}

// A query read as a vanity number that nobody holds is the words it is
// made of: a company named like one ("800 Flowers", "1-800-Flowers") is
// found by its name, as an email that nobody holds finds the contacts
// whose words it starts.
func TestSearchVanityReadingNobodyHolds(t *testing.T) {
	search := acc9Seed(t, "US", []acc9Person{
		{key: "deli", first: "Dan", last: "Lee", company: "800 Flowers"},
		{key: "shop", first: "Sue", last: "Roe", company: "1-800-Flowers"},
		{key: "ada", first: "Ada", last: "Lovelace", phone: "+1 415 555 2671"},
	})
	for q, w := range map[string][]string{
		"800 Flowers":   {"deli", "shop"},
		"800 flowers":   {"deli", "shop"},
		"1 800 FLOWERS": {"shop"},
		"1-800-FLOWERS": {"shop"},
		"1-800-flowers": {"shop"},
	} {
		if got := search(q); !slices.Equal(got, w) {
			t.Errorf("%q finds %v, want %v", q, got, w)
		}
	}
}
