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
	strict    bool
	diagnosis string
}

// readEmailVectors reads testdata/emails.tsv: a header, then rows of
// address_quoted, isemail_default_valid, rfc5322_valid, strict_valid,
// category, diagnosis, source.
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
		if len(cols) != 7 {
			tb.Fatalf("emails.tsv:%d: %d columns, want 7", line, len(cols))
		}
		addr, err := strconv.Unquote(cols[0])
		if err != nil {
			tb.Fatalf("emails.tsv:%d: address %s: %v", line, cols[0], err)
		}
		strict, err := strconv.ParseBool(cols[3])
		if err != nil {
			tb.Fatalf("emails.tsv:%d: strict_valid %q: %v", line, cols[3], err)
		}
		out = append(out, emailVector{line: line, addr: addr, strict: strict, diagnosis: cols[5]})
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	if len(out) == 0 {
		tb.Fatal("emails.tsv: no vectors")
	}
	return out
}

// TestEmailVectors checks every row of testdata/emails.tsv.
//
// The vectors judge an address exactly as written, so an address with
// surrounding white space is invalid there. emailaddr.Check and ParseEmail
// judge the same way and must agree with strict_valid on every row; the
// trimming of user input (C3) is Patch.Apply's.
func TestEmailVectors(t *testing.T) {
	var valid, invalid, trimmed int
	for _, v := range readEmailVectors(t) {
		name := "line" + strconv.Itoa(v.line)
		if got := emailaddr.Valid(v.addr); got != v.strict {
			t.Errorf("%s: emailaddr.Valid(%q) = %v, want %v (%s; Check: %v)", name, v.addr, got, v.strict, v.diagnosis, emailaddr.Check(v.addr))
		}
		e, err := contact.ParseEmail(v.addr)
		if strings.TrimSpace(v.addr) != v.addr {
			trimmed++
		}
		if got := err == nil; got != v.strict {
			t.Errorf("%s: ParseEmail(%q) = %q, %v; want valid = %v (%s)", name, v.addr, e, err, v.strict, v.diagnosis)
			continue
		}
		if err != nil {
			invalid++
			checkEmailError(t, v.addr, err)
			continue
		}
		valid++
		if want := strings.ToLower(v.addr); e.String() != want {
			t.Errorf("%s: ParseEmail(%q).String() = %q, want %q", name, v.addr, e.String(), want)
		}
		if up, err := contact.ParseEmail(strings.ToUpper(v.addr)); err != nil || up != e {
			t.Errorf("%s: ParseEmail(%q) = %q, %v; want %q (case-insensitive)", name, strings.ToUpper(v.addr), up, err, e)
		}
	}
	t.Logf("%d valid, %d invalid, %d with surrounding white space", valid, invalid, trimmed)
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
