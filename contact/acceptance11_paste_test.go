package contact_test

import (
	"errors"
	"testing"

	"github.com/contactkit/contactkit/contact"
)

// C3: "what people paste (`Ann <ann@example.com>`, `mailto:`) is reduced to
// the bare address". Outlook copies a recipient with the separator of its
// address line ("Ann Lee <ann@example.com>;"), a list copied from a
// spreadsheet or a mail header leaves a comma after its last address, and a
// Chinese or Japanese keyboard in full-width mode types "＠" and "＜…＞":
// each is one address, which the input names without doubt.
func TestAcc11PastedAddressWithItsSeparatorOrInFullWidth(t *testing.T) {
	for _, tc := range []struct{ in, addr, name string }{
		{"ann@example.com;", "ann@example.com", ""},
		{"ann@example.com,", "ann@example.com", ""},
		{"Ann Lee <ann@example.com>;", "ann@example.com", "Ann Lee"},
		{"\"Lee, Ann\" <ann@example.com>, ", "ann@example.com", "Lee, Ann"},
		{"ann＠example.com", "ann@example.com", ""},
		{"ann＠ｅｘａｍｐｌｅ．ｃｏｍ", "ann@example.com", ""},
		{"Ann ＜ann@example.com＞", "ann@example.com", "Ann"},
	} {
		e, name, err := contact.ParseEmailInput(tc.in)
		if err != nil {
			t.Errorf("ParseEmailInput(%q): %v", tc.in, err)
			continue
		}
		if e.String() != tc.addr || name != tc.name {
			t.Errorf("ParseEmailInput(%q) = %q, %q; want %q, %q", tc.in, e, name, tc.addr, tc.name)
		}
	}
	// Two addresses stay two, refused.
	for _, in := range []string{"ann@example.com; bob@example.com", "ann@example.com;bob@example.com;", "Ann <ann@example.com>; Bob <bob@example.com>"} {
		if e, _, err := contact.ParseEmailInput(in); !errors.Is(err, contact.ErrInvalidEmail) {
			t.Errorf("ParseEmailInput(%q) = %q, %v; want an error", in, e, err)
		}
	}
}

// The full-width marks in a display name stay there: the address is in
// the ASCII brackets.
func TestAcc11FullWidthMarksOfADisplayNameStay(t *testing.T) {
	for _, tc := range []struct{ in, addr, name string }{
		{"Ann＠Home <ann@example.com>", "ann@example.com", "Ann＠Home"},
		{"田中＜営業＞ <tanaka@example.jp>", "tanaka@example.jp", "田中＜営業＞"},
	} {
		e, name, err := contact.ParseEmailInput(tc.in)
		if err != nil || e.String() != tc.addr || name != tc.name {
			t.Errorf("ParseEmailInput(%q) = %q, %q, %v; want %q, %q", tc.in, e, name, err, tc.addr, tc.name)
		}
	}
}
