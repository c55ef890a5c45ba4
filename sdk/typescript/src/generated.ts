// Generated from the Pulse HR OpenAPI document by scripts/codegen.mjs. Do not edit by hand:
// run `npm run codegen` (against a running server or a saved `pulse openapi` file) instead.
/* eslint-disable */

/** The OpenAPI document's `info.version` these types were generated from. */
export const API_VERSION = "0.1.0";

// ---- Models (components.schemas) ----

export type ChangeStatus = "applied" | "scheduled" | "cancelled" | "failed";

/** The endpoint as it was before it was deleted. */
export interface DeletedWebhookEndpoint {
  id: string;
  url: string;
  description: string | null;
  /** The event types to receive, or `["*"]` for every type. */
  events: string[];
  enabled: boolean;
  /** Why Pulse disabled the endpoint (say, its receiver answered 410 Gone). */
  disabled_reason: string | null;
  /** Format: date-time. */
  created_at: string;
  /** Format: date-time. */
  updated_at: string;
  deleted: true;
}

export interface Delivery {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  status: DeliveryStatus;
  attempt_count: number;
  /** When the next attempt is due. Format: date-time. */
  next_attempt_at: string | null;
  /** Format: date-time. */
  created_at: string;
  /** Format: date-time. */
  completed_at: string | null;
  last_error: string | null;
  /** Every attempt, oldest first. */
  attempts: DeliveryAttempt[];
}

export interface DeliveryAttempt {
  id: string;
  /** Format: date-time. */
  attempted_at: string;
  /** The receiver's HTTP status; null without one. */
  status_code: number | null;
  latency_ms: number;
  /** Why the attempt failed (timeout, refused, status). */
  error: string | null;
  /** The first 2 KiB of the receiver's answer. */
  response_body: string | null;
}

export interface DeliveryList {
  /** This page's items, ordered by id. */
  data: Delivery[];
  /** Pass as `cursor` for the next page; null on the last page. */
  next_cursor: string | null;
  /** How many items match the filters, over all pages. */
  total_count: number;
}

export type DeliveryStatus = "pending" | "succeeded" | "failed";

export interface Employee {
  id: string;
  full_name: string;
  email: string | null;
  role: string | null;
  department: string | null;
  manager_id: string | null;
  /** Format: date. */
  start_date: string;
  /** Format: date. */
  end_date: string | null;
  location: string | null;
  country: string | null;
  custom_fields: Record<string, unknown>;
  /** Derived: `former` once `end_date` has come. */
  status: EmployeeStatus;
  /** Bumped on every change; send it back to PATCH safely. */
  version: number;
  /** Format: date-time. */
  created_at: string;
  /** Format: date-time. */
  updated_at: string;
}

/** One entry of an employee's history. */
export interface EmployeeChange {
  id: string;
  employee_id: string;
  /** `applied`; `scheduled` (waiting for its effective date); `cancelled` (by DELETE before that day); `failed` (no longer valid on that day, see `failure_reason`). */
  status: ChangeStatus;
  /** The day (UTC) the change takes or took effect. Format: date. */
  effective_date: string;
  /** Each field changed, with its value before and after. For a change not yet applied, `from` is the value when it was scheduled. */
  changes: Record<string, FieldChange>;
  /** The `employee.*` event that told of the change; null until applied. */
  event_id: string | null;
  /** Why a scheduled change could not apply. */
  failure_reason: string | null;
  /** When the change was made or scheduled. Format: date-time. */
  created_at: string;
  /** When it was applied; null until then. Format: date-time. */
  changed_at: string | null;
}

export interface EmployeeChangeList {
  /** This page's items, ordered by id. */
  data: EmployeeChange[];
  /** Pass as `cursor` for the next page; null on the last page. */
  next_cursor: string | null;
  /** How many items match the filters, over all pages. */
  total_count: number;
}

export interface EmployeeCreate {
  full_name: string;
  /** Unique in the workspace (any case). Format: email. */
  email?: string | null;
  role?: string | null;
  department?: string | null;
  /** Another employee's id. */
  manager_id?: string | null;
  /** Format: date. */
  start_date: string;
  /** Last day of employment; on or before today means `former`. Format: date. */
  end_date?: string | null;
  location?: string | null;
  /** ISO 3166-1 alpha-2; its public holidays are not working days. */
  country?: string | null;
  /** Up to 50 keys (`[a-z0-9_]{1,40}`) with string (≤ 500 chars), number, boolean or null values. */
  custom_fields?: Record<string, string | number | boolean | null>;
}

