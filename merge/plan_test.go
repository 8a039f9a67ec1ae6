package merge_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/tag"
)

var t0 = time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)

func person(b byte, first, city string, email string, at time.Time) contact.Contact {
	c := contact.Contact{ID: contact.ID{b}, Workspace: "ws", FirstName: first, City: city, Status: contact.StatusActive, CreatedAt: at, UpdatedAt: at}
	if email != "" {
		c.Email = contact.MustParseEmail(email)
	}
	return c
}

func decision(p merge.Plan, f string) merge.Decision {
	for _, d := range p.Decisions {
		if d.Field == f {
			return d
		}
	}
	return merge.Decision{}
}

func TestPlanPrimaryWinsAndBlanksAreFilled(t *testing.T) {
	a := person(1, "Ada", "", "ada@gmail.com", t0.Add(time.Hour))
	b := person(2, "Augusta", "Paris", "a.da+x@gmail.com", t0)
	b.Status = contact.StatusBlocked
	b.Tags = tag.NewSet(tag.MustParseName("vip"))
	p, err := merge.NewPlan(merge.PlanInput{Primary: a, Others: []contact.Contact{b}})
	require.NoError(t, err)
	s := p.Survivor
	assert.Equal(t, "Ada", s.FirstName)
	assert.Equal(t, merge.RulePrimary, decision(p, contact.FieldFirstName).Rule)
	assert.Equal(t, "Paris", s.City)
	assert.Equal(t, merge.Decision{Field: contact.FieldCity, Contact: b.ID, Value: "Paris", Rule: merge.RuleFilled}, decision(p, contact.FieldCity))
	assert.Equal(t, []contact.LabeledEmail{{Email: b.Email}}, s.OtherEmails, "the other's email becomes a secondary one")
	assert.True(t, s.Blocked(), "blocked wins")
	assert.Equal(t, t0, s.CreatedAt, "the oldest creation date")
	assert.True(t, s.Tags.Has(tag.MustParseName("vip")))
}

func TestPlanMostRecent(t *testing.T) {
	a := person(1, "Ada", "Lyon", "", t0)
	b := person(2, "Augusta", "Paris", "", t0)
	changed := map[contact.ID]time.Time{a.ID: t0.Add(time.Hour), b.ID: t0.Add(2 * time.Hour)}
	p, err := merge.NewPlan(merge.PlanInput{Primary: a, Others: []contact.Contact{b}, Policy: merge.PolicyMostRecent,
		Changed: func(id contact.ID, f string) time.Time {
			if f == contact.FieldCity {
				return changed[id]
			}
			return time.Time{}
		}})
	require.NoError(t, err)
	assert.Equal(t, "Paris", p.Survivor.City, "the city changed last")
	assert.Equal(t, merge.RuleMostRecent, decision(p, contact.FieldCity).Rule)
	assert.Equal(t, "Ada", p.Survivor.FirstName, "a tie goes to the primary")
}

func TestPlanReportsWhatDoesNotFit(t *testing.T) {
	a := person(1, "Ada", "", "ada@example.com", t0)
	for i := range contact.MaxOtherAddresses {
		a.OtherEmails = append(a.OtherEmails, contact.LabeledEmail{Email: contact.MustParseEmail(fmt.Sprintf("a%d@example.com", i))})
	}
	a.Tags = tag.NewSet(tag.MustParseName("one"))
	b := person(2, "B", "", "b@example.com", t0)
	b.Tags = tag.NewSet(tag.MustParseName("two"))
	p, err := merge.NewPlan(merge.PlanInput{Primary: a, Others: []contact.Contact{b}, TagLimit: 1})
	require.NoError(t, err)
	assert.Len(t, p.Survivor.OtherEmails, contact.MaxOtherAddresses)
	require.Len(t, p.Unplaced, 2)
	assert.Equal(t, "b@example.com", p.Unplaced[0].Value)
	assert.Equal(t, "two", p.Unplaced[1].Value)
}

func TestPlanRefusals(t *testing.T) {
	a := person(1, "Ada", "", "", t0)
	b := person(2, "B", "", "", t0)
	trashed := person(3, "C", "", "", t0)
	trashed.DeletedAt = t0
	foreign := person(4, "D", "", "", t0)
	foreign.Workspace = "other"
	for _, tc := range []struct {
		others []contact.Contact
		want   error
	}{
		{nil, merge.ErrNoOthers},
		{[]contact.Contact{a}, merge.ErrSelf},
		{[]contact.Contact{b, b}, merge.ErrTwice},
		{[]contact.Contact{trashed}, merge.ErrTrashed},
		{[]contact.Contact{foreign}, merge.ErrWorkspace},
	} {
		_, err := merge.NewPlan(merge.PlanInput{Primary: a, Others: tc.others})
		assert.ErrorIs(t, err, tc.want)
	}
}

