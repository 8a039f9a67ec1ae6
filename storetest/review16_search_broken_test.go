package storetest_test

import (
	"context"
	"strings"
	"sync"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
)

// eagerSearchStore returns a memstore whose word queries are answered from
// a search index of its own, written by each Create, Update and Delete as
// it is called and never rolled back (as an adapter that writes a search
// engine beside its database does).
func eagerSearchStore() store.Store {
	idx := &eagerIndex{text: map[contact.ID]string{}}
	return wrapped{memstore.New(), func(tx store.Tx) store.Tx {
		return wrappedTx{tx, eagerSearchContacts{tx.Contacts(), idx}, tx.Records()}
	}}
}

// eagerIndex holds the search text of each contact, across transactions.
type eagerIndex struct {
	mu   sync.Mutex
	text map[contact.ID]string
}

func (x *eagerIndex) set(id contact.ID, text string, ok bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if ok {
		x.text[id] = text
	} else {
		delete(x.text, id)
	}
}

func (x *eagerIndex) has(id contact.ID, words []string) bool {
	x.mu.Lock()
	defer x.mu.Unlock()
	text, ok := x.text[id]
	if !ok {
		return false
	}
	for _, w := range words {
		if !strings.Contains(text, " "+w) {
			return false
		}
	}
	return true
}

type eagerSearchContacts struct {
	store.Contacts
	idx *eagerIndex
}

func (cs eagerSearchContacts) Create(ctx context.Context, c *contact.Contact) error {
	err := cs.Contacts.Create(ctx, c)
	if err == nil {
		cs.idx.set(c.ID, contact.SearchText(c), true)
	}
	return err
}

func (cs eagerSearchContacts) Update(ctx context.Context, c *contact.Contact) error {
	err := cs.Contacts.Update(ctx, c)
	if err == nil {
		cs.idx.set(c.ID, contact.SearchText(c), true)
	}
	return err
}

func (cs eagerSearchContacts) Delete(ctx context.Context, ws contact.WorkspaceID, id contact.ID, version int64) error {
	err := cs.Contacts.Delete(ctx, ws, id, version)
	if err == nil {
		cs.idx.set(id, "", false)
	}
	return err
}

func (cs eagerSearchContacts) List(ctx context.Context, ws contact.WorkspaceID, q store.ContactQuery, p store.PageRequest) (store.Page[contact.Contact], error) {
	return listByWords(ctx, cs.Contacts, ws, q, p, func(c *contact.Contact, words []string) bool { return cs.idx.has(c.ID, words) })
}

// listByWords is inner's List of q without its words, keeping the contacts
// of each page that has says have them: a store's own reading of words.
func listByWords(ctx context.Context, inner store.Contacts, ws contact.WorkspaceID, q store.ContactQuery, p store.PageRequest,
	has func(c *contact.Contact, words []string) bool) (store.Page[contact.Contact], error) {
	words := q.Words
	q.Words = nil
	page, err := inner.List(ctx, ws, q, p)
	if err != nil || len(words) == 0 {
		return page, err
	}
	kept := page.Items[:0]
	for i := range page.Items {
		if has(&page.Items[i], words) {
			kept = append(kept, page.Items[i])
		}
	}
	page.Items = kept
	return page, nil
}

// asciiWordStartContacts answers word queries as a regular expression's
// word start does in a C locale (PostgreSQL's \m, a byte-wise \b): a word
// starts after any byte that is not an ASCII letter or digit, so inside a
// word of letters past ASCII too.
type asciiWordStartContacts struct{ store.Contacts }

func (cs asciiWordStartContacts) List(ctx context.Context, ws contact.WorkspaceID, q store.ContactQuery, p store.PageRequest) (store.Page[contact.Contact], error) {
	return listByWords(ctx, cs.Contacts, ws, q, p, func(c *contact.Contact, words []string) bool {
		return asciiStartsWords(contact.SearchText(c), words)
	})
}

func asciiStartsWords(text string, words []string) bool {
	for _, w := range words {
		found := false
		for i := 0; !found && i+len(w) <= len(text); i++ {
			if strings.HasPrefix(text[i:], w) && (i == 0 || !asciiAlnum(text[i-1])) {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func asciiAlnum(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9'
}
