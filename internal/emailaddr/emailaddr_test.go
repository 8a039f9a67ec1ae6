package emailaddr_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/contactkit/contactkit/internal/emailaddr"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  string
	}{
		{"plain", "ann@example.com", "ann@example.com"},
		{"upper case", "Ann.Lee@Example.COM", "ann.lee@example.com"},
		{"atext", "a!#$%&'*+-/=?^_`{|}~@example.com", "a!#$%&'*+-/=?^_`{|}~@example.com"},
		{"punycode domain", "x@XN--bcher-kva.example", "x@xn--bcher-kva.example"},
		{"digits in labels", "x@3com.c0m", "x@3com.c0m"},
		{"one-letter labels", "x@a.b", "x@a.b"},
		{"local part of 64", strings.Repeat("a", 64) + "@example.com", strings.Repeat("a", 64) + "@example.com"},
		{"label of 63", "x@" + strings.Repeat("a", 63) + ".com", "x@" + strings.Repeat("a", 63) + ".com"},
		{"address of 254", strings.Repeat("a", 64) + "@" + strings.Repeat("b", 63) + "." + strings.Repeat("c", 63) + "." + strings.Repeat("d", 57) + ".com", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := tt.want
			if want == "" {
				want = tt.input
			}
			got, err := emailaddr.Normalize(tt.input)
			if err != nil {
				t.Fatalf("Normalize(%q) error: %v", tt.input, err)
			}
			if got != want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.input, got, want)
			}
			if again, err := emailaddr.Normalize(got); again != got || err != nil {
				t.Errorf("Normalize(%q) = %q, %v; not idempotent", got, again, err)
			}
		})
	}
}

func TestNormalizeErrors(t *testing.T) {
	long := strings.Repeat("a", 64) + "@" + strings.Repeat("b", 63) + "." + strings.Repeat("c", 63) + "." + strings.Repeat("d", 58) + ".com"
	tests := []struct {
		name   string
		input  string
		reason error
	}{
		{"empty", "", emailaddr.ErrEmpty},
		{"only spaces", "   ", emailaddr.ErrEmpty},
		{"no at", "ann.example.com", emailaddr.ErrNoAt},
		{"empty local", "@example.com", emailaddr.ErrLocalPart},
		{"empty domain", "ann@", emailaddr.ErrDomain},
		{"two ats", "a@b@example.com", emailaddr.ErrLocalPart},
		{"quoted local", `"ann lee"@example.com`, emailaddr.ErrLocalPart},
		{"leading dot", ".ann@example.com", emailaddr.ErrLocalPart},
		{"trailing dot", "ann.@example.com", emailaddr.ErrLocalPart},
		{"double dot", "ann..lee@example.com", emailaddr.ErrLocalPart},
		{"space inside", "ann lee@example.com", emailaddr.ErrLocalPart},
		{"comment", "ann(x)@example.com", emailaddr.ErrLocalPart},
		{"non-ASCII local", "zoë@example.com", emailaddr.ErrLocalPart},
		{"non-ASCII domain", "x@bücher.example", emailaddr.ErrDomain},
		{"dotless domain", "ann@localhost", emailaddr.ErrDomain},
		{"numeric TLD", "ann@192.168.0.1", emailaddr.ErrDomain},
		{"address literal", "ann@[192.168.0.1]", emailaddr.ErrDomain},
		{"hyphen first", "ann@-example.com", emailaddr.ErrDomain},
		{"hyphen last", "ann@example-.com", emailaddr.ErrDomain},
		{"trailing dot domain", "ann@example.com.", emailaddr.ErrDomain},
		{"underscore domain", "ann@ex_ample.com", emailaddr.ErrDomain},
		{"local of 65", strings.Repeat("a", 65) + "@example.com", emailaddr.ErrTooLong},
		{"label of 64", "x@" + strings.Repeat("a", 64) + ".com", emailaddr.ErrTooLong},
		{"address of 255", long, emailaddr.ErrTooLong},
		{"inner newline", "ann@example.com\nbob@example.com", emailaddr.ErrLocalPart},
	}
	reasons := []error{emailaddr.ErrEmpty, emailaddr.ErrNoAt, emailaddr.ErrLocalPart, emailaddr.ErrDomain, emailaddr.ErrTooLong}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := emailaddr.Normalize(tt.input)
			if err == nil {
				t.Fatalf("Normalize(%q) = %q, want an error", tt.input, got)
			}
			if got != "" {
				t.Errorf("Normalize(%q) returned %q with its error, want \"\"", tt.input, got)
			}
			if !errors.Is(err, emailaddr.ErrInvalid) {
				t.Errorf("Normalize(%q) error %v does not wrap ErrInvalid", tt.input, err)
			}
			for _, r := range reasons {
				if got, want := errors.Is(err, r), r == tt.reason; got != want {
					t.Errorf("Normalize(%q) error %v: errors.Is(err, %q) = %v, want %v", tt.input, err, r, got, want)
				}
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "invalid email address: ") || strings.HasSuffix(msg, ".") {
				t.Errorf("Normalize(%q) error message %q: want the prefix \"invalid email address: \" and no final punctuation", tt.input, msg)
			}
			if emailaddr.Valid(tt.input) {
				t.Errorf("Valid(%q) = true, want false", tt.input)
			}
		})
	}
}

func TestNormalizeDoesNotTrim(t *testing.T) {
	for _, in := range []string{" \t ann@example.com\r\n", "\u00a0ann@example.com\u00a0", "ann@example.com "} {
		if got, err := emailaddr.Normalize(in); !errors.Is(err, emailaddr.ErrInvalid) {
			t.Errorf("Normalize(%q) = %q, %v; want ErrInvalid (surrounding white space is invalid)", in, got, err)
		}
	}
}

func TestCheckDoesNotTrim(t *testing.T) {
	if err := emailaddr.Check("ann@example.com"); err != nil {
		t.Errorf("Check(%q) = %v, want nil", "ann@example.com", err)
	}
	if err := emailaddr.Check(" ann@example.com"); !errors.Is(err, emailaddr.ErrLocalPart) {
		t.Errorf("Check(%q) = %v, want ErrLocalPart (Check does not trim)", " ann@example.com", err)
	}
	if emailaddr.Valid("ann@example.com ") {
		t.Errorf("Valid(%q) = true, want false (Valid does not trim)", "ann@example.com ")
	}
}

func TestNormalizeNoAllocationWhenCanonical(t *testing.T) {
	in := "ann@example.com"
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := emailaddr.Normalize(in); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("Normalize of a canonical address: %v allocations, want 0", allocs)
	}
}
