package memstore_test

import (
	"context"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/tag"
)

// The benchmarks of the memory store's performance goals run on a store preloaded with
// benchContacts realistic contacts in one workspace. The fixture is built
// once per process, by the first benchmark that needs it; ordinary test runs
// never build it.
const (
	benchContacts                     = 1_000_000
	benchWS       contact.WorkspaceID = "ws-bench"
)

var (
	firstNames = []string{"Ada", "Alan", "Grace", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Frances", "John",
		"Radia", "Tim", "Hedy", "Edsger", "Katherine", "Niklaus", "Sophie", "Bjarne", "Anita", "Guido",
		"Camille", "Léa", "Chloé", "Hugo", "Lucas", "Manon", "Zoé", "Théo", "Inès", "Jules"}
	lastNames = []string{"Lovelace", "Turing", "Hopper", "Torvalds", "Hamilton", "Ritchie", "Liskov", "Thompson", "Allen", "Backus",
		"Perlman", "Berners-Lee", "Lamarr", "Dijkstra", "Johnson", "Wirth", "Wilson", "Stroustrup", "Borg", "van Rossum",
		"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau"}
	domains   = []string{"gmail.com", "yahoo.fr", "orange.fr", "outlook.com", "example.com", "free.fr", "hotmail.com", "acme.io"}
	companies = []string{"Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark Industries", "Wayne Enterprises", "Soylent", "", ""}
	cities    = []string{"Paris", "Lyon", "Marseille", "Toulouse", "Nantes", "Lille", "Bordeaux", "Nice", "Rennes", "Strasbourg"}
	jobs      = []string{"CEO", "CTO", "Engineer", "Sales Manager", "Designer", "Accountant", "", "", "", ""}
	tagNames  = []string{"VIP", "Lead", "Customer", "Newsletter", "Partner", "Churned", "Event 2025", "Webinar", "Trial", "Enterprise"}
)

// benchID returns the ID of the i-th fixture contact: a UUIDv7 shape whose
// order is creation order, as the default generator gives.
func benchID(i int) contact.ID {
	var id contact.ID
	binary.BigEndian.PutUint64(id[:8], uint64(0x0190_0000_0000_7000)|uint64(i>>16)<<16|uint64(i>>4&0xfff))
	binary.BigEndian.PutUint64(id[8:], 0x8000_0000_0000_0000|uint64(i))
	return id
}

// benchContact builds the i-th fixture contact, parsing its email and phone
// as the domain does. A typical contact: names, email, E.164 phone, country,
// language, city, company, job title, assignee, status, source, zero to
// three tags, timestamps; no custom field values.
func benchContact(i int, tags []tag.Name, fr contact.Country, lang contact.Language) contact.Contact {
	r := rand.New(rand.NewPCG(uint64(i), 42))
	first, last := firstNames[r.IntN(len(firstNames))], lastNames[r.IntN(len(lastNames))]
	e, err := contact.ParseEmail(fmt.Sprintf("%s.%s%d@%s", emailPart(first), emailPart(last), i, domains[r.IntN(len(domains))]))
	if err != nil {
		panic(err)
	}
	p, err := contact.ParsePhone(fmt.Sprintf("06%08d", i), "FR")
	if err != nil {
		panic(err)
	}
	at := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Second)
	c := contact.Contact{
		ID:        benchID(i),
		Workspace: benchWS,
		FirstName: first,
		LastName:  last,
		Email:     e,
		Phone:     p,
		Country:   fr,
		Language:  lang,
		City:      cities[r.IntN(len(cities))],
		Company:   companies[r.IntN(len(companies))],
		JobTitle:  jobs[r.IntN(len(jobs))],
		Assignee:  contact.UserID("user-" + strconv.Itoa(r.IntN(10))),
		Source:    contact.SourceImport,
		Status:    contact.StatusActive,
		CreatedAt: at,
		UpdatedAt: at,
	}
	for range r.IntN(4) {
		c.Tags, _ = c.Tags.Add(tags[r.IntN(len(tags))])
	}
	return c
}

// emailPart spells a name for the local part of an address.
func emailPart(name string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ':
			return -1
		case 'é', 'è':
			return 'e'
		}
		return r
	}, name)
}

// benchInputs builds the first n fixture contacts, on every core.
func benchInputs(n int) []contact.Contact {
	tags := make([]tag.Name, len(tagNames))
	for i, s := range tagNames {
		tags[i] = tag.MustParseName(s)
	}
	fr, err := contact.ParseCountry("FR")
	if err != nil {
		panic(err)
	}
	lang, err := contact.ParseLanguage("fr")
	if err != nil {
		panic(err)
	}
	cs := make([]contact.Contact, n)
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				cs[i] = benchContact(i, tags, fr, lang)
			}
		})
	}
	wg.Wait()
	return cs
}

