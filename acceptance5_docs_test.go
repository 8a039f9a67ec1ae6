package contactkit_test

// Acceptance tests of round 5: what the documentation (README.md, the
// package docs, store/pgstore/README.md) promises, checked against the code.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
)

// The README's quick start, verbatim.
func TestAcc5ReadmeQuickStart(t *testing.T) {
	ctx := context.Background()
	svc := contactkit.New(memstore.New(), &contactkit.Options{DefaultRegion: "FR"})
	actor := contactkit.Actor{Workspace: "acme", User: "u-42", Role: contactkit.RoleOwner}

	ada, err := svc.CreateContact(ctx, actor, contactkit.ContactInput{
		Patch: contact.Patch{
			FirstName: new("Ada"),
			Email:     new("Ada@Example.com"),
			Phone:     new("06 12 34 56 78"), // national form, default region FR
		},
		Tags: []string{"VIP, newsletter"},
	})
	require.NoError(t, err)
	require.Equal(t, "+33612345678", ada.Phone.String())
	require.Equal(t, "FR", ada.Country.String())
	require.Equal(t, "ada@example.com", ada.Email.String())

	_, err = svc.UpdateContact(ctx, actor, ada.ID, contact.Patch{Email: new("nope"), Phone: new("01 23")})
	ve, ok := errors.AsType[*contactkit.ValidationError](err)
	require.True(t, ok, "%v", err)
	for _, problem := range ve.Errors {
		t.Log(problem)
	}
	require.Len(t, ve.Errors, 2, "both problems")
	got, err := svc.GetContact(ctx, actor, ada.ID)
	require.NoError(t, err)
	require.Equal(t, ada.Email, got.Email)
	require.Equal(t, ada.Phone, got.Phone)
	require.Equal(t, 2, got.Tags.Len())
}

func acc5Svc(t *testing.T) (*contactkit.Service, contactkit.Actor) {
	t.Helper()
	svc, _ := acc3Service(t, nil)
	return svc, acc3Owner
}

func acc5Create(t *testing.T, svc *contactkit.Service, a contactkit.Actor, p contact.Patch) contact.Contact {
	t.Helper()
	c, err := svc.CreateContact(context.Background(), a, contactkit.ContactInput{Patch: p})
	require.NoError(t, err)
	return c
}

// README "Limits": names 255 characters, reasons 1,000, notes 64 KiB, at
// most 100 tags a contact and 100 a call.
func TestAcc5ReadmeLimits(t *testing.T) {
	ctx := context.Background()
	svc, owner := acc5Svc(t)
	_, err := svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new(strings.Repeat("é", 255)), Email: new("a@example.com")}})
	require.NoError(t, err)
	_, err = svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new(strings.Repeat("é", 256)), Email: new("b@example.com")}})
	require.ErrorIs(t, err, contact.ErrTooLong)

	c := acc5Create(t, svc, owner, contact.Patch{Email: new("c@example.com")})
	_, err = svc.BlockContact(ctx, owner, c.ID, strings.Repeat("r", 1001))
	require.ErrorIs(t, err, contact.ErrTooLong)
	_, err = svc.BlockContact(ctx, owner, c.ID, strings.Repeat("r", 1000))
	require.NoError(t, err)

	d := acc5Create(t, svc, owner, contact.Patch{Email: new("d@example.com")})
	_, err = svc.AddNote(ctx, owner, d.ID, contactkit.NoteInput{Body: strings.Repeat("n", 64<<10)})
	require.NoError(t, err)
	_, err = svc.AddNote(ctx, owner, d.ID, contactkit.NoteInput{Body: strings.Repeat("n", 64<<10+1)})
	require.ErrorIs(t, err, contact.ErrTooLong)

	names := make([]string, 101)
	for i := range names {
		names[i] = fmt.Sprintf("t%d", i)
	}
	_, err = svc.TagContact(ctx, owner, d.ID, names...)
	require.Error(t, err, "101 tags in one call")
	_, err = svc.TagContact(ctx, owner, d.ID, names[:100]...)
	require.NoError(t, err)
	_, err = svc.TagContact(ctx, owner, d.ID, "one-more")
	require.Error(t, err, "a 101st tag on a contact")
}

