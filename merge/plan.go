package merge

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/internal/inputtext"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/tag"
)

// Errors of a merge that cannot be planned.
var (
	// ErrSelf: the primary is also named as an other.
	ErrSelf = errors.New("a contact cannot be merged with itself")
	// ErrTwice: a contact is named twice among the others.
	ErrTwice = errors.New("a contact is named twice")
	// ErrNoOthers: there is nothing to merge into the primary.
	ErrNoOthers = errors.New("no contact to merge into the primary")
	// ErrWorkspace: the inputs are not all of one workspace.
	ErrWorkspace = errors.New("contacts of different workspaces")
	// ErrTrashed: an input is in the trash (or merged away).
	ErrTrashed = errors.New("a contact in the trash cannot be merged")
)

// Policy is a survivorship policy: how the survivor's value of each field
// is chosen among the inputs' values.
type Policy string

// The survivorship policies. The zero Policy is PolicyPrimary.
const (
	// PolicyPrimary: the primary's non-empty value wins; a blank is filled
	// with the first non-empty value of the others, in order.
	PolicyPrimary Policy = "primary"
	// PolicyMostRecent: the non-empty value changed last, by the property
	// history (PlanInput.Changed), wins; ties go to the earlier input.
	PolicyMostRecent Policy = "most_recent"
)

// Valid reports whether p is a known policy or zero.
func (p Policy) Valid() bool { return p == "" || p == PolicyPrimary || p == PolicyMostRecent }

// Rule names the rule that made a Decision.
type Rule string

// The rules of a plan.
const (
	RulePrimary     Rule = "primary value"           // the primary's non-empty value
	RuleFilled      Rule = "blank filled"            // the primary's blank, filled from an other
	RuleMostRecent  Rule = "most recent value"       // PolicyMostRecent
	RuleSecondary   Rule = "secondary identity"      // an other's address, kept as a secondary one
	RuleUnion       Rule = "united"                  // tags, channels: the union
	RuleBlocked     Rule = "blocked wins"            // an input was blocked
	RuleOldest      Rule = "oldest creation date"    // CreatedAt
	RuleEmpty       Rule = "no input has a value"    // all blank
	RuleRestrictive Rule = "most restrictive status" // list memberships
)

// Decision is how one field of the survivor was chosen: its name (as
// contact.Diff names it, "fields.<key>" for a custom field), the input
// whose value it is (zero when no input has one), that value as text, and
// the rule.
type Decision struct {
	Field   string
	Contact contact.ID
	Value   string
	Rule    Rule
}

// Unplaced is a value of an input that the survivor cannot hold (more
// secondary addresses than contact.MaxOtherAddresses, more tags than the
// limit): it stays with its merged-away input, in the merge record, and
// comes back with an unmerge.
type Unplaced struct {
	Field   string
	Contact contact.ID
	Value   string
	Reason  string
}

// PlanInput is what a plan is made of.
type PlanInput struct {
	Primary contact.Contact
	Others  []contact.Contact
	Policy  Policy
	// Changed, for PolicyMostRecent, returns when field (as Decision.Field
	// names it) of contact id last changed, or the zero time if its history
	// does not say: then the contact's UpdatedAt counts.
	Changed func(id contact.ID, field string) time.Time
	// TagLimit is the greatest number of tags of a contact; zero means
	// tag.MaxPerContact.
	TagLimit int
}

// Plan is a merge, computed: the survivor and how each of its fields was
// chosen, and what it could not hold.
type Plan struct {
	Primary   contact.ID
	Others    []contact.ID
	Policy    Policy
	Survivor  contact.Contact
	Decisions []Decision
	Unplaced  []Unplaced
}

// scalar is a single-valued field of a contact.
type scalar struct {
	name string
	get  func(c *contact.Contact) string
	copy func(dst, src *contact.Contact)
}

func text(name string, f func(c *contact.Contact) *string) scalar {
	return scalar{name, func(c *contact.Contact) string { return *f(c) }, func(d, s *contact.Contact) { *f(d) = *f(s) }}
}

// scalars are the single-valued fields a policy chooses, in contact.Diff
// order. The primary email and phone (with their labels) are chosen with
// the identities, the status by RuleBlocked, CreatedAt by RuleOldest.
var scalars = []scalar{
	text(contact.FieldFirstName, func(c *contact.Contact) *string { return &c.FirstName }),
	text(contact.FieldLastName, func(c *contact.Contact) *string { return &c.LastName }),
	text(contact.FieldAlias, func(c *contact.Contact) *string { return &c.Alias }),
	{contact.FieldCountry, func(c *contact.Contact) string { return c.Country.String() }, func(d, s *contact.Contact) { d.Country = s.Country }},
	{contact.FieldLanguage, func(c *contact.Contact) string { return c.Language.String() }, func(d, s *contact.Contact) { d.Language = s.Language }},
	{contact.FieldBirthDate, func(c *contact.Contact) string {
		if c.BirthDate.IsZero() {
			return ""
		}
		return c.BirthDate.String()
	}, func(d, s *contact.Contact) { d.BirthDate = s.BirthDate }},
	text(contact.FieldCity, func(c *contact.Contact) *string { return &c.City }),
	text(contact.FieldState, func(c *contact.Contact) *string { return &c.State }),
	text(contact.FieldCompany, func(c *contact.Contact) *string { return &c.Company }),
	text(contact.FieldJobTitle, func(c *contact.Contact) *string { return &c.JobTitle }),
	{contact.FieldAssignee, func(c *contact.Contact) string { return string(c.Assignee) }, func(d, s *contact.Contact) { d.Assignee = s.Assignee }},
	{contact.FieldSource, func(c *contact.Contact) string { return string(c.Source) }, func(d, s *contact.Contact) { d.Source = s.Source }},
	text(contact.FieldAvatar, func(c *contact.Contact) *string { return &c.Avatar }),
}

