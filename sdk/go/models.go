package pulsehr

import (
	"encoding/json"
	"time"
)

// EmployeeStatus is derived from end_date: "former" once it is today or past.
type EmployeeStatus string

const (
	EmployeeStatusActive EmployeeStatus = "active"
	EmployeeStatusFormer EmployeeStatus = "former"
)

// LeaveKind is the kind of a leave.
type LeaveKind string

const (
	LeaveKindVacation LeaveKind = "vacation"
	LeaveKindSick     LeaveKind = "sick"
	LeaveKindPersonal LeaveKind = "personal"
	LeaveKindParental LeaveKind = "parental"
	LeaveKindUnpaid   LeaveKind = "unpaid"
	LeaveKindOther    LeaveKind = "other"
)

// LeaveStatus is "logged" (taken at once), or "requested" and then "approved" or
// "declined" where managers approve leave; "cancelled" once DELETE cancelled it.
type LeaveStatus string

const (
	LeaveStatusLogged    LeaveStatus = "logged"
	LeaveStatusRequested LeaveStatus = "requested"
	LeaveStatusApproved  LeaveStatus = "approved"
	LeaveStatusDeclined  LeaveStatus = "declined"
	LeaveStatusCancelled LeaveStatus = "cancelled"
)

// ChangeStatus is the state of an entry of an employee's history.
type ChangeStatus string

const (
	ChangeApplied   ChangeStatus = "applied"
	ChangeScheduled ChangeStatus = "scheduled" // waiting for its effective date
	ChangeCancelled ChangeStatus = "cancelled" // by Employees.CancelChange before that day
	ChangeFailed    ChangeStatus = "failed"    // no longer valid on that day: see FailureReason
)

// GroupBy is the employee field the groups of Scores.Groups share.
type GroupBy string

const (
	GroupByDepartment GroupBy = "department"
	GroupByManagerID  GroupBy = "manager_id"
	GroupByLocation   GroupBy = "location"
)

// ScoreFactorName names a factor of the Employee Score.
type ScoreFactorName string

const (
	FactorRecognition   ScoreFactorName = "recognition"
	FactorWorkload      ScoreFactorName = "workload"
	FactorParticipation ScoreFactorName = "participation"
	FactorTimeOff       ScoreFactorName = "time_off"
)

// WorkloadLevel is a weekly self-reported load.
type WorkloadLevel string

const (
	WorkloadLight      WorkloadLevel = "light"
	WorkloadBalanced   WorkloadLevel = "balanced"
	WorkloadHeavy      WorkloadLevel = "heavy"
	WorkloadOverloaded WorkloadLevel = "overloaded"
)

// DeliveryStatus is the state of a webhook delivery.
type DeliveryStatus string

const (
	DeliveryPending   DeliveryStatus = "pending"
	DeliverySucceeded DeliveryStatus = "succeeded"
	DeliveryFailed    DeliveryStatus = "failed"
)

// Event types (Event.Type, webhook endpoints' Events, EventListParams.Type).
const (
	EventEmployeeCreated     = "employee.created"
	EventEmployeeUpdated     = "employee.updated"
	EventEmployeeOffboarded  = "employee.offboarded"
	EventEmployeeErased      = "employee.erased"
	EventStatusLogPosted     = "status_log.posted"
	EventKudosAwarded        = "kudos.awarded"
	EventWorkloadRecorded    = "workload.recorded"
	EventLeaveLogged         = "leave.logged"
	EventLeaveRequested      = "leave.requested"
	EventLeaveApproved       = "leave.approved"
	EventLeaveDeclined       = "leave.declined"
	EventLeaveCancelled      = "leave.cancelled"
	EventWebhookEndpointTest = "webhook_endpoint.test"
	// EventAll subscribes a webhook endpoint to every type.
	EventAll = "*"
)

// Employee is an active or former person of the workspace.
type Employee struct {
	ID           string                 `json:"id"`
	FullName     string                 `json:"full_name"`
	Email        *string                `json:"email"`
	Role         *string                `json:"role"`
	Department   *string                `json:"department"`
	ManagerID    *string                `json:"manager_id"`
	StartDate    Date                   `json:"start_date"`
	EndDate      *Date                  `json:"end_date"`
	Location     *string                `json:"location"`
	Country      *string                `json:"country"` // ISO 3166-1 alpha-2, upper case
	CustomFields map[string]interface{} `json:"custom_fields"`
	Status       EmployeeStatus         `json:"status"`
	Version      int                    `json:"version"`
	CreatedAt    time.Time              `json:"created_at"`
	UpdatedAt    time.Time              `json:"updated_at"`
}

