package pulsehr

import (
	"context"
	"encoding/json"
	"net/url"
)

// Page is one page of a list: {"data", "next_cursor", "total_count"}.
type Page[T any] struct {
	// Data holds the page's items, ordered by id (so by creation time).
	Data []T `json:"data"`
	// NextCursor is the cursor of the next page; "" on the last page (null in the API).
	// Pass it as the Cursor of the same list with the same filters.
	NextCursor string `json:"next_cursor"`
	// TotalCount counts every item matching the filters, across all pages.
	TotalCount int `json:"total_count"`
}

// HasMore reports whether another page follows.
func (p *Page[T]) HasMore() bool { return p.NextCursor != "" }

type wirePage[T any] struct {
	Data       []T     `json:"data"`
	NextCursor *string `json:"next_cursor"`
	TotalCount int     `json:"total_count"`
}

// UnmarshalJSON decodes the API's list shape.
func (p *Page[T]) UnmarshalJSON(b []byte) error {
	var w wirePage[T]
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	p.Data, p.TotalCount, p.NextCursor = w.Data, w.TotalCount, ""
	if w.NextCursor != nil {
		p.NextCursor = *w.NextCursor
	}
	return nil
}

// MarshalJSON encodes the API's list shape (next_cursor null on the last page).
func (p Page[T]) MarshalJSON() ([]byte, error) {
	w := wirePage[T]{Data: p.Data, TotalCount: p.TotalCount}
	if w.Data == nil {
		w.Data = []T{}
	}
	if p.NextCursor != "" {
		w.NextCursor = &p.NextCursor
	}
	return json.Marshal(w)
}

// Iter walks every item of a list across pages, fetching each page when needed:
//
//	it := client.Employees.ListAutoPaging(ctx, params)
//	for it.Next() {
//		e := it.Current()
//	}
//	if err := it.Err(); err != nil { … }
//
// The params' Limit is the page size; a Cursor in them starts from that page.
// An Iter is not safe for concurrent use.
type Iter[T any] struct {
	fetch  func(cursor string) (*Page[T], error)
	cursor string
	page   *Page[T]
	index  int
	cur    T
	err    error
	done   bool
}

func newIter[T any](ctx context.Context, c *Client, opID string, pathArgs []string, query url.Values, opts []Option) *Iter[T] {
	it := &Iter[T]{cursor: query.Get("cursor")}
	it.fetch = func(cursor string) (*Page[T], error) {
		q := url.Values{}
		for k, v := range query {
			q[k] = v
		}
		if cursor != "" {
			q.Set("cursor", cursor)
		} else {
			q.Del("cursor")
		}
		page := new(Page[T])
		if err := c.call(ctx, opID, pathArgs, q, nil, page, opts); err != nil {
			return nil, err
		}
		return page, nil
	}
	return it
}

// Next advances to the next item, fetching the next page when the current one is used up.
// It returns false at the end of the list or on an error (see Err).
func (it *Iter[T]) Next() bool {
	for {
		if it.err != nil || it.done {
			return false
		}
		if it.page != nil && it.index < len(it.page.Data) {
			it.cur = it.page.Data[it.index]
			it.index++
			return true
		}
		if it.page != nil {
			if !it.page.HasMore() || it.page.NextCursor == it.cursor {
				it.done = true
				return false
			}
			it.cursor = it.page.NextCursor
		}
		page, err := it.fetch(it.cursor)
		if err != nil {
			it.err = err
			return false
		}
		it.page, it.index = page, 0
	}
}

// Current returns the item Next moved to.
func (it *Iter[T]) Current() T { return it.cur }

// Err returns the error that stopped the iteration, nil at the end of the list.
func (it *Iter[T]) Err() error { return it.err }

// Page returns the page holding the current item (nil before the first Next), for its
// TotalCount and NextCursor.
func (it *Iter[T]) Page() *Page[T] { return it.page }