// NewPlan computes the merge of in.Others into in.Primary. It returns
// ErrSelf, ErrTwice, ErrNoOthers, ErrWorkspace or ErrTrashed for inputs
// that cannot be merged.
func NewPlan(in PlanInput) (Plan, error) {
	if err := check(&in); err != nil {
		return Plan{}, err
	}
	inputs := append([]contact.Contact{in.Primary}, in.Others...)
	p := Plan{Primary: in.Primary.ID, Policy: in.Policy, Survivor: in.Primary.Clone()}
	if p.Policy == "" {
		p.Policy = PolicyPrimary
	}
	for _, o := range in.Others {
		p.Others = append(p.Others, o.ID)
	}
	s := &p.Survivor
	for _, f := range scalars {
		p.choose(f.name, inputs, in, f.get, func(src *contact.Contact) { f.copy(s, src) })
	}
	p.customFields(inputs, in)
	p.identities(inputs)
	p.tags(inputs, in.TagLimit)
	p.channels(inputs)
	// Blocked wins.
	for i := range inputs {
		if inputs[i].Blocked() {
			s.Status = contact.StatusBlocked
			p.decide(contact.FieldStatus, inputs[i].ID, string(contact.StatusBlocked), RuleBlocked)
			break
		}
	}
	if !s.Blocked() {
		p.decide(contact.FieldStatus, in.Primary.ID, string(s.Status), RulePrimary)
	}
	// The oldest creation date.
	oldest := 0
	for i := range inputs {
		if inputs[i].CreatedAt.Before(inputs[oldest].CreatedAt) {
			oldest = i
		}
	}
	s.CreatedAt = inputs[oldest].CreatedAt
	p.decide("created_at", inputs[oldest].ID, s.CreatedAt.Format(time.RFC3339Nano), RuleOldest)
	return p, nil
}

func check(in *PlanInput) error {
	if !in.Policy.Valid() {
		return fmt.Errorf("%w: unknown policy %s", contact.ErrInvalid, inputtext.Quote(string(in.Policy)))
	}
	if len(in.Others) == 0 {
		return ErrNoOthers
	}
	seen := map[contact.ID]bool{in.Primary.ID: true}
	for _, o := range in.Others {
		switch {
		case o.ID == in.Primary.ID:
			return fmt.Errorf("%w: %s", ErrSelf, o.ID)
		case seen[o.ID]:
			return fmt.Errorf("%w: %s", ErrTwice, o.ID)
		case o.Workspace != in.Primary.Workspace:
			return fmt.Errorf("%w: %s", ErrWorkspace, o.ID)
		}
		seen[o.ID] = true
	}
	for _, c := range append([]contact.Contact{in.Primary}, in.Others...) {
		if c.Trashed() {
			return fmt.Errorf("%w: %s", ErrTrashed, c.ID)
		}
	}
	return nil
}

func (p *Plan) decide(f string, id contact.ID, v string, r Rule) {
	p.Decisions = append(p.Decisions, Decision{Field: f, Contact: id, Value: v, Rule: r})
}

// choose picks the value of one field among the inputs by the policy, and
// sets it with set.
func (p *Plan) choose(name string, inputs []contact.Contact, in PlanInput, get func(*contact.Contact) string, set func(src *contact.Contact)) {
	pick := -1
	rule := RulePrimary
	if p.Policy == PolicyMostRecent {
		var at time.Time
		for i := range inputs {
			if get(&inputs[i]) == "" {
				continue
			}
			t := time.Time{}
			if in.Changed != nil {
				t = in.Changed(inputs[i].ID, name)
			}
			if t.IsZero() {
				t = inputs[i].UpdatedAt
			}
			if pick < 0 || t.After(at) {
				pick, at = i, t
			}
		}
		rule = RuleMostRecent
	} else {
		for i := range inputs {
			if get(&inputs[i]) != "" {
				pick = i
				break
			}
		}
		if pick > 0 {
			rule = RuleFilled
		}
	}
	if pick < 0 {
		p.decide(name, contact.ID{}, "", RuleEmpty)
		return
	}
	set(&inputs[pick])
	p.decide(name, inputs[pick].ID, get(&inputs[pick]), rule)
}