/** Everything the API holds about one employee, as the API shows it. */
export interface EmployeeExport {
  employee: Employee;
  /** Every change, oldest first. */
  history: EmployeeChange[];
  status_log: StatusLogEntry[];
  kudos_given: Kudos[];
  kudos_received: Kudos[];
  workload_checkins: WorkloadCheckin[];
  leave: Leave[];
  /** The balance of each year with leave logged, and of the current year (or the last year of employment). */
  leave_balances: LeaveBalance[];
  /** The Employee Score as of today. */
  score: EmployeeScore;
  /** Format: date-time. */
  exported_at: string;
}

export interface EmployeeList {
  /** This page's items, ordered by id. */
  data: Employee[];
  /** Pass as `cursor` for the next page; null on the last page. */
  next_cursor: string | null;
  /** How many items match the filters, over all pages. */
  total_count: number;
}

export interface EmployeeScore {
  employee_id: string;
  /** Format: date. */
  as_of: string;
  window_days: number;
  /** Weighted mean of the factors with data, one decimal; null when fewer than two factors have data. */
  score: number | null;
  factors: ScoreFactor[];
  previous: PreviousScore;
  /** Which factors moved the score, in words. */
  explanation: string[];
}

export type EmployeeStatus = "active" | "former";

/** Only the fields sent change; `null` clears an optional field. */
export interface EmployeeUpdate {
  full_name?: string;
  /** Format: email. */
  email?: string | null;
  role?: string | null;
  department?: string | null;
  manager_id?: string | null;
  /** Format: date. */
  start_date?: string;
  /** Format: date. */
  end_date?: string | null;
  location?: string | null;
  country?: string | null;
  /** Replaces the whole object. */
  custom_fields?: Record<string, string | number | boolean | null>;
  /** The version you read; when it is no longer current the update is refused with 409. Omit for last-write-wins. */
  version?: number;
  /** The day (UTC) the change takes effect. A later day schedules it: the answer is 202 with the scheduled change, applied on that day. Today (or omitted) applies it now; an earlier day is refused (422). Format: date. */
  effective_date?: string;
}

/** The `data` of `employee.updated` and `employee.offboarded` events. */
export interface EmployeeUpdatedData {
  id: string;
  full_name: string;
  email: string | null;
  role: string | null;
  department: string | null;
  manager_id: string | null;
  /** Format: date. */
  start_date: string;
  /** Format: date. */
  end_date: string | null;
  location: string | null;
  country: string | null;
  custom_fields: Record<string, unknown>;
  /** Derived: `former` once `end_date` has come. */
  status: EmployeeStatus;
  /** Bumped on every change; send it back to PATCH safely. */
  version: number;
  /** Format: date-time. */
  created_at: string;
  /** Format: date-time. */
  updated_at: string;
  /** Every field the change touched, with its value before the change (the employee's other fields are as they are now). */
  previous_attributes: Record<string, unknown>;
}

/** The `data` of `employee.erased`: the id alone. */
export interface ErasedEmployee {
  id: string;
}

export interface ErrorDetail {
  /** Stable, machine-readable error code. */
  code: string;
  /** Human-readable explanation. */
  message: string;
  /** The request fields at fault (dotted paths into the body, or parameter names). */
  fields: string[];
  /** The request's id, also in the X-Request-Id header. */
  request_id: string;
}

export interface ErrorEnvelope {
  error: ErrorDetail;
}

/** `{"id", "type", "created_at", "data"}`: the very document POSTed to endpoints. */
export interface Event {
  id: string;
  /** What happened: one of the catalogue's types (`GET /v1/event-types`). */
  type: string;
  /** Format: date-time. */
  created_at: string;
  /** The full resource after the change; its schema is the one the catalogue names for this type. */
  data: Record<string, unknown>;
}

export interface EventList {
  /** This page's items, ordered by id. */
  data: Event[];
  /** Pass as `cursor` for the next page; null on the last page. */
  next_cursor: string | null;
  /** How many items match the filters, over all pages. */
  total_count: number;
}