func TestUnmergePlan(t *testing.T) {
	a := person(1, "Ada", "", "ada@gmail.com", t0)
	b := person(2, "Augusta", "Paris", "ada+b@gmail.com", t0)
	p, err := merge.NewPlan(merge.PlanInput{Primary: a, Others: []contact.Contact{b}})
	require.NoError(t, err)
	rec := merge.Record{Primary: a.ID, Others: []contact.ID{b.ID}, Inputs: []contact.Contact{a, b}, Survivor: p.Survivor}

	same := merge.NewUnmergePlan(&rec, p.Survivor)
	assert.Empty(t, same.Conflicts)
	assert.Empty(t, same.Kept)
	assert.Equal(t, a, same.Primary, "unchanged since the merge: the snapshot")
	assert.Equal(t, []contact.Contact{b}, same.Others)

	edited := p.Survivor.Clone()
	edited.JobTitle = "Countess"
	kept := merge.NewUnmergePlan(&rec, edited)
	assert.Empty(t, kept.Conflicts)
	assert.Equal(t, []string{contact.FieldJobTitle}, kept.Kept)
	assert.Equal(t, "Countess", kept.Primary.JobTitle, "an edit the merge had not touched stays")

	edited.City = "Lyon"
	bad := merge.NewUnmergePlan(&rec, edited)
	var fields []string
	for _, c := range bad.Conflicts {
		fields = append(fields, c.Field)
	}
	assert.Equal(t, []string{contact.FieldCity}, fields, "a field the merge changed and that was edited since")

	// The emails are one set, the primary first: the user removed the
	// primary's own address since the merge and made the other's its
	// primary. The removal stays; the other's address goes back to it.
	swapped := p.Survivor.Clone()
	swapped.Email, swapped.OtherEmails = b.Email, nil
	plan := merge.NewUnmergePlan(&rec, swapped)
	assert.Empty(t, plan.Conflicts)
	assert.True(t, plan.Primary.Email.IsZero(), "the address the user removed stays removed: %v", plan.Primary.Email)
	assert.Empty(t, plan.Primary.OtherEmails)
	assert.Equal(t, []contact.Contact{b}, plan.Others)

	// An address the user added since the merge that an other holds in its
	// snapshot is a conflict.
	taken := p.Survivor.Clone()
	taken.OtherEmails = nil
	taken.Phone = contact.MustParsePhone("+33612345678", "")
	rec2 := rec
	b2 := b.Clone()
	b2.Phone = taken.Phone
	rec2.Inputs = []contact.Contact{a, b2}
	held := merge.NewUnmergePlan(&rec2, taken)
	require.Len(t, held.Conflicts, 1)
	assert.Equal(t, contact.FieldPhone, held.Conflicts[0].Field, "an address the primary took")
}

