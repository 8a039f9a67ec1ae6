package contact_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
)

func TestParseAvatar(t *testing.T) {
	for in, want := range map[string]string{
		"https://cdn.example.com/ada.png": "https://cdn.example.com/ada.png",
		"HTTP://CDN.Example.com":          "http://cdn.example.com/",
		"cdn.example.com/a.png":           "https://cdn.example.com/a.png",
		"":                                "",
	} {
		if got, err := contact.ParseAvatar(in); err != nil || got != want {
			t.Errorf("ParseAvatar(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	tests := []struct {
		in     string
		reason error
	}{
		{"javascript:alert(1)", field.ErrURLScheme},
		{"JAVASCRIPT:alert(1)", field.ErrURLScheme},
		{"data:image/png;base64,AAAA", field.ErrURLScheme},
		{"file:///etc/passwd", field.ErrURLScheme},
		{"https:///a.png", field.ErrURLHost},
		{"https://" + strings.Repeat("a", 1<<20) + ".com/", contact.ErrTooLong},
	}
	for _, tt := range tests {
		got, err := contact.ParseAvatar(tt.in)
		if !errors.Is(err, contact.ErrInvalidURL) || !errors.Is(err, tt.reason) || got != "" {
			t.Errorf("ParseAvatar(%.40q) = %q, %v; want ErrInvalidURL and %v", tt.in, got, err, tt.reason)
			continue
		}
		if pe, ok := errors.AsType[*contact.ParseError](err); !ok || pe.Field != contact.FieldAvatar {
			t.Errorf("ParseAvatar(%.40q) error %T, want a *ParseError for the avatar", tt.in, err)
		}
		if len(err.Error()) > 300 {
			t.Errorf("ParseAvatar error message of %d bytes", len(err.Error()))
		}
	}
	c := contact.Contact{Workspace: "w", Status: contact.StatusActive, Alias: "Ada", Avatar: "javascript:alert(1)"}
	if err := c.Validate(nil); !errors.Is(err, field.ErrURLScheme) {
		t.Errorf("Validate of a javascript: avatar = %v, want ErrURLScheme", err)
	}
}

func FuzzParseAvatar(f *testing.F) {
	for _, s := range []string{"https://a.example/x.png", "javascript:alert(1)", "HTTP://A.B:80/?q#f", "a.b:8080", "data:,x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := contact.ParseAvatar(in)
		if err != nil {
			if !errors.Is(err, contact.ErrInvalidURL) || len(err.Error()) > 400 {
				t.Fatalf("ParseAvatar(%q) error %v", in, err)
			}
			return
		}
		if got == "" {
			return
		}
		if !strings.HasPrefix(got, "http://") && !strings.HasPrefix(got, "https://") {
			t.Fatalf("ParseAvatar(%q) = %q, not http or https", in, got)
		}
		if again, err := contact.ParseAvatar(got); err != nil || again != got {
			t.Fatalf("ParseAvatar(%q) = %q, %v; want it unchanged", got, again, err)
		}
	})
}
