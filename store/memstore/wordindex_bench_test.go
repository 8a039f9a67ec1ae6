package memstore

import (
	"encoding/binary"
	"flag"
	"testing"
	"time"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/internal/fixture"
)

var wordIndexBase = flag.Int("wordindex.base", 100_000, "contacts in the word index of BenchmarkWordIndexAdd")

// BenchmarkWordIndexAdd indexes the search words of one more realistic
// contact (fixture.Generator's people: names, city, company, job title,
// email) in a workspace's word index that holds those of 100,000 (or
// -wordindex.base: the index outgrows the processor's caches between
// 100,000 and 1,000,000): the word index's part of a creation.
func BenchmarkWordIndexAdd(b *testing.B) {
	base := *wordIndexBase
	g := fixture.New(1, "FR")
	words := func(i int) []string {
		p := g.Person(i)
		c := contact.Contact{FirstName: p.FirstName, LastName: p.LastName, City: p.City, Company: p.Company, JobTitle: p.JobTitle}
		if e, err := contact.ParseEmail(p.Email); err == nil {
			c.Email = e
		}
		return indexed(contact.SearchWords(&c))
	}
	w := newWorkspace("ws")
	// IDs in creation order, as UUIDv7 gives them.
	id := func(i int) contact.ID {
		var id contact.ID
		binary.BigEndian.PutUint64(id[:8], uint64(i))
		return id
	}
	for i := range base {
		o := w.put(id(i), nil)
		for _, s := range words(i) {
			w.search.add(s, o)
		}
	}
	next := make([][]string, b.N)
	ords := make([]uint32, b.N)
	for i := range next {
		next[i], ords[i] = words(base+i), w.put(id(base+i), nil)
	}
	b.ResetTimer()
	for i := range b.N {
		for _, s := range next[i] {
			w.search.add(s, ords[i])
		}
	}
	b.StopTimer()
	// The pause of the one add in many that settles the fresh words (with
	// fresh full, a settle alone), and of the rebuild of the filter that
	// one settle in a few more does when the settled words have doubled.
	x := &w.search
	for i := base + b.N; x.fresh.Len() < x.freshMax()-16; i++ {
		o := w.put(id(i), nil)
		for _, s := range words(i) {
			x.add(s, o)
		}
	}
	start := time.Now()
	x.settle()
	b.ReportMetric(float64(time.Since(start).Microseconds())/1e3, "settle-ms")
	start = time.Now()
	x.refilter()
	b.ReportMetric(float64(time.Since(start).Microseconds())/1e3, "refilter-ms")
}

// BenchmarkIndexed sorts the search words of realistic contacts and drops
// those that start another (indexed), as every creation does.
func BenchmarkIndexed(b *testing.B) {
	g := fixture.New(1, "FR")
	var all [][]string
	for i := range 1024 {
		p := g.Person(i)
		c := contact.Contact{FirstName: p.FirstName, LastName: p.LastName, City: p.City, Company: p.Company, JobTitle: p.JobTitle}
		if e, err := contact.ParseEmail(p.Email); err == nil {
			c.Email = e
		}
		all = append(all, contact.SearchWords(&c))
	}
	buf := make([]string, 0, 64)
	b.ResetTimer()
	for i := range b.N {
		buf = append(buf[:0], all[i%len(all)]...)
		indexed(buf)
	}
}
