package pulsehr

import "context"

// StatusLogService is /v1/status-log: async stand-ups, one entry per employee per day.
type StatusLogService struct{ c *Client }

// StatusLogListParams filters and pages StatusLog.List.
type StatusLogListParams struct {
	Limit      int    `query:"limit"`
	Cursor     string `query:"cursor"`
	EmployeeID string `query:"employee_id"`
	DateFrom   Date   `query:"date_from"` // entries on or after this day
	DateTo     Date   `query:"date_to"`   // entries on or before this day
	Topic      string `query:"topic"`     // exact match
}

// StatusLogCreateParams is the body of StatusLog.Create. EmployeeID may be left empty
// with a personal key (the key's employee); Date defaults to today (UTC).
type StatusLogCreateParams struct {
	EmployeeID string   `json:"employee_id,omitempty"`
	Date       Date     `json:"date,omitempty"`
	Lines      []string `json:"lines"` // 1–3 non-blank lines of at most 280 characters
	Topic      string   `json:"topic,omitempty"`
}

// MarshalJSON sends the fields that are set (see the package doc).
func (p StatusLogCreateParams) MarshalJSON() ([]byte, error) { return marshalObject(p) }

// List returns one page of status-log entries.
func (s *StatusLogService) List(ctx context.Context, params *StatusLogListParams, opts ...Option) (*Page[StatusLogEntry], error) {
	page := new(Page[StatusLogEntry])
	if err := s.c.call(ctx, "status_log.list", nil, queryOf(params), nil, page, opts); err != nil {
		return nil, err
	}
	return page, nil
}

// ListAutoPaging iterates over every entry matching params, page after page.
func (s *StatusLogService) ListAutoPaging(ctx context.Context, params *StatusLogListParams, opts ...Option) *Iter[StatusLogEntry] {
	return newIter[StatusLogEntry](ctx, s.c, "status_log.list", nil, queryOf(params), opts)
}

// Create posts a status-log entry.
func (s *StatusLogService) Create(ctx context.Context, params *StatusLogCreateParams, opts ...Option) (*StatusLogEntry, error) {
	out := new(StatusLogEntry)
	if params == nil {
		params = &StatusLogCreateParams{}
	}
	if err := s.c.call(ctx, "status_log.create", nil, nil, params, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// Retrieve returns one status-log entry.
func (s *StatusLogService) Retrieve(ctx context.Context, entryID string, opts ...Option) (*StatusLogEntry, error) {
	out := new(StatusLogEntry)
	if err := s.c.call(ctx, "status_log.retrieve", []string{entryID}, nil, nil, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}