// load stores cs in s in one transaction.
func load(s *memstore.Store, cs []contact.Contact) {
	err := s.Update(context.Background(), func(tx store.Tx) error {
		for i := range cs {
			if err := tx.Contacts().Create(context.Background(), &cs[i]); err != nil {
				return err
			}
		}
		// A search, which adds the words of the last contacts, still
		// waiting, to the word index: the heap measured holds them all.
		_, err := tx.Contacts().List(context.Background(), cs[0].Workspace, store.ContactQuery{Words: []string{"x"}}, store.PageRequest{Limit: 1})
		return err
	})
	if err != nil {
		panic(err)
	}
}

func heapAlloc() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

var fixture struct {
	once            sync.Once
	store           *memstore.Store
	bytesPerContact float64
	buildTime       time.Duration
}

// benchStore returns the preloaded store, building it on first use. The
// heap it holds, per contact, is measured as it is built: the inputs are
// dropped before the second measure, so what remains is what the store
// retains (records, strings, indexes).
func benchStore(b *testing.B) *memstore.Store {
	fixture.once.Do(func() {
		start := time.Now()
		before := heapAlloc()
		s := memstore.New()
		cs := benchInputs(benchContacts)
		load(s, cs)
		cs = nil
		after := heapAlloc()
		runtime.KeepAlive(cs)
		fixture.store = s
		fixture.bytesPerContact = (float64(after) - float64(before)) / benchContacts
		fixture.buildTime = time.Since(start)
	})
	b.Logf("fixture: %d contacts built in %v", benchContacts, fixture.buildTime.Round(time.Millisecond))
	return fixture.store
}

// BenchmarkHeapPerContact reports the heap the store holds per contact,
// indexes included, with 1,000,000 contacts (goal: at most 600 B).
func BenchmarkHeapPerContact(b *testing.B) {
	benchStore(b)
	for b.Loop() {
	}
	b.ReportMetric(fixture.bytesPerContact, "B/contact")
}

// BenchmarkGet reads a random contact among 1,000,000 (goal: 1 µs).
func BenchmarkGet(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	// View: one transaction per Get, as a use case does.
	b.Run("View", func(b *testing.B) {
		r := rand.New(rand.NewPCG(1, 1))
		var err error
		for b.Loop() {
			id := benchID(r.IntN(benchContacts))
			err = s.View(ctx, func(tx store.Tx) error {
				_, err := tx.Contacts().Get(ctx, benchWS, id)
				return err
			})
		}
		if err != nil {
			b.Fatal(err)
		}
	})
	// InTx: the accessor call alone, inside one long View.
	b.Run("InTx", func(b *testing.B) {
		r := rand.New(rand.NewPCG(1, 1))
		err := s.View(ctx, func(tx store.Tx) error {
			contacts := tx.Contacts()
			for b.Loop() {
				if _, err := contacts.Get(ctx, benchWS, benchID(r.IntN(benchContacts))); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkUpdate writes a random contact among 1,000,000 (goal: 2 µs).
func BenchmarkUpdate(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	// The contacts written, read once: the caller holds each one with its
	// version, as a use case does after its read.
	// One in each run of benchContacts/hot, so that they are distinct and
	// spread over the whole store.
	const hot = 1 << 16
	r := rand.New(rand.NewPCG(2, 2))
	held := make([]contact.Contact, hot)
	if err := s.View(ctx, func(tx store.Tx) error {
		for i := range held {
			const run = benchContacts / hot
			c, err := tx.Contacts().Get(ctx, benchWS, benchID(i*run+r.IntN(run)))
			if err != nil {
				return err
			}
			held[i] = c
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	// Update: one transaction per Contacts.Update.
	b.Run("Update", func(b *testing.B) {
		i := 0
		var err error
		for b.Loop() {
			c := &held[i%hot]
			c.City = cities[i%len(cities)]
			err = s.Update(ctx, func(tx store.Tx) error { return tx.Contacts().Update(ctx, c) })
			if err != nil {
				break
			}
			i++
		}
		if err != nil {
			b.Fatal(err)
		}
	})
	// InTx: the accessor call alone, 1024 per transaction.
	b.Run("InTx", func(b *testing.B) {
		i := 0
		var err error
		for b.Loop() {
			if i%1024 == 0 {
				if err = s.Update(ctx, func(tx store.Tx) error {
					contacts := tx.Contacts()
					for j := range 1024 {
						c := &held[(i+j)%hot]
						c.City = cities[(i+j)%len(cities)]
						if err := contacts.Update(ctx, c); err != nil {
							return err
						}
					}
					return nil
				}); err != nil {
					break
				}
			}
			i++
		}
		if err != nil {
			b.Fatal(err)
		}
	})
	// GetUpdate: a use case's read-modify-write in one transaction.
	b.Run("GetUpdate", func(b *testing.B) {
		r := rand.New(rand.NewPCG(3, 3))
		var err error
		for b.Loop() {
			id := benchID(r.IntN(benchContacts))
			err = s.Update(ctx, func(tx store.Tx) error {
				c, err := tx.Contacts().Get(ctx, benchWS, id)
				if err != nil {
					return err
				}
				c.JobTitle = "Engineer"
				return tx.Contacts().Update(ctx, &c)
			})
			if err != nil {
				break
			}
		}
		if err != nil {
			b.Fatal(err)
		}
	})
}
