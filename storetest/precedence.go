package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// The order of precedence of the errors of the contract (store.Tx): a call
// that several refusals apply to returns the first, whatever order the
// Store finds them in. Each case below is a table of such calls, made
// each in a transaction of its own that commits (an error of the contract
// leaves the transaction usable), then checked to have written nothing.

// refusal is a category of error of the contract, in the order of
// store.Tx: the first that applies to a call is the one it returns.
type refusal int

const (
	refuseDone     refusal = iota // ctx.Err(), unwrapped
	refuseReadOnly                // store.ErrReadOnly
	refuseInvalid                 // store.ErrInvalid
	refuseNotFound                // store.ErrNotFound
	refuseExists                  // store.ErrAlreadyExists, not a *store.TakenError
	refuseConflict                // store.ErrConflict
	refuseTaken                   // a *store.TakenError
	// refuseCursor is store.ErrInvalidCursor, which matches
	// store.ErrInvalid: a malformed call, of the rank of refuseInvalid.
	refuseCursor
	// accept is no refusal: the call, a read, succeeds, and the row checks
	// its answer.
	accept
)

// sentinels are the categories an error of the contract may match, to
// tell an error that matches more than the one it must.
var sentinels = []struct {
	name string
	err  error
}{
	{"store.ErrReadOnly", store.ErrReadOnly},
	{"store.ErrInvalid", store.ErrInvalid},
	{"store.ErrNotFound", store.ErrNotFound},
	{"store.ErrAlreadyExists", store.ErrAlreadyExists},
	{"store.ErrConflict", store.ErrConflict},
}

// sentinel returns the name of the sentinel error r matches, and the
// error.
func (r refusal) sentinel() (name string, err error) {
	switch r {
	case refuseReadOnly:
		return "store.ErrReadOnly", store.ErrReadOnly
	case refuseInvalid:
		return "store.ErrInvalid", store.ErrInvalid
	case refuseNotFound:
		return "store.ErrNotFound", store.ErrNotFound
	case refuseConflict:
		return "store.ErrConflict", store.ErrConflict
	case refuseCursor:
		return "store.ErrInvalidCursor", store.ErrInvalidCursor
	}
	return "store.ErrAlreadyExists", store.ErrAlreadyExists
}

// rule is the rule of store.Tx that makes r the answer, as messages quote
// it.
func (r refusal) rule() string {
	switch r {
	case refuseDone:
		return "every method returns ctx.Err(), unwrapped, when ctx is done: it comes before every other error"
	case refuseReadOnly:
		return "a write in a transaction of View returns store.ErrReadOnly, before it checks its arguments"
	case refuseInvalid:
		return "a malformed call is the caller's bug, reported before anything is read: store.ErrInvalid comes before every error that depends on what is stored"
	case refuseNotFound:
		return "what the ID finds comes before the version and the unique values: no record with the ID gives store.ErrNotFound"
	case refuseExists:
		return "what the ID finds comes before the unique values: a creation whose ID exists gives store.ErrAlreadyExists, whatever the keys"
	case refuseConflict:
		return "the version comes before the unique values: a version other than the stored one gives store.ErrConflict"
	case refuseCursor:
		return "a cursor the Store did not hand out for the listing is a malformed call: store.ErrInvalidCursor, which matches store.ErrInvalid, reported before anything is read, whatever the workspace holds"
	case accept:
		return "a well-formed read is no error, whatever is stored: a workspace that holds nothing has no record (an empty page, a count of 0), and a Limit out of range is bounded by store.PageRequest.Size, not refused"
	}
	return "the *store.TakenError names the first key of contact.Contact.Keys (emails, then phones, each primary first) that another live contact holds"
}

