package contactkit_test

// Independent re-measurement of the README's Performance figures on inputs
// generated here (not by internal/fixture):
//
//	go test -run '^$' -bench 'RemeasureCreate' -benchtime 6x .
//	go test -run '^$' -bench 'RemeasureImportCSV$' -benchtime 4x .
//	go test -run '^$' -bench 'Remeasure(Allocs|Heap)$' -benchtime 1x .
//
// The generator: eight main regions (FR, GB, DE, US, ES, IT, BR, IN) plus
// BE and CH, accented names, emails on common domains, mobile and fixed
// phones in national (spaces, dots, dashes, compact) and international
// (+CC, E.164, 00CC) forms, a few extensions, ~7 % invalid phones, a
// Country for part of the contacts, three custom fields, 0–3 tags.
//
// CreateContact vs the bare loop: rounds of 500 new contacts; in each round
// the 500 creations run as one timed block and the bare phonenumbers loop
// (Parse + IsValidNumber + Format E164) over the same 500 phone strings, in
// the region the library reads them in (the contact's country if given,
// else the Service's default FR), as another; the order alternates. The
// ratio is contacts/s over phones/s of each round (block means: garbage
// collection included). Each operation is also timed on its own, for the
// breakdown by class of phone.

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/nyaruka/phonenumbers/v2"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/tag"
)

var (
	rmRows  = flag.Int("rm.rows", 100_000, "rows of the CSV of BenchmarkRemeasureImportCSV")
	rmBlock = flag.Int("rm.block", 500, "creations per round of BenchmarkRemeasureCreate")
)

type rmRegion struct {
	code   string
	weight int
	firsts []string
	lasts  []string
	domain []string
	cities []string
	mobile []string // national significant numbers, valid mobiles (templates)
	fixed  []string // valid fixed lines (templates)
}

var rmRegions = []*rmRegion{
	{code: "FR", weight: 34,
		firsts: []string{"Élodie", "Amélie", "François", "Hélène", "Jérôme", "Maëlle", "Loïc", "Cédric", "Zoé", "Noël", "Renée", "Thibault"},
		lasts:  []string{"Lefèvre", "Bérenger", "Côté", "Dupré", "Moreau", "Girard", "Rousseau", "Fontaine", "Chevalier", "Lemaître", "Besançon", "Hervé"},
		domain: []string{"gmail.com", "orange.fr", "free.fr", "laposte.net", "hotmail.fr", "wanadoo.fr", "sfr.fr"},
		cities: []string{"Paris", "Lyon", "Besançon", "Orléans", "Saint-Étienne", "Nîmes"}},
	{code: "GB", weight: 9,
		firsts: []string{"Siobhán", "Oliver", "Amelia", "Seán", "Harry", "Chloë", "Niamh"},
		lasts:  []string{"O'Brien", "Smith", "Jones", "Williams", "Taylor", "Ó Súilleabháin"},
		domain: []string{"gmail.com", "hotmail.co.uk", "btinternet.com", "outlook.com", "yahoo.co.uk"},
		cities: []string{"London", "Manchester", "Leeds", "Bristol"}},
	{code: "DE", weight: 9,
		firsts: []string{"Jürgen", "Jörg", "Günther", "Björn", "Käthe", "Lena", "Lukas", "Märta"},
		lasts:  []string{"Müller", "Schröder", "Weiß", "Groß", "Bäcker", "Köhler", "Schäfer"},
		domain: []string{"gmx.de", "web.de", "t-online.de", "gmail.com", "posteo.de"},
		cities: []string{"München", "Köln", "Düsseldorf", "Berlin"}},
	{code: "US", weight: 9,
		firsts: []string{"Chloé", "James", "Zoë", "Mary", "José", "Renée", "Tyler"},
		lasts:  []string{"Johnson", "Brown", "Nguyen", "García", "Miller", "Peña"},
		domain: []string{"gmail.com", "yahoo.com", "outlook.com", "icloud.com", "aol.com"},
		cities: []string{"New York", "San José", "Chicago", "Austin"}},
	{code: "ES", weight: 8,
		firsts: []string{"José", "María", "Álvaro", "Inés", "Raúl", "Sofía", "Íñigo"},
		lasts:  []string{"Núñez", "García", "Pérez", "Martínez", "Ibáñez", "Muñoz"},
		domain: []string{"gmail.com", "hotmail.es", "telefonica.net", "yahoo.es"},
		cities: []string{"Madrid", "Málaga", "Córdoba", "A Coruña"}},
	{code: "IT", weight: 8,
		firsts: []string{"Giuseppe", "Chiara", "Niccolò", "Francesca", "Luca", "Nicolò"},
		lasts:  []string{"Rossi", "Bianchi", "Esposito", "Ricci", "De Luca", "D'Angelo", "Cantù"},
		domain: []string{"libero.it", "gmail.com", "virgilio.it", "alice.it"},
		cities: []string{"Milano", "Forlì", "Cefalù", "Roma"}},
	{code: "BR", weight: 8,
		firsts: []string{"João", "Conceição", "Antônio", "Luíza", "Thiago", "Márcia"},
		lasts:  []string{"Gonçalves", "Araújo", "Magalhães", "Sousa", "Simões", "Brandão"},
		domain: []string{"gmail.com", "uol.com.br", "bol.com.br", "hotmail.com", "terra.com.br"},
		cities: []string{"São Paulo", "Brasília", "Belém", "Maceió"}},
	{code: "IN", weight: 8,
		firsts: []string{"Aarav", "Priya", "Ananya", "Rohan", "Saanvi", "Vihaan"},
		lasts:  []string{"Sharma", "Patel", "Iyer", "Reddy", "Gupta", "Nair"},
		domain: []string{"gmail.com", "rediffmail.com", "yahoo.co.in", "outlook.com"},
		cities: []string{"Mumbai", "Bengaluru", "Chennai", "Pune"}},
	{code: "BE", weight: 4,
		firsts: []string{"Anaïs", "Maël", "Wouter", "Inès"},
		lasts:  []string{"Dubois", "Peeters", "Van den Broeck", "Lefèbvre"},
		domain: []string{"skynet.be", "telenet.be", "gmail.com"},
		cities: []string{"Liège", "Bruxelles", "Gent"}},
	{code: "CH", weight: 3,
		firsts: []string{"Léa", "Jürg", "Noémie", "Urs"},
		lasts:  []string{"Meier", "Favre", "Brändli", "Rochat"},
		domain: []string{"bluewin.ch", "gmail.com", "sunrise.ch"},
		cities: []string{"Genève", "Zürich", "Neuchâtel"}},
}

