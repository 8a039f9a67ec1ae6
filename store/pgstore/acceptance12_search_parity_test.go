package pgstore_test

// Acceptance (twelfth round, issue 9 and DESIGN.md S1): memstore and
// pgstore answer the same searches, through the Service, for names in
// scripts the earlier rounds' fixtures did not hold (Hebrew niqqud, Arabic
// harakat, Devanagari conjuncts, Thai, Vietnamese stacked marks, Dutch ĳ,
// capital ẞ), tags with spaces and emoji, secondary phones, phones typed
// among words with punctuation, and after a merge and an erasure.

import (
	"context"
	"slices"
	"testing"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
)

func TestAcc12SearchParityScriptsAndLifecycle(t *testing.T) {
	ctx := context.Background()
	sides := acc3Sides(t, 12)
	p := acc8P
	inputs := []contactkit.ContactInput{
		{Patch: contact.Patch{FirstName: p("שָׁלוֹם"), LastName: p("כֹּהֵן"), Phone: p("+972 52 345 6789")}, Tags: []string{"Key Account", "🔥 hot"}},
		{Patch: contact.Patch{FirstName: p("مُحَمَّد"), LastName: p("أَحْمَد"), Company: p("شركة ـالنور")}},
		{Patch: contact.Patch{FirstName: p("क्षितिज"), LastName: p("शर्मा"), City: p("नई दिल्ली")}},
		{Patch: contact.Patch{FirstName: p("สมชาย"), LastName: p("ใจดี"), Email: p("somchai@ตัวอย่าง.ไทย")}},
		{Patch: contact.Patch{FirstName: p("Đặng"), LastName: p("Thị Hương"), Phone: p("06 12 34 56 78"), OtherPhones: &[]contact.LabeledInput{{Value: "01 23 45 67 89", Label: "work"}}}},
		{Patch: contact.Patch{FirstName: p("Ĳsbrand"), LastName: p("STRAẞE"), Company: p("Σωκράτης & Υιοί"), Email: p("ijs.strasse@example.nl")}, Tags: []string{"vip"}},
		{Patch: contact.Patch{FirstName: p("はなこ"), LastName: p("すずき"), Alias: p("ハナコ")}},
		{Patch: contact.Patch{FirstName: p("Mary"), LastName: p("McDonald-O’Neil"), Email: p("o'hara.mary@example.ie")}},
	}
	queries := []string{"שלום", "כהן", "שָׁלוֹם כֹּהֵן", "key account", "key acc", "hot", "🔥 hot", "محمد", "احمد", "أحمد", "النور", "الن",
		"क्षितिज", "कषितिज", "शर्मा", "दिल्ली", "नई", "สมชาย", "ใจ", "ตัวอย่าง", "somchai", "dang thi huong", "hương", "ijsbrand", "IJSBRAND",
		"strasse", "STRAẞE", "σωκρατης", "σωκράτησ", "υιοι", "ijs.strasse", "example.nl", "はなこ", "ハナコ", "すず",
		"06 12 34 56 78", "01 23 45 67 89", "huong 01.23.45.67.89", "01 23 45 67 89, dang", "dang «01 23 45 67 89»", "052-345-6789", "+972 52 345 6789", "shalom",
		"ijs.strasse@example.nl", "ijs.strasse@example.n", "oneil", "mary oneil", "o'neil", "ohara", "mcdonaldoneil", "a", "s", "ا", "ש", "्"}
	// A national number of another region, a transliteration, a lone
	// virama (a mark, removed by folding: no word).
	findNothing := []string{"052-345-6789", "shalom", "्"}
	var ids []contact.ID
	for _, side := range sides {
		ids = ids[:0]
		for _, in := range inputs {
			c, err := side.svc.CreateContact(ctx, acc3Actor, in)
			if err != nil {
				t.Fatalf("%s: %v", side.name, err)
			}
			ids = append(ids, c.ID)
		}
	}
	check := func(stage string) {
		t.Helper()
		for _, q := range queries {
			var answers [][]contact.ID
			for _, side := range sides {
				for _, trashed := range []bool{false, true} {
					got, errc := acc3List(side.svc, contactkit.ContactQuery{Text: q, Trashed: trashed}, 2)
					if errc != "ok" {
						t.Fatalf("%s %s %q: %s", stage, side.name, q, errc)
					}
					answers = append(answers, got)
				}
			}
			if stage == "created" && len(answers[0]) == 0 && !slices.Contains(findNothing, q) {
				t.Errorf("%s %q finds nothing on memstore, want its contact", stage, q)
			}
			if !slices.Equal(answers[0], answers[2]) || !slices.Equal(answers[1], answers[3]) {
				t.Errorf("%s %q: memstore %v (trash %v), pgstore %v (trash %v)", stage, q, answers[0], answers[1], answers[2], answers[3])
			}
		}
	}
	check("created")
	for _, side := range sides {
		pv, err := side.svc.PreviewMerge(ctx, acc3Actor, contactkit.MergeRequest{Primary: ids[5], Others: []contact.ID{ids[4]}})
		if err != nil {
			t.Fatalf("%s: preview: %v", side.name, err)
		}
		if _, err := side.svc.MergeContacts(ctx, acc3Actor, pv); err != nil {
			t.Fatalf("%s: merge: %v", side.name, err)
		}
		if err := side.svc.EraseContact(ctx, acc3Actor, ids[0]); err != nil {
			t.Fatalf("%s: erase: %v", side.name, err)
		}
		if _, err := side.svc.DeleteContact(ctx, acc3Actor, ids[3]); err != nil {
			t.Fatalf("%s: trash: %v", side.name, err)
		}
	}
	check("merged, erased, trashed")
}