// problem returns what is wrong with err, the error of a call made with
// ctx that must refuse with r (and name taken, for refuseTaken), or "".
func (r refusal) problem(ctx context.Context, err error, taken *store.TakenError) string {
	switch r {
	case refuseDone:
		if err != ctx.Err() {
			return fmt.Sprintf("got err %v, want ctx.Err() (%v), unwrapped", err, ctx.Err())
		}
		return ""
	case accept:
		if err != nil {
			return fmt.Sprintf("got err %v, want nil", err)
		}
		return ""
	}
	name, want := r.sentinel()
	if r == refuseTaken {
		name = "a *store.TakenError"
	}
	if !errors.Is(err, want) {
		return fmt.Sprintf("got err %v, want %s", err, name)
	}
	if r == refuseCursor && !errors.Is(err, store.ErrInvalid) {
		return fmt.Sprintf("got err %v, which matches store.ErrInvalidCursor but not store.ErrInvalid; wrap store.ErrInvalidCursor itself", err)
	}
	var also []string
	for _, s := range sentinels {
		if s.err != want && !(r == refuseCursor && s.err == store.ErrInvalid) && errors.Is(err, s.err) {
			also = append(also, s.name)
		}
	}
	if len(also) > 0 {
		return fmt.Sprintf("got err %v, which matches %s too, want %s alone", err, strings.Join(also, " and "), name)
	}
	te, isTaken := errors.AsType[*store.TakenError](err)
	switch {
	case r == refuseExists && isTaken:
		return fmt.Sprintf("got a *store.TakenError (%v), want store.ErrAlreadyExists for the ID", err)
	case r == refuseTaken && !isTaken:
		return fmt.Sprintf("got err %v (%T), want a *store.TakenError naming %s held by %s", err, err, taken.Key, taken.Owner)
	case r == refuseTaken && (te.Key != taken.Key || te.Owner != taken.Owner):
		return fmt.Sprintf("got TakenError{Key: %q, Owner: %s}, want {Key: %q, Owner: %s}", te.Key, te.Owner, taken.Key, taken.Owner)
	}
	return ""
}

// refusedCall is a row of a precedence table: a call that several
// refusals of the contract apply to, and the first of them, which it must
// return.
type refusedCall struct {
	// method, if set, names the method called instead of the table's.
	method string
	what   string // the call's arguments, for messages
	call   func(ctx context.Context, tx store.Tx) error
	want   refusal
	taken  *store.TakenError // the one to return, for refuseTaken
	view   bool              // made in a transaction of View
	done   bool              // made with a cancelled context
	// read marks a read, which a transaction of View allows: it is made
	// after a Prefetch there too.
	read bool
	// answer, for accept, returns what is wrong with what the call read
	// ("" if nothing).
	answer func() string
	// rule, if set, is the rule the messages quote instead of want's.
	rule string
	// prefetch is what the call names, for a Store that declares
	// Options.Prefetch.
	prefetch store.Prefetch
}

// prefetchMode is one way of making the calls of a table: without a
// Prefetch, or after one of part of what the call names.
type prefetchMode struct {
	name string // for messages: "" or ", after a Prefetch of …"
	of   func(p store.Prefetch) *store.Prefetch
}

// prefetchModes returns the modes the calls of a table are made in: with
// no Prefetch, and, when the Store declares Options.Prefetch, after one of
// everything the call names, of its keys alone and of its IDs alone (an
// adapter answers from what it prefetched, and must answer the same).
func (e *env) prefetchModes() []prefetchMode {
	modes := []prefetchMode{{"", func(store.Prefetch) *store.Prefetch { return nil }}}
	if !e.opts.Prefetch {
		return modes
	}
	return append(modes,
		prefetchMode{", after a Prefetch of the IDs and keys it names", func(p store.Prefetch) *store.Prefetch { return &p }},
		prefetchMode{", after a Prefetch of the keys it names", func(p store.Prefetch) *store.Prefetch {
			return &store.Prefetch{Keys: p.Keys}
		}},
		prefetchMode{", after a Prefetch of the IDs it names", func(p store.Prefetch) *store.Prefetch {
			return &store.Prefetch{Contacts: p.Contacts, Records: p.Records}
		}},
	)
}

