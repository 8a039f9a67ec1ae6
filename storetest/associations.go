package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/contactkit/contactkit/association"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

var associationSample = kindSample[store.AssociationKey, association.Association]{
	table: store.Associations,
	make: func(e *env, _ *testing.T, g *world, i int) association.Association {
		// Three types and a few targets shared by several contacts, so that
		// Parent and Status select several records.
		types := [...]string{"company", "deal", "support_ticket"}
		return association.Association{
			Contact:   g.contacts[i%len(g.contacts)],
			Target:    association.Target{Type: types[i%3], ID: fmt.Sprintf("rec-%d/é", i/len(g.contacts))},
			Label:     fmt.Sprintf("Label %d", i%4),
			CreatedAt: e.at(i),
			CreatedBy: "user-1",
			UpdatedAt: e.at(i + 1),
		}
	},
	edit: func(a *association.Association, n int) { a.Label = fmt.Sprintf("Edited %d", n) },
}

var followSample = kindSample[store.FollowKey, association.Follow]{
	table: store.Follows,
	make: func(e *env, _ *testing.T, g *world, i int) association.Follow {
		return association.Follow{
			Contact: g.contacts[i%len(g.contacts)],
			User:    contact.UserID(fmt.Sprintf("user-%d", i/len(g.contacts))),
			At:      e.at(i),
		}
	},
	edit: func(f *association.Follow, n int) { f.At = f.At.Add(time.Duration(n+1) * time.Second) },
}
