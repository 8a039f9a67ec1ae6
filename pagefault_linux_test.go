package contactkit_test

import (
	"syscall"
	"testing"
)

// BenchmarkPageFault measures what this machine takes to map a page of
// memory at its first touch (a minor page fault: the kernel finds a page,
// zeroes it and maps it), in ns/page. A workspace that grows touches new
// pages as its heap grows (BenchmarkScale's CreateContact reports
// faults/contact); the bare phone loop touches none. A few hundred
// nanoseconds on bare metal, it can take tens of times that in a virtual
// machine.
//
//	go test -run '^$' -bench PageFault -count 3 .
func BenchmarkPageFault(b *testing.B) {
	const size = 16 << 20
	page := syscall.Getpagesize()
	for b.Loop() {
		mem, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
		if err != nil {
			b.Fatal(err)
		}
		for i := 0; i < size; i += page {
			mem[i] = 1
		}
		if err := syscall.Munmap(mem); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*(size/page)), "ns/page")
	b.ReportMetric(0, "ns/op")
}