// refuse makes each call of rows, named method in messages, in a
// transaction of its own in ws, in every mode of prefetchModes, and
// checks its error; then it calls unchanged, which reports what the call
// wrote (nothing, since every call is refused). A table of reads passes a
// nil unchanged: its calls are made without a Prefetch and after one of
// everything they name, the other modes telling apart only what writes
// do with keys and IDs.
func (e *env) refuse(t *testing.T, method string, ws contact.WorkspaceID, rows []refusedCall, unchanged func(after string)) {
	t.Helper()
	modes := e.prefetchModes()
	if unchanged == nil {
		modes = modes[:min(2, len(modes))]
		unchanged = func(string) {}
	}
	for _, mode := range modes {
		for _, row := range rows {
			pf := mode.of(row.prefetch)
			if pf != nil && ((row.view && !row.read) || len(pf.Keys)+len(pf.Contacts)+len(pf.Records) == 0) {
				// A write in a View is refused whatever was read; a call
				// that names nothing of the kind is made without.
				continue
			}
			method := method
			if row.method != "" {
				method = row.method
			}
			what := method + " with " + row.what + mode.name
			if row.view {
				what = method + " in a transaction of View, with " + row.what + mode.name
			}
			if row.done {
				what = method + " with a cancelled context and " + row.what + mode.name
			}
			var problem string
			fn := func(tx store.Tx) (err error) {
				problem = ""
				ctx := t.Context()
				if p := store.PrefetcherOf(tx); p != nil && pf != nil {
					if err := p.Prefetch(ctx, ws, *pf); err != nil {
						if !errors.Is(err, store.ErrRetry) {
							problem = fmt.Sprintf("Prefetch before the call: got err %v, want nil", err)
						}
						return err
					}
				}
				if row.done {
					ctx = cancelled(t)
				}
				defer func() {
					if p := recover(); p != nil {
						problem = fmt.Sprintf("panicked: %v", p)
						err = errPanicked
					}
				}()
				cerr := row.call(ctx, tx)
				if errors.Is(cerr, store.ErrRetry) {
					return cerr // the Store runs the transaction again
				}
				problem = row.want.problem(ctx, cerr, row.taken)
				if problem == "" && row.answer != nil {
					problem = row.answer()
				}
				return nil
			}
			var err error
			if row.view {
				err = e.s.View(t.Context(), fn)
			} else {
				err = e.s.Update(t.Context(), fn)
			}
			rule := row.rule
			if rule == "" {
				rule = row.want.rule()
			}
			switch {
			case problem != "":
				t.Errorf("%s: %s; %s", what, problem, rule)
			case err != nil:
				t.Errorf("%s: the transaction, whose function returned nil after the call, failed: %v; an error of the contract leaves the transaction usable", what, err)
			}
			unchanged("after " + what + " was refused")
		}
	}
}

// errPanicked ends a transaction whose call panicked.
var errPanicked = errors.New("storetest: the call panicked")

// keyWorld is a workspace whose contacts the precedence cases of Contacts
// collide with: two live contacts that hold keys, one stored at version 2
// with a key of its own, one in the trash.
type keyWorld struct {
	ws                             contact.WorkspaceID
	holder, other, stored, trashed contact.Contact
	// owners maps each key of the contacts to its live holder (the zero
	// ID for the trashed contact's).
	owners map[string]contact.ID
}

func (e *env) newKeyWorld(t *testing.T) *keyWorld {
	t.Helper()
	ws := newWorkspace()
	w := &keyWorld{ws: ws,
		holder:  e.person(ws, "Hold", "First"),
		other:   e.person(ws, "Hold", "Second"),
		stored:  e.person(ws, "Ada", "Stored"),
		trashed: e.person(ws, "Tim", "Trashed"),
	}
	w.holder.Email, w.holder.Phone = mustEmail(t, "held-1@precedence.example"), phoneN(t, 1)
	w.other.Email, w.other.Phone = mustEmail(t, "held-2@precedence.example"), phoneN(t, 2)
	w.stored.Email = mustEmail(t, "stored@precedence.example")
	w.trashed.Email = mustEmail(t, "trashed@precedence.example")
	e.trashAt(&w.trashed, 1)
	cs := []contact.Contact{w.holder, w.other, w.stored, w.trashed}
	e.createAll(t, cs)
	w.holder, w.other, w.stored, w.trashed = cs[0], cs[1], cs[2], cs[3]
	w.stored.City = "Saved once"
	e.save(t, &w.stored) // version 2: version 1 is stale
	w.owners = map[string]contact.ID{}
	for _, c := range []contact.Contact{w.holder, w.other, w.stored, w.trashed} {
		for _, k := range c.Keys() {
			w.owners[k] = pick(c.Trashed(), contact.ID{}, c.ID)
		}
	}
	return w
}

// contacts returns the contacts of w as stored.
func (w *keyWorld) contacts() []contact.Contact {
	return []contact.Contact{w.holder, w.other, w.stored, w.trashed}
}

