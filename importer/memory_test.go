package importer_test

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"testing"

	"github.com/contactkit/contactkit/importer"
)

// rowSource generates a CSV file of n rows as it is read, so that the file
// itself takes no memory. From row latinFrom on (when not 0), the first
// names are accented in Windows-1252.
type rowSource struct {
	n, i      int
	latinFrom int
	buf       []byte
}

func (s *rowSource) Read(p []byte) (int, error) {
	for len(s.buf) < len(p) && s.i <= s.n {
		if s.i == 0 {
			s.buf = append(s.buf, "First Name;Last Name;Email;Mobile;Notes\r\n"...)
		} else if s.latinFrom > 0 && s.i >= s.latinFrom {
			s.buf = fmt.Appendf(s.buf, "H\xe9l\xe8ne%d;Lee;ann%d@example.com;+336%08d;\"note %d\nsecond line\"\r\n", s.i, s.i, s.i, s.i)
		} else {
			s.buf = fmt.Appendf(s.buf, "Ann%d;Lee;ann%d@example.com;+336%08d;\"note %d\nsecond line\"\r\n", s.i, s.i, s.i, s.i)
		}
		s.i++
	}
	if len(s.buf) == 0 {
		return 0, io.EOF
	}
	n := copy(p, s.buf)
	s.buf = s.buf[:copy(s.buf, s.buf[n:])]
	return n, nil
}

func heapAlloc() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestCSVHeapDoesNotGrow reads 200,000 rows through a mapping and checks
// that the live heap after 200,000 rows is within a small bound of the heap
// after 20,000: memory does not grow with the file, UTF-8 or told
// Windows-1252 after an ASCII prefix.
func TestCSVHeapDoesNotGrow(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 200,000 rows")
	}
	for _, tc := range []struct {
		name string
		src  *rowSource
	}{
		{"ascii", &rowSource{n: 200_000}},
		{"windows-1252 after 64 KiB of ascii", &rowSource{n: 200_000, latinFrom: 2_000}},
	} {
		t.Run(tc.name, func(t *testing.T) { heapDoesNotGrow(t, tc.src) })
	}
}

func heapDoesNotGrow(t *testing.T, src *rowSource) {
	r, err := importer.Open(src, nil)
	if err != nil {
		t.Fatal(err)
	}
	sample, r, err := importer.Sample(r, 50)
	if err != nil {
		t.Fatal(err)
	}
	m := importer.Suggest(r.Header(), sample, nil, &importer.MapOptions{Region: "FR"})
	var after20k uint64
	rows := 0
	for {
		row, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("row %d: %v", rows+1, err)
		}
		rec := m.Record(row)
		if len(rec.Phones) != 1 || len(rec.Emails) != 1 {
			t.Fatalf("row %d: %+v", rows+1, rec)
		}
		rows++
		if rows == 20_000 {
			after20k = heapAlloc()
		}
	}
	after200k := heapAlloc()
	if rows != 200_000 {
		t.Fatalf("read %d rows, want 200000", rows)
	}
	const bound = 256 << 10
	if after200k > after20k+bound {
		t.Errorf("heap grew from %d B after 20k rows to %d B after 200k rows (bound %d B)", after20k, after200k, bound)
	}
	t.Logf("heap after 20k rows: %d B, after 200k rows: %d B", after20k, after200k)
}

// BenchmarkCSVRecord reads rows of five cells (one quoted over two lines)
// and maps them to records.
func BenchmarkCSVRecord(b *testing.B) {
	r, err := importer.Open(&rowSource{n: b.N}, nil)
	if err != nil {
		b.Fatal(err)
	}
	m := importer.Suggest(r.Header(), nil, nil, nil)
	b.ReportAllocs()
	b.ResetTimer()
	for {
		row, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			b.Fatal(err)
		}
		_ = m.Record(row)
	}
}