export interface EventReplay {
  /** Deliver to this endpoint only, even if it is not subscribed to the event's type. Omit it to deliver to every enabled endpoint subscribed to the type. */
  endpoint_id?: string | null;
}

export interface EventType {
  type: string;
  /** When an event of this type is emitted. */
  description: string;
  /** The OpenAPI component (`#/components/schemas/<name>`) of the event's `data`. */
  schema: string;
}

export interface EventTypeList {
  /** Every event type the API emits. */
  data: EventType[];
}

export interface FactorMean {
  name: "recognition" | "workload" | "participation" | "time_off";
  /** Mean of the members' factor scores; null when suppressed. */
  score: number | null;
}

export interface FieldChange {
  /** The value before the change. */
  from: unknown;
  /** The value after the change. */
  to: unknown;
}

export type GroupBy = "department" | "manager_id" | "location";

export interface GroupScore {
  /** The group's value of `group_by`; null for no value. */
  key: string | null;
  /** Employees of the group employed on `as_of`. */
  employees: number;
  /** Mean of the members' scores; null when suppressed. */
  score: number | null;
  /** True when fewer than 3 members have a score: nothing is shown, so no individual can be singled out. */
  suppressed: boolean;
  factors: FactorMean[];
}

export interface GroupScores {
  group_by: GroupBy;
  /** Format: date. */
  as_of: string;
  window_days: number;
  /** Every group, ordered by key (no value last); not paged. */
  data: GroupScore[];
}

export interface KindBalance {
  kind: LeaveKind;
  /** Days allowed this year by the workspace's policy, prorated by the employment days inside the year; null when unlimited. */
  allowance: number | null;
  /** Logged or approved days of this year before today. */
  taken: number;
  /** Logged or approved days of this year from today on. */
  planned: number;
  /** Requested days of this year, waiting for a decision. */
  pending: number;
  /** allowance - taken - planned (negative when overdrawn; pending days are not subtracted); null when unlimited. */
  remaining: number | null;
}

export interface Kudos {
  id: string;
  from_employee_id: string;
  to_employee_id: string;
  coins: number;
  tag: string;
  note: string | null;
  /** Format: date-time. */
  created_at: string;
}

export interface KudosCreate {
  /** Who gives the kudos. A personal key may omit it (its own employee) and cannot name anyone else; an integration key must name it. */
  from_employee_id?: string | null;
  /** Who receives the kudos; not the giver. */
  to_employee_id: string;
  /** Coins given, from the giver's monthly allowance (per calendar month, UTC). */
  coins: number;
  /** A slug: 1 to 32 of `a-z`, `0-9` and `-`. */
  tag: string;
  /** Up to 500 characters. */
  note?: string | null;
}

export interface KudosList {
  /** This page's items, ordered by id. */
  data: Kudos[];
  /** Pass as `cursor` for the next page; null on the last page. */
  next_cursor: string | null;
  /** How many items match the filters, over all pages. */
  total_count: number;
}

export interface Leave {
  id: string;
  employee_id: string;
  kind: LeaveKind;
  /** Format: date. */
  start_date: string;
  /** Format: date. */
  end_date: string;
  days: number;
  note: string | null;
  status: LeaveStatus;
  /** Format: date-time. */
  created_at: string;
  /** Format: date-time. */
  cancelled_at: string | null;
  /** Who approved or declined the request: the employee id of a personal key, or null (an integration key, or no decision). */
  decided_by: string | null;
  /** Format: date-time. */
  decided_at: string | null;
  decision_note: string | null;
}

export interface LeaveBalance {
  employee_id: string;
  year: number;
  /** One entry per kind of leave. */
  balances: KindBalance[];
}

export interface LeaveCreate {
  /** Whose leave this is. A personal key may omit it (its own employee); an integration key must name it. */
  employee_id?: string | null;
  kind: LeaveKind;
  /** Format: date. */
  start_date: string;
  /** Last day of leave (inclusive); may equal start_date. Format: date. */
  end_date: string;
  /** Working days taken, in half days, at most the working days of the range. Defaults to every working day of the range: Monday to Friday minus the public holidays of the employee's country. */
  days?: number | null;
  note?: string | null;
}

export interface LeaveDecision {
  /** Up to 500 characters. */
  note?: string | null;
}

export type LeaveKind = "vacation" | "sick" | "personal" | "parental" | "unpaid" | "other";

