package store_test

import (
	"context"
	"fmt"
	"strconv"

	"github.com/contactkit/contactkit/store"
)

// All turns any paged listing into a range-over-func loop.
func ExampleAll() {
	items := []string{"a", "b", "c", "d", "e"}
	// fetch serves items in pages; its cursor is the index of the next item.
	fetch := func(_ context.Context, p store.PageRequest) (store.Page[string], error) {
		start := 0
		if p.Cursor != "" {
			var err error
			if start, err = strconv.Atoi(p.Cursor); err != nil {
				return store.Page[string]{}, store.ErrInvalidCursor
			}
		}
		end := min(start+p.Size(), len(items))
		page := store.Page[string]{Items: items[start:end]}
		if end < len(items) {
			page.Next = strconv.Itoa(end)
		}
		fmt.Printf("fetch from %d\n", start)
		return page, nil
	}
	for item, err := range store.All(context.Background(), 2, fetch) {
		if err != nil {
			fmt.Println("error:", err)
			break
		}
		fmt.Println(item)
		if item == "c" {
			break // stops fetching
		}
	}
	// Output:
	// fetch from 0
	// a
	// b
	// fetch from 2
	// c
}