// contact package doc: "Error messages quote at most the first 40 bytes of
// a bad input, then "…" and its length."
func TestAcc5ErrorQuotesPrefix(t *testing.T) {
	long := strings.Repeat("x", 100) + "@"
	_, err := contact.ParseEmail(long)
	require.Error(t, err)
	msg := err.Error()
	require.NotContains(t, msg, strings.Repeat("x", 41), msg)
	require.Contains(t, msg, "…", msg)
	require.Contains(t, msg, "101", msg)
}

// README: invisible and bidirectional control characters removed from
// names and tags.
func TestAcc5InvisibleCharactersRemoved(t *testing.T) {
	ctx := context.Background()
	svc, owner := acc5Svc(t)
	c, err := svc.CreateContact(ctx, owner, contactkit.ContactInput{
		Patch: contact.Patch{FirstName: new("A\u200bd\u202Ea\ufeff"), Email: new("ada@example.com")},
		Tags:  []string{"V\u200bI\u202eP"},
	})
	require.NoError(t, err)
	require.Equal(t, "Ada", c.FirstName)
	require.Equal(t, "[VIP]", fmt.Sprint(c.Tags))
}

// README "Permissions": owners and managers may manage custom fields,
// lists and automations, delete tags, remove channels, and delete, restore
// and erase contacts; agents may not. Merge history is for owners and
// managers.
func TestAcc5ReadmePermissions(t *testing.T) {
	ctx := context.Background()
	svc, owner := acc5Svc(t)
	agent := contactkit.Actor{Workspace: "acme", User: "u-agent", Role: contactkit.RoleAgent}
	c := acc5Create(t, svc, owner, contact.Patch{Email: new("ada@example.com"), Phone: new("0612345678")})
	_, err := svc.TagContact(ctx, owner, c.ID, "vip")
	require.NoError(t, err)
	_, err = svc.ConnectChannel(ctx, owner, c.ID, contact.ChannelTelegram)
	require.NoError(t, err)
	trashed := acc5Create(t, svc, owner, contact.Patch{Email: new("t@example.com")})
	_, err = svc.DeleteContact(ctx, owner, trashed.ID)
	require.NoError(t, err)

	denied := func(name string, err error) {
		t.Helper()
		require.ErrorIs(t, err, contactkit.ErrPermission, name)
		_, ok := errors.AsType[*contactkit.PermissionError](err)
		require.True(t, ok, "%s: %v", name, err)
	}
	_, err = svc.CreateField(ctx, agent, field.Definition{Key: field.MustParseKey("plan"), Label: "Plan", Type: field.TypeText})
	denied("CreateField", err)
	_, err = svc.CreateList(ctx, agent, list.List{Name: "News"})
	denied("CreateList", err)
	_, err = svc.CreateAutomation(ctx, agent, automation.Automation{Name: "A", Steps: []automation.Step{{Name: "s"}}})
	denied("CreateAutomation", err)
	_, err = svc.DeleteTag(ctx, agent, "vip")
	denied("DeleteTag", err)
	_, err = svc.RemoveChannel(ctx, agent, c.ID, contact.ChannelTelegram)
	denied("RemoveChannel", err)
	_, err = svc.DeleteContact(ctx, agent, c.ID)
	denied("DeleteContact", err)
	_, err = svc.RestoreContact(ctx, agent, trashed.ID)
	denied("RestoreContact", err)
	err = svc.EraseContact(ctx, agent, c.ID)
	denied("EraseContact", err)
	for _, err := range svc.MergeHistory(ctx, agent, c.ID) {
		denied("MergeHistory", err)
	}
}

