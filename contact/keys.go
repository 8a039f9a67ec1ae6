package contact

import "strings"

// The prefixes of the keys of a contact (see Keys).
const (
	keyEmail = "email:"
	keyPhone = "phone:"
)

// EmailKey returns the key of e among the keys of contacts: "email:" and the
// canonical address. The zero Email has the key "".
func EmailKey(e Email) string {
	if e.IsZero() {
		return ""
	}
	return keyEmail + e.String()
}

// PhoneKey returns the key of p among the keys of contacts: "phone:" and the
// E.164 form. The zero Phone has the key "".
func PhoneKey(p Phone) string {
	if p.IsZero() {
		return ""
	}
	return keyPhone + p.String()
}

// Keys returns the keys of c: the canonical values that identify it in its
// workspace, one for each email and phone it has, primary or secondary, in
// a fixed order (emails, then phones, each primary first). A key belongs to
// at most one live contact of a workspace, and a store finds a
// contact by any of them. The slice is new on every call.
func (c Contact) Keys() []string {
	keys := make([]string, 0, 2+len(c.OtherEmails)+len(c.OtherPhones))
	for _, e := range c.Emails() {
		keys = append(keys, EmailKey(e))
	}
	for _, p := range c.Phones() {
		keys = append(keys, PhoneKey(p))
	}
	return keys
}

// KeyField returns the field a key of Keys comes from (FieldEmail or
// FieldPhone) and its canonical value, or "" and key when key is not one.
func KeyField(key string) (field, value string) {
	switch {
	case strings.HasPrefix(key, keyEmail):
		return FieldEmail, key[len(keyEmail):]
	case strings.HasPrefix(key, keyPhone):
		return FieldPhone, key[len(keyPhone):]
	}
	return "", key
}