var rmTags = []string{"Salon Lyon 2026", "Prospect chaud", "Client fidèle", "Newsletter", "VIP", "Événement Berlin", "Partenaire", "Relance été"}
var rmPlans = []string{"Free", "Pro", "Business", "Enterprise"}
var rmSegments = []string{"PME Île-de-France", "Grands comptes", "Indépendants", "Export Amérique latine", "Éducation"}

var rmFold = strings.NewReplacer(
	"é", "e", "è", "e", "ê", "e", "ë", "e", "É", "e", "à", "a", "â", "a", "á", "a", "ã", "a", "ä", "ae",
	"ç", "c", "î", "i", "ï", "i", "í", "i", "Í", "i", "ô", "o", "ó", "o", "ö", "oe", "Ó", "o", "ò", "o",
	"ù", "u", "û", "u", "ü", "ue", "ú", "u", "ñ", "n", "ß", "ss", "Á", "a", "'", "", " ", "")

// rmInit fills each region's templates: the library's example numbers for
// mobile and fixed lines, with their last digits drawn and kept when valid.
func rmInit() {
	if rmRegions[0].mobile != nil {
		return
	}
	r := rand.New(rand.NewPCG(7, 7))
	for _, reg := range rmRegions {
		for _, t := range []phonenumbers.PhoneNumberType{phonenumbers.MOBILE, phonenumbers.FIXED_LINE} {
			ex := phonenumbers.GetExampleNumberForTypeInRegion(reg.code, t)
			nsn := phonenumbers.GetNationalSignificantNumber(ex)
			var got []string
			for tries := 0; len(got) < 200 && tries < 5000; tries++ {
				b := []byte(nsn)
				for k := max(len(b)-5, 2); k < len(b); k++ {
					b[k] = byte('0' + r.IntN(10))
				}
				n, err := phonenumbers.Parse("+"+strconv.Itoa(int(ex.GetCountryCode()))+string(b), "")
				if err == nil && phonenumbers.IsValidNumber(n) && phonenumbers.GetNumberType(n) != phonenumbers.UNKNOWN {
					got = append(got, string(b))
				}
			}
			if len(got) == 0 {
				panic("no number for " + reg.code)
			}
			if t == phonenumbers.MOBILE {
				reg.mobile = got
			} else {
				reg.fixed = got
			}
		}
	}
}

