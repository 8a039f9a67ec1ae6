package contact_test

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/internal/emailaddr"
)

// emailVector is one row of testdata/emails.tsv.
type emailVector struct {
	line      int
	addr      string
	strict    bool // accepted by EmailASCII
	intl      bool // accepted by EmailInternational
	diagnosis string
}

// readEmailVectors reads testdata/emails.tsv: a header, then rows of
// address_quoted, isemail_default_valid, rfc5322_valid, strict_valid (what
// EmailASCII accepts), category, diagnosis, source, international_valid
// (what EmailInternational accepts).
func readEmailVectors(tb testing.TB) []emailVector {
	tb.Helper()
	f, err := os.Open("testdata/emails.tsv")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []emailVector
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		if line == 1 {
			continue
		}
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) != 8 {
			tb.Fatalf("emails.tsv:%d: %d columns, want 8", line, len(cols))
		}
		addr, err := strconv.Unquote(cols[0])
		if err != nil {
			tb.Fatalf("emails.tsv:%d: address %s: %v", line, cols[0], err)
		}
		strict, err := strconv.ParseBool(cols[3])
		if err != nil {
			tb.Fatalf("emails.tsv:%d: strict_valid %q: %v", line, cols[3], err)
		}
		intl, err := strconv.ParseBool(cols[7])
		if err != nil {
			tb.Fatalf("emails.tsv:%d: international_valid %q: %v", line, cols[7], err)
		}
		if strict && !intl {
			tb.Fatalf("emails.tsv:%d: accepted by the ASCII policy, not by the international one", line)
		}
		out = append(out, emailVector{line: line, addr: addr, strict: strict, intl: intl, diagnosis: cols[5]})
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	if len(out) == 0 {
		tb.Fatal("emails.tsv: no vectors")
	}
	return out
}

// TestEmailVectors checks every row of testdata/emails.tsv against both
// policies: strict_valid is what EmailASCII accepts, international_valid
// what EmailInternational (the default) accepts.
//
// The vectors judge an address exactly as written, so an address with
// surrounding white space is invalid there. ParseEmail judges the same way
// and must agree on every row; the reduction of pasted input to the bare address is
// ParseEmailInput's.
func TestEmailVectors(t *testing.T) {
	var valid, intl, invalid int
	for _, v := range readEmailVectors(t) {
		name := "line" + strconv.Itoa(v.line)
		if got := emailaddr.ASCII.Valid(v.addr); got != v.strict {
			t.Errorf("%s: ASCII.Valid(%q) = %v, want %v (%s; Check: %v)", name, v.addr, got, v.strict, v.diagnosis, emailaddr.ASCII.Check(v.addr))
		}
		if got := emailaddr.Valid(v.addr); got != v.intl {
			t.Errorf("%s: Valid(%q) = %v, want %v (%s; Check: %v)", name, v.addr, got, v.intl, v.diagnosis, emailaddr.Check(v.addr))
		}
		a, aerr := contact.EmailASCII.ParseEmail(v.addr)
		if got := aerr == nil; got != v.strict {
			t.Errorf("%s: EmailASCII.ParseEmail(%q) = %q, %v; want valid = %v (%s)", name, v.addr, a, aerr, v.strict, v.diagnosis)
		}
		e, err := contact.ParseEmail(v.addr)
		if got := err == nil; got != v.intl {
			t.Errorf("%s: ParseEmail(%q) = %q, %v; want valid = %v (%s)", name, v.addr, e, err, v.intl, v.diagnosis)
			continue
		}
		if err != nil {
			invalid++
			checkEmailError(t, v.addr, err)
			if aerr != nil {
				checkEmailError(t, v.addr, aerr)
			}
			continue
		}
		if v.strict {
			valid++
			if want := strings.ToLower(v.addr); e.String() != want || a != e {
				t.Errorf("%s: ParseEmail(%q) = %q, EmailASCII: %q; want %q", name, v.addr, e, a, want)
			}
			if up, err := contact.ParseEmail(strings.ToUpper(v.addr)); err != nil || up != e {
				t.Errorf("%s: ParseEmail(%q) = %q, %v; want %q (case-insensitive)", name, strings.ToUpper(v.addr), up, err, e)
			}
		} else {
			intl++
			if _, err := contact.EmailASCII.ParseEmail(e.String()); err != nil && !errors.Is(err, contact.ErrEmailNotASCII) {
				t.Errorf("%s: EmailASCII.ParseEmail(%q) = %v, want ErrEmailNotASCII or valid", name, e, err)
			}
		}
		if again, err := contact.ParseEmail(e.String()); err != nil || again != e {
			t.Errorf("%s: ParseEmail(%q) = %q, %v; want it unchanged", name, e, again, err)
		}
		if u, err := contact.ParseEmail(e.Unicode()); err != nil || u != e {
			t.Errorf("%s: ParseEmail(Unicode() = %q) = %q, %v; want %q", name, e.Unicode(), u, err, e)
		}
	}
	t.Logf("%d valid under both policies, %d only international, %d invalid", valid, intl, invalid)
}