func (p *Plan) customFields(inputs []contact.Contact, in PlanInput) {
	var keys []field.Key
	for i := range inputs {
		own := slices.SortedFunc(maps.Keys(inputs[i].Fields), func(a, b field.Key) int { return strings.Compare(a.String(), b.String()) })
		for _, k := range own {
			if !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
	}
	s := &p.Survivor
	for _, k := range keys {
		p.choose(contact.CustomFieldPrefix+k.String(), inputs, in,
			func(c *contact.Contact) string { return c.Fields[k].String() },
			func(src *contact.Contact) {
				if s.Fields == nil {
					s.Fields = make(map[field.Key]field.Value)
				}
				s.Fields[k] = src.Fields[k]
			})
	}
}

// identities keeps the primary's email and phone (or takes the first
// other's when it has none) and makes every other address of the inputs a
// secondary one, within contact.MaxOtherAddresses.
func (p *Plan) identities(inputs []contact.Contact) {
	s := &p.Survivor
	if s.Email.IsZero() {
		for i := range inputs[1:] {
			if o := &inputs[1+i]; !o.Email.IsZero() {
				s.Email, s.EmailLabel = o.Email, o.EmailLabel
				p.decide(contact.FieldEmail, o.ID, o.Email.String(), RuleFilled)
				break
			}
		}
	} else {
		p.decide(contact.FieldEmail, s.ID, s.Email.String(), RulePrimary)
	}
	if s.Phone.IsZero() {
		for i := range inputs[1:] {
			if o := &inputs[1+i]; !o.Phone.IsZero() {
				s.Phone, s.PhoneLabel = o.Phone, o.PhoneLabel
				p.decide(contact.FieldPhone, o.ID, o.Phone.String(), RuleFilled)
				break
			}
		}
	} else {
		p.decide(contact.FieldPhone, s.ID, s.Phone.String(), RulePrimary)
	}
	for i := range inputs[1:] {
		o := &inputs[1+i]
		s.OtherEmails = placeSecondaries(p, o.ID, contact.FieldOtherEmails, "emails", s.Email, s.OtherEmails,
			append([]contact.LabeledEmail{{Email: o.Email, Label: o.EmailLabel}}, o.OtherEmails...),
			func(e contact.LabeledEmail) contact.Email { return e.Email })
		s.OtherPhones = placeSecondaries(p, o.ID, contact.FieldOtherPhones, "phones", s.Phone, s.OtherPhones,
			append([]contact.LabeledPhone{{Phone: o.Phone, Label: o.PhoneLabel}}, o.OtherPhones...),
			func(ph contact.LabeledPhone) contact.Phone { return ph.Phone })
	}
}

// placeSecondaries returns the survivor's secondary addresses of one kind,
// have, with each address of from (every address of the input from, the
// primary first) that the survivor does not hold yet: a decision for each
// one placed, an Unplaced for each one past contact.MaxOtherAddresses.
func placeSecondaries[L any, A interface {
	comparable
	IsZero() bool
	String() string
}](p *Plan, input contact.ID, fieldName, noun string, primary A, have, from []L, addr func(L) A) []L {
	for _, l := range from {
		a := addr(l)
		if a.IsZero() || a == primary || slices.ContainsFunc(have, func(x L) bool { return addr(x) == a }) {
			continue
		}
		if len(have) >= contact.MaxOtherAddresses {
			p.Unplaced = append(p.Unplaced, Unplaced{fieldName, input, a.String(), fmt.Sprintf("more than %d secondary %s", contact.MaxOtherAddresses, noun)})
			continue
		}
		have = append(have, l)
		p.decide(fieldName, input, a.String(), RuleSecondary)
	}
	return have
}

func (p *Plan) tags(inputs []contact.Contact, limit int) {
	if limit <= 0 {
		limit = tag.MaxPerContact
	}
	s := &p.Survivor
	for i := range inputs[1:] {
		o := &inputs[1+i]
		for _, n := range s.Tags.Missing(o.Tags...) {
			if s.Tags.Len() >= limit {
				p.Unplaced = append(p.Unplaced, Unplaced{contact.FieldTags, o.ID, n.String(), fmt.Sprintf("more than %d tags", limit)})
				continue
			}
			s.Tags, _ = s.Tags.Add(n)
			p.decide(contact.FieldTags, o.ID, n.String(), RuleUnion)
		}
	}
}

func (p *Plan) channels(inputs []contact.Contact) {
	s := &p.Survivor
	for i := range inputs[1:] {
		o := &inputs[1+i]
		for _, ch := range o.Channels {
			if !slices.ContainsFunc(s.Channels, func(x contact.Channel) bool { return x.Kind == ch.Kind }) {
				s.Channels = append(s.Channels, ch)
				p.decide(contact.FieldChannels, o.ID, string(ch.Kind), RuleUnion)
			}
		}
	}
}

// UniteStatus returns the status of the survivor's membership of a list
// that several inputs belong to: the most restrictive (list.MostRestrictive).
func UniteStatus(statuses ...list.Status) list.Status {
	out := list.StatusSubscribed
	for _, s := range statuses {
		out = list.MostRestrictive(out, s)
	}
	return out
}
