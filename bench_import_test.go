package contactkit_test

// BenchmarkImport (issue 13): a generated realistic
// CSV — names, email, phone in mixed national and international forms
// across eight regions, a country column for one row in four, tags, two
// custom fields, 5 % bad rows, 3 % duplicates — written to a file first,
// then read from it (streamed: never held in memory, and no generator
// competes for the CPU) and imported into memstore; in the same
// run, interleaved, the bare phonenumbers loop (Parse + IsValidNumber +
// Format E164) over the same phones on one core. It reports:
//
//   - rows/s: rows imported per second;
//   - base-phones/s: phones per second of the bare loop, one core;
//   - x-phoneloop: rows/s over base-phones/s, the median of the pairs (the
//     goal is ≥ 2);
//   - cpu-us/row: the CPU time the process used during the import, on
//     every thread (the workers', the writer's, the collector's, and the
//     benchmark's sampling of the heap, next to nothing), over the rows,
//     the median of the runs (unix only): with two cores, a rate of 2×
//     the loop needs at most one loop's worth of CPU a row;
//   - allocs/row and B/row: the heap allocations of the import (every
//     goroutine's), and their bytes, over the rows, the median of the
//     runs: what the collector has to reclaim, which a change of the
//     import's code moves whatever the machine;
//   - peak-heap-MB: the peak of live heap during the import (sampled every
//     10 ms), and store-heap-MB, the heap left after it (the 1,000,000
//     contacts memstore holds), so that the import's own heap is the
//     difference;
//
//	go test -run '^$' -bench 'Import$' -benchtime=3x .
//	go test -run '^$' -bench 'Import$' -benchtime=1x -import.rows=1000000 -timeout=30m .

import (
	"context"
	"flag"
	"os"
	"runtime"
	"runtime/metrics"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/internal/fixture"
	"github.com/contactkit/contactkit/store/memstore"
)

var importRows = flag.Int("import.rows", 100_000, "rows of the CSV that BenchmarkImport generates")

// heapPeak samples the live heap until stop is called, and returns its peak.
func heapPeak() (stop func() uint64) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		return peak
	}
}

// heapAllocs returns the count and the bytes of the heap allocations the
// process has made so far.
func heapAllocs() (objects, bytes uint64) {
	sample := []metrics.Sample{{Name: "/gc/heap/allocs:objects"}, {Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(sample)
	return sample[0].Value.Uint64(), sample[1].Value.Uint64()
}

func liveHeap() uint64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	return sample[0].Value.Uint64()
}

func BenchmarkImport(b *testing.B) {
	n := *importRows
	g := fixture.New(1, "FR")
	ctx := context.Background()
	// The phones of the baseline, with the region the import reads each in.
	phones := make([]phoneIn, 0, n)
	row := make([]string, 0, len(fixture.ImportHeader))
	for i := range n {
		var ph, region string
		row, ph, region = g.ImportRow(i, row)
		if ph != "" {
			phones = append(phones, phoneIn{ph, region})
		}
	}
	baseline := func() time.Duration { return barePhones(b, phones) }
	path := importFile(b, g, n)
	var rates versusRates
	var peak, retained uint64
	var res contactkit.ImportResult
	var cpus, allocs, bytes []float64
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		var base time.Duration
		if i%2 == 1 {
			base = baseline()
		}
		svc := contactkit.New(memstore.New(), &contactkit.Options{DefaultRegion: "FR"})
		r, m, err := fixture.PrepareImport(ctx, svc, owner, openImport(b, path))
		if err != nil {
			b.Fatal(err)
		}
		before := liveHeap()
		stop := heapPeak()
		objs0, bytes0 := heapAllocs()
		b.StartTimer()
		start, cpu0 := time.Now(), processCPU()
		res, err = svc.Import(ctx, owner, r, m, nil)
		took, cpu := time.Since(start), processCPU()-cpu0
		b.StopTimer()
		objs1, bytes1 := heapAllocs()
		cpus = append(cpus, float64(cpu.Microseconds())/float64(n))
		allocs = append(allocs, float64(objs1-objs0)/float64(n))
		bytes = append(bytes, float64(bytes1-bytes0)/float64(n))
		p := stop()
		if err != nil {
			b.Fatal(err)
		}
		peak = max(peak, p-min(p, before))
		retained = liveHeap() - min(before, liveHeap())
		if i%2 == 0 {
			base = baseline()
		}
		rates.add(res.Rows, took, len(phones), base)
		runtime.KeepAlive(svc)
		b.StartTimer()
	}
	if res.Rows != n {
		b.Fatalf("imported %d rows of %d: %+v", res.Rows, n, res)
	}
	rates.report(b, "rows/s")
	if median(cpus) > 0 {
		b.ReportMetric(median(cpus), "cpu-us/row")
	}
	b.ReportMetric(median(allocs), "allocs/row")
	b.ReportMetric(median(bytes), "B/row")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(retained)/(1<<20), "store-heap-MB")
	b.Logf("%d rows, GOMAXPROCS %d: %+v", n, runtime.GOMAXPROCS(0), res)
}