export interface LeaveList {
  /** This page's items, ordered by id. */
  data: Leave[];
  /** Pass as `cursor` for the next page; null on the last page. */
  next_cursor: string | null;
  /** How many items match the filters, over all pages. */
  total_count: number;
}

export type LeaveStatus = "logged" | "requested" | "approved" | "declined" | "cancelled";

export interface PreviousScore {
  /** One window (90 days) before this score's `as_of`. Format: date. */
  as_of: string;
  score: number | null;
}

export interface ReplayedDeliveries {
  /** The new deliveries, one per endpoint, pending; the event keeps its id. */
  data: Delivery[];
}

export interface ScoreFactor {
  name: "recognition" | "workload" | "participation" | "time_off";
  /** 0 to 10, one decimal; null when the factor has no data. */
  score: number | null;
  /** The workspace's weight for this factor. */
  weight: number;
  /** What the factor was computed from (README, Employee Score). */
  signals: Record<string, number | null>;
}

export interface StatusLogCreate {
  /** Whose entry this is. A personal key may omit it (its own employee); an integration key must name it. */
  employee_id?: string | null;
  /** The day reported on; defaults to today (UTC). Format: date. */
  date?: string | null;
  /** One to three non-blank lines of ≤ 280 characters. */
  lines: string[];
  topic?: string | null;
}

export interface StatusLogEntry {
  id: string;
  employee_id: string;
  /** Format: date. */
  date: string;
  lines: string[];
  topic: string | null;
  /** Format: date-time. */
  created_at: string;
}

export interface StatusLogList {
  /** This page's items, ordered by id. */
  data: StatusLogEntry[];
  /** Pass as `cursor` for the next page; null on the last page. */
  next_cursor: string | null;
  /** How many items match the filters, over all pages. */
  total_count: number;
}

export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string | null;
  /** The event types to receive, or `["*"]` for every type. */
  events: string[];
  enabled: boolean;
  /** Why Pulse disabled the endpoint (say, its receiver answered 410 Gone). */
  disabled_reason: string | null;
  /** Format: date-time. */
  created_at: string;
  /** Format: date-time. */
  updated_at: string;
}

export interface WebhookEndpointCreate {
  /** Where events are POSTed: an http or https URL (≤ 2048 characters). Live-mode endpoints need https and a public host, unless the deployment allows private targets. Format: uri. */
  url: string;
  /** The event types to receive, or `["*"]` for every type. */
  events: Array<"employee.created" | "employee.updated" | "employee.offboarded" | "employee.erased" | "status_log.posted" | "kudos.awarded" | "workload.recorded" | "leave.logged" | "leave.requested" | "leave.approved" | "leave.declined" | "leave.cancelled" | "*">;
  /** A note for people (≤ 500). */
  description?: string | null;
  /** Disabled endpoints receive nothing. */
  enabled?: boolean;
}

export interface WebhookEndpointList {
  /** This page's items, ordered by id. */
  data: WebhookEndpoint[];
  /** Pass as `cursor` for the next page; null on the last page. */
  next_cursor: string | null;
  /** How many items match the filters, over all pages. */
  total_count: number;
}

/** Only the fields sent change; `null` clears the description. */
export interface WebhookEndpointUpdate {
  /** Where events are POSTed: an http or https URL (≤ 2048 characters). Live-mode endpoints need https and a public host, unless the deployment allows private targets. Format: uri. */
  url?: string;
  /** The event types to receive, or `["*"]` for every type. */
  events?: Array<"employee.created" | "employee.updated" | "employee.offboarded" | "employee.erased" | "status_log.posted" | "kudos.awarded" | "workload.recorded" | "leave.logged" | "leave.requested" | "leave.approved" | "leave.declined" | "leave.cancelled" | "*">;
  description?: string | null;
  /** Enabling an endpoint again clears its `disabled_reason`. */
  enabled?: boolean;
}

/** The endpoint and its signing secret: the answer of creating it and of rolling it. */
export interface WebhookEndpointWithSecret {
  id: string;
  url: string;
  description: string | null;
  /** The event types to receive, or `["*"]` for every type. */
  events: string[];
  enabled: boolean;
  /** Why Pulse disabled the endpoint (say, its receiver answered 410 Gone). */
  disabled_reason: string | null;
  /** Format: date-time. */
  created_at: string;
  /** Format: date-time. */
  updated_at: string;
  /** The signing secret (`whsec_…`): the HMAC-SHA256 key of `X-Pulse-Signature`. Shown only when the endpoint is created and when it is rolled. */
  secret: string;
}