type rmPerson struct {
	first, last, email, phone, country, city, company, class string
	region                                                   string // the region the phone is read in
	tags                                                     []string
	fields                                                   map[string]string
}

type rmGen struct {
	r     *rand.Rand
	total int
	i     int
	ctr   int
}

func newRmGen(seed uint64) *rmGen {
	rmInit()
	t := 0
	for _, reg := range rmRegions {
		t += reg.weight
	}
	return &rmGen{r: rand.New(rand.NewPCG(seed, 99)), total: t}
}

func pickS(r *rand.Rand, xs []string) string { return xs[r.IntN(len(xs))] }

// phone writes a valid number of reg in some form, or an invalid input
// (class "invalid-*"). home says whether the phone will be read in reg.
func (g *rmGen) phone(reg *rmRegion, readIn string) (s, class string) {
	r := g.r
	if r.IntN(100) < 7 {
		nsn := pickS(r, reg.mobile)
		switch r.IntN(5) {
		case 0:
			return "06 12", "invalid-short"
		case 1:
			return "+" + cc(reg) + " " + nsn[:len(nsn)-3], "invalid-truncated"
		case 2:
			return "+" + cc(reg) + " " + nsn + "472", "invalid-long"
		case 3:
			return pickS(r, []string{"n/a", "inconnu", "à compléter", "téléphone ?", "-"}), "invalid-text"
		default:
			return "+" + cc(reg) + " 0000 " + nsn[:4], "invalid-prefix"
		}
	}
	tmpl := pickS(r, reg.mobile)
	kind := "mob"
	if r.IntN(4) == 0 {
		tmpl, kind = pickS(r, reg.fixed), "fix"
	}
	// A number of its own: the template's last 6 digits from a counter,
	// kept when valid.
	var num *phonenumbers.PhoneNumber
	nsn := tmpl
	for tries := 0; ; tries++ {
		g.ctr++
		b := []byte(tmpl)
		if tries < 20 {
			d := strconv.Itoa(1_000_000 + g.ctr%1_000_000)[1:]
			copy(b[max(len(b)-6, 2):], d[max(6-(len(b)-2), 0):])
		}
		n, err := phonenumbers.Parse("+"+cc(reg)+string(b), "")
		if err == nil && (tries >= 20 || phonenumbers.IsValidNumber(n)) {
			num, nsn = n, string(b)
			break
		}
	}
	form := r.IntN(100)
	if readIn != reg.code {
		form = 50 + r.IntN(50) // a foreign number not read in its region: international forms only
	}
	var out, fname string
	switch {
	case form < 25:
		out, fname = phonenumbers.Format(num, phonenumbers.NATIONAL), "nat"
	case form < 32:
		out, fname = strings.NewReplacer(" ", ".", "-", ".").Replace(phonenumbers.Format(num, phonenumbers.NATIONAL)), "nat-dots"
	case form < 38:
		out, fname = strings.NewReplacer(" ", "-").Replace(phonenumbers.Format(num, phonenumbers.NATIONAL)), "nat-dash"
	case form < 50:
		out, fname = digitsOnly(phonenumbers.Format(num, phonenumbers.NATIONAL)), "nat-compact"
	case form < 72:
		out, fname = phonenumbers.Format(num, phonenumbers.INTERNATIONAL), "intl"
	case form < 84:
		out, fname = phonenumbers.Format(num, phonenumbers.E164), "e164"
	case form < 95:
		out, fname = "00"+cc(reg)+" "+nsn, "00cc"
	default:
		out, fname = phonenumbers.Format(num, phonenumbers.INTERNATIONAL)+" ext. "+strconv.Itoa(10+r.IntN(90)), "ext"
	}
	return out, reg.code + "-" + kind + "-" + fname
}

func cc(reg *rmRegion) string {
	return strconv.Itoa(phonenumbers.GetCountryCodeForRegion(reg.code))
}

