package contact_test

import (
	"slices"
	"testing"
	"time"

	"github.com/nyaruka/phonenumbers/v2"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/internal/phonenum/phonecorpus"
)

// benchPhones are the inputs of the phone benchmarks: the library's example
// numbers of every region, written as people type them (national and
// international forms, with and without the trunk prefix, separators, some
// typos), mostly with their own region as the default.
var benchPhones = phonecorpus.Realistic(42, 1000)

var sinkPhone contact.Phone
var sinkString string

func parsePhoneLoop(cases []phonecorpus.Case) {
	for _, c := range cases {
		p, _ := contact.ParsePhone(c.Input, c.Region)
		sinkPhone = p
	}
}

// libraryLoop is the baseline ParsePhone is measured against: the bare loop
// phonenumbers.Parse, IsValidNumber and Format(E164).
func libraryLoop(cases []phonecorpus.Case) {
	for _, c := range cases {
		n, err := phonenumbers.Parse(c.Input, c.Region)
		if err == nil && phonenumbers.IsValidNumber(n) {
			sinkString = phonenumbers.Format(n, phonenumbers.E164)
		}
	}
}

// BenchmarkParsePhone measures contact.ParsePhone; one op is one number.
func BenchmarkParsePhone(b *testing.B) {
	parsePhoneLoop(benchPhones) // compile the regions' metadata first
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		c := benchPhones[i%len(benchPhones)]
		sinkPhone, _ = contact.ParsePhone(c.Input, c.Region)
		i++
	}
}

// BenchmarkPhonenumbersLoop measures the baseline on the same inputs:
// phonenumbers.Parse, IsValidNumber and Format(E164); one op is one number.
func BenchmarkPhonenumbersLoop(b *testing.B) {
	libraryLoop(benchPhones)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		c := benchPhones[i%len(benchPhones)]
		n, err := phonenumbers.Parse(c.Input, c.Region)
		if err == nil && phonenumbers.IsValidNumber(n) {
			sinkString = phonenumbers.Format(n, phonenumbers.E164)
		}
		i++
	}
}

// BenchmarkParsePhoneVsLibrary interleaves the baseline and ParsePhone over
// the same inputs, round after round (alternating which goes first), and
// reports the median of the per-round ratios as x-speedup, with the median
// time per number of each side. On shared machines absolute times move but
// the ratio of neighbouring runs holds.
func BenchmarkParsePhoneVsLibrary(b *testing.B) {
	cases := benchPhones[:250]
	libraryLoop(cases)
	parsePhoneLoop(cases)
	var ratios, libNs, ckNs []float64
	round := 0
	for b.Loop() {
		var lib, ck time.Duration
		if round%2 == 0 {
			lib = timeIt(libraryLoop, cases)
			ck = timeIt(parsePhoneLoop, cases)
		} else {
			ck = timeIt(parsePhoneLoop, cases)
			lib = timeIt(libraryLoop, cases)
		}
		round++
		ratios = append(ratios, float64(lib)/float64(ck))
		libNs = append(libNs, float64(lib.Nanoseconds())/float64(len(cases)))
		ckNs = append(ckNs, float64(ck.Nanoseconds())/float64(len(cases)))
	}
	b.ReportMetric(median(ratios), "x-speedup")
	b.ReportMetric(median(libNs), "lib-ns/number")
	b.ReportMetric(median(ckNs), "contactkit-ns/number")
}

func timeIt(f func([]phonecorpus.Case), cases []phonecorpus.Case) time.Duration {
	start := time.Now()
	f(cases)
	return time.Since(start)
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