func checkEmailError(t *testing.T, input string, err error) {
	t.Helper()
	if !errors.Is(err, contact.ErrInvalidEmail) || !errors.Is(err, emailaddr.ErrInvalid) {
		t.Errorf("ParseEmail(%q) error %v does not wrap ErrInvalidEmail", input, err)
	}
	pe, ok := errors.AsType[*contact.ParseError](err)
	if !ok {
		t.Fatalf("ParseEmail(%q) error %T, want *contact.ParseError", input, err)
	}
	if pe.Field != "email" || pe.Input != input {
		t.Errorf("ParseEmail(%q) error has Field %q, Input %q; want \"email\", the input", input, pe.Field, pe.Input)
	}
}

func TestParseEmail(t *testing.T) {
	tests := []struct {
		name, input, want, domain, local string
	}{
		{"plain", "ann@example.com", "ann@example.com", "example.com", "ann"},
		{"mixed case", "Ann.Lee@Example.COM", "ann.lee@example.com", "example.com", "ann.lee"},
		{"plus tag", "ann+news@mail.example.co.uk", "ann+news@mail.example.co.uk", "mail.example.co.uk", "ann+news"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := contact.ParseEmail(tt.input)
			if err != nil {
				t.Fatalf("ParseEmail(%q) error: %v", tt.input, err)
			}
			if e.String() != tt.want || e.Domain() != tt.domain || e.LocalPart() != tt.local {
				t.Errorf("ParseEmail(%q) = %q (domain %q, local part %q), want %q (%q, %q)",
					tt.input, e, e.Domain(), e.LocalPart(), tt.want, tt.domain, tt.local)
			}
			if e.IsZero() {
				t.Errorf("ParseEmail(%q).IsZero() = true", tt.input)
			}
			if e != contact.MustParseEmail(tt.want) {
				t.Errorf("ParseEmail(%q) != MustParseEmail(%q)", tt.input, tt.want)
			}
		})
	}
}

func TestParseEmailErrors(t *testing.T) {
	tests := []struct {
		name, input string
		reason      error
	}{
		{"empty", "", emailaddr.ErrEmpty},
		{"blank", " \t ", emailaddr.ErrEmpty},
		{"no at", "ann.example.com", emailaddr.ErrNoAt},
		{"dotless", "ann@localhost", emailaddr.ErrDomain},
		{"display name", "Ann <ann@example.com>", emailaddr.ErrLocalPart},
		{"too long local", strings.Repeat("x", 65) + "@example.com", emailaddr.ErrTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := contact.ParseEmail(tt.input)
			if err == nil {
				t.Fatalf("ParseEmail(%q) = %q, want an error", tt.input, e)
			}
			if !e.IsZero() {
				t.Errorf("ParseEmail(%q) returned %q with its error, want the zero Email", tt.input, e)
			}
			checkEmailError(t, tt.input, err)
			if !errors.Is(err, tt.reason) {
				t.Errorf("ParseEmail(%q) error %v does not wrap %v", tt.input, err, tt.reason)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "contact: parse email ") {
				t.Errorf("error message %q, want the prefix \"contact: parse email \"", msg)
			}
		})
	}
}

