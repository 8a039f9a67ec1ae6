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
		{"Unicode domain", "ann@bücher.de", "ann@xn--bcher-kva.de"},
		{"Unicode domain upper case", "ann@BÜCHER.DE", "ann@xn--bcher-kva.de"},
		{"decomposed Unicode domain", "ann@bu\u0308cher.de", "ann@xn--bcher-kva.de"},
		{"ideographic full stop", "ann@例え。テスト", "ann@xn--r8jz45g.xn--zckzah"},
		{"full-width domain", "ann@ｅｘａｍｐｌｅ．ｃｏｍ", "ann@example.com"},
		{"full-width letters in a domain", "ann@EXAMPLE.ＣＯＭ", "ann@example.com"},
		{"half-width katakana domain", "ann@例え.ﾃｽﾄ", "ann@xn--r8jz45g.xn--zckzah"},
		{"Unicode local part", "Zoë@example.com", "zoë@example.com"},
		{"decomposed local part", "Zoe\u0308@example.com", "zoë@example.com"},
		{"Japanese address", "用户@例え.テスト", "用户@xn--r8jz45g.xn--zckzah"},
		{"Greek local part", "ΑΝΝΑ@example.gr", "αννα@example.gr"},
		{"final sigma", "σας@example.gr", "σασ@example.gr"},
		{"final sigma upper case", "ΣΑΣ@example.gr", "σασ@example.gr"},
		{"A-label in upper case", "x@xn--BCHER-kva.example", "x@xn--bcher-kva.example"},
		{"xn-- label that is no A-label kept", "test@xn--example.com", "test@xn--example.com"},
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
		{"control in a Unicode local part", "zo\u0085ë@example.com", emailaddr.ErrLocalPart},
		{"zero-width space in a local part", "zo\u200bë@example.com", emailaddr.ErrLocalPart},
		{"space in a Unicode domain", "x@bü cher.example", emailaddr.ErrDomain},
		{"symbol in a Unicode domain", "x@bü☃cher.example", emailaddr.ErrDomain},
		{"Unicode label starting with a mark", "x@\u0301bcher.example", emailaddr.ErrDomain},
		{"punycode with a bad digit", "x@xn--bcher-k!a.example", emailaddr.ErrDomain},
		{"Unicode label too long", "x@" + strings.Repeat("ü", 64) + ".example", emailaddr.ErrTooLong},
		{"input of a megabyte", strings.Repeat("a", 1<<20) + "@example.com", emailaddr.ErrTooLong},
		{"invalid UTF-8 local", "a\xff@example.com", emailaddr.ErrLocalPart},
		{"invalid UTF-8 domain", "a@\xffexample.com", emailaddr.ErrDomain},
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
	reasons := []error{emailaddr.ErrEmpty, emailaddr.ErrNoAt, emailaddr.ErrLocalPart, emailaddr.ErrDomain, emailaddr.ErrTooLong, emailaddr.ErrNotASCII, emailaddr.ErrSeveral, emailaddr.ErrBrackets}
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
			if len(msg) > 200 {
				t.Errorf("Normalize(%d bytes) error message of %d bytes", len(tt.input), len(msg))
			}
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

func TestPolicyASCII(t *testing.T) {
	tests := []struct {
		name, input, want string
		reason            error
	}{
		{"ASCII", "Ann@Example.com", "ann@example.com", nil},
		{"A-label", "ann@xn--bcher-kva.de", "ann@xn--bcher-kva.de", nil},
		{"Unicode local part", "zoë@example.com", "", emailaddr.ErrNotASCII},
		{"Unicode domain", "ann@bücher.de", "", emailaddr.ErrNotASCII},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := emailaddr.ASCII.Normalize(tt.input)
			if got != tt.want || !errors.Is(err, tt.reason) || (tt.reason == nil) != (err == nil) {
				t.Errorf("ASCII.Normalize(%q) = %q, %v; want %q, %v", tt.input, got, err, tt.want, tt.reason)
			}
			if tt.reason != nil && !errors.Is(err, emailaddr.ErrInvalid) {
				t.Errorf("ASCII.Normalize(%q) error %v does not wrap ErrInvalid", tt.input, err)
			}
		})
	}
}