// names returns what a call on c names, for a Prefetch: the IDs and keys
// of w and of c (nil: none).
func (w *keyWorld) names(c *contact.Contact) store.Prefetch {
	var p store.Prefetch
	for _, x := range w.contacts() {
		p.Contacts = append(p.Contacts, x.ID)
	}
	for k := range w.owners {
		p.Keys = append(p.Keys, k)
	}
	if c != nil {
		p.Contacts = append(p.Contacts, c.ID)
		p.Keys = append(p.Keys, c.Keys()...)
	}
	return p
}

// unchangedContacts returns the check that w is as stored and that none
// of absent (contact IDs of w.ws) exists, made after each refused call.
func (e *env) unchangedContacts(t *testing.T, w *keyWorld, absent ...contact.ID) func(after string) {
	return func(after string) {
		t.Helper()
		ctx := t.Context()
		var problems []string
		err := e.s.View(ctx, func(tx store.Tx) error {
			problems = nil
			for _, want := range w.contacts() {
				got, err := tx.Contacts().Get(ctx, w.ws, want.ID)
				switch {
				case err != nil:
					return fmt.Errorf("Contacts.Get of a stored contact: %w", err)
				case diff(got, want) != "":
					problems = append(problems, fmt.Sprintf("Contacts.Get of contact %s: %s", want.ID, diff(got, want)))
				}
			}
			for key, owner := range w.owners {
				found, err := readAll(store.PageRequest{}, func(p store.PageRequest) (store.Page[contact.Contact], error) {
					return tx.Contacts().List(ctx, w.ws, store.ContactQuery{Key: key}, p)
				})
				if err != nil {
					return fmt.Errorf("Contacts.List with ContactQuery{Key: %q}: %w", key, err)
				}
				ids := idsOf(found)
				if (owner.IsZero() && len(ids) != 0) || (!owner.IsZero() && (len(ids) != 1 || ids[0] != owner)) {
					problems = append(problems, fmt.Sprintf("Contacts.List with ContactQuery{Key: %q}: got contacts %v, want %v", key, ids, pick(owner.IsZero(), nil, []contact.ID{owner})))
				}
			}
			for _, id := range absent {
				if _, err := tx.Contacts().Get(ctx, w.ws, id); !errors.Is(err, store.ErrNotFound) {
					problems = append(problems, fmt.Sprintf("Contacts.Get of contact %s, which the refused calls name: got err %v, want store.ErrNotFound", id, err))
				}
			}
			return nil
		})
		if err != nil {
			t.Errorf("%s, reading the contacts back: Store.View: got err %v, want nil", after, err)
		}
		for _, p := range problems {
			t.Errorf("%s, %s (a refused call writes nothing)", after, p)
		}
	}
}

// createCall is the call Contacts.Create of a copy of c (nil: of nil).
func createCall(c *contact.Contact) func(ctx context.Context, tx store.Tx) error {
	return contactCall(store.Contacts.Create, c)
}

// updateCall is the call Contacts.Update of a copy of c (nil: of nil).
func updateCall(c *contact.Contact) func(ctx context.Context, tx store.Tx) error {
	return contactCall(store.Contacts.Update, c)
}

// contactCall is the call write of a copy of c (nil: of nil).
func contactCall(write func(store.Contacts, context.Context, *contact.Contact) error, c *contact.Contact) func(ctx context.Context, tx store.Tx) error {
	return func(ctx context.Context, tx store.Tx) error {
		if c == nil {
			return write(tx.Contacts(), ctx, nil)
		}
		w := c.Clone()
		return write(tx.Contacts(), ctx, &w)
	}
}

// firstKeyCase is a contact whose keys several live contacts hold, made
// by edit, and the *store.TakenError a write of it must return: that of
// the first key of contact.Contact.Keys that another contact holds.
type firstKeyCase struct {
	what  string
	edit  func(c *contact.Contact)
	taken store.TakenError
}

