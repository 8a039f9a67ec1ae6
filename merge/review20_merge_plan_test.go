package merge_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/tag"
)

// rv20MergeDefs are custom fields of several types.
var rv20MergeDefs = []field.Definition{
	{Key: field.MustParseKey("plan"), Label: "Plan", Type: field.TypeText},
	{Key: field.MustParseKey("score"), Label: "Score", Type: field.TypeNumber},
	{Key: field.MustParseKey("due"), Label: "Due", Type: field.TypeDate},
	{Key: field.MustParseKey("ok"), Label: "OK", Type: field.TypeCheckbox},
	{Key: field.MustParseKey("site"), Label: "Site", Type: field.TypeURL},
}

var rv20MergeRaw = map[string][]string{
	"plan": {"gold", "silver", "=1+1"}, "score": {"1", "-2.5", "0"}, "due": {"2024-02-29", "1999-12-31"},
	"ok": {"yes", "no"}, "site": {"https://example.com/a", "http://x.example"},
}

// rv20MergeContact returns a random contact of index i, whose addresses no
// other index holds (C9), and whose other values overlap with others'.
func rv20MergeContact(t *testing.T, r *rand.Rand, i int) contact.Contact {
	t.Helper()
	pick := func(vs ...string) string { return vs[r.IntN(len(vs))] }
	c := contact.Contact{ID: contact.ID{byte(i + 1)}, Workspace: "ws", Status: contact.StatusActive, Source: contact.SourceAPI,
		FirstName: pick("", "Ada", "Zoë"), LastName: pick("", "Lovelace"), Alias: pick("", "", "Al"),
		City: pick("", "Paris", "Lyon"), State: pick("", "IDF"), Company: pick("", "Engines", "Looms"),
		JobTitle: pick("", "Countess"), Assignee: contact.UserID(pick("", "u-1", "u-2")),
		CreatedAt: t0.Add(time.Duration(r.IntN(1000)) * time.Minute)}
	c.UpdatedAt = c.CreatedAt.Add(time.Hour)
	if r.IntN(3) > 0 {
		c.Country = contact.MustParseCountry(pick("FR", "GB", "DE"))
	}
	if r.IntN(4) == 0 {
		c.Status = contact.StatusBlocked
	}
	label := func() contact.Label { return contact.Label(pick("", "home", "work", "mobile", "whatsapp", "school")) }
	if r.IntN(4) > 0 {
		c.Email, c.EmailLabel = contact.MustParseEmail(fmt.Sprintf("p%d@example.com", i)), label()
		for j := range r.IntN(3) {
			c.OtherEmails = append(c.OtherEmails, contact.LabeledEmail{Email: contact.MustParseEmail(fmt.Sprintf("o%d-%d@example.org", i, j)), Label: label()})
		}
	}
	if r.IntN(2) > 0 {
		c.Phone, c.PhoneLabel = contact.MustParsePhone(fmt.Sprintf("+336123456%02d", i), ""), label()
		for j := range r.IntN(3) {
			c.OtherPhones = append(c.OtherPhones, contact.LabeledPhone{Phone: contact.MustParsePhone(fmt.Sprintf("+4479110%02d%03d", i, j), ""), Label: label()})
		}
	}
	if c.Email.IsZero() && c.Phone.IsZero() && c.FirstName == "" {
		c.FirstName = "Anon"
	}
	for _, n := range []string{"vip", "VIP", "lead", "Été", "ete"} {
		if r.IntN(3) == 0 {
			c.Tags, _ = c.Tags.Add(tag.MustParseName(n))
		}
	}
	for _, k := range []contact.ChannelKind{contact.ChannelEmail, contact.ChannelSMS, contact.ChannelTelegram} {
		switch r.IntN(4) {
		case 0:
			c.Channels = append(c.Channels, contact.Channel{Kind: k, State: contact.ChannelActive, ConnectedAt: c.CreatedAt})
		case 1:
			c.Channels = append(c.Channels, contact.Channel{Kind: k, State: contact.ChannelUnavailable})
		}
	}
	for _, d := range rv20MergeDefs {
		if r.IntN(2) == 0 {
			v, err := d.Coerce(pick(rv20MergeRaw[d.Key.String()]...), "FR")
			require.NoError(t, err)
			if c.Fields == nil {
				c.Fields = map[field.Key]field.Value{}
			}
			c.Fields[d.Key] = v
		}
	}
	require.NoError(t, c.Validate(rv20MergeDefs), "contact %d", i)
	return c
}