export interface WorkloadCheckin {
  id: string;
  employee_id: string;
  /** The Monday of the week reported on. Format: date. */
  week_start: string;
  level: WorkloadLevel;
  /** Format: date-time. */
  created_at: string;
}

export interface WorkloadCheckinCreate {
  /** Whose check-in this is. A personal key may omit it (its own employee); an integration key must name it. */
  employee_id?: string | null;
  level: WorkloadLevel;
  /** The Monday of the week reported on; defaults to this week's (UTC). Format: date. */
  week_start?: string | null;
}

export interface WorkloadCheckinList {
  /** This page's items, ordered by id. */
  data: WorkloadCheckin[];
  /** Pass as `cursor` for the next page; null on the last page. */
  next_cursor: string | null;
  /** How many items match the filters, over all pages. */
  total_count: number;
}

export type WorkloadLevel = "light" | "balanced" | "heavy" | "overloaded";

// ---- Query parameters, one interface per operation that takes any ----

/** Query parameters of `employees.history` (GET /employees/{employee_id}/history). */
export interface EmployeesHistoryParams {
  /** Page size, 1 to 200 (default 50). */
  limit?: number;
  /** The `next_cursor` of the previous page; omit for the first page. */
  cursor?: string;
}

/** Query parameters of `employees.list` (GET /employees). */
export interface EmployeesListParams {
  /** Page size, 1 to 200 (default 50). */
  limit?: number;
  /** The `next_cursor` of the previous page; omit for the first page. */
  cursor?: string;
  status?: EmployeeStatus;
  /** Exact match. */
  department?: string;
  manager_id?: string;
  /** Exact match. */
  location?: string;
  /** Name or email contains (any case). */
  q?: string;
  /** Employees changed at or after this time (RFC 3339, with an offset): pass the newest `updated_at` you have seen for an incremental sync. */
  updated_since?: string;
}

/** Query parameters of `events.list` (GET /events). */
export interface EventsListParams {
  /** Page size, 1 to 200 (default 50). */
  limit?: number;
  /** The `next_cursor` of the previous page; omit for the first page. */
  cursor?: string;
  /** Only events of this type. */
  type?: "employee.created" | "employee.updated" | "employee.offboarded" | "employee.erased" | "status_log.posted" | "kudos.awarded" | "workload.recorded" | "leave.logged" | "leave.requested" | "leave.approved" | "leave.declined" | "leave.cancelled" | "webhook_endpoint.test";
  /** Events created at or after this time (RFC 3339, with an offset). */
  created_from?: string;
  /** Events created at or before this time (RFC 3339, with an offset). */
  created_to?: string;
  /** `true`: only events with at least one failed webhook delivery; `false`: only events without any. */
  delivery_failed?: boolean;
}

/** Query parameters of `kudos.list` (GET /kudos). */
export interface KudosListParams {
  /** Page size, 1 to 200 (default 50). */
  limit?: number;
  /** The `next_cursor` of the previous page; omit for the first page. */
  cursor?: string;
  from_employee_id?: string;
  to_employee_id?: string;
  /** Exact match. */
  tag?: string;
  /** Kudos created at or after this time (RFC 3339, with an offset). */
  created_from?: string;
  /** Kudos created at or before this time (RFC 3339, with an offset). */
  created_to?: string;
}

/** Query parameters of `leave.balance` (GET /leave/balance/{employee_id}). */
export interface LeaveBalanceParams {
  /** Calendar year; defaults to this one. */
  year?: number;
}

/** Query parameters of `leave.list` (GET /leave). */
export interface LeaveListParams {
  /** Page size, 1 to 200 (default 50). */
  limit?: number;
  /** The `next_cursor` of the previous page; omit for the first page. */
  cursor?: string;
  employee_id?: string;
  kind?: LeaveKind;
  status?: LeaveStatus;
  /** Leave that ends on or after this day. */
  from?: string;
  /** Leave that starts on or before this day. */
  to?: string;
}

