package contact

import (
	"fmt"

	"github.com/contactkit/contactkit/field"
)

// ParseAvatar reads the URL of a contact's picture, as a channel sync gives
// it, and returns it in canonical form: an absolute http or https
// URL with a host, as a custom field of type url accepts it
// ("HTTPS://Example.com" gives "https://example.com/"). Any other scheme
// ("javascript:alert(1)", "data:", "file:") and a URL without a host are
// refused. Errors are *ParseError with Field "avatar", wrapping
// ErrInvalidURL and the reason: field.ErrURLScheme, field.ErrURLHost or
// ErrTooLong.
func ParseAvatar(s string) (string, error) {
	v, err := field.ParseValue(field.TypeURL, s)
	if err != nil {
		reason := err
		if fe, ok := err.(*field.Error); ok {
			reason = fe.Err
		}
		return "", &ParseError{Field: FieldAvatar, Input: s, Err: fmt.Errorf("%w: %w", ErrInvalidURL, reason)}
	}
	return v.String(), nil
}