func digitsOnly(s string) string {
	var b strings.Builder
	for _, c := range s {
		if c >= '0' && c <= '9' {
			b.WriteRune(c)
		}
	}
	return b.String()
}

func (g *rmGen) next() rmPerson {
	r := g.r
	i := g.i
	g.i++
	w := r.IntN(g.total)
	var reg *rmRegion
	for _, x := range rmRegions {
		if w < x.weight {
			reg = x
			break
		}
		w -= x.weight
	}
	p := rmPerson{first: pickS(r, reg.firsts), last: pickS(r, reg.lasts), city: pickS(r, reg.cities)}
	// Country: 30 % of the French, 55 % of the others.
	if (reg.code == "FR" && r.IntN(100) < 30) || (reg.code != "FR" && r.IntN(100) < 55) {
		p.country = reg.code // the Service takes ISO codes only ("France" is refused)
	}
	p.region = "FR"
	if p.country != "" {
		p.region = reg.code
	}
	p.phone, p.class = g.phone(reg, p.region)
	f, l := strings.ToLower(rmFold.Replace(p.first)), strings.ToLower(rmFold.Replace(p.last))
	var local string
	switch r.IntN(4) {
	case 0:
		local = f + "." + l + strconv.Itoa(i)
	case 1:
		local = f[:1] + l + strconv.Itoa(i)
	case 2:
		local = f + "_" + l + "." + strconv.Itoa(i)
	default:
		local = l + "." + f + strconv.Itoa(i%97) + "x" + strconv.Itoa(i)
	}
	p.email = local + "@" + pickS(r, reg.domain)
	if r.IntN(10) < 4 {
		p.company = pickS(r, []string{"Société Générale d'Études", "Müller & Söhne GmbH", "Acme Ltd", "Tecnologías Ibéricas SL", "Indústria Paulista", "Infosys"})
	}
	for range r.IntN(4) {
		p.tags = append(p.tags, pickS(r, rmTags))
	}
	p.fields = map[string]string{"plan": pickS(r, rmPlans), "score": strconv.Itoa(r.IntN(101))}
	if r.IntN(2) == 0 {
		p.fields["segment"] = pickS(r, rmSegments)
	}
	return p
}