// README "Actor and workspace": an ID from another workspace behaves
// exactly as one that does not exist.
func TestAcc5OtherWorkspaceNotFound(t *testing.T) {
	ctx := context.Background()
	svc, owner := acc5Svc(t)
	c := acc5Create(t, svc, owner, contact.Patch{Email: new("ada@example.com")})
	other := owner
	other.Workspace = "globex"
	_, err := svc.GetContact(ctx, other, c.ID)
	require.ErrorIs(t, err, contactkit.ErrNotFound)
	_, err = svc.UpdateContact(ctx, other, c.ID, contact.Patch{FirstName: new("X")})
	require.ErrorIs(t, err, contactkit.ErrNotFound)
	_, err = svc.Reachable(ctx, other, c.ID, contact.ChannelEmail, list.ID{})
	require.ErrorIs(t, err, contactkit.ErrNotFound)
}

// README "Search": "helene" finds Hélène, "istanbul" İstanbul, "lodz"
// Łódź, "obrien" O'Brien; a phone typed among the words must be one of
// the contact's phones.
func TestAcc5ReadmeSearch(t *testing.T) {
	ctx := context.Background()
	svc, owner := acc5Svc(t)
	acc5Create(t, svc, owner, contact.Patch{FirstName: new("Hélène"), Email: new("h@example.com")})
	acc5Create(t, svc, owner, contact.Patch{FirstName: new("Mehmet"), City: new("İstanbul"), Email: new("m@example.com")})
	acc5Create(t, svc, owner, contact.Patch{FirstName: new("Jan"), City: new("Łódź"), Email: new("j@example.com")})
	acc5Create(t, svc, owner, contact.Patch{FirstName: new("Pat"), LastName: new("O'Brien"), Email: new("p@example.com")})
	acc5Create(t, svc, owner, contact.Patch{FirstName: new("Ada"), Phone: new("06 12 34 56 78"), Email: new("ada@example.com")})
	acc5Create(t, svc, owner, contact.Patch{FirstName: new("Ada"), Phone: new("06 99 99 99 99"), Email: new("ada2@example.com")})
	search := func(q string) []string {
		var out []string
		for c, err := range svc.Contacts(ctx, owner, contactkit.ContactQuery{Text: q}) {
			require.NoError(t, err)
			out = append(out, c.Email.String())
		}
		return out
	}
	require.Equal(t, []string{"h@example.com"}, search("helene"))
	require.Equal(t, []string{"m@example.com"}, search("istanbul"))
	require.Equal(t, []string{"j@example.com"}, search("lodz"))
	require.Equal(t, []string{"p@example.com"}, search("obrien"))
	require.Equal(t, []string{"ada@example.com"}, search("ada 06 12 34 56 78"))
	require.Equal(t, []string{"ada@example.com"}, search("+33 6 12 34 56 78"))
}

// README "Consent": an address with no entry reads as the default
// (subscribed); only Resubscribe with a reason, a user, a ui or api source
// lifts an unsubscribe.
func TestAcc5ReadmeConsent(t *testing.T) {
	ctx := context.Background()
	svc, owner := acc5Svc(t)
	e, err := svc.AddressConsent(ctx, owner, list.ChannelEmail, "nobody@example.com")
	require.NoError(t, err)
	require.Equal(t, list.ConsentSubscribed, e.Status)
	require.True(t, e.Default)
	c := acc5Create(t, svc, owner, contact.Patch{Email: new("ada@example.com")})
	_, err = svc.Unsubscribe(ctx, owner, c.ID, list.ChannelEmail, "asked")
	require.NoError(t, err)
	imp := owner
	imp.Source = contact.ChangeImport
	_, err = svc.Resubscribe(ctx, imp, c.ID, list.ChannelEmail, "because")
	require.Error(t, err, "an import source may not resubscribe")
	_, err = svc.Resubscribe(ctx, owner, c.ID, list.ChannelEmail, "")
	require.ErrorIs(t, err, list.ErrReasonRequired)
	_, err = svc.Resubscribe(ctx, owner, c.ID, list.ChannelEmail, "asked to rejoin")
	require.NoError(t, err)
}