// firstKeyCases returns the firstKeyCases of the holders of w.
func (w *keyWorld) firstKeyCases(t *testing.T) []firstKeyCase {
	h, o := w.holder, w.other
	free := mustEmail(t, "free@precedence.example")
	return []firstKeyCase{
		{"the email of a live contact and the phone of another",
			func(c *contact.Contact) { c.Email, c.Phone = h.Email, o.Phone },
			store.TakenError{Key: contact.EmailKey(h.Email), Owner: h.ID}},
		{"the phone of a live contact and, as a secondary email, the email of another (emails come first)",
			func(c *contact.Contact) {
				c.Email, c.Phone = free, h.Phone
				c.OtherEmails = []contact.LabeledEmail{{Email: o.Email, Label: contact.LabelWork}}
			},
			store.TakenError{Key: contact.EmailKey(o.Email), Owner: o.ID}},
		{"as secondary phones, the phone of a live contact, then the phone of another",
			func(c *contact.Contact) {
				c.Email, c.Phone = free, phoneN(t, 3)
				c.OtherPhones = []contact.LabeledPhone{{Phone: o.Phone, Label: contact.LabelMobile}, {Phone: h.Phone, Label: contact.LabelWork}}
			},
			store.TakenError{Key: contact.PhoneKey(o.Phone), Owner: o.ID}},
	}
}

func testContactsCreatePrecedence(t *testing.T, e *env) {
	w := e.newKeyWorld(t)
	h := w.holder
	var absent []contact.ID
	// fresh returns a new contact of w's workspace, changed by edit.
	fresh := func(edit func(c *contact.Contact)) *contact.Contact {
		c := e.person(w.ws, "New", "Refused")
		absent = append(absent, c.ID)
		edit(&c)
		return &c
	}
	row := func(what string, c *contact.Contact, want refusal) refusedCall {
		return refusedCall{what: what, call: createCall(c), want: want, prefetch: w.names(c)}
	}
	storedID := func(c *contact.Contact) { c.ID = w.stored.ID }
	takenEmail := func(c *contact.Contact) { c.Email = h.Email }
	version1 := func(c *contact.Contact) { c.Version = 1 }
	both := func(fs ...func(*contact.Contact)) func(*contact.Contact) {
		return func(c *contact.Contact) {
			for _, f := range fs {
				f(c)
			}
		}
	}
	rows := []refusedCall{
		row("a nil contact", nil, refuseInvalid),
		row("Version 1", fresh(version1), refuseInvalid),
		row("Version -1", fresh(func(c *contact.Contact) { c.Version = -1 }), refuseInvalid),
		row("the zero ID", fresh(func(c *contact.Contact) { c.ID = contact.ID{} }), refuseInvalid),
		row("no workspace", fresh(func(c *contact.Contact) { c.Workspace = "" }), refuseInvalid),
		row("Version 1 and the ID of a stored contact", fresh(both(version1, storedID)), refuseInvalid),
		row("Version 1 and the email of a live contact", fresh(both(version1, takenEmail)), refuseInvalid),
		row("Version 1, the ID of a stored contact and the email of another", fresh(both(version1, storedID, takenEmail)), refuseInvalid),
		row("the zero ID and the email of a live contact", fresh(both(func(c *contact.Contact) { c.ID = contact.ID{} }, takenEmail)), refuseInvalid),
		row("no workspace, the ID of a stored contact and the email of another", fresh(both(func(c *contact.Contact) { c.Workspace = "" }, storedID, takenEmail)), refuseInvalid),
		row("the ID of a stored contact and the email of another live contact", fresh(both(storedID, takenEmail)), refuseExists),
		row("the ID of a stored contact and the phone of another live contact", fresh(both(storedID, func(c *contact.Contact) { c.Phone = h.Phone })), refuseExists),
		row("the ID of a contact in the trash and the email of a live contact", fresh(both(func(c *contact.Contact) { c.ID = w.trashed.ID }, takenEmail)), refuseExists),
		row("the ID and the email of a stored contact", fresh(func(c *contact.Contact) { c.ID, c.Email = w.stored.ID, w.stored.Email }), refuseExists),
		row("the ID of a live contact and its own email and phone", fresh(func(c *contact.Contact) { c.ID, c.Email, c.Phone = h.ID, h.Email, h.Phone }), refuseExists),
	}
	for _, x := range w.firstKeyCases(t) {
		r := row(x.what, fresh(x.edit), refuseTaken)
		r.taken = &x.taken
		rows = append(rows, r)
	}
	done := row("a nil contact", nil, refuseDone)
	done.done = true
	done2 := row("Version 1 and the ID of a stored contact", fresh(both(version1, storedID)), refuseDone)
	done2.done = true
	view := row("a nil contact", nil, refuseReadOnly)
	view.view = true
	view2 := row("Version 1 and the ID of a stored contact", fresh(both(version1, storedID)), refuseReadOnly)
	view2.view = true
	rows = append(rows, done, done2, view, view2)
	e.refuse(t, "Contacts.Create", w.ws, rows, e.unchangedContacts(t, w, append(absent, contact.ID{})...))
}

