package storetest

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/tag"
)

func (e *env) getTag(t *testing.T, ws contact.WorkspaceID, n tag.Name) (tag.Tag, error) {
	ctx := t.Context()
	var got tag.Tag
	err := e.s.View(ctx, func(tx store.Tx) error {
		var err error
		got, err = tx.Tags().Get(ctx, ws, n)
		return err
	})
	return got, err
}

func (e *env) createTag(t *testing.T, ws contact.WorkspaceID, tg tag.Tag) error {
	ctx := t.Context()
	return e.s.Update(ctx, func(tx store.Tx) error { return tx.Tags().Create(ctx, ws, tg) })
}

func (e *env) deleteTag(t *testing.T, ws contact.WorkspaceID, n tag.Name) error {
	ctx := t.Context()
	return e.s.Update(ctx, func(tx store.Tx) error { return tx.Tags().Delete(ctx, ws, n) })
}

func testTagsCreateGet(t *testing.T, e *env) {
	ws := newWorkspace()
	want := tag.Tag{Name: mustTag(t, "VIP"), CreatedAt: e.baseTime()}
	if err := e.createTag(t, ws, want); err != nil {
		t.Fatalf("Tags.Create of a new tag: got err %v, want nil", err)
	}
	for _, spelling := range []string{"VIP", "vip", "Vip"} {
		got, err := e.getTag(t, ws, mustTag(t, spelling))
		if err != nil {
			t.Errorf("Tags.Get(%q) of the stored tag %q: got err %v, want nil (a tag's identity is its name's Key)", spelling, want.Name, err)
			continue
		}
		if d := diff(got, want); d != "" {
			t.Errorf("Tags.Get(%q) after Tags.Create: the tag did not survive the round trip: %s (the name keeps the spelling it was created with)", spelling, d)
		}
	}
	if _, err := e.getTag(t, ws, mustTag(t, "missing")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Tags.Get of a tag never created: got err %v, want store.ErrNotFound", err)
	}
}

func testTagsDuplicateKey(t *testing.T, e *env) {
	ws := newWorkspace()
	first := tag.Tag{Name: mustTag(t, "VIP"), CreatedAt: e.baseTime()}
	if err := e.createTag(t, ws, first); err != nil {
		t.Fatalf("Tags.Create of a new tag: got err %v, want nil", err)
	}
	for _, spelling := range []string{"VIP", "vip"} {
		if err := e.createTag(t, ws, tag.Tag{Name: mustTag(t, spelling), CreatedAt: e.baseTime()}); !errors.Is(err, store.ErrAlreadyExists) {
			t.Errorf("Tags.Create(%q) when the workspace has %q: got err %v, want store.ErrAlreadyExists (same Key, same tag)", spelling, first.Name, err)
		}
	}
	if got, err := e.getTag(t, ws, first.Name); err != nil || got.Name.String() != first.Name.String() {
		t.Errorf("Tags.Create refused with ErrAlreadyExists: Tags.Get got %q, err %v, want %q (nothing is written)", got.Name, err, first.Name)
	}
	if got, ok := e.listTags(t, ws, 0, 10); ok && len(got) != 1 {
		t.Errorf("Tags.List after a refused duplicate Tags.Create: got %d tags, want 1", len(got))
	}
}

func testTagsDelete(t *testing.T, e *env) {
	ws := newWorkspace()
	vip := mustTag(t, "VIP")
	keep := mustTag(t, "Keep")
	for _, n := range []tag.Name{vip, keep} {
		if err := e.createTag(t, ws, tag.Tag{Name: n, CreatedAt: e.baseTime()}); err != nil {
			t.Fatalf("Tags.Create of a new tag: got err %v, want nil", err)
		}
	}
	c := e.person(ws, "Ada", "Lovelace")
	c.Tags = tag.Set{vip, keep}
	e.create(t, &c)

	if err := e.deleteTag(t, ws, mustTag(t, "vip")); err != nil {
		t.Fatalf("Tags.Delete(%q) of the stored tag %q: got err %v, want nil", "vip", vip, err)
	}
	if _, err := e.getTag(t, ws, vip); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Tags.Get of a deleted tag: got err %v, want store.ErrNotFound", err)
	}
	if _, err := e.getTag(t, ws, keep); err != nil {
		t.Errorf("Tags.Get of a tag that was not deleted: got err %v, want nil (Delete removes one tag)", err)
	}
	if got, ok := e.listTags(t, ws, 0, 10); ok && (len(got) != 1 || got[0].Name.Key() != keep.Key()) {
		t.Errorf("Tags.List after Tags.Delete: got %v, want only %q", got, keep)
	}
	if got := e.mustGet(t, ws, c.ID); !got.Tags.Has(vip) || got.Version != 1 {
		t.Errorf("Tags.Delete changed a contact that has the tag: tags %v at version %d, want %v at version 1 (Delete does not touch contacts: the caller removes the tag from them)", got.Tags, got.Version, c.Tags)
	}
	if err := e.deleteTag(t, ws, vip); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Tags.Delete of a tag already deleted: got err %v, want store.ErrNotFound", err)
	}
	if err := e.deleteTag(t, ws, mustTag(t, "never")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Tags.Delete of a tag never created: got err %v, want store.ErrNotFound", err)
	}
	if err := e.createTag(t, ws, tag.Tag{Name: mustTag(t, "vip"), CreatedAt: e.baseTime()}); err != nil {
		t.Errorf("Tags.Create of a deleted tag's name: got err %v, want nil", err)
	}
}

