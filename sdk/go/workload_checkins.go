package pulsehr

import "context"

// WorkloadCheckinsService is /v1/workload-checkins: weekly self-reported load.
type WorkloadCheckinsService struct{ c *Client }

// WorkloadCheckinListParams filters and pages WorkloadCheckins.List.
type WorkloadCheckinListParams struct {
	Limit      int           `query:"limit"`
	Cursor     string        `query:"cursor"`
	EmployeeID string        `query:"employee_id"`
	Level      WorkloadLevel `query:"level"`
	WeekFrom   Date          `query:"week_from"` // weeks starting on or after this day
	WeekTo     Date          `query:"week_to"`   // weeks starting on or before this day
}

// WorkloadCheckinCreateParams is the body of WorkloadCheckins.Create. EmployeeID may be
// left empty with a personal key; WeekStart (a Monday) defaults to this week's.
type WorkloadCheckinCreateParams struct {
	EmployeeID string        `json:"employee_id,omitempty"`
	Level      WorkloadLevel `json:"level"`
	WeekStart  Date          `json:"week_start,omitempty"`
}

// MarshalJSON sends the fields that are set (see the package doc).
func (p WorkloadCheckinCreateParams) MarshalJSON() ([]byte, error) { return marshalObject(p) }

// List returns one page of workload check-ins.
func (s *WorkloadCheckinsService) List(ctx context.Context, params *WorkloadCheckinListParams, opts ...Option) (*Page[WorkloadCheckin], error) {
	page := new(Page[WorkloadCheckin])
	if err := s.c.call(ctx, "workload_checkins.list", nil, queryOf(params), nil, page, opts); err != nil {
		return nil, err
	}
	return page, nil
}

// ListAutoPaging iterates over every check-in matching params, page after page.
func (s *WorkloadCheckinsService) ListAutoPaging(ctx context.Context, params *WorkloadCheckinListParams, opts ...Option) *Iter[WorkloadCheckin] {
	return newIter[WorkloadCheckin](ctx, s.c, "workload_checkins.list", nil, queryOf(params), opts)
}

// Create records a workload check-in.
func (s *WorkloadCheckinsService) Create(ctx context.Context, params *WorkloadCheckinCreateParams, opts ...Option) (*WorkloadCheckin, error) {
	out := new(WorkloadCheckin)
	if params == nil {
		params = &WorkloadCheckinCreateParams{}
	}
	if err := s.c.call(ctx, "workload_checkins.create", nil, nil, params, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// Retrieve returns one workload check-in.
func (s *WorkloadCheckinsService) Retrieve(ctx context.Context, checkinID string, opts ...Option) (*WorkloadCheckin, error) {
	out := new(WorkloadCheckin)
	if err := s.c.call(ctx, "workload_checkins.retrieve", []string{checkinID}, nil, nil, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}