func rmOpt(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func (p rmPerson) input() contactkit.ContactInput {
	return contactkit.ContactInput{
		Patch: contact.Patch{
			FirstName: rmOpt(p.first), LastName: rmOpt(p.last), Email: rmOpt(p.email), Phone: rmOpt(p.phone),
			Country: rmOpt(p.country), City: rmOpt(p.city), Company: rmOpt(p.company), Fields: p.fields,
		},
		Tags: p.tags,
	}
}

func rmDefs() []field.Definition {
	return []field.Definition{
		{Key: field.MustParseKey("plan"), Label: "Plan", Type: field.TypeSelect, Position: 0,
			Options: []field.Option{{Value: "Free"}, {Value: "Pro"}, {Value: "Business"}, {Value: "Enterprise"}}},
		{Key: field.MustParseKey("score"), Label: "Score", Type: field.TypeNumber, Position: 1},
		{Key: field.MustParseKey("segment"), Label: "Segment", Type: field.TypeText, Position: 2},
	}
}

var rmActor = contactkit.Actor{Workspace: "ws-rm", User: "u-rm", Role: contactkit.RoleOwner}

func rmService(tb testing.TB) *contactkit.Service {
	svc := contactkit.New(memstore.New(), &contactkit.Options{DefaultRegion: "FR"})
	for _, d := range rmDefs() {
		if _, err := svc.CreateField(context.Background(), rmActor, d); err != nil {
			tb.Fatal(err)
		}
	}
	return svc
}

func rmHeap() uint64 {
	var ms runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// rmBuild creates n contacts of g through svc, returning how many were
// created (an invalid phone refuses the creation) and the heap they add.
func rmBuild(tb testing.TB, svc *contactkit.Service, g *rmGen, n int) (created int, perContact float64) {
	ctx := context.Background()
	before := rmHeap()
	for range n {
		p := g.next()
		if _, err := svc.CreateContact(ctx, rmActor, p.input()); err == nil {
			created++
		}
	}
	after := rmHeap()
	return created, (float64(after) - float64(before)) / float64(max(created, 1))
}

type rmClassStat struct {
	ck, base []float64
}

func BenchmarkRemeasureCreate(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			ctx := context.Background()
			svc := rmService(b)
			g := newRmGen(uint64(n))
			start := time.Now()
			created, heap := rmBuild(b, svc, g, n)
			b.Logf("workspace: %d of %d created in %v; %.0f B of heap per contact through the Service", created, n, time.Since(start).Round(time.Millisecond), heap)
			block := *rmBlock
			var ratios, ckRates, baseRates []float64
			classes := map[string]*rmClassStat{}
			fails := 0
			for round := 0; b.Loop(); round++ {
				b.StopTimer()
				people := make([]rmPerson, block)
				inputs := make([]contactkit.ContactInput, block)
				for k := range people {
					people[k] = g.next()
					inputs[k] = people[k].input()
				}
				ckT := make([]float64, block)
				baseT := make([]float64, block)
				runtime.GC()
				var ckDur, baseDur time.Duration
				runCk := func() {
					t0 := time.Now()
					for k := range inputs {
						s := time.Now()
						if _, err := svc.CreateContact(ctx, rmActor, inputs[k]); err != nil {
							fails++
						}
						ckT[k] = float64(time.Since(s))
					}
					ckDur = time.Since(t0)
				}
				runBase := func() {
					t0 := time.Now()
					for k := range people {
						s := time.Now()
						barePhone(people[k].phone, people[k].region)
						baseT[k] = float64(time.Since(s))
					}
					baseDur = time.Since(t0)
				}
				b.StartTimer()
				if round%2 == 0 {
					runCk()
					runBase()
				} else {
					runBase()
					runCk()
				}
				b.StopTimer()
				ckRate := float64(block) / ckDur.Seconds()
				baseRate := float64(block) / baseDur.Seconds()
				ckRates, baseRates = append(ckRates, ckRate), append(baseRates, baseRate)
				ratios = append(ratios, ckRate/baseRate)
				for k, p := range people {
					c := classes[p.class]
					if c == nil {
						c = &rmClassStat{}
						classes[p.class] = c
					}
					c.ck, c.base = append(c.ck, ckT[k]), append(c.base, baseT[k])
				}
				b.StartTimer()
			}
			b.ReportMetric(median(ratios), "x-phone-loop-median")
			b.ReportMetric(slices.Min(ratios), "x-min")
			b.ReportMetric(slices.Max(ratios), "x-max")
			b.ReportMetric(1e9/median(ckRates), "create-ns")
			b.ReportMetric(1e9/median(baseRates), "loop-ns")
			b.Logf("rounds of %d: ratios %s; create µs/contact %s; loop µs/phone %s; %d creations refused (invalid phone)",
				block, fmtList(ratios, 1), fmtList(inv(ckRates), 1e6), fmtList(inv(baseRates), 1e6), fails)
			rmClassReport(b, classes)
		})
	}
}

func inv(xs []float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = 1 / x
	}
	return out
}

func fmtList(xs []float64, scale float64) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = strconv.FormatFloat(x*scale, 'f', 2, 64)
	}
	return strings.Join(parts, " ")
}

func sum(xs []float64) float64 {
	t := 0.0
	for _, x := range xs {
		t += x
	}
	return t
}

