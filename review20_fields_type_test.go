package contactkit_test

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
)

// rv20FldTypes are the field types.
var rv20FldTypes = []field.Type{field.TypeText, field.TypeTextarea, field.TypeNumber, field.TypeMonetary,
	field.TypeDate, field.TypeDatetime, field.TypeCheckbox, field.TypeSelect, field.TypeMultiselect,
	field.TypePhone, field.TypeEmail, field.TypeURL}

// rv20FldOptions are the options of a select or multiselect: values other
// types read too, a hidden one, labels.
var rv20FldOptions = []field.Option{{Value: "Red"}, {Value: "42"}, {Value: "true", Hidden: true},
	{Value: "2024-02-29", Label: "leap"}, {Value: "Blue", Label: "Navy", Hidden: true}, {Value: "x y"}}

// rv20FldInputs are raw values of each type at the edges of what it holds.
var rv20FldInputs = map[field.Type][]string{
	field.TypeText:        {"42", "Red", "red, 42", "2024-02-29", "0001-01-01", "true", "+33 6 12 34 56 78", "a@b.co", "example.com", "-0.5", "Navy", "x y", "€12", "1.234", "1,5", "--02-29", "0001-01-01T00:00:00Z", "Ünïcödé"},
	field.TypeTextarea:    {"42\n43", "Red\n42", "a\tb", "2024-02-29", "0001-01-01T00:00:00Z", "9999-12-31"},
	field.TypeNumber:      {"42", "-0.5", "1.234", "12345678901234567890123456789012345678", "0.001", "1", "0", "-0"},
	field.TypeMonetary:    {"12.50", "-3", "42", "0.01", "€0"},
	field.TypeDate:        {"2024-02-29", "--02-29", "0001-01-01", "9999-12-31"},
	field.TypeDatetime:    {"2024-02-29T23:30:00+01:00", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z"},
	field.TypeCheckbox:    {"true", "false", "oui", "0"},
	field.TypeSelect:      {"Red", "42", "leap", "x y"},
	field.TypeMultiselect: {"Red, 42", "Red", "42", "x y", "leap; red"},
	field.TypePhone:       {"06 12 34 56 78", "+1 650 253 0000"},
	field.TypeEmail:       {"ann@example.com", "Ann <ann@bücher.de>"},
	field.TypeURL:         {"example.com/a,b", "https://example.com/"},
}

func rv20FldDefinition(key string, t field.Type) field.Definition {
	d := field.Definition{Key: field.MustParseKey(key), Label: key, Type: t}
	if t.HasOptions() {
		d.Options = rv20FldOptions
	}
	return d
}

// F4, over random pairs of types and contacts holding values at the edges
// of their type (0001-01-01, 38 digits, hidden options): the dry run lists
// every value held, as converted to a value or as lost; the change writes
// exactly what the dry run said, clears only the losses it accepted, and
// leaves every contact valid and its value of the new type. A date
// 0001-01-01 changed to a datetime was listed as converted and cleared.
func TestRv20FldTypeChangeWritesWhatTheDryRunSaid(t *testing.T) {
	for seed := range uint64(40) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 20))
			ctx := t.Context()
			svc := acc11Service("FR")
			from := rv20FldTypes[r.IntN(len(rv20FldTypes))]
			to := rv20FldTypes[r.IntN(len(rv20FldTypes))]
			if seed == 0 {
				from, to = field.TypeDate, field.TypeDatetime
			}
			if from == to {
				to = field.TypeText
				if from == to {
					to = field.TypeTextarea
				}
			}
			def, err := svc.CreateField(ctx, acc11Owner, rv20FldDefinition("f", from))
			require.NoError(t, err)
			held := map[contact.ID]field.Value{}
			for i := range 12 {
				p := contact.Patch{FirstName: acc11Ptr(fmt.Sprint("c", i))}
				if i%4 != 3 {
					ins := rv20FldInputs[from]
					p.Fields = map[string]string{"f": ins[r.IntN(len(ins))]}
					if seed == 0 && i == 0 {
						p.Fields["f"] = "0001-01-01"
					}
				}
				c, err := svc.CreateContact(ctx, acc11Owner, contactkit.ContactInput{Patch: p})
				require.NoError(t, err)
				if v := c.Fields[def.Key]; !v.IsZero() {
					held[c.ID] = v
				}
				if i%5 == 4 {
					_, err := svc.DeleteContact(ctx, acc11Owner, c.ID)
					require.NoError(t, err)
				}
			}
			next := def
			next.Type = to
			next.Options = nil
			if to.HasOptions() {
				next.Options = rv20FldOptions
			}
			dry, err := svc.PreviewFieldTypeChange(ctx, acc11Owner, next)
			require.NoError(t, err)
			require.Equal(t, len(held), len(dry.Converted)+len(dry.Losses), "%s to %s: every value held is converted or lost", from, to)
			want := map[contact.ID]field.Value{}
			for _, cv := range dry.Converted {
				require.Equal(t, held[cv.Contact], cv.Old)
				require.False(t, cv.New.IsZero(), "%s %q to %s: a converted value is a value; a loss is listed as one", from, cv.Old, to)
				want[cv.Contact] = cv.New
			}
			for _, l := range dry.Losses {
				require.Equal(t, held[l.Contact], l.Old)
				require.ErrorIs(t, l.Err, field.ErrInvalidValue)
			}
			if len(dry.Losses) > 0 {
				_, err := svc.ChangeFieldType(ctx, acc11Owner, contactkit.FieldTypeChange{Definition: next})
				require.ErrorIs(t, err, contactkit.ErrValueLoss, "losses not accepted")
			}
			done, err := svc.ChangeFieldType(ctx, acc11Owner, contactkit.FieldTypeChange{Definition: next, AcceptLosses: dry.Losses})
			require.NoError(t, err)
			require.Equal(t, dry.Converted, done.Converted)
			for id := range held {
				c, err := svc.GetContact(ctx, acc11Owner, id)
				require.NoError(t, err)
				got := c.Fields[def.Key]
				require.Equal(t, want[id], got, "%s %q to %s: the value the dry run said", from, held[id], to)
				require.NoError(t, done.Definition.CheckValue(got))
			}
		})
	}
}