func TestUnicode(t *testing.T) {
	for in, want := range map[string]string{
		"ann@xn--bcher-kva.de":      "ann@bücher.de",
		"ann@example.com":           "ann@example.com",
		"用户@xn--r8jz45g.xn--zckzah": "用户@例え.テスト",
	} {
		if got := emailaddr.Unicode(in); got != want {
			t.Errorf("Unicode(%q) = %q, want %q", in, got, want)
		}
		if back, err := emailaddr.Normalize(want); err != nil || back != in {
			t.Errorf("Normalize(%q) = %q, %v; want %q", want, back, err, in)
		}
	}
}

func TestNormalizeInput(t *testing.T) {
	tests := []struct {
		name, input, want, display string
	}{
		{"bare", "ann@example.com", "ann@example.com", ""},
		{"trimmed", " \t ann@example.com \r\n", "ann@example.com", ""},
		{"name and brackets", "Ann Lee <Ann@Example.com>", "ann@example.com", "Ann Lee"},
		{"quoted name", `"Lee, Ann" <ann@example.com>`, "ann@example.com", "Lee, Ann"},
		{"quoted name with escapes", `"Ann \"Nan\" Lee" <ann@example.com>`, "ann@example.com", `Ann "Nan" Lee`},
		{"quoted name holding an address", `"ann@example.com" <ann@example.com>`, "ann@example.com", ""},
		{"quoted name holding another address", `"bob@example.com" <ann@example.com>`, "ann@example.com", "bob@example.com"},
		{"the address as its own name", `ann@example.com <ann@example.com>`, "ann@example.com", ""},
		{"brackets only", "<ann@example.com>", "ann@example.com", ""},
		{"spaces in brackets", "Ann < ann@example.com >", "ann@example.com", "Ann"},
		{"mailto", "mailto:ann@example.com", "ann@example.com", ""},
		{"MAILTO with a query", "MAILTO:ann@example.com?subject=Hi&body=x", "ann@example.com", ""},
		{"mailto with a fragment", "mailto:ann@example.com#x", "ann@example.com", ""},
		{"mailto percent-encoded", "mailto:ann%2Blists@example.com", "ann+lists@example.com", ""},
		{"mailto in brackets", "Ann <mailto:ann@example.com>", "ann@example.com", "Ann"},
		{"trailing domain dot", "ann@example.com.", "ann@example.com", ""},
		{"zero-width space", "\u200bann@exam\u200bple.com", "ann@example.com", ""},
		{"BOM", "\ufeffann@example.com", "ann@example.com", ""},
		{"bidi marks", "\u202aAnn\u202c <ann@example.com>", "ann@example.com", "Ann"},
		{"Unicode", "Zoë <Zoë@Bücher.de>", "zoë@xn--bcher-kva.de", "Zoë"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, display, err := emailaddr.International.NormalizeInput(tt.input)
			if err != nil || got != tt.want || display != tt.display {
				t.Fatalf("NormalizeInput(%q) = %q, %q, %v; want %q, %q", tt.input, got, display, err, tt.want, tt.display)
			}
			if again, d, err := emailaddr.International.NormalizeInput(got); again != got || d != "" || err != nil {
				t.Errorf("NormalizeInput(%q) = %q, %q, %v; want it unchanged", got, again, d, err)
			}
		})
	}
}