// rmClassReport logs, per class of phone and per region, the count, the
// mean and median µs of a creation and of the bare loop, and the ratio of
// rates (mean) per class.
func rmClassReport(b *testing.B, classes map[string]*rmClassStat) {
	agg := map[string]*rmClassStat{}
	add := func(key string, c *rmClassStat) {
		a := agg[key]
		if a == nil {
			a = &rmClassStat{}
			agg[key] = a
		}
		a.ck, a.base = append(a.ck, c.ck...), append(a.base, c.base...)
	}
	for name, c := range classes {
		add(name, c)
		parts := strings.Split(name, "-")
		if parts[0] == "invalid" {
			add("=invalid", c)
			continue
		}
		add("=region "+parts[0], c)
		add("=kind "+parts[1], c)
		add("=form "+strings.Join(parts[2:], "-"), c)
	}
	keys := make([]string, 0, len(agg))
	for k := range agg {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var sb strings.Builder
	fmt.Fprintf(&sb, "\n%-22s %6s %10s %10s %10s %10s %8s %8s\n", "class", "n", "ck-mean", "ck-med", "loop-mean", "loop-med", "x-mean", "x-med")
	for _, k := range keys {
		c := agg[k]
		if len(c.ck) < 20 && !strings.HasPrefix(k, "=") {
			continue
		}
		cm, bm := sum(c.ck)/float64(len(c.ck)), sum(c.base)/float64(len(c.base))
		fmt.Fprintf(&sb, "%-22s %6d %10.2f %10.2f %10.2f %10.2f %8.2f %8.2f\n", k, len(c.ck), cm/1e3, median(c.ck)/1e3, bm/1e3, median(c.base)/1e3, bm/cm, median(c.base)/median(c.ck))
	}
	fmt.Fprint(os.Stdout, sb.String()) // b.Log truncates a benchmark's log to 10 lines
}

// --- Import --------------------------------------------------------------

var rmHeader = []string{"First Name", "Last Name", "Email", "Phone", "Country", "City", "Company", "Tags", "plan", "score", "segment"}

// rmWriteCSV writes n rows: 5 % bad (half a bad phone, half an email
// without domain), 3 % duplicates (an earlier row's email in upper case).
func rmWriteCSV(tb testing.TB, dir string, n int) (string, []phoneIn) {
	path := filepath.Join(dir, "remeasure.csv")
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	cw := importer.NewWriter(bw, nil)
	if err := cw.WriteHeader(rmHeader); err != nil {
		tb.Fatal(err)
	}
	g := newRmGen(4242)
	var phones []phoneIn
	var emails []string
	for i := range n {
		p := g.next()
		for strings.HasPrefix(p.class, "invalid") { // invalid phones only as the 5 % bad rows below
			p = g.next()
		}
		switch k := g.r.IntN(100); {
		case k < 3 && len(emails) > 10:
			p.email = strings.ToUpper(emails[g.r.IntN(len(emails))])
		case k < 5:
			p.phone = pickS(g.r, []string{"06 12", "+44 20 79", "inconnu", "00000"})
		case k < 8:
			p.email = strings.Split(p.email, "@")[0] + "@"
		}
		emails = append(emails, p.email)
		if p.phone != "" {
			phones = append(phones, phoneIn{p.phone, p.region})
		}
		_ = i
		row := []string{p.first, p.last, p.email, p.phone, p.country, p.city, p.company, strings.Join(p.tags, ", "), p.fields["plan"], p.fields["score"], p.fields["segment"]}
		if err := cw.Write(row); err != nil {
			tb.Fatal(err)
		}
	}
	if err := cw.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := bw.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return path, phones
}

func BenchmarkRemeasureImportCSV(b *testing.B) {
	n := *rmRows
	ctx := context.Background()
	path, phones := rmWriteCSV(b, b.TempDir(), n)
	baseline := func() time.Duration { return barePhones(b, phones) }
	var rates versusRates
	var res contactkit.ImportResult
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		var base time.Duration
		if i%2 == 1 {
			base = baseline()
		}
		svc := rmService(b)
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		defs, err := svc.Fields(ctx, rmActor)
		if err != nil {
			b.Fatal(err)
		}
		r, err := importer.Open(f, nil)
		if err != nil {
			b.Fatal(err)
		}
		sample, r, err := importer.Sample(r, 100)
		if err != nil {
			b.Fatal(err)
		}
		m := importer.Suggest(r.Header(), sample, defs, &importer.MapOptions{Region: "FR"})
		if i == 0 {
			b.Logf("mapping: %+v", m)
		}
		runtime.GC()
		b.StartTimer()
		start := time.Now()
		res, err = svc.Import(ctx, rmActor, r, m, nil)
		took := time.Since(start)
		b.StopTimer()
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		if i%2 == 0 {
			base = baseline()
		}
		rates.add(res.Rows, took, len(phones), base)
		runtime.KeepAlive(svc)
		b.StartTimer()
	}
	rates.report(b, "rows/s")
	b.Logf("%d rows, %d phones; rows/s %s; loop phones/s %s; ratios %s; result %+v", n, len(phones),
		fmtList(rates.rates, 1), fmtList(rates.base, 1), fmtList(rates.ratios, 1), res)
}

// --- Allocations and heap --------------------------------------------------