// TestRv20MergePropertyPlanKeepsEverythingAndUndoes: for random contacts
// (every standard field, labelled addresses, tags that differ by case and
// accent, channels, custom values of several types, blocks), a merge plan
// is a valid contact that loses no value (M2), and its unmerge plan, with
// the survivor as the merge left it, gives back every input exactly (M4);
// an edit since of a field the merge had not changed is kept, and one of a
// field it had changed is a conflict.
func TestRv20MergePropertyPlanKeepsEverythingAndUndoes(t *testing.T) {
	for seed := range uint64(300) {
		r := rand.New(rand.NewPCG(seed, 20))
		n := 2 + r.IntN(4)
		var inputs []contact.Contact
		for i := range n {
			inputs = append(inputs, rv20MergeContact(t, r, i))
		}
		policy := []merge.Policy{merge.PolicyPrimary, merge.PolicyMostRecent}[r.IntN(2)]
		p, err := merge.NewPlan(merge.PlanInput{Primary: inputs[0], Others: inputs[1:], Policy: policy})
		require.NoError(t, err)
		s := p.Survivor
		require.NoError(t, s.Validate(rv20MergeDefs), "seed %d: the survivor is a valid contact", seed)
		unplaced := map[string]bool{}
		for _, u := range p.Unplaced {
			unplaced[u.Value] = true
		}
		keys := s.Keys()
		blocked := false
		for _, in := range inputs {
			for _, k := range in.Keys() {
				_, v := contact.KeyField(k)
				assert.True(t, slices.Contains(keys, k) || unplaced[v], "seed %d: %s is lost", seed, k)
			}
			for _, n := range in.Tags {
				assert.True(t, s.Tags.Has(n) || unplaced[n.String()], "seed %d: tag %s is lost", seed, n)
			}
			for k := range in.Fields {
				assert.Contains(t, s.Fields, k, "seed %d: field %s is lost", seed, k)
			}
			for _, ch := range in.Channels {
				assert.True(t, slices.ContainsFunc(s.Channels, func(x contact.Channel) bool { return x.Kind == ch.Kind }), "seed %d: channel %s is lost", seed, ch.Kind)
			}
			blocked = blocked || in.Blocked()
			assert.False(t, in.CreatedAt.Before(s.CreatedAt), "seed %d: the oldest creation date", seed)
		}
		assert.Equal(t, blocked, s.Blocked(), "seed %d: blocked wins", seed)

		var others []contact.ID
		for _, o := range inputs[1:] {
			others = append(others, o.ID)
		}
		rec := merge.Record{ID: "m1", Workspace: "ws", Primary: inputs[0].ID, Others: others, Policy: p.Policy, At: t0.Add(48 * time.Hour),
			Inputs: inputs, Survivor: s, Decisions: p.Decisions, Unplaced: p.Unplaced, BaseCreatedAt: inputs[0].CreatedAt}
		u := merge.NewUnmergePlan(&rec, s.Clone())
		require.Empty(t, u.Conflicts, "seed %d", seed)
		assert.Empty(t, u.Kept, "seed %d", seed)
		want := inputs[0].Clone()
		want.Version = s.Version
		assert.Equal(t, want, u.Primary, "seed %d: the primary comes back exactly", seed)
		assert.Equal(t, inputs[1:], u.Others, "seed %d: the others come back exactly", seed)

		// The primary's own secondary email made its primary since the
		// merge: an edit of a field the merge had not changed, kept.
		if a := inputs[0]; !a.Email.IsZero() && len(a.OtherEmails) > 0 {
			swapped := s.Clone()
			own := a.OtherEmails[0]
			i := slices.Index(swapped.OtherEmails, own)
			require.GreaterOrEqual(t, i, 0)
			swapped.OtherEmails[i] = contact.LabeledEmail{Email: a.Email, Label: a.EmailLabel}
			swapped.Email, swapped.EmailLabel = own.Email, own.Label
			u := merge.NewUnmergePlan(&rec, swapped)
			require.Empty(t, u.Conflicts, "seed %d", seed)
			assert.Equal(t, []string{contact.FieldEmail}, u.Kept, "seed %d", seed)
			assert.Equal(t, own.Email, u.Primary.Email, "seed %d: the primary email chosen since stays", seed)
			assert.Equal(t, own.Label, u.Primary.EmailLabel, "seed %d", seed)
			assert.ElementsMatch(t, a.Emails(), u.Primary.Emails(), "seed %d: the primary's own emails", seed)
			assert.Equal(t, inputs[1:], u.Others, "seed %d", seed)
		}

		// One edit of a standard field since the merge.
		edited := s.Clone()
		f, v := rv20MergePickEdit(r, &edited)
		changedByMerge := slices.ContainsFunc(contact.Diff(&inputs[0], &s), func(c contact.Change) bool { return c.Field == f })
		u = merge.NewUnmergePlan(&rec, edited)
		if changedByMerge {
			require.Len(t, u.Conflicts, 1, "seed %d: %s changed by the merge and edited since", seed, f)
			assert.Equal(t, f, u.Conflicts[0].Field)
			continue
		}
		require.Empty(t, u.Conflicts, "seed %d: %s edited since", seed, f)
		assert.Equal(t, []string{f}, u.Kept, "seed %d", seed)
		got := rv20MergeFieldOf(&u.Primary, f)
		assert.Equal(t, v, got, "seed %d: the edit of %s stays", seed, f)
		require.NoError(t, u.Primary.Validate(rv20MergeDefs), "seed %d: the primary is a valid contact", seed)
	}
}

// rv20MergePickEdit sets a random standard field of c to a new value, and returns
// the field and the value.
func rv20MergePickEdit(r *rand.Rand, c *contact.Contact) (string, string) {
	v := fmt.Sprint("edit ", r.IntN(1000))
	switch r.IntN(5) {
	case 0:
		c.City = v
		return contact.FieldCity, v
	case 1:
		c.Company = v
		return contact.FieldCompany, v
	case 2:
		c.JobTitle = v
		return contact.FieldJobTitle, v
	case 3:
		c.Alias = v
		return contact.FieldAlias, v
	}
	c.FirstName = v
	return contact.FieldFirstName, v
}

func rv20MergeFieldOf(c *contact.Contact, f string) string {
	switch f {
	case contact.FieldCity:
		return c.City
	case contact.FieldCompany:
		return c.Company
	case contact.FieldJobTitle:
		return c.JobTitle
	case contact.FieldAlias:
		return c.Alias
	}
	return c.FirstName
}
