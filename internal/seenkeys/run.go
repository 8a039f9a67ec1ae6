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

// run is a sorted run of entries in a temporary file of its own: a Bloom
// filter of its hashes (blocks of blockBytes), then the entries, entrySize
// bytes each, the hash then the line, little-endian, each hash once, in
// pages of pageLen entries. A lookup reads the block of the filter for its
// hash, so that most hashes the run does not hold cost one read of 64
// bytes, and a hash that passes the filter the read of one page, found
// among the first hashes of each page (fences), kept in memory: 8/pageLen
// bytes a hash. A run written from memory (tier 0) keeps its filter in
// memory too, 1.25 bytes a hash: the newest runs, at most fanIn-1 of them,
// are read by every lookup for a while, and a hash of the file's end is
// most likely in them.
type run struct {
	f      *os.File
	n      int // entries
	tier   int // 0 for a run written from memory; t+1 for fanIn runs of tier t merged
	blocks int // of the filter
	data   int64
	filter filter // in memory, for tier 0; nil for the others
	fences []uint64
	// named is whether f still has its name: it is removed as soon as it
	// is made where the system lets an open file lose its name (Unix),
	// so that a process that is killed leaves no file behind.
	named bool
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
	if ok, err := r.mayHold(h, page); err != nil || !ok {
		return 0, false, err
	}
	p, found := slices.BinarySearch(r.fences, h)
	if !found {
		if p == 0 {
			return 0, false, nil
		}
		p--
	}
	b := page[:min(pageLen, r.n-p*pageLen)*entrySize]
	if _, err := r.f.ReadAt(b, r.data+int64(p)*pageSize); err != nil {
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

// mayHold reports whether r's filter passes h: false means r does not hold
// h. A filter on disk is read into page.
func (r *run) mayHold(h uint64, page *[pageSize]byte) (bool, error) {
	if r.filter != nil {
		return r.filter.has(h), nil
	}
	b, x := blockOf(h, r.blocks)
	buf := page[:blockBytes]
	if _, err := r.f.ReadAt(buf, int64(b)*blockBytes); err != nil {
		return false, r.readError(err)
	}
	var blk [blockWords]uint64
	for i := range blk {
		blk[i] = binary.LittleEndian.Uint64(buf[i*8:])
	}
	return hasProbes(blk[:], x), nil
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
	if !r.named {
		return err
	}
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
	return &runSource{run: r, r: bufio.NewReaderSize(io.NewSectionReader(r.f, r.data, int64(r.n)*entrySize), bufSize), left: r.n}
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
	nb := blocks(n)
	r := &run{f: f, tier: tier, blocks: nb, data: int64(nb) * blockBytes, fences: make([]uint64, 0, (n+pageLen-1)/pageLen)}
	// The open file is read and written through f alone: where the system
	// allows it, its name goes now; elsewhere (Windows), when it is done.
	r.named = os.Remove(f.Name()) != nil
	if tier == 0 {
		r.filter = newFilter(n)
	}
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
	fbuf := bufio.NewWriterSize(io.NewOffsetWriter(f, 0), bufSize)
	fw := &filterWriter{w: fbuf, n: nb}
	w := bufio.NewWriterSize(io.NewOffsetWriter(f, r.data), bufSize)
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
		fw.add(h)
		if r.filter != nil {
			r.filter.add(h)
		}
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
	fw.close()
	if err := errors.Join(fbuf.Flush(), w.Flush()); err != nil {
		return nil, err
	}
	done = true
	return r, nil
}
