package merge

// DetectWithHash is Detect with the hash of keys given, so that tests can
// make the hashes of different keys collide.
func DetectWithHash(entries []Entry, opts *DetectOptions, hash func(string) uint64) Result {
	return detect(entries, opts, hash)
}
