package contactkit

// WithSeenSpillAt sets in o the number of addresses an import keeps in
// memory before it writes them to a temporary file, and returns o: the
// tests make it small, to cross that boundary with a few rows.
func WithSeenSpillAt(o *ImportOptions, n int) *ImportOptions {
	o.seenSpillAt = n
	return o
}