func TestNormalizeInputErrors(t *testing.T) {
	tests := []struct {
		name, input string
		reason      error
	}{
		{"empty", "", emailaddr.ErrEmpty},
		{"only invisible", "\u200b\ufeff ", emailaddr.ErrEmpty},
		{"two addresses, comma", "ann@example.com, bob@example.com", emailaddr.ErrSeveral},
		{"two addresses, semicolon", "ann@example.com;bob@example.com", emailaddr.ErrSeveral},
		{"two addresses, space", "ann@example.com bob@example.com", emailaddr.ErrSeveral},
		{"two bracketed addresses", "Ann <ann@example.com>, Bob <bob@example.com>", emailaddr.ErrSeveral},
		{"an address in the name", "bob@example.com <ann@example.com>", emailaddr.ErrSeveral},
		{"an address after the brackets", "<ann@example.com> bob@example.com", emailaddr.ErrSeveral},
		{"mailto with two addresses", "mailto:ann@example.com,bob@example.com", emailaddr.ErrSeveral},
		{"unclosed bracket", "Ann <ann@example.com", emailaddr.ErrBrackets},
		{"unopened bracket", "Ann ann@example.com>", emailaddr.ErrBrackets},
		{"reversed brackets", "Ann >ann@example.com<", emailaddr.ErrBrackets},
		{"text after the brackets", "<ann@example.com> Ann", emailaddr.ErrBrackets},
		{"unbalanced quotes", `"Ann <ann@example.com>`, emailaddr.ErrBrackets},
		{"stray quote", `Ann "Lee <ann@example.com>`, emailaddr.ErrBrackets},
		{"bad percent-encoding", "mailto:ann%zz@example.com", emailaddr.ErrLocalPart},
		{"two trailing dots", "ann@example.com..", emailaddr.ErrDomain},
		{"a megabyte", strings.Repeat("<", 1<<20), emailaddr.ErrTooLong},
		{"bad address in brackets", "Ann <ann@localhost>", emailaddr.ErrDomain},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, display, err := emailaddr.International.NormalizeInput(tt.input)
			if !errors.Is(err, tt.reason) || !errors.Is(err, emailaddr.ErrInvalid) {
				t.Fatalf("NormalizeInput(%q) = %q, %q, %v; want %v", tt.input, got, display, err, tt.reason)
			}
			if got != "" || display != "" {
				t.Errorf("NormalizeInput(%q) returned %q, %q with its error", tt.input, got, display)
			}
			if len(err.Error()) > 200 {
				t.Errorf("error message of %d bytes", len(err.Error()))
			}
		})
	}
}

// FuzzNormalizeInput checks both policies: never a panic, a canonical form
// that normalises to itself (by Normalize and NormalizeInput), an ASCII
// policy that accepts a subset of the International one with the same
// canonical form, and a Unicode display form that reads back the same.
func FuzzNormalizeInput(f *testing.F) {
	for _, s := range []string{
		"ann@example.com", "Ann <ann@example.com>", `"Lee, Ann" <ann@example.com>`, "mailto:ann@example.com?x=y",
		"ann@example.com.", "\u200bann@example.com", "zoë@bücher.de", "x@xn--bcher-kva.de", "x@XN--BCHER-KVA.de",
		"a@b.c, d@e.f", "<<a@b.c>", "用户@例え。テスト", "İ@ß.de", "a@\u212a.de", "a@xn--.de", "a@xn--tda.xn--tda",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, input string) {
		for _, p := range []emailaddr.Policy{emailaddr.International, emailaddr.ASCII} {
			a, _, err := p.NormalizeInput(input)
			n, nerr := p.Normalize(input)
			if nerr == nil && (err != nil || a != n) {
				t.Fatalf("policy %d: Normalize(%q) = %q but NormalizeInput = %q, %v", p, input, n, a, err)
			}
			if err != nil {
				if !errors.Is(err, emailaddr.ErrInvalid) || a != "" {
					t.Fatalf("policy %d: NormalizeInput(%q) = %q, %v", p, input, a, err)
				}
				continue
			}
			if again, err := p.Normalize(a); err != nil || again != a {
				t.Fatalf("policy %d: Normalize(%q) = %q, %v; want it unchanged", p, a, again, err)
			}
			if again, d, err := p.NormalizeInput(a); err != nil || again != a || d != "" {
				t.Fatalf("policy %d: NormalizeInput(%q) = %q, %q, %v; want it unchanged", p, a, again, d, err)
			}
			if len(a) > emailaddr.MaxLength {
				t.Fatalf("policy %d: %q is longer than %d", p, a, emailaddr.MaxLength)
			}
			if u := emailaddr.Unicode(a); u != a {
				if back, err := emailaddr.Normalize(u); err != nil || back != a {
					t.Fatalf("Normalize(Unicode(%q) = %q) = %q, %v", a, u, back, err)
				}
			}
			if p == emailaddr.ASCII {
				if i, err := emailaddr.International.Normalize(a); err != nil || i != a {
					t.Fatalf("ASCII accepts %q, International gives %q, %v", a, i, err)
				}
			}
		}
	})
}