// importFile writes the CSV of fixture.ImportCSV, n rows, to a file of the
// benchmark's temporary directory and returns its path.
func importFile(b *testing.B, g *fixture.Generator, n int) string {
	b.Helper()
	path, err := g.ImportCSVFile(b.TempDir(), n)
	if err != nil {
		b.Fatal(err)
	}
	return path
}

// openImport opens the file at path for reading until the benchmark ends.
func openImport(b *testing.B, path string) *os.File {
	b.Helper()
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { f.Close() })
	return f
}

func median(s []float64) float64 {
	s = slices.Clone(s)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[len(s)/2]
}

// BenchmarkImportHeap measures the import's own heap: the peak of the heap
// (sampled every 10 ms, garbage included) during a dry run of the generated
// CSV into an empty memstore, whose batches are rolled back so that the
// store does not grow, and, in a second dry run, the largest live heap
// (live-heap-MB, see importLiveHeap); compare -import.rows=100000 with
// 1000000. What grows
// with the file is the set of the rows' normalised addresses, for the
// duplicates (64-bit hashes and their lines, 12 bytes a key, about 2.6 keys
// a row: see internal/seenkeys): past 131,072 keys it writes them to
// temporary files, with a Bloom filter each, and keeps in memory an index
// of each file (0.03 bytes a key) and the filters of the newest files only
// (at most 0.5 MB), so that 1,000,000 rows hold about 0.1 MB more than
// 100,000.
//
//	go test -run '^$' -bench 'ImportHeap' -benchtime=1x -import.rows=1000000 -timeout=30m .
func BenchmarkImportHeap(b *testing.B) {
	n := *importRows
	g := fixture.New(1, "FR")
	ctx := context.Background()
	path := importFile(b, g, n)
	var peak uint64
	var res contactkit.ImportResult
	for b.Loop() {
		b.StopTimer()
		svc := contactkit.New(memstore.New(), &contactkit.Options{DefaultRegion: "FR"})
		r, m, err := fixture.PrepareImport(ctx, svc, owner, openImport(b, path))
		if err != nil {
			b.Fatal(err)
		}
		before := liveHeap()
		stop := heapPeak()
		b.StartTimer()
		res, err = svc.Import(ctx, owner, r, m, &contactkit.ImportOptions{DryRun: true})
		p := stop()
		if err != nil {
			b.Fatal(err)
		}
		peak = max(peak, p-min(p, before))
	}
	if res.Rows != n {
		b.Fatalf("imported %d rows of %d: %+v", res.Rows, n, res)
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(n)/b.Elapsed().Seconds()*float64(b.N), "rows/s")
	b.ReportMetric(float64(importLiveHeap(b, path))/(1<<20), "live-heap-MB")
}

// importLiveHeap runs the dry run of BenchmarkImportHeap once more, untimed,
// and returns the largest live heap it holds (after a collection, every
// 50,000 rows): what the peak, garbage included, varies around with the
// collector's timing.
func importLiveHeap(b *testing.B, path string) uint64 {
	ctx := context.Background()
	svc := contactkit.New(memstore.New(), &contactkit.Options{DefaultRegion: "FR"})
	r, m, err := fixture.PrepareImport(ctx, svc, owner, openImport(b, path))
	if err != nil {
		b.Fatal(err)
	}
	before := liveHeap()
	var live uint64
	next := 50_000
	_, err = svc.Import(ctx, owner, r, m, &contactkit.ImportOptions{DryRun: true, Progress: func(p contactkit.ImportProgress) {
		if p.Rows >= next {
			next += 50_000
			h := liveHeap()
			live = max(live, h-min(h, before))
		}
	}})
	if err != nil {
		b.Fatal(err)
	}
	return live
}

// versusRates are the rates of runs of a call and of the bare phone loop
// beside them (interleaved), and their ratios.
type versusRates struct{ rates, base, ratios []float64 }

// add records n items done in took beside phones parsed by the loop in
// base.
func (v *versusRates) add(n int, took time.Duration, phones int, base time.Duration) {
	rate, baseRate := float64(n)/took.Seconds(), float64(phones)/base.Seconds()
	v.rates, v.base = append(v.rates, rate), append(v.base, baseRate)
	v.ratios = append(v.ratios, rate/baseRate)
}

// report reports the medians: the call's rate in unit, the loop's and the
// ratio.
func (v *versusRates) report(b *testing.B, unit string) {
	b.ReportMetric(median(v.rates), unit)
	b.ReportMetric(median(v.base), "base-phones/s")
	b.ReportMetric(median(v.ratios), "x-phoneloop")
}