/** Query parameters of `scores.groups` (GET /scores). */
export interface ScoresGroupsParams {
  /** The last day of the window (UTC); defaults to today, and cannot be later. */
  as_of?: string;
  /** The employee field the groups share. */
  group_by: GroupBy;
}

/** Query parameters of `scores.retrieve` (GET /employees/{employee_id}/score). */
export interface ScoresRetrieveParams {
  /** The last day of the window (UTC); defaults to today, and cannot be later. */
  as_of?: string;
}

/** Query parameters of `status_log.list` (GET /status-log). */
export interface StatusLogListParams {
  /** Page size, 1 to 200 (default 50). */
  limit?: number;
  /** The `next_cursor` of the previous page; omit for the first page. */
  cursor?: string;
  employee_id?: string;
  /** Entries on or after this day. */
  date_from?: string;
  /** Entries on or before this day. */
  date_to?: string;
  /** Exact match. */
  topic?: string;
}

/** Query parameters of `webhook_endpoints.list` (GET /webhook-endpoints). */
export interface WebhookEndpointsListParams {
  /** Page size, 1 to 200 (default 50). */
  limit?: number;
  /** The `next_cursor` of the previous page; omit for the first page. */
  cursor?: string;
  enabled?: boolean;
}

/** Query parameters of `webhook_endpoints.list_deliveries` (GET /webhook-endpoints/{endpoint_id}/deliveries). */
export interface WebhookEndpointsListDeliveriesParams {
  /** Page size, 1 to 200 (default 50). */
  limit?: number;
  /** The `next_cursor` of the previous page; omit for the first page. */
  cursor?: string;
  status?: DeliveryStatus;
  event_id?: string;
}

/** Query parameters of `workload_checkins.list` (GET /workload-checkins). */
export interface WorkloadCheckinsListParams {
  /** Page size, 1 to 200 (default 50). */
  limit?: number;
  /** The `next_cursor` of the previous page; omit for the first page. */
  cursor?: string;
  employee_id?: string;
  level?: WorkloadLevel;
  /** Check-ins whose week starts on or after this day. */
  week_from?: string;
  /** Check-ins whose week starts on or before this day. */
  week_to?: string;
}

// ---- The operations manifest ----

/** One operation of the API: `operationId` → how to call it (paths relative to the /v1 base URL). */
export interface OperationSpec {
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  readonly path: string;
  readonly pathParams: readonly string[];
  readonly queryParams: readonly string[];
  readonly body: string | null;
}