func BenchmarkRemeasureAllocs(b *testing.B) {
	ctx := context.Background()
	svc := rmService(b)
	g := newRmGen(11)
	rmBuild(b, svc, g, 2000)
	people := make([]rmPerson, 2000)
	inputs := make([]contactkit.ContactInput, len(people))
	for i := range people {
		people[i] = g.next()
		inputs[i] = people[i].input()
	}
	i := 0
	all := testing.AllocsPerRun(len(inputs)-1, func() {
		svc.CreateContact(ctx, rmActor, inputs[i])
		i++
	})
	j := 0
	loop := testing.AllocsPerRun(len(people)-1, func() {
		barePhone(people[j].phone, people[j].region)
		j++
	})
	b.Logf("all inputs: %.1f allocations a creation (valid and refused), bare loop %.1f a phone, difference %.1f", all, loop, all-loop)
	// Per class, with Mallocs around each call (valid creations only for "valid").
	type acc struct {
		n            int
		ck, base, by float64
	}
	per := map[string]*acc{}
	var ms0, ms1 runtime.MemStats
	for k := range 1500 {
		p := g.next()
		in := p.input()
		runtime.ReadMemStats(&ms0)
		_, err := svc.CreateContact(ctx, rmActor, in)
		runtime.ReadMemStats(&ms1)
		ckA, ckB := float64(ms1.Mallocs-ms0.Mallocs), float64(ms1.TotalAlloc-ms0.TotalAlloc)
		runtime.ReadMemStats(&ms0)
		barePhone(p.phone, p.region)
		runtime.ReadMemStats(&ms1)
		key := "valid"
		if err != nil {
			key = "refused"
		}
		for _, kk := range []string{key, "region " + strings.Split(p.class, "-")[0]} {
			a := per[kk]
			if a == nil {
				a = &acc{}
				per[kk] = a
			}
			a.n++
			a.ck += ckA
			a.by += ckB
			a.base += float64(ms1.Mallocs - ms0.Mallocs)
		}
		_ = k
	}
	keys := make([]string, 0, len(per))
	for k := range per {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		a := per[k]
		n := float64(a.n)
		b.Logf("%-12s n=%4d  create %.1f allocs (%.0f B), loop %.1f allocs, difference %.1f", k, a.n, a.ck/n, a.by/n, a.base/n, (a.ck-a.base)/n)
	}
}

// BenchmarkRemeasureHeap measures the heap per contact through the Service and
// at rest in the bare memory store (the domain's contact stored directly),
// on this file's inputs.
func BenchmarkRemeasureHeap(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		svc := rmService(b)
		created, per := rmBuild(b, svc, newRmGen(uint64(n)+1), n)
		b.Logf("n=%d: through the Service %d created, %.0f B/contact", n, created, per)
		runtime.KeepAlive(svc)
		svc = nil

		// At rest: the bare store.
		ctx := context.Background()
		mem := memstore.New()
		defs := rmDefs()
		g := newRmGen(uint64(n) + 1)
		now := time.Now()
		before := rmHeap()
		stored := 0
		for from := 0; from < n; from += 1000 {
			cs := make([]contact.Contact, 0, 1000)
			for range min(1000, n-from) {
				p := g.next()
				uid := uuid.Must(uuid.NewV7())
				c := contact.Contact{ID: contact.ID(uid), Workspace: rmActor.Workspace, Status: contact.StatusActive,
					Source: contact.SourceImport, CreatedAt: now, UpdatedAt: now}
				patch := p.input().Patch
				if err := patch.Apply(&c, contact.ApplyOptions{DefaultRegion: "FR", Defs: defs}); err != nil {
					continue
				}
				for _, s := range p.tags {
					names, err := tag.Parse(s)
					if err != nil {
						b.Fatal(err)
					}
					c.Tags, _ = c.Tags.Add(names...)
				}
				cs = append(cs, c)
			}
			err := mem.Update(ctx, func(tx store.Tx) error {
				for i := range cs {
					c := cs[i]
					if err := tx.Contacts().Create(ctx, &c); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
			stored += len(cs)
		}
		after := rmHeap()
		b.Logf("n=%d: at rest in memstore %d stored, %.0f B/contact", n, stored, (float64(after)-float64(before))/float64(stored))
		runtime.KeepAlive(mem)
	}
}