func testContactsUpdatePrecedence(t *testing.T, e *env) {
	w := e.newKeyWorld(t)
	h, o := w.holder, w.other
	var absent []contact.ID
	// stored returns the stored contact (version 2), changed by edit.
	stored := func(edit func(c *contact.Contact)) *contact.Contact {
		c := w.stored.Clone()
		c.City = "Refused"
		edit(&c)
		return &c
	}
	row := func(what string, c *contact.Contact, want refusal) refusedCall {
		return refusedCall{what: what, call: updateCall(c), want: want, prefetch: w.names(c)}
	}
	takenEmail := func(c *contact.Contact) { c.Email = h.Email }
	noWorkspace := func(c *contact.Contact) { c.Workspace = "" }
	missing := func(version int64) func(c *contact.Contact) {
		return func(c *contact.Contact) {
			c.ID, c.Version, c.Email = newID(), version, h.Email
			absent = append(absent, c.ID)
		}
	}
	at := func(version int64) func(c *contact.Contact) {
		return func(c *contact.Contact) { c.Version, c.Phone = version, o.Phone }
	}
	rows := []refusedCall{
		row("a nil contact", nil, refuseInvalid),
		row("no workspace", stored(noWorkspace), refuseInvalid),
		row("no workspace and the email of a live contact", stored(func(c *contact.Contact) { noWorkspace(c); takenEmail(c) }), refuseInvalid),
		row("no workspace and a stale version", stored(func(c *contact.Contact) { noWorkspace(c); c.Version = 1 }), refuseInvalid),
		row("an ID never stored and the email of a live contact", stored(missing(1)), refuseNotFound),
		row("an ID never stored, version 0 and the email of a live contact", stored(missing(0)), refuseNotFound),
		row("the zero ID, the stored version and the keys of a stored contact", stored(func(c *contact.Contact) { c.ID = contact.ID{} }), refuseNotFound),
		row("a stale version (1, stored 2) and the phone of a live contact", stored(at(1)), refuseConflict),
		row("a version ahead of the stored one (7, stored 2) and the phone of a live contact", stored(at(7)), refuseConflict),
		row("version 0 and the phone of a live contact", stored(at(0)), refuseConflict),
		row("a contact in the trash taken out of it, at a stale version, with the email of a live contact",
			func() *contact.Contact {
				c := w.trashed.Clone()
				restore(&c)
				c.Version, c.Email = 7, h.Email
				return &c
			}(), refuseConflict),
	}
	for _, x := range w.firstKeyCases(t) {
		r := row(x.what, stored(x.edit), refuseTaken)
		r.taken = &x.taken
		rows = append(rows, r)
	}
	done := row("a nil contact", nil, refuseDone)
	done.done = true
	view := row("a nil contact", nil, refuseReadOnly)
	view.view = true
	view2 := row("no workspace", stored(noWorkspace), refuseReadOnly)
	view2.view = true
	rows = append(rows, done, view, view2)
	e.refuse(t, "Contacts.Update", w.ws, rows, e.unchangedContacts(t, w, absent...))
}

func testContactsDeletePrecedence(t *testing.T, e *env) {
	w := e.newKeyWorld(t)
	never := newID()
	row := func(what string, ws contact.WorkspaceID, id contact.ID, version int64, want refusal) refusedCall {
		return refusedCall{what: what, want: want, prefetch: w.names(nil),
			call: func(ctx context.Context, tx store.Tx) error { return tx.Contacts().Delete(ctx, ws, id, version) }}
	}
	rows := []refusedCall{
		row("no workspace, at the stored version", "", w.stored.ID, 2, refuseInvalid),
		row("no workspace and an ID never stored", "", never, 1, refuseInvalid),
		row("an ID never stored, at version 0", w.ws, never, 0, refuseNotFound),
		row("the zero ID", w.ws, contact.ID{}, 1, refuseNotFound),
		row("a stale version (1, stored 2)", w.ws, w.stored.ID, 1, refuseConflict),
	}
	done := row("no workspace", "", w.stored.ID, 2, refuseDone)
	done.done = true
	view := row("no workspace", "", w.stored.ID, 2, refuseReadOnly)
	view.view = true
	rows = append(rows, done, view)
	e.refuse(t, "Contacts.Delete", w.ws, rows, e.unchangedContacts(t, w, never))
}

