package pulsehr

import "context"

// LeaveService is /v1/leave: the personal leave journal.
type LeaveService struct{ c *Client }

// LeaveListParams filters and pages Leave.List.
type LeaveListParams struct {
	Limit      int         `query:"limit"`
	Cursor     string      `query:"cursor"`
	EmployeeID string      `query:"employee_id"`
	Kind       LeaveKind   `query:"kind"`
	Status     LeaveStatus `query:"status"`
	From       Date        `query:"from"` // leave that ends on or after this day
	To         Date        `query:"to"`   // leave that starts on or before this day
}

// LeaveCreateParams is the body of Leave.Create. EmployeeID may be left empty with a
// personal key. Days defaults to the working days of the range; an explicit Days is a
// multiple of 0.5 above 0 and at most that count.
type LeaveCreateParams struct {
	EmployeeID string    `json:"employee_id,omitempty"`
	Kind       LeaveKind `json:"kind"`
	StartDate  Date      `json:"start_date"`
	EndDate    Date      `json:"end_date"`
	Days       *float64  `json:"days"`
	Note       string    `json:"note,omitempty"`
}

// MarshalJSON sends the fields that are set (see the package doc).
func (p LeaveCreateParams) MarshalJSON() ([]byte, error) { return marshalObject(p) }

// LeaveBalanceParams are the query parameters of Leave.Balance.
type LeaveBalanceParams struct {
	Year int `query:"year"` // calendar year; 0 for this one
}

// List returns one page of leave.
func (s *LeaveService) List(ctx context.Context, params *LeaveListParams, opts ...Option) (*Page[Leave], error) {
	page := new(Page[Leave])
	if err := s.c.call(ctx, "leave.list", nil, queryOf(params), nil, page, opts); err != nil {
		return nil, err
	}
	return page, nil
}

// ListAutoPaging iterates over every leave matching params, page after page.
func (s *LeaveService) ListAutoPaging(ctx context.Context, params *LeaveListParams, opts ...Option) *Iter[Leave] {
	return newIter[Leave](ctx, s.c, "leave.list", nil, queryOf(params), opts)
}

// Create logs leave.
func (s *LeaveService) Create(ctx context.Context, params *LeaveCreateParams, opts ...Option) (*Leave, error) {
	out := new(Leave)
	if params == nil {
		params = &LeaveCreateParams{}
	}
	if err := s.c.call(ctx, "leave.create", nil, nil, params, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// Retrieve returns one leave.
func (s *LeaveService) Retrieve(ctx context.Context, leaveID string, opts ...Option) (*Leave, error) {
	out := new(Leave)
	if err := s.c.call(ctx, "leave.retrieve", []string{leaveID}, nil, nil, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// Cancel cancels leave (DELETE): it stays in the journal with status "cancelled";
// cancelling again answers it unchanged.
func (s *LeaveService) Cancel(ctx context.Context, leaveID string, opts ...Option) (*Leave, error) {
	out := new(Leave)
	if err := s.c.call(ctx, "leave.cancel", []string{leaveID}, nil, nil, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// Balance returns an employee's leave balance of a year, per kind (params may be nil
// for this year).
func (s *LeaveService) Balance(ctx context.Context, employeeID string, params *LeaveBalanceParams, opts ...Option) (*LeaveBalance, error) {
	out := new(LeaveBalance)
	if err := s.c.call(ctx, "leave.balance", []string{employeeID}, queryOf(params), nil, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// LeaveDecisionParams is the body of Leave.Approve and Leave.Decline; nil params send none.
type LeaveDecisionParams struct {
	Note string `json:"note,omitempty"` // up to 500 characters, kept as DecisionNote
}

// MarshalJSON sends the fields that are set (see the package doc).
func (p LeaveDecisionParams) MarshalJSON() ([]byte, error) { return marshalObject(p) }

// Approve approves requested leave (event "leave.approved"): the employee's manager with a
// personal key, or an integration key. Leave already decided is a 409.
func (s *LeaveService) Approve(ctx context.Context, leaveID string, params *LeaveDecisionParams, opts ...Option) (*Leave, error) {
	return s.decide(ctx, "leave.approve", leaveID, params, opts)
}

// Decline declines requested leave (event "leave.declined"), as Approve decides.
func (s *LeaveService) Decline(ctx context.Context, leaveID string, params *LeaveDecisionParams, opts ...Option) (*Leave, error) {
	return s.decide(ctx, "leave.decline", leaveID, params, opts)
}

func (s *LeaveService) decide(ctx context.Context, opID, leaveID string, params *LeaveDecisionParams, opts []Option) (*Leave, error) {
	out := new(Leave)
	if err := s.c.call(ctx, opID, []string{leaveID}, nil, bodyOf(params), out, opts); err != nil {
		return nil, err
	}
	return out, nil
}