// F4: a type change while other calls write values of the field. Every
// value a contact holds afterwards is of the new type, valid for the
// definition: a write that read the old definition does not land a value
// of the old type after the change.
func TestRv20FldTypeChangeWhileValuesAreWritten(t *testing.T) {
	for seed := range uint64(6) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			ctx := t.Context()
			svc := acc11Service("FR")
			def, err := svc.CreateField(ctx, acc11Owner, rv20FldDefinition("f", field.TypeText))
			require.NoError(t, err)
			var ids []contact.ID
			for i := range 8 {
				c, err := svc.CreateContact(ctx, acc11Owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: acc11Ptr(fmt.Sprint("c", i))}})
				require.NoError(t, err)
				ids = append(ids, c.ID)
			}
			var wg sync.WaitGroup
			for w := range 3 {
				wg.Go(func() {
					r := rand.New(rand.NewPCG(seed, uint64(w)))
					for range 30 {
						v := []string{"42", "7", "-1.5", "n/a"}[r.IntN(4)]
						if r.IntN(2) == 0 {
							_, _ = svc.UpdateContact(ctx, acc11Owner, ids[r.IntN(len(ids))], contact.Patch{Fields: map[string]string{"f": v}})
						} else {
							n := r.IntN(len(ids)) + 1
							_, _ = svc.SetContactsField(ctx, acc11Owner, contactkit.Bulk{IDs: ids[:n], Expected: n, BatchSize: 3}, "f", v)
						}
					}
				})
			}
			next := def
			next.Type = field.TypeNumber
			for range 20 {
				dry, err := svc.PreviewFieldTypeChange(ctx, acc11Owner, next)
				require.NoError(t, err)
				if _, err := svc.ChangeFieldType(ctx, acc11Owner, contactkit.FieldTypeChange{Definition: next, AcceptLosses: dry.Losses}); err == nil {
					break
				}
			}
			wg.Wait()
			defs, err := svc.Fields(ctx, acc11Owner)
			require.NoError(t, err)
			require.Len(t, defs, 1)
			for _, id := range ids {
				c, err := svc.GetContact(ctx, acc11Owner, id)
				require.NoError(t, err)
				require.NoError(t, defs[0].CheckValue(c.Fields[def.Key]), "a value of the field's type now")
			}
		})
	}
}