export const OPERATIONS = {
  "employees.cancel_change": { method: "DELETE", path: "/employees/{employee_id}/history/{change_id}", pathParams: ["employee_id","change_id"], queryParams: [], body: null },
  "employees.create": { method: "POST", path: "/employees", pathParams: [], queryParams: [], body: "EmployeeCreate" },
  "employees.erase": { method: "POST", path: "/employees/{employee_id}/erase", pathParams: ["employee_id"], queryParams: [], body: null },
  "employees.export": { method: "GET", path: "/employees/{employee_id}/export", pathParams: ["employee_id"], queryParams: [], body: null },
  "employees.history": { method: "GET", path: "/employees/{employee_id}/history", pathParams: ["employee_id"], queryParams: ["limit","cursor"], body: null },
  "employees.list": { method: "GET", path: "/employees", pathParams: [], queryParams: ["limit","cursor","status","department","manager_id","location","q","updated_since"], body: null },
  "employees.offboard": { method: "DELETE", path: "/employees/{employee_id}", pathParams: ["employee_id"], queryParams: [], body: null },
  "employees.retrieve": { method: "GET", path: "/employees/{employee_id}", pathParams: ["employee_id"], queryParams: [], body: null },
  "employees.update": { method: "PATCH", path: "/employees/{employee_id}", pathParams: ["employee_id"], queryParams: [], body: "EmployeeUpdate" },
  "event_types.list": { method: "GET", path: "/event-types", pathParams: [], queryParams: [], body: null },
  "events.list": { method: "GET", path: "/events", pathParams: [], queryParams: ["limit","cursor","type","created_from","created_to","delivery_failed"], body: null },
  "events.replay": { method: "POST", path: "/events/{event_id}/replay", pathParams: ["event_id"], queryParams: [], body: "EventReplay" },
  "events.retrieve": { method: "GET", path: "/events/{event_id}", pathParams: ["event_id"], queryParams: [], body: null },
  "kudos.create": { method: "POST", path: "/kudos", pathParams: [], queryParams: [], body: "KudosCreate" },
  "kudos.list": { method: "GET", path: "/kudos", pathParams: [], queryParams: ["limit","cursor","from_employee_id","to_employee_id","tag","created_from","created_to"], body: null },
  "kudos.retrieve": { method: "GET", path: "/kudos/{kudos_id}", pathParams: ["kudos_id"], queryParams: [], body: null },
  "leave.approve": { method: "POST", path: "/leave/{leave_id}/approve", pathParams: ["leave_id"], queryParams: [], body: "LeaveDecision" },
  "leave.balance": { method: "GET", path: "/leave/balance/{employee_id}", pathParams: ["employee_id"], queryParams: ["year"], body: null },
  "leave.cancel": { method: "DELETE", path: "/leave/{leave_id}", pathParams: ["leave_id"], queryParams: [], body: null },
  "leave.create": { method: "POST", path: "/leave", pathParams: [], queryParams: [], body: "LeaveCreate" },
  "leave.decline": { method: "POST", path: "/leave/{leave_id}/decline", pathParams: ["leave_id"], queryParams: [], body: "LeaveDecision" },
  "leave.list": { method: "GET", path: "/leave", pathParams: [], queryParams: ["limit","cursor","employee_id","kind","status","from","to"], body: null },
  "leave.retrieve": { method: "GET", path: "/leave/{leave_id}", pathParams: ["leave_id"], queryParams: [], body: null },
  "scores.groups": { method: "GET", path: "/scores", pathParams: [], queryParams: ["as_of","group_by"], body: null },
  "scores.retrieve": { method: "GET", path: "/employees/{employee_id}/score", pathParams: ["employee_id"], queryParams: ["as_of"], body: null },
  "status_log.create": { method: "POST", path: "/status-log", pathParams: [], queryParams: [], body: "StatusLogCreate" },
  "status_log.list": { method: "GET", path: "/status-log", pathParams: [], queryParams: ["limit","cursor","employee_id","date_from","date_to","topic"], body: null },
  "status_log.retrieve": { method: "GET", path: "/status-log/{entry_id}", pathParams: ["entry_id"], queryParams: [], body: null },
  "webhook_endpoints.create": { method: "POST", path: "/webhook-endpoints", pathParams: [], queryParams: [], body: "WebhookEndpointCreate" },
  "webhook_endpoints.delete": { method: "DELETE", path: "/webhook-endpoints/{endpoint_id}", pathParams: ["endpoint_id"], queryParams: [], body: null },
  "webhook_endpoints.list": { method: "GET", path: "/webhook-endpoints", pathParams: [], queryParams: ["limit","cursor","enabled"], body: null },
  "webhook_endpoints.list_deliveries": { method: "GET", path: "/webhook-endpoints/{endpoint_id}/deliveries", pathParams: ["endpoint_id"], queryParams: ["limit","cursor","status","event_id"], body: null },
  "webhook_endpoints.retrieve": { method: "GET", path: "/webhook-endpoints/{endpoint_id}", pathParams: ["endpoint_id"], queryParams: [], body: null },
  "webhook_endpoints.roll_secret": { method: "POST", path: "/webhook-endpoints/{endpoint_id}/roll-secret", pathParams: ["endpoint_id"], queryParams: [], body: null },
  "webhook_endpoints.send_test": { method: "POST", path: "/webhook-endpoints/{endpoint_id}/test", pathParams: ["endpoint_id"], queryParams: [], body: null },
  "webhook_endpoints.update": { method: "PATCH", path: "/webhook-endpoints/{endpoint_id}", pathParams: ["endpoint_id"], queryParams: [], body: "WebhookEndpointUpdate" },
  "workload_checkins.create": { method: "POST", path: "/workload-checkins", pathParams: [], queryParams: [], body: "WorkloadCheckinCreate" },
  "workload_checkins.list": { method: "GET", path: "/workload-checkins", pathParams: [], queryParams: ["limit","cursor","employee_id","level","week_from","week_to"], body: null },
  "workload_checkins.retrieve": { method: "GET", path: "/workload-checkins/{checkin_id}", pathParams: ["checkin_id"], queryParams: [], body: null },
} as const satisfies Record<string, OperationSpec>;

export type OperationId = keyof typeof OPERATIONS;
