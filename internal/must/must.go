// Package must holds the one helper behind every MustParse function of
// contactkit: those are for constants in tests and examples only.
package must

// Get returns v, or panics with err if it is not nil.
func Get[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