// StatusLogEntry is one employee's async stand-up of one day.
type StatusLogEntry struct {
	ID         string    `json:"id"`
	EmployeeID string    `json:"employee_id"`
	Date       Date      `json:"date"`
	Lines      []string  `json:"lines"`
	Topic      *string   `json:"topic"`
	CreatedAt  time.Time `json:"created_at"`
}

// Kudos is peer recognition, with coins.
type Kudos struct {
	ID             string    `json:"id"`
	FromEmployeeID string    `json:"from_employee_id"`
	ToEmployeeID   string    `json:"to_employee_id"`
	Coins          int       `json:"coins"`
	Tag            string    `json:"tag"`
	Note           *string   `json:"note"`
	CreatedAt      time.Time `json:"created_at"`
}

// WorkloadCheckin is one employee's self-reported load of one week.
type WorkloadCheckin struct {
	ID         string        `json:"id"`
	EmployeeID string        `json:"employee_id"`
	WeekStart  Date          `json:"week_start"` // a Monday
	Level      WorkloadLevel `json:"level"`
	CreatedAt  time.Time     `json:"created_at"`
}

// Leave is an entry of the personal leave journal.
type Leave struct {
	ID          string      `json:"id"`
	EmployeeID  string      `json:"employee_id"`
	Kind        LeaveKind   `json:"kind"`
	StartDate   Date        `json:"start_date"`
	EndDate     Date        `json:"end_date"`
	Days        float64     `json:"days"` // a multiple of 0.5
	Note        *string     `json:"note"`
	Status      LeaveStatus `json:"status"`
	CreatedAt   time.Time   `json:"created_at"`
	CancelledAt *time.Time  `json:"cancelled_at"`
	// DecidedBy is who approved or declined: the employee of a personal key; nil for an
	// integration key, or before a decision.
	DecidedBy    *string    `json:"decided_by"`
	DecidedAt    *time.Time `json:"decided_at"`
	DecisionNote *string    `json:"decision_note"`
}

// LeaveBalance is an employee's leave balance of one year, per kind.
type LeaveBalance struct {
	EmployeeID string        `json:"employee_id"`
	Year       int           `json:"year"`
	Balances   []KindBalance `json:"balances"`
}

// KindBalance is the balance of one leave kind. Allowance and Remaining are nil when the
// kind is unlimited.
type KindBalance struct {
	Kind      LeaveKind `json:"kind"`
	Allowance *float64  `json:"allowance"`
	Taken     float64   `json:"taken"`   // logged or approved days before today
	Planned   float64   `json:"planned"` // logged or approved, today and later
	Pending   float64   `json:"pending"` // requested, waiting for a decision
	Remaining *float64  `json:"remaining"`
}

// EmployeeChange is one entry of an employee's history: a change applied, or one
// scheduled for its EffectiveDate.
type EmployeeChange struct {
	ID            string                 `json:"id"` // chg_…
	EmployeeID    string                 `json:"employee_id"`
	Status        ChangeStatus           `json:"status"`
	EffectiveDate Date                   `json:"effective_date"`
	Changes       map[string]FieldChange `json:"changes"`  // by field name
	EventID       *string                `json:"event_id"` // nil until applied
	FailureReason *string                `json:"failure_reason"`
	CreatedAt     time.Time              `json:"created_at"` // when made or scheduled
	ChangedAt     *time.Time             `json:"changed_at"` // nil until applied
}

// FieldChange is one field of a change, before and after (for a change not yet applied,
// From is the value when it was scheduled).
type FieldChange struct {
	From interface{} `json:"from"`
	To   interface{} `json:"to"`
}

// EmployeeUpdatedData is the Data of "employee.updated" and "employee.offboarded" events:
// the employee, and the value before the change of every field it touched.
type EmployeeUpdatedData struct {
	Employee
	PreviousAttributes map[string]interface{} `json:"previous_attributes"`
}

// ErasedEmployee is the Data of "employee.erased": the id alone.
type ErasedEmployee struct {
	ID string `json:"id"`
}

// EmployeeExport is everything the API holds about one employee (Employees.Export).
type EmployeeExport struct {
	Employee         Employee          `json:"employee"`
	History          []EmployeeChange  `json:"history"` // oldest first
	StatusLog        []StatusLogEntry  `json:"status_log"`
	KudosGiven       []Kudos           `json:"kudos_given"`
	KudosReceived    []Kudos           `json:"kudos_received"`
	WorkloadCheckins []WorkloadCheckin `json:"workload_checkins"`
	Leave            []Leave           `json:"leave"`
	LeaveBalances    []LeaveBalance    `json:"leave_balances"`
	Score            EmployeeScore     `json:"score"` // as of today
	ExportedAt       time.Time         `json:"exported_at"`
}