// NewRelay on a store that implements store.Relay but keeps no outbox (a
// memstore made by New) succeeds, and its Relay's calls say
// store.ErrNoOutbox, as NewRelay's doc says (it said only that NewRelay
// returned the error, which it never does for the shipped stores).
func TestAcc5RelayWithoutOutbox(t *testing.T) {
	// NewRelay's doc: a store that implements store.Relay but keeps no
	// outbox gives a Relay whose calls return store.ErrNoOutbox.
	relay, err := contactkit.NewRelay(memstore.New())
	require.NoError(t, err)
	_, err = relay.Register(context.Background(), "c", "")
	require.ErrorIs(t, err, store.ErrNoOutbox, "the first call says it")
}

// Rule C2 (HEAD commit: "Capture's matching and consent read phones the
// same way"; contact.ParsePhoneIn: "a contact's country, then the
// workspace's region"): UpdateContact reads a national phone in the
// contact's country, but CaptureContact, which finds that same contact by
// its email and updates it, parses the phone in the workspace's region
// before matching and refuses the whole capture.
func TestAcc5CapturePhoneReadInFoundContactsCountry(t *testing.T) {
	ctx := context.Background()
	svc, owner := acc5Svc(t) // DefaultRegion FR
	us := acc5Create(t, svc, owner, contact.Patch{Country: new("US"), Email: new("sam@example.com")})
	_, err := svc.UpdateContact(ctx, owner, us.ID, contact.Patch{Phone: new("(212) 555-0123")})
	require.NoError(t, err, "UpdateContact reads the phone in the contact's country")

	res, err := svc.CaptureContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{
		Email: new("sam@example.com"), Phone: new("(917) 555-0100"),
	}})
	require.NoError(t, err, "a capture that finds the US contact by email should read its phone as UpdateContact does")
	require.Equal(t, us.ID, res.Contact.ID)
	require.Contains(t, fmt.Sprint(res.Contact.Phones()), "+19175550100")
}

// README: "http(s) URLs only". SyncAvatar: "The url must be http or https
// with a host."
func TestAcc5HTTPURLsOnly(t *testing.T) {
	ctx := context.Background()
	svc, owner := acc5Svc(t)
	c := acc5Create(t, svc, owner, contact.Patch{Email: new("ada@example.com")})
	_, err := svc.SyncAvatar(ctx, owner, c.ID, "ftp://example.com/a.png")
	require.Error(t, err)
	_, err = svc.SyncAvatar(ctx, owner, c.ID, "javascript:alert(1)")
	require.Error(t, err)
	_, err = svc.SyncAvatar(ctx, owner, c.ID, "https://example.com/a.png")
	require.NoError(t, err)
	_, err = svc.CreateField(ctx, owner, field.Definition{Key: field.MustParseKey("site"), Label: "Site", Type: field.TypeURL})
	require.NoError(t, err)
	_, err = svc.UpdateContact(ctx, owner, c.ID, contact.Patch{Fields: map[string]string{"site": "ftp://example.com"}})
	require.Error(t, err, "a URL field takes http(s) only")
}

// README "Limits": international addresses are accepted by default and
// stored with the domain in ASCII; EmailASCII refuses them.
func TestAcc5EmailPolicy(t *testing.T) {
	ctx := context.Background()
	svc, owner := acc5Svc(t)
	c := acc5Create(t, svc, owner, contact.Patch{Email: new("ann@bücher.de")})
	require.Equal(t, "ann@xn--bcher-kva.de", c.Email.String())
	ascii := contactkit.New(memstore.New(), &contactkit.Options{EmailPolicy: contact.EmailASCII})
	_, err := ascii.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{Email: new("ann@bücher.de")}})
	require.Error(t, err)
}