// testPrecedence checks the order of the errors of Records.Put and
// Records.Delete on records of the kind: a stored record at version 2 with
// a Unique key, another at version 1 with another, and calls that collide
// with them.
func (s kindSample[K, T]) testPrecedence(t *testing.T, e *env) {
	g := e.newWorld(t, worldContacts)
	k := s.kind()
	ws := g.ws
	const ua, ub = "storetest-precedence-a", "storetest-precedence-b"
	a, b, fresh := s.raw(e, t, g, 0), s.raw(e, t, g, 1), s.raw(e, t, g, 2)
	a.Keys.Unique, b.Keys.Unique, fresh.Keys.Unique = ua, ub, ""
	if err := e.putRaw(t, ws, k, &a); err != nil {
		t.Fatalf("setup: Records.Put of a new %s: got err %v, want nil", k.Name(), err)
	}
	a = s.edited(a, 1)
	a.Keys.Unique = ua
	if err := e.putRaw(t, ws, k, &a); err != nil {
		t.Fatalf("setup: Records.Put of a %s at its version: got err %v, want nil", k.Name(), err)
	}
	if err := e.putRaw(t, ws, k, &b); err != nil {
		t.Fatalf("setup: Records.Put of a new %s: got err %v, want nil", k.Name(), err)
	}
	// A value of another kind.
	var foreign any
	for _, o := range samplers() {
		if o.kind().Name() != k.Name() {
			foreign = o.sample(e, t, g, 0).Value
			break
		}
	}
	names := store.Prefetch{Records: []store.RecordRef{{Kind: k, ID: a.ID}, {Kind: k, ID: b.ID}, {Kind: k, ID: fresh.ID}}}
	put := func(what string, ws contact.WorkspaceID, k store.Kind, r *store.Record, want refusal) refusedCall {
		return refusedCall{what: what, want: want, prefetch: names, call: func(ctx context.Context, tx store.Tx) error {
			if r == nil {
				return tx.Records().Put(ctx, ws, k, nil)
			}
			w := *r
			return tx.Records().Put(ctx, ws, k, &w)
		}}
	}
	// with returns a copy of r changed by edit.
	with := func(r store.Record, edit func(r *store.Record)) *store.Record {
		edit(&r)
		return &r
	}
	takeB := func(r *store.Record) { r.Keys.Unique = ub }
	rows := []refusedCall{
		put("a nil record", ws, k, nil, refuseInvalid),
		put("a nil Kind", ws, nil, &fresh, refuseInvalid),
		put("no workspace", "", k, &fresh, refuseInvalid),
		put("an empty ID", ws, k, with(fresh, func(r *store.Record) { r.ID = "" }), refuseInvalid),
		put("a negative version", ws, k, with(a, func(r *store.Record) { r.Version = -1 }), refuseInvalid),
		put("a nil Value", ws, k, with(fresh, func(r *store.Record) { r.Value = nil }), refuseInvalid),
		put(fmt.Sprintf("a Value of another kind (%T)", foreign), ws, k, with(fresh, func(r *store.Record) { r.Value = foreign }), refuseInvalid),
		put("an empty ID and the Unique key of another record", ws, k, with(fresh, func(r *store.Record) { r.ID = ""; takeB(r) }), refuseInvalid),
		put("a negative version and the Unique key of another record", ws, k, with(a, func(r *store.Record) { r.Version = -1; takeB(r) }), refuseInvalid),
		put("no workspace, version 0 and the ID of a stored record", "", k, with(a, func(r *store.Record) { r.Version = 0 }), refuseInvalid),
		put("a Value of another kind, version 0 and the ID of a stored record", ws, k, with(a, func(r *store.Record) { r.Version, r.Value = 0, foreign }), refuseInvalid),
		put("a Value of another kind and a stale version", ws, k, with(a, func(r *store.Record) { r.Version, r.Value = 1, foreign }), refuseInvalid),
		put("version 0, the ID of a stored record and the Unique key of another", ws, k, with(a, func(r *store.Record) { r.Version = 0; takeB(r) }), refuseExists),
		put("version 1, an ID never stored and the Unique key of another record", ws, k, with(fresh, func(r *store.Record) { r.Version = 1; takeB(r) }), refuseNotFound),
		put("a stale version (1, stored 2) and the Unique key of another record", ws, k, with(a, func(r *store.Record) { r.Version = 1; takeB(r) }), refuseConflict),
		put("a version ahead of the stored one (7, stored 2) and the Unique key of another record", ws, k, with(a, func(r *store.Record) { r.Version = 7; takeB(r) }), refuseConflict),
	}
	del := func(what string, ws contact.WorkspaceID, k store.Kind, id string, version int64, want refusal) refusedCall {
		return refusedCall{what: what, want: want, prefetch: names, call: func(ctx context.Context, tx store.Tx) error {
			return tx.Records().Delete(ctx, ws, k, id, version)
		}}
	}
	deletes := []refusedCall{
		del("no workspace, at the stored version", "", k, a.ID, a.Version, refuseInvalid),
		del("a nil Kind, at the stored version", ws, nil, a.ID, a.Version, refuseInvalid),
		del("an ID never stored, at version 0", ws, k, fresh.ID, 0, refuseNotFound),
		del("an empty ID", ws, k, "", 1, refuseNotFound),
	}
	donePut := put("a nil record", ws, k, nil, refuseDone)
	donePut.done = true
	viewPut := put("a nil record", ws, k, nil, refuseReadOnly)
	viewPut.view = true
	viewPut2 := put("a negative version and the Unique key of another record", ws, k, with(a, func(r *store.Record) { r.Version = -1; takeB(r) }), refuseReadOnly)
	viewPut2.view = true
	rows = append(rows, donePut, viewPut, viewPut2)
	doneDel := del("a nil Kind", ws, nil, a.ID, a.Version, refuseDone)
	doneDel.done = true
	viewDel := del("a nil Kind", ws, nil, a.ID, a.Version, refuseReadOnly)
	viewDel.view = true
	deletes = append(deletes, doneDel, viewDel)

	unchanged := func(after string) {
		t.Helper()
		ctx := t.Context()
		var problems []string
		err := e.s.View(ctx, func(tx store.Tx) error {
			problems = nil
			for _, want := range []store.Record{a, b} {
				got, err := tx.Records().Get(ctx, ws, k, want.ID)
				if err != nil {
					return fmt.Errorf("Records.Get of a stored %s: %w", k.Name(), err)
				}
				if got.Version != want.Version || got.Keys != want.Keys || diff(got.Value, want.Value) != "" {
					problems = append(problems, fmt.Sprintf("Records.Get of %s %q: got version %d, keys %+v, value diff %q; want version %d, keys %+v, the value stored",
						k.Name(), want.ID, got.Version, got.Keys, diff(got.Value, want.Value), want.Version, want.Keys))
				}
			}
			if _, err := tx.Records().Get(ctx, ws, k, fresh.ID); !errors.Is(err, store.ErrNotFound) {
				problems = append(problems, fmt.Sprintf("Records.Get of %s %q, which the refused calls name: got err %v, want store.ErrNotFound", k.Name(), fresh.ID, err))
			}
			for _, x := range []struct{ u, id string }{{ua, a.ID}, {ub, b.ID}} {
				rs, err := readAll(store.PageRequest{}, func(p store.PageRequest) (store.Page[store.Record], error) {
					return tx.Records().List(ctx, ws, k, store.Query{Unique: x.u}, p)
				})
				if err != nil {
					return fmt.Errorf("Records.List with Query{Unique: %q}: %w", x.u, err)
				}
				if ids := recordIDs(rs); len(ids) != 1 || ids[0] != x.id {
					problems = append(problems, fmt.Sprintf("Records.List of %s records with Query{Unique: %q}: got %q, want [%q]", k.Name(), x.u, ids, x.id))
				}
			}
			return nil
		})
		if err != nil {
			t.Errorf("%s, reading the records back: Store.View: got err %v, want nil", after, err)
		}
		for _, p := range problems {
			t.Errorf("%s, %s (a refused call writes nothing)", after, p)
		}
	}
	e.refuse(t, "Records.Put of a "+k.Name(), ws, rows, unchanged)
	e.refuse(t, "Records.Delete of a "+k.Name(), ws, deletes, unchanged)
}