func TestEmailZero(t *testing.T) {
	var e contact.Email
	if !e.IsZero() || e.String() != "" || e.Domain() != "" || e.LocalPart() != "" {
		t.Errorf("zero Email: IsZero %v, String %q, Domain %q, LocalPart %q", e.IsZero(), e, e.Domain(), e.LocalPart())
	}
}

func TestEmailText(t *testing.T) {
	e := contact.MustParseEmail("Ann@Example.com")
	b, err := e.MarshalText()
	if err != nil || string(b) != "ann@example.com" {
		t.Fatalf("MarshalText() = %q, %v; want \"ann@example.com\"", b, err)
	}
	var got contact.Email
	if err := got.UnmarshalText(b); err != nil || got != e {
		t.Errorf("UnmarshalText(%q) = %q, %v; want %q", b, got, err, e)
	}
	if err := got.UnmarshalText(nil); err != nil || !got.IsZero() {
		t.Errorf("UnmarshalText(empty) = %q, %v; want the zero Email", got, err)
	}
	got = e
	if err := got.UnmarshalText([]byte("not an address")); !errors.Is(err, contact.ErrInvalidEmail) || got != e {
		t.Errorf("UnmarshalText(bad) = %v, left %q; want ErrInvalidEmail and no change", err, got)
	}

	// Through encoding/json, as a store adapter might.
	type row struct{ Email, Other contact.Email }
	js, err := json.Marshal(row{Email: e})
	if err != nil || string(js) != `{"Email":"ann@example.com","Other":""}` {
		t.Fatalf("json.Marshal = %s, %v", js, err)
	}
	var r row
	if err := json.Unmarshal(js, &r); err != nil || r.Email != e || !r.Other.IsZero() {
		t.Errorf("json.Unmarshal(%s) = %+v, %v", js, r, err)
	}
}

func TestMustParseEmailPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("MustParseEmail(\"bad\") did not panic")
		}
	}()
	contact.MustParseEmail("bad")
}

func TestParseEmailInternational(t *testing.T) {
	tests := []struct {
		name, input, want, unicode string
	}{
		{"Unicode domain", "ann@bücher.de", "ann@xn--bcher-kva.de", "ann@bücher.de"},
		{"punycode domain", "ann@xn--bcher-kva.de", "ann@xn--bcher-kva.de", "ann@bücher.de"},
		{"upper case Unicode", "ANN@BÜCHER.DE", "ann@xn--bcher-kva.de", "ann@bücher.de"},
		{"decomposed", "Zoe\u0308@bu\u0308cher.de", "zoë@xn--bcher-kva.de", "zoë@bücher.de"},
		{"Cyrillic", "Дима@пример.рф", "дима@xn--e1afmkfd.xn--p1ai", "дима@пример.рф"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := contact.ParseEmail(tt.input)
			if err != nil || e.String() != tt.want || e.Unicode() != tt.unicode {
				t.Fatalf("ParseEmail(%q) = %q (Unicode %q), %v; want %q (%q)", tt.input, e, e.Unicode(), err, tt.want, tt.unicode)
			}
			for _, s := range []string{e.String(), e.Unicode()} {
				if again, err := contact.ParseEmail(s); err != nil || again != e {
					t.Errorf("ParseEmail(%q) = %q, %v; want %q", s, again, err, e)
				}
			}
			b, err := e.MarshalText()
			var back contact.Email
			if err != nil || back.UnmarshalText(b) != nil || back != e {
				t.Errorf("MarshalText then UnmarshalText of %q gives %q", e, back)
			}
			js, err := json.Marshal(e)
			var fromJSON contact.Email
			if err != nil || json.Unmarshal(js, &fromJSON) != nil || fromJSON != e {
				t.Errorf("JSON round trip of %q gives %q (%s)", e, fromJSON, js)
			}
		})
	}
	if a, b := contact.MustParseEmail("ann@bücher.de"), contact.MustParseEmail("ann@xn--bcher-kva.de"); a != b {
		t.Errorf("ann@bücher.de = %q and ann@xn--bcher-kva.de = %q: want one Email", a, b)
	}
}

