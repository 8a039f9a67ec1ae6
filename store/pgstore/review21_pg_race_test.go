package pgstore_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/store"
)

// rv21pgFieldValues is one value of each type of custom field at an edge
// (a length limit, a far date, a sub-microsecond instant, a decimal beyond
// float64), as typed by a user, with the key of its definition.
var rv21pgFieldValues = []struct {
	def   field.Definition
	input string
}{
	{field.Definition{Type: field.TypeText}, string([]rune(fmt.Sprintf("%0255d", 0))[:field.MaxTextLen-1]) + "é"},
	{field.Definition{Type: field.TypeTextarea}, "line one\nline two\u2028\U0001F600"},
	{field.Definition{Type: field.TypeNumber}, "-12345678901234567890.000000000000000001"},
	{field.Definition{Type: field.TypeMonetary}, "0.10"},
	{field.Definition{Type: field.TypeDate}, "9999-12-31"},
	{field.Definition{Type: field.TypeDatetime}, "0001-01-01T00:00:00.000000001Z"},
	{field.Definition{Type: field.TypeCheckbox}, "true"},
	{field.Definition{Type: field.TypeSelect, Options: []field.Option{{Value: "a", Label: "A"}, {Value: "b", Label: "B"}}}, "b"},
	{field.Definition{Type: field.TypeMultiselect, Options: []field.Option{{Value: "x", Label: "X"}, {Value: "y", Label: "Y"}}}, "y, x"},
	{field.Definition{Type: field.TypePhone}, "+33 6 12 34 56 78"},
	{field.Definition{Type: field.TypeEmail}, "Ann@Example.COM"},
	{field.Definition{Type: field.TypeURL}, "https://example.com/a?b=c#d"},
}

// TestRv21pgConcurrentFieldWriters: writers that each set another custom
// field of one contact at once, with no version, all succeed (the store
// retries their serialization failures) and none loses another's value:
// the contact ends with every value, as it would on memstore, where the
// writers run one after the other. Each writer also tags the contact with
// a tag of its own.
func TestRv21pgConcurrentFieldWriters(t *testing.T) {
	ctx := t.Context()
	svc, _ := concurrencyService(t, nil, nil)
	a := contactkit.Actor{Workspace: "rv21pg-fields", User: "owner", Role: contactkit.RoleOwner}
	for i := range rv21pgFieldValues {
		d := rv21pgFieldValues[i].def
		d.Key, d.Label = field.MustParseKey(fmt.Sprint("f", i)), fmt.Sprint("F", i)
		if _, err := svc.CreateField(ctx, a, d); err != nil {
			t.Fatalf("CreateField %s: %v", d.Type, err)
		}
	}
	name := "Ann"
	c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: &name}})
	if err != nil {
		t.Fatal(err)
	}
	errs := make([]error, len(rv21pgFieldValues))
	var wg sync.WaitGroup
	for i, v := range rv21pgFieldValues {
		wg.Go(func() {
			_, errs[i] = svc.UpdateContact(ctx, a, c.ID, contact.Patch{Fields: map[string]string{fmt.Sprint("f", i): v.input}})
			if errs[i] == nil {
				_, errs[i] = svc.TagContact(ctx, a, c.ID, fmt.Sprint("writer ", i))
			}
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("writer %d (%s): %v", i, rv21pgFieldValues[i].def.Type, err)
		}
	}
	got, err := svc.GetContact(ctx, a, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := int64(1 + 2*len(rv21pgFieldValues)); got.Version != want {
		t.Errorf("version %d after %d writes, want %d", got.Version, 2*len(rv21pgFieldValues), want)
	}
	if len(got.Fields) != len(rv21pgFieldValues) || len(got.Tags) != len(rv21pgFieldValues) {
		t.Errorf("the contact holds %d fields and %d tags, want %d of each: %v %v", len(got.Fields), len(got.Tags), len(rv21pgFieldValues), got.Fields, got.Tags)
	}
	for i, v := range rv21pgFieldValues {
		d := v.def
		d.Key = field.MustParseKey(fmt.Sprint("f", i))
		want, err := d.Coerce(v.input, "FR")
		if err != nil {
			t.Fatalf("%s %q: %v", d.Type, v.input, err)
		}
		if g := got.Fields[d.Key]; g != want {
			t.Errorf("field %s (%s) = %#v, want %#v", d.Key, d.Type, g, want)
		}
	}
}

// TestRv21pgIfVersionOneWinner: writers that all change one contact against
// the same version (a form read once, saved from several tabs) at once:
// exactly one wins; every other gets store.ErrConflict, not ErrRetry (the
// store retried their serialization failures, then saw the new version);
// the history holds the winner's change alone.
func TestRv21pgIfVersionOneWinner(t *testing.T) {
	ctx := t.Context()
	svc, _ := concurrencyService(t, nil, nil)
	a := contactkit.Actor{Workspace: "rv21pg-ifversion", User: "owner", Role: contactkit.RoleOwner}
	name := "Ann"
	c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: &name}})
	if err != nil {
		t.Fatal(err)
	}
	const writers = 6
	errs := make([]error, writers)
	var wg sync.WaitGroup
	for i := range writers {
		wg.Go(func() {
			company := fmt.Sprint("Company ", i)
			_, errs[i] = svc.UpdateContact(ctx, a, c.ID, contact.Patch{Company: &company, IfVersion: c.Version})
		})
	}
	wg.Wait()
	winner := -1
	for i, err := range errs {
		switch {
		case err == nil && winner >= 0:
			t.Errorf("writers %d and %d both won against version %d", winner, i, c.Version)
		case err == nil:
			winner = i
		case errors.Is(err, store.ErrRetry) || !errors.Is(err, store.ErrConflict):
			t.Errorf("writer %d: %v, want an error matching store.ErrConflict and not ErrRetry", i, err)
		}
	}
	if winner < 0 {
		t.Fatal("no writer won")
	}
	got, err := svc.GetContact(ctx, a, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprint("Company ", winner); got.Company != want || got.Version != c.Version+1 {
		t.Errorf("company %q at version %d, want %q at version %d", got.Company, got.Version, want, c.Version+1)
	}
	var changes []string
	for ch, err := range svc.History(ctx, a, c.ID, contact.FieldCompany) {
		if err != nil {
			t.Fatal(err)
		}
		changes = append(changes, ch.New)
	}
	if len(changes) != 1 || changes[0] != got.Company {
		t.Errorf("company history %q, want the winner's change alone", changes)
	}
}