// TestUnmergePlanDerivesTheCreationDate: Ada merged with Bob, then with
// Cid (created first), the second merge deriving her creation date again
// (RuleOldest). With the records into her, undoing the first merge derives
// it over Ada and Cid; a value no merge derived (an edit, as a host could
// write one) is a conflict, quoted as an instant in UTC.
func TestUnmergePlanDerivesTheCreationDate(t *testing.T) {
	ada := person(1, "Ada", "", "ada@example.com", t0.Add(72*time.Hour))
	bob := person(2, "Bob", "", "bob@example.com", t0.Add(48*time.Hour))
	cid := person(3, "Cid", "", "cid@example.com", t0.Add(24*time.Hour))
	record := func(id merge.ID, at time.Time, primary, other contact.Contact) merge.Record {
		p, err := merge.NewPlan(merge.PlanInput{Primary: primary, Others: []contact.Contact{other}})
		require.NoError(t, err)
		return merge.Record{ID: id, Primary: primary.ID, Others: []contact.ID{other.ID}, At: at, Inputs: []contact.Contact{primary, other}, Survivor: p.Survivor, BaseCreatedAt: ada.CreatedAt}
	}
	first := record("m1", t0.Add(100*time.Hour), ada, bob)
	second := record("m2", t0.Add(101*time.Hour), first.Survivor, cid)
	into := []merge.Record{second, first}
	now := second.Survivor

	plan := merge.NewUnmergePlan(&first, now, into...)
	assert.Empty(t, plan.Conflicts)
	assert.NotContains(t, plan.Kept, "created_at", "a derived value is no edit kept")
	assert.Equal(t, cid.CreatedAt, plan.Primary.CreatedAt, "the oldest of Ada and Cid, still merged")
	assert.Equal(t, []contact.Contact{bob}, plan.Others)

	// Then the second: Ada's own, whatever the snapshot of the second holds
	// (Bob's date, which the first merge gave her).
	first.UndoneAt = t0.Add(102 * time.Hour)
	now.CreatedAt = plan.Primary.CreatedAt
	plan = merge.NewUnmergePlan(&second, now, first, second)
	assert.Empty(t, plan.Conflicts)
	assert.Equal(t, ada.CreatedAt, plan.Primary.CreatedAt)

	// Without the records into Ada, the first merge is taken as the only
	// one, and the second merge's date as an edit.
	first.UndoneAt = time.Time{}
	assert.Len(t, merge.NewUnmergePlan(&first, second.Survivor).Conflicts, 1)

	// An edit made since the second merge, which stands, of the date it
	// gives with or without the first: the edit stays.
	edited := second.Survivor.Clone()
	edited.CreatedAt = time.Date(2026, 1, 1, 8, 0, 0, 0, time.FixedZone("Y", 9*3600))
	plan = merge.NewUnmergePlan(&first, edited, into...)
	assert.Empty(t, plan.Conflicts, "the second merge gives Cid's date without the first too")
	assert.Equal(t, edited.CreatedAt, plan.Primary.CreatedAt)
	assert.Contains(t, plan.Kept, "created_at")

	// An edit since the first merge alone, of the date it gave: a conflict.
	edited = first.Survivor.Clone()
	edited.CreatedAt = time.Date(2026, 1, 1, 8, 0, 0, 0, time.FixedZone("Y", 9*3600))
	plan = merge.NewUnmergePlan(&first, edited, first)
	require.Len(t, plan.Conflicts, 1, "a creation date no merge derived")
	assert.Equal(t, "created_at", plan.Conflicts[0].Field)
	assert.Equal(t, "2025-12-31T23:00:00Z", plan.Conflicts[0].Value)

	// The base is the earliest record's, or its snapshot of the survivor
	// when it has none (a record of an earlier version).
	first.BaseCreatedAt, second.BaseCreatedAt = time.Time{}, time.Time{}
	base, ok := merge.BaseCreatedAt(ada.ID, []merge.Record{second, first})
	assert.True(t, ok)
	assert.Equal(t, ada.CreatedAt, base)
	_, ok = merge.BaseCreatedAt(bob.ID, into)
	assert.False(t, ok, "no record is into Bob")
}

