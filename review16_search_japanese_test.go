package contactkit_test

import (
	"slices"
	"testing"
)

// TestReviewSearchJapaneseKept: a JP workspace: names typed whole, in
// either order, a phone in full-width digits and hyphens among them, an
// IDN address in both forms. These held when written.
func TestReviewSearchJapaneseKept(t *testing.T) {
	search := acc9Seed(t, "JP", []acc9Person{
		{key: "jp", first: "太郎", last: "山田", phone: "090-1234-5678", email: "taro@例え.jp"},
		{key: "jp2", first: "花子", last: "山田", company: "山田商事"},
	})
	for q, want := range map[string][]string{
		"０９０－１２３４－５６７８": {"jp"}, "山田 ０９０－１２３４－５６７８": {"jp"}, "山田　09012345678": {"jp"}, "+81 90 1234 5678": {"jp"},
		"山田太郎": {"jp"}, "山田": {"jp", "jp2"}, "山田花子": {"jp2"}, "花子": {"jp2"}, "商事": {"jp2"}, "taro@例え.jp": {"jp"}, "taro@xn--r8jz45g.jp": {"jp"}, "例え": {"jp"},
		"山田 太郎 ０９０１２３４５６７８": {"jp"},
	} {
		if got := search(q); !slices.Equal(got, want) {
			t.Errorf("%q finds %v, want %v", q, got, want)
		}
	}
}
