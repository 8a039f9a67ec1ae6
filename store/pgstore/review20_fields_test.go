package pgstore_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/store/pgstore"
)

var rv20FldOwner = contactkit.Actor{Workspace: "rv20", User: "owner", Role: contactkit.RoleOwner}

func rv20FldStores(t *testing.T) map[string]store.Store {
	return map[string]store.Store{"memstore": memstore.New(), "pgstore": pgstore.New(pgstore.NewTestPool(t), nil)}
}

// rv20FldEdges are values at the edges of each type, as typed.
var rv20FldEdges = []struct {
	typ    field.Type
	values []string
}{
	{field.TypeText, []string{"a\u2028b", "\u200b", "😀 e\u0301", "'=1+1", "\\x00"}},
	{field.TypeTextarea, []string{"a\r\n\r\n\tb", "line\u2029two"}},
	{field.TypeNumber, []string{"99999999999999999999999999999999999999", "-0.00000000000000000000000000000000000001", "-0", "1 234,5"}},
	{field.TypeMonetary, []string{"-€0.01", "999999999999999999999999999999999999.99", "99999999999999999999999999999999999999", "$-0"}},
	{field.TypeDate, []string{"0001-01-01", "9999-12-31", "2024-02-29", "--02-29"}},
	{field.TypeDatetime, []string{"0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "2024-02-29T23:30:00-23:59", "2024-05-01t10:30:00.1z"}},
	{field.TypeCheckbox, []string{"false", "WAHR"}},
	{field.TypeMultiselect, []string{"b; a", "Ünï, a"}},
	{field.TypeURL, []string{"https://例え.jp/ä?q=1#f"}},
}

// F2, F3: values at the edges of every type are stored and read back as
// they were coerced, by memstore and pgstore alike (38 digits, 0001-01-01
// and 9999-12-31, nanoseconds, line separators); a type change of each
// converts them to the same values on both.
func TestRv20FldEdgeValuesOnEveryStore(t *testing.T) {
	got := map[string][]string{}
	for name, st := range rv20FldStores(t) {
		ctx := t.Context()
		svc := contactkit.New(st, &contactkit.Options{DefaultRegion: "FR"})
		for i, e := range rv20FldEdges {
			d := field.Definition{Key: field.MustParseKey(fmt.Sprint("f", i)), Label: fmt.Sprint("F", i), Type: e.typ}
			if e.typ.HasOptions() {
				d.Options = []field.Option{{Value: "a"}, {Value: "b"}, {Value: "Ünï"}}
			}
			_, err := svc.CreateField(ctx, rv20FldOwner, d)
			rv20FldNoError(t, err, name)
			for j, v := range e.values {
				c, err := svc.CreateContact(ctx, rv20FldOwner, contactkit.ContactInput{Patch: contact.Patch{
					FirstName: new(fmt.Sprint("c", i, "-", j)), Fields: map[string]string{d.Key.String(): v}}})
				rv20FldNoError(t, err, fmt.Sprintf("%s: %s %q", name, e.typ, v))
				back, err := svc.GetContact(ctx, rv20FldOwner, c.ID)
				rv20FldNoError(t, err, "")
				if fmt.Sprint(c.Fields) != fmt.Sprint(back.Fields) {
					t.Errorf("%s: %s %q read back as %v, stored %v", name, e.typ, v, back.Fields, c.Fields)
				}
				got[name] = append(got[name], fmt.Sprintf("%s %q: %q", e.typ, v, back.Fields[d.Key]))
			}
			next := d
			next.Type, next.Options = field.TypeText, nil
			if e.typ == field.TypeText {
				next.Type = field.TypeTextarea
			}
			conv, err := svc.ChangeFieldType(ctx, rv20FldOwner, contactkit.FieldTypeChange{Definition: next})
			rv20FldNoError(t, err, fmt.Sprintf("%s: %s to %s", name, e.typ, next.Type))
			for _, cv := range conv.Converted {
				back, err := svc.GetContact(ctx, rv20FldOwner, cv.Contact)
				rv20FldNoError(t, err, "")
				if cv.New != back.Fields[d.Key] {
					t.Errorf("%s: converted to %q, read back %q", name, cv.New, back.Fields[d.Key])
				}
				got[name] = append(got[name], fmt.Sprintf("  to %s: %q", next.Type, back.Fields[d.Key]))
			}
		}
	}
	if !slices.Equal(got["memstore"], got["pgstore"]) {
		t.Errorf("memstore and pgstore disagree:\nmemstore %q\npgstore  %q", got["memstore"], got["pgstore"])
	}
}

// F4 on a real database: a type change while other calls write values of
// the field; afterwards every value a contact holds is of the field's
// type: no write that read the definition before the change lands after it.
func TestRv20FldTypeChangeWhileValuesAreWritten(t *testing.T) {
	for name, st := range rv20FldStores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := t.Context()
			svc := contactkit.New(st, &contactkit.Options{DefaultRegion: "FR"})
			def, err := svc.CreateField(ctx, rv20FldOwner, field.Definition{Key: field.MustParseKey("f"), Label: "F", Type: field.TypeText})
			rv20FldNoError(t, err, "")
			var ids []contact.ID
			for i := range 6 {
				c, err := svc.CreateContact(ctx, rv20FldOwner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new(fmt.Sprint("c", i))}})
				rv20FldNoError(t, err, "")
				ids = append(ids, c.ID)
			}
			var wg sync.WaitGroup
			for w := range 3 {
				wg.Go(func() {
					r := rand.New(rand.NewPCG(7, uint64(w)))
					for range 25 {
						v := []string{"42", "7", "-1.5", "n/a"}[r.IntN(4)]
						if r.IntN(2) == 0 {
							_, _ = svc.UpdateContact(ctx, rv20FldOwner, ids[r.IntN(len(ids))], contact.Patch{Fields: map[string]string{"f": v}})
						} else {
							n := r.IntN(len(ids)) + 1
							_, _ = svc.SetContactsField(ctx, rv20FldOwner, contactkit.Bulk{IDs: ids[:n], Expected: n, BatchSize: 2}, "f", v)
						}
					}
				})
			}
			next := def
			next.Type = field.TypeNumber
			changed := false
			for range 50 {
				dry, err := svc.PreviewFieldTypeChange(ctx, rv20FldOwner, next)
				rv20FldNoError(t, err, "")
				if _, err := svc.ChangeFieldType(ctx, rv20FldOwner, contactkit.FieldTypeChange{Definition: next, AcceptLosses: dry.Losses}); err == nil {
					changed = true
					break
				}
			}
			wg.Wait()
			if !changed {
				t.Fatal("the type change never went through")
			}
			defs, err := svc.Fields(ctx, rv20FldOwner)
			rv20FldNoError(t, err, "")
			if len(defs) != 1 || defs[0].Type != field.TypeNumber {
				t.Fatalf("definitions after the change: %+v", defs)
			}
			for _, id := range ids {
				c, err := svc.GetContact(ctx, rv20FldOwner, id)
				rv20FldNoError(t, err, "")
				if err := defs[0].CheckValue(c.Fields[def.Key]); err != nil {
					t.Errorf("a value of the field's type now: %v", err)
				}
			}
		})
	}
}

func rv20FldNoError(t *testing.T, err error, what string) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}