// TestUnmergePlanOutOfOrderReplaysTheLaterMerges: Ada merged with Bob,
// then with Cid, both of Paris, blocked; undoing the first while the
// second stands gives Ada what the second gives her without the first
// (Paris, the block, by each policy), and returns the second rebased: its
// snapshot of Ada without Bob's values, its survivor as its policy gives
// it over that snapshot and Cid.
func TestUnmergePlanOutOfOrderReplaysTheLaterMerges(t *testing.T) {
	for _, policy := range []merge.Policy{merge.PolicyPrimary, merge.PolicyMostRecent} {
		t.Run(string(policy), func(t *testing.T) {
			ada := person(1, "Ada", "", "ada@example.com", t0)
			bob := person(2, "Bob", "Paris", "bob@example.com", t0.Add(time.Hour))
			cid := person(3, "Cid", "Paris", "cid@example.com", t0.Add(2*time.Hour))
			bob.Status, cid.Status = contact.StatusBlocked, contact.StatusBlocked
			record := func(id merge.ID, at time.Time, primary, other contact.Contact) merge.Record {
				p, err := merge.NewPlan(merge.PlanInput{Primary: primary, Others: []contact.Contact{other}, Policy: policy})
				require.NoError(t, err)
				return merge.Record{ID: id, Primary: primary.ID, Others: []contact.ID{other.ID}, Policy: policy, At: at,
					Inputs: []contact.Contact{primary, other}, Survivor: p.Survivor, Decisions: p.Decisions, BaseCreatedAt: ada.CreatedAt}
			}
			first := record("m1", t0.Add(100*time.Hour), ada, bob)
			second := record("m2", t0.Add(101*time.Hour), first.Survivor, cid)
			require.Equal(t, "Paris", second.Survivor.City)

			plan := merge.NewUnmergePlan(&first, second.Survivor, second, first)
			assert.Empty(t, plan.Conflicts)
			assert.Empty(t, plan.Kept)
			assert.Equal(t, "Paris", plan.Primary.City, "Cid's")
			assert.Equal(t, contact.StatusBlocked, plan.Primary.Status, "Cid's")
			assert.Equal(t, "ada@example.com", plan.Primary.Email.String())
			assert.Equal(t, []contact.LabeledEmail{{Email: cid.Email}}, plan.Primary.OtherEmails, "Bob's address goes back to him")
			require.Len(t, plan.Later, 1)
			later := plan.Later[0]
			assert.Equal(t, []merge.ID{"m1"}, later.Rebased)
			snap, _ := later.Input(ada.ID)
			assert.Equal(t, "", snap.City)
			assert.Equal(t, contact.StatusActive, snap.Status)
			assert.Empty(t, snap.OtherEmails)
			assert.Equal(t, "Paris", later.Survivor.City)
			assert.Equal(t, cid.ID, decision(merge.Plan{Decisions: later.Decisions}, contact.FieldCity).Contact)
			other, _ := later.Input(cid.ID)
			assert.Equal(t, cid, other, "the others' snapshots stay as taken")

			// Undoing the second, rebased, gives Ada back as she was.
			later.UndoneAt = time.Time{}
			first.UndoneAt = t0.Add(102 * time.Hour)
			now := plan.Primary
			back := merge.NewUnmergePlan(&later, now, first, later)
			assert.Empty(t, back.Conflicts)
			assert.Empty(t, back.Later)
			assert.Equal(t, "", back.Primary.City)
			assert.Equal(t, contact.StatusActive, back.Primary.Status)
			assert.Empty(t, back.Primary.OtherEmails)
		})
	}
}

func TestDetectReasonsPlaceholdersAndDismissals(t *testing.T) {
	id := func(b byte) contact.ID { return contact.ID{b} }
	entries := []merge.Entry{
		{ID: id(1), Keys: []string{"email:a@x.com", "phone:+1"}},
		{ID: id(2), Keys: []string{"email:a@x.com"}},
		{ID: id(3), Keys: []string{"phone:+1", "email:test@test.com"}},
		{ID: id(4), Keys: []string{"email:test@test.com"}},
		{ID: id(5), Keys: []string{"email:test@test.com"}},
		{ID: id(6), Keys: []string{"email:alone@x.com"}},
	}
	r := merge.Detect(entries, &merge.DetectOptions{Limit: 2})
	require.Len(t, r.Groups, 1)
	assert.Equal(t, []contact.ID{id(1), id(2), id(3)}, r.Groups[0].Contacts, "transitive")
	assert.Equal(t, []merge.Reason{{Key: "email:a@x.com", Contacts: []contact.ID{id(1), id(2)}}, {Key: "phone:+1", Contacts: []contact.ID{id(1), id(3)}}}, r.Groups[0].Reasons)
	assert.Equal(t, []merge.Reason{{Key: "email:test@test.com", Contacts: []contact.ID{id(3), id(4), id(5)}}}, r.Placeholders)

	ds := merge.Dismissals{}
	ds.Add(merge.NewDismissal(id(2), id(1), []string{"email:a@x.com"}, t0, "u"))
	r = merge.Detect(entries, &merge.DetectOptions{Limit: 2, Dismissed: ds.Has})
	require.Len(t, r.Groups, 1)
	assert.Equal(t, []contact.ID{id(1), id(3)}, r.Groups[0].Contacts, "the dismissed pair is not joined by the value it shared")
}

func TestMatchEmail(t *testing.T) {
	for in, want := range map[string]string{
		"ada.lovelace+news@googlemail.com": "adalovelace@gmail.com",
		"ada.lovelace@example.com":         "ada.lovelace@example.com",
		"ada+x@example.com":                "ada@example.com",
		"+x@example.com":                   "+x@example.com",
	} {
		assert.Equal(t, want, merge.MatchEmail(in), in)
	}
}