func TestEmailPolicy(t *testing.T) {
	for _, in := range []string{"zoë@example.com", "ann@bücher.de"} {
		_, err := contact.EmailASCII.ParseEmail(in)
		if !errors.Is(err, contact.ErrEmailNotASCII) || !errors.Is(err, contact.ErrInvalidEmail) {
			t.Errorf("EmailASCII.ParseEmail(%q) = %v, want ErrEmailNotASCII", in, err)
		}
		if _, _, err := contact.EmailASCII.ParseEmailInput("Zoë <" + in + ">"); !errors.Is(err, contact.ErrEmailNotASCII) {
			t.Errorf("EmailASCII.ParseEmailInput(%q) = %v, want ErrEmailNotASCII", in, err)
		}
		if _, err := contact.EmailInternational.ParseEmail(in); err != nil {
			t.Errorf("EmailInternational.ParseEmail(%q) = %v", in, err)
		}
	}
	if e, err := contact.EmailASCII.ParseEmail("Ann@xn--bcher-kva.de"); err != nil || e != contact.MustParseEmail("ann@bücher.de") {
		t.Errorf("EmailASCII.ParseEmail of a punycode domain = %q, %v; want the international Email", e, err)
	}
	var zero contact.EmailPolicy
	if zero != contact.EmailInternational || !zero.Valid() || contact.EmailPolicy(7).Valid() {
		t.Error("the zero EmailPolicy is not EmailInternational, or Valid is wrong")
	}
	if contact.EmailASCII.String() != "ascii" || zero.String() != "international" {
		t.Errorf("String() = %q, %q", contact.EmailASCII, zero)
	}
}

func TestParseEmailInput(t *testing.T) {
	tests := []struct {
		name, input, want, display string
	}{
		{"bare", "ann@example.com", "ann@example.com", ""},
		{"surrounding white space", "\t ann@example.com \n", "ann@example.com", ""},
		{"name and brackets", "Ann <ann@example.com>", "ann@example.com", "Ann"},
		{"quoted name", `"Ann" <ann@example.com>`, "ann@example.com", "Ann"},
		{"name normalised", "  \"Ann\u200b   Lee\" <ann@example.com>", "ann@example.com", "Ann Lee"},
		{"mailto", "mailto:ann@example.com", "ann@example.com", ""},
		{"mailto with a query", "mailto:ann@example.com?subject=Hello", "ann@example.com", ""},
		{"trailing domain dot", "ann@example.com.", "ann@example.com", ""},
		{"zero-width and BOM", "\ufeffann\u200b@example.com", "ann@example.com", ""},
		{"Unicode", "Zoë <zoë@bücher.de>", "zoë@xn--bcher-kva.de", "Zoë"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, display, err := contact.ParseEmailInput(tt.input)
			if err != nil || e.String() != tt.want || display != tt.display {
				t.Errorf("ParseEmailInput(%q) = %q, %q, %v; want %q, %q", tt.input, e, display, err, tt.want, tt.display)
			}
		})
	}
	errs := []struct {
		name, input string
		reason      error
	}{
		{"two addresses", "ann@example.com, bob@example.com", contact.ErrEmailSeveral},
		{"two bracketed addresses", "<ann@example.com> <bob@example.com>", contact.ErrEmailSeveral},
		{"unclosed bracket", "Ann <ann@example.com", contact.ErrEmailBrackets},
		{"stray bracket", "ann@example.com>", contact.ErrEmailBrackets},
		{"over the input limit", strings.Repeat("a", contact.MaxEmailInputLen) + "@example.com", contact.ErrTooLong},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			e, display, err := contact.ParseEmailInput(tt.input)
			if !errors.Is(err, tt.reason) || !e.IsZero() || display != "" {
				t.Fatalf("ParseEmailInput(%q) = %q, %q, %v; want %v", tt.input, e, display, err, tt.reason)
			}
			checkEmailError(t, tt.input, err)
		})
	}
}
