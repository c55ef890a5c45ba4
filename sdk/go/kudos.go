package pulsehr

import (
	"context"
	"time"
)

// KudosService is /v1/kudos: peer recognition, with coins.
type KudosService struct{ c *Client }

// KudosListParams filters and pages Kudos.List.
type KudosListParams struct {
	Limit          int       `query:"limit"`
	Cursor         string    `query:"cursor"`
	FromEmployeeID string    `query:"from_employee_id"`
	ToEmployeeID   string    `query:"to_employee_id"`
	Tag            string    `query:"tag"`          // exact match
	CreatedFrom    time.Time `query:"created_from"` // inclusive
	CreatedTo      time.Time `query:"created_to"`   // inclusive
}

// KudosCreateParams is the body of Kudos.Create. FromEmployeeID may be left empty with a
// personal key (the key's employee).
type KudosCreateParams struct {
	FromEmployeeID string `json:"from_employee_id,omitempty"`
	ToEmployeeID   string `json:"to_employee_id"`
	Coins          int    `json:"coins"` // from 1, within the giver's monthly allowance
	Tag            string `json:"tag"`   // a slug, [a-z0-9-]{1,32}
	Note           string `json:"note,omitempty"`
}

// MarshalJSON sends the fields that are set (see the package doc).
func (p KudosCreateParams) MarshalJSON() ([]byte, error) { return marshalObject(p) }

// List returns one page of kudos.
func (s *KudosService) List(ctx context.Context, params *KudosListParams, opts ...Option) (*Page[Kudos], error) {
	page := new(Page[Kudos])
	if err := s.c.call(ctx, "kudos.list", nil, queryOf(params), nil, page, opts); err != nil {
		return nil, err
	}
	return page, nil
}

// ListAutoPaging iterates over every kudos matching params, page after page.
func (s *KudosService) ListAutoPaging(ctx context.Context, params *KudosListParams, opts ...Option) *Iter[Kudos] {
	return newIter[Kudos](ctx, s.c, "kudos.list", nil, queryOf(params), opts)
}

// Create sends kudos.
func (s *KudosService) Create(ctx context.Context, params *KudosCreateParams, opts ...Option) (*Kudos, error) {
	out := new(Kudos)
	if params == nil {
		params = &KudosCreateParams{}
	}
	if err := s.c.call(ctx, "kudos.create", nil, nil, params, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// Retrieve returns one kudos.
func (s *KudosService) Retrieve(ctx context.Context, kudosID string, opts ...Option) (*Kudos, error) {
	out := new(Kudos)
	if err := s.c.call(ctx, "kudos.retrieve", []string{kudosID}, nil, nil, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}
