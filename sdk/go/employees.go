package pulsehr

import (
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// EmployeesService is /v1/employees: active and former people of the workspace.
type EmployeesService struct{ c *Client }

// EmployeeListParams filters and pages Employees.List.
type EmployeeListParams struct {
	Limit      int            `query:"limit"`  // page size 1–200 (default 50)
	Cursor     string         `query:"cursor"` // a previous page's NextCursor
	Status     EmployeeStatus `query:"status"`
	Department string         `query:"department"` // exact match
	ManagerID  string         `query:"manager_id"`
	Location   string         `query:"location"` // exact match
	Q          string         `query:"q"`        // name or email contains, any case
	// UpdatedSince: employees changed at or after this time; pass the newest UpdatedAt you
	// have seen for an incremental sync.
	UpdatedSince time.Time `query:"updated_since"`
}

// EmployeeHistoryParams pages Employees.History.
type EmployeeHistoryParams struct {
	Limit  int    `query:"limit"`  // page size 1–200 (default 50)
	Cursor string `query:"cursor"` // a previous page's NextCursor
}

// EmployeeCreateParams is the body of Employees.Create. FullName and StartDate are
// required; empty optional fields are not sent.
type EmployeeCreateParams struct {
	FullName   string `json:"full_name"`
	Email      string `json:"email,omitempty"`
	Role       string `json:"role,omitempty"`
	Department string `json:"department,omitempty"`
	ManagerID  string `json:"manager_id,omitempty"`
	StartDate  Date   `json:"start_date"`
	EndDate    Date   `json:"end_date,omitempty"`
	Location   string `json:"location,omitempty"`
	Country    string `json:"country,omitempty"` // ISO 3166-1 alpha-2, any case
	// CustomFields: up to 50 keys matching [a-z0-9_]{1,40}, each a string, number, bool or nil.
	CustomFields map[string]interface{} `json:"custom_fields,omitempty"`
}

// MarshalJSON sends the fields that are set (see the package doc).
func (p EmployeeCreateParams) MarshalJSON() ([]byte, error) { return marshalObject(p) }

// EmployeeUpdateParams is the body of Employees.Update (PATCH): only the fields set are
// sent. Pointer fields are sent when non-nil; Nullable fields when set, Null clearing them.
// CustomFields, when non-nil, replaces the whole object (an empty map clears it).
// Version, when set, makes the update fail with 409 if the record changed since.
// EffectiveDate, when a later day, schedules the change instead (see EmployeeUpdateResult).
type EmployeeUpdateParams struct {
	FullName     *string                `json:"full_name"`
	Email        Nullable[string]       `json:"email"`
	Role         Nullable[string]       `json:"role"`
	Department   Nullable[string]       `json:"department"`
	ManagerID    Nullable[string]       `json:"manager_id"`
	StartDate    *Date                  `json:"start_date"`
	EndDate      Nullable[Date]         `json:"end_date"` // today or earlier offboards
	Location     Nullable[string]       `json:"location"`
	Country      Nullable[string]       `json:"country"`
	CustomFields map[string]interface{} `json:"custom_fields"`
	Version      *int                   `json:"version"`
	// EffectiveDate is the day (UTC) the change takes effect: a later day schedules it,
	// today (or nil) applies it now, an earlier day is refused (422).
	EffectiveDate *Date `json:"effective_date"`
}

// MarshalJSON sends the fields that are set (see the package doc).
func (p EmployeeUpdateParams) MarshalJSON() ([]byte, error) { return marshalObject(p) }

// List returns one page of employees.
func (s *EmployeesService) List(ctx context.Context, params *EmployeeListParams, opts ...Option) (*Page[Employee], error) {
	page := new(Page[Employee])
	if err := s.c.call(ctx, "employees.list", nil, queryOf(params), nil, page, opts); err != nil {
		return nil, err
	}
	return page, nil
}

// ListAutoPaging iterates over every employee matching params, page after page.
func (s *EmployeesService) ListAutoPaging(ctx context.Context, params *EmployeeListParams, opts ...Option) *Iter[Employee] {
	return newIter[Employee](ctx, s.c, "employees.list", nil, queryOf(params), opts)
}

// Create creates an employee (retry-safe: an Idempotency-Key is always sent).
func (s *EmployeesService) Create(ctx context.Context, params *EmployeeCreateParams, opts ...Option) (*Employee, error) {
	out := new(Employee)
	if params == nil {
		params = &EmployeeCreateParams{}
	}
	if err := s.c.call(ctx, "employees.create", nil, nil, params, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// Retrieve returns one employee.
func (s *EmployeesService) Retrieve(ctx context.Context, employeeID string, opts ...Option) (*Employee, error) {
	out := new(Employee)
	if err := s.c.call(ctx, "employees.retrieve", []string{employeeID}, nil, nil, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// EmployeeUpdateResult is what Employees.Update answers: the changed employee (HTTP 200)
// when the change applied now, or the scheduled change (HTTP 202) when
// params.EffectiveDate is a later day. Exactly one of the two is set; Employee is
// embedded, so an update applied now reads as before (result.Role, result.Version).
type EmployeeUpdateResult struct {
	*Employee                 // the employee as changed; nil when the change was scheduled
	Scheduled *EmployeeChange // the change waiting for its day; nil when it applied now
}

// decodeAnswer decodes the answer by its status: 202 carries the scheduled change.
func (r *EmployeeUpdateResult) decodeAnswer(status int, raw []byte) error {
	if status == http.StatusAccepted {
		r.Scheduled = new(EmployeeChange)
		return json.Unmarshal(raw, r.Scheduled)
	}
	r.Employee = new(Employee)
	return json.Unmarshal(raw, r.Employee)
}

// Update changes the fields set in params, now or (params.EffectiveDate a later day) on
// that day: see EmployeeUpdateResult.
func (s *EmployeesService) Update(ctx context.Context, employeeID string, params *EmployeeUpdateParams, opts ...Option) (*EmployeeUpdateResult, error) {
	out := new(EmployeeUpdateResult)
	if params == nil {
		params = &EmployeeUpdateParams{}
	}
	if err := s.c.call(ctx, "employees.update", []string{employeeID}, nil, params, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// Offboard ends an employment (DELETE): end_date becomes today unless already today or
// past; the record stays, with status "former".
func (s *EmployeesService) Offboard(ctx context.Context, employeeID string, opts ...Option) (*Employee, error) {
	out := new(Employee)
	if err := s.c.call(ctx, "employees.offboard", []string{employeeID}, nil, nil, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// History returns one page of the employee's changes (applied, scheduled, cancelled,
// failed), ordered by id.
func (s *EmployeesService) History(ctx context.Context, employeeID string, params *EmployeeHistoryParams, opts ...Option) (*Page[EmployeeChange], error) {
	page := new(Page[EmployeeChange])
	if err := s.c.call(ctx, "employees.history", []string{employeeID}, queryOf(params), nil, page, opts); err != nil {
		return nil, err
	}
	return page, nil
}

// HistoryAutoPaging iterates over every change of the employee, page after page.
func (s *EmployeesService) HistoryAutoPaging(ctx context.Context, employeeID string, params *EmployeeHistoryParams, opts ...Option) *Iter[EmployeeChange] {
	return newIter[EmployeeChange](ctx, s.c, "employees.history", []string{employeeID}, queryOf(params), opts)
}

// CancelChange cancels a scheduled change (DELETE) before its effective date; it stays in
// the history with status "cancelled". A change already applied is a 409.
func (s *EmployeesService) CancelChange(ctx context.Context, employeeID, changeID string, opts ...Option) (*EmployeeChange, error) {
	out := new(EmployeeChange)
	if err := s.c.call(ctx, "employees.cancel_change", []string{employeeID, changeID}, nil, nil, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// Erase irreversibly erases a former employee's personal data (event "employee.erased"):
// integration keys only; an active employee is a 422; erasing again answers the same.
func (s *EmployeesService) Erase(ctx context.Context, employeeID string, opts ...Option) (*Employee, error) {
	out := new(Employee)
	if err := s.c.call(ctx, "employees.erase", []string{employeeID}, nil, nil, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// Export returns everything the API holds about the employee.
func (s *EmployeesService) Export(ctx context.Context, employeeID string, opts ...Option) (*EmployeeExport, error) {
	out := new(EmployeeExport)
	if err := s.c.call(ctx, "employees.export", []string{employeeID}, nil, nil, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}