// checkTagOrder reports a tag listing not in ascending order of Key.
func checkTagOrder(t *testing.T, what string, got []tag.Tag) {
	t.Helper()
	for i := 1; i < len(got); i++ {
		if strings.Compare(got[i-1].Name.Key(), got[i].Name.Key()) >= 0 {
			t.Errorf("%s: tag %d (%q) does not sort after tag %d (%q); want ascending order of Key", what, i, got[i].Name, i-1, got[i-1].Name)
			return
		}
	}
}

func testTagsListOrder(t *testing.T, e *env) {
	ws := newWorkspace()
	if got, ok := e.listTags(t, ws, 0, 10); ok && len(got) != 0 {
		t.Errorf("Tags.List of a workspace with no tags: got %d tags, want an empty page", len(got))
	}
	names := []string{"cherry", "Banana", "apple", "Date", "elderberry", "Été"}
	tags := make([]tag.Tag, len(names))
	for i, s := range names {
		tags[i] = tag.Tag{Name: mustTag(t, s), CreatedAt: e.stamp(e.baseTime().Add(time.Duration(i)*7*time.Second + time.Duration(i)))}
	}
	ctx := t.Context()
	e.update(t, "setup: Tags.Create", func(tx store.Tx) error {
		for _, tg := range tags {
			if err := tx.Tags().Create(ctx, ws, tg); err != nil {
				return err
			}
		}
		return nil
	})
	got, ok := e.listTags(t, ws, 0, 10)
	if !ok {
		return
	}
	want := slices.Clone(names)
	slices.SortFunc(want, func(a, b string) int { return strings.Compare(mustTag(t, a).Key(), mustTag(t, b).Key()) })
	var gotNames []string
	for _, g := range got {
		gotNames = append(gotNames, g.Name.String())
	}
	if !slices.Equal(gotNames, want) {
		t.Errorf("Tags.List: got %q, want %q (every tag of the workspace, in ascending order of Key, each with the spelling it was created with)", gotNames, want)
	}
}

func testTagsListPages(t *testing.T, e *env) {
	ws := newWorkspace()
	const n = 11
	ctx := t.Context()
	var want []string
	var tags []tag.Tag
	for i := range n {
		name := mustTag(t, fmt.Sprintf("Tag %02d", (i*7)%n))
		want = append(want, name.String())
		tags = append(tags, tag.Tag{Name: name, CreatedAt: e.baseTime()})
	}
	e.update(t, "setup: Tags.Create", func(tx store.Tx) error {
		for _, tg := range tags {
			if err := tx.Tags().Create(ctx, ws, tg); err != nil {
				return err
			}
		}
		return nil
	})
	slices.SortFunc(want, func(a, b string) int { return strings.Compare(mustTag(t, a).Key(), mustTag(t, b).Key()) })
	for _, limit := range []int{1, 3, 0} {
		what := fmt.Sprintf("Tags.List with Limit %d", limit)
		got, ok := e.listTags(t, ws, limit, 2*n+10)
		if !ok {
			continue
		}
		checkTagOrder(t, what, got)
		var gotNames []string
		for _, g := range got {
			gotNames = append(gotNames, g.Name.String())
		}
		if !slices.Equal(gotNames, want) {
			t.Errorf("%s: paging through every page got %q, want %q (each tag exactly once, in ascending order of Key)", what, gotNames, want)
		}
	}
}

func testTagsListInvalidCursor(t *testing.T, e *env) {
	ws := newWorkspace()
	ctx := t.Context()
	for _, s := range []string{"a", "b", "c"} {
		if err := e.createTag(t, ws, tag.Tag{Name: mustTag(t, s), CreatedAt: e.baseTime()}); err != nil {
			t.Fatalf("setup: Tags.Create: got err %v, want nil", err)
		}
	}
	for _, cursor := range append([]string{"storetest-not-a-cursor", "\xff\x00\xfe"}, e.foreignCursors(t, "Tags.List")...) {
		err := e.s.View(ctx, func(tx store.Tx) error {
			_, err := tx.Tags().List(ctx, ws, store.PageRequest{Cursor: cursor, Limit: 1})
			return err
		})
		if !errors.Is(err, store.ErrInvalidCursor) {
			t.Errorf("Tags.List with cursor %q, which the store did not hand out for this listing: got err %v, want store.ErrInvalidCursor", cursor, err)
		}
	}
}
