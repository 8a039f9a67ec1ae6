package seenkeys

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
)

// run is a sorted run of entries in a temporary file of its own: entrySize
// bytes an entry, the hash then the line, little-endian, each hash once, in
// pages of pageLen entries. In memory it keeps what a lookup needs: a
// filter of its hashes, so that most hashes it does not hold cost no read,
// and the first hash of each page (fences), so that a hash that passes the
// filter costs the read of one page. That is filterBits/8 + 8/pageLen
// bytes a hash: 1.28.
type run struct {
	f      *os.File
	n      int // entries
	tier   int // 0 for a run written from memory; t+1 for fanIn runs of tier t merged
	filter filter
	fences []uint64
}

const (
	entrySize = 8 + 4
	pageLen   = 256
	pageSize  = pageLen * entrySize
	// fanIn is the number of runs of a tier that are merged into one of
	// the next tier.
	fanIn = 4
	// bufSize is the size of the buffer of a file read or written in
	// order, by a spill or a merge.
	bufSize = 32 << 10
)

// get returns the line of h in r, and whether r holds h; it reads the page
// into page.
func (r *run) get(h uint64, page *[pageSize]byte) (uint32, bool, error) {
	if !r.filter.has(h) {
		return 0, false, nil
	}
	p, found := slices.BinarySearch(r.fences, h)
	if !found {
		if p == 0 {
			return 0, false, nil
		}
		p--
	}
	b := page[:min(pageLen, r.n-p*pageLen)*entrySize]
	if _, err := r.f.ReadAt(b, int64(p)*pageSize); err != nil {
		return 0, false, r.readError(err)
	}
	n := len(b) / entrySize
	hash := func(i int) uint64 { return binary.LittleEndian.Uint64(b[i*entrySize:]) }
	i := sort.Search(n, func(i int) bool { return hash(i) >= h })
	if i == n || hash(i) != h {
		return 0, false, nil
	}
	return binary.LittleEndian.Uint32(b[i*entrySize+8:]), true, nil
}

// readError returns err, of a read of r's file, or, for the end of the
// file, an error that says the file is shorter than r (cut by someone).
func (r *run) readError(err error) error {
	if errors.Is(err, io.EOF) {
		return fmt.Errorf("read %s: %w", r.f.Name(), io.ErrUnexpectedEOF)
	}
	return err
}

// remove closes r's file and removes it.
func (r *run) remove() error {
	err := r.f.Close()
	if rerr := os.Remove(r.f.Name()); rerr != nil {
		err = errors.Join(err, rerr)
	}
	return err
}

// source yields entries in the order of their hashes, each hash once.
type source interface {
	// next returns the next entry; ok is false after the last.
	next() (h uint64, line uint32, ok bool, err error)
}

// runSource reads the entries of a run from its file, in order.
type runSource struct {
	run  *run
	r    *bufio.Reader
	left int
	buf  [entrySize]byte
}

func newRunSource(r *run) *runSource {
	return &runSource{run: r, r: bufio.NewReaderSize(io.NewSectionReader(r.f, 0, int64(r.n)*entrySize), bufSize), left: r.n}
}

func (s *runSource) next() (uint64, uint32, bool, error) {
	if s.left == 0 {
		return 0, 0, false, nil
	}
	if _, err := io.ReadFull(s.r, s.buf[:]); err != nil {
		return 0, 0, false, s.run.readError(err)
	}
	s.left--
	return binary.LittleEndian.Uint64(s.buf[:]), binary.LittleEndian.Uint32(s.buf[8:]), true, nil
}

// writeRun writes the entries of srcs, merged in order, to a new run of
// tier in a new file of dir: of a hash that several give, the entry of the
// first source that gives it (the oldest). n is at least the number of
// entries (the filter is made for n). On an error, or a panic, the new file
// is removed.
func writeRun(dir string, tier, n int, srcs ...source) (_ *run, err error) {
	f, err := os.CreateTemp(dir, "contactkit-seen-*")
	if err != nil {
		return nil, err
	}
	r := &run{f: f, tier: tier, filter: newFilter(n), fences: make([]uint64, 0, (n+pageLen-1)/pageLen)}
	done := false
	defer func() {
		if !done {
			err = errors.Join(err, r.remove())
		}
	}()
	type head struct {
		h    uint64
		line uint32
		ok   bool
	}
	heads := make([]head, len(srcs))
	advance := func(i int) error {
		h, line, ok, err := srcs[i].next()
		heads[i] = head{h, line, ok}
		return err
	}
	for i := range srcs {
		if err := advance(i); err != nil {
			return nil, err
		}
	}
	w := bufio.NewWriterSize(f, bufSize)
	var buf [entrySize]byte
	for {
		best := -1
		for i, hd := range heads {
			if hd.ok && (best < 0 || hd.h < heads[best].h) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		h := heads[best].h
		if r.n%pageLen == 0 {
			r.fences = append(r.fences, h)
		}
		r.filter.add(h)
		binary.LittleEndian.PutUint64(buf[:], h)
		binary.LittleEndian.PutUint32(buf[8:], heads[best].line)
		r.n++
		w.Write(buf[:]) // its error stays, and Flush returns it
		for i := range heads {
			if heads[i].ok && heads[i].h == h {
				if err := advance(i); err != nil {
					return nil, err
				}
			}
		}
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}
	done = true
	return r, nil
}