// EmployeeScore is an employee's score over the WindowDays ending on AsOf. Score is nil
// when fewer than two factors have data.
type EmployeeScore struct {
	EmployeeID  string        `json:"employee_id"`
	AsOf        Date          `json:"as_of"`
	WindowDays  int           `json:"window_days"`
	Score       *float64      `json:"score"`
	Factors     []ScoreFactor `json:"factors"`
	Previous    PreviousScore `json:"previous"`
	Explanation []string      `json:"explanation"` // which factors moved the score
}

// ScoreFactor is one factor of a score: 0 to 10 (nil without data), its weight, and the
// signals it was computed from.
type ScoreFactor struct {
	Name    ScoreFactorName     `json:"name"`
	Score   *float64            `json:"score"`
	Weight  float64             `json:"weight"`
	Signals map[string]*float64 `json:"signals"`
}

// PreviousScore is the score one window earlier.
type PreviousScore struct {
	AsOf  Date     `json:"as_of"`
	Score *float64 `json:"score"`
}

// GroupScores is every group's score (Scores.Groups; not paginated).
type GroupScores struct {
	GroupBy    GroupBy      `json:"group_by"`
	AsOf       Date         `json:"as_of"`
	WindowDays int          `json:"window_days"`
	Data       []GroupScore `json:"data"`
}

// GroupScore is the mean score of the employees sharing one value (Key, nil for none) of
// the grouping field. Suppressed groups (fewer than 3 scored members) show no scores.
type GroupScore struct {
	Key        *string      `json:"key"`
	Employees  int          `json:"employees"`
	Score      *float64     `json:"score"`
	Suppressed bool         `json:"suppressed"`
	Factors    []FactorMean `json:"factors"`
}

// FactorMean is a factor's mean over a group (nil when suppressed).
type FactorMean struct {
	Name  ScoreFactorName `json:"name"`
	Score *float64        `json:"score"`
}

// Event is a change, as the event log shows it and as webhooks receive it. Data is the
// full resource after the change; decode it with DecodeData.
type Event struct {
	ID        string          `json:"id"`
	Type      string          `json:"type"`
	CreatedAt time.Time       `json:"created_at"`
	Data      json.RawMessage `json:"data"`
}

// DecodeData decodes the event's resource into v, e.g. a *Leave for "leave.logged"
// (the catalogue, EventTypes.List, names each type's schema).
func (e *Event) DecodeData(v interface{}) error { return json.Unmarshal(e.Data, v) }

// EventType is an entry of the event catalogue.
type EventType struct {
	Type        string `json:"type"`
	Description string `json:"description"`
	Schema      string `json:"schema"` // the model of Event.Data, e.g. "Employee"
}

// EventTypeList is the event catalogue (not paginated).
type EventTypeList struct {
	Data []EventType `json:"data"`
}

// WebhookEndpoint is a receiver of signed webhook deliveries.
type WebhookEndpoint struct {
	ID             string    `json:"id"`
	URL            string    `json:"url"`
	Description    *string   `json:"description"`
	Events         []string  `json:"events"`
	Enabled        bool      `json:"enabled"`
	DisabledReason *string   `json:"disabled_reason"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// WebhookEndpointWithSecret is a webhook endpoint with its signing secret ("whsec_…"),
// answered only on creation and on RollSecret.
type WebhookEndpointWithSecret struct {
	WebhookEndpoint
	Secret string `json:"secret"`
}

// DeletedWebhookEndpoint is the answer of a delete: the endpoint as it was, Deleted true.
type DeletedWebhookEndpoint struct {
	WebhookEndpoint
	Deleted bool `json:"deleted"`
}

// Delivery is one event's delivery to one endpoint, with every attempt.
type Delivery struct {
	ID            string            `json:"id"`
	EndpointID    string            `json:"endpoint_id"`
	EventID       string            `json:"event_id"`
	EventType     string            `json:"event_type"`
	Status        DeliveryStatus    `json:"status"`
	AttemptCount  int               `json:"attempt_count"`
	NextAttemptAt *time.Time        `json:"next_attempt_at"`
	CreatedAt     time.Time         `json:"created_at"`
	CompletedAt   *time.Time        `json:"completed_at"`
	LastError     *string           `json:"last_error"`
	Attempts      []DeliveryAttempt `json:"attempts"`
}

// DeliveryAttempt is one attempt of a delivery.
type DeliveryAttempt struct {
	ID           string    `json:"id"`
	AttemptedAt  time.Time `json:"attempted_at"`
	StatusCode   *int      `json:"status_code"` // nil when no HTTP answer came
	LatencyMS    int       `json:"latency_ms"`
	Error        *string   `json:"error"`
	ResponseBody *string   `json:"response_body"` // the first 2 KiB of the receiver's answer
}

// ReplayedDeliveries is the answer of Events.Replay: the new deliveries.
type ReplayedDeliveries struct {
	Data []Delivery `json:"data"`
}
