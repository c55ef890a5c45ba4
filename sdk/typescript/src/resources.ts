// The API's resources, one class per namespace of `Pulse`. Every method calls one operation of
// the OpenAPI document by its operationId (see OPERATIONS in generated.ts); the drift check
// (test/drift.test.ts) proves the two sets match, method for method.
import type { APIPromise } from "./api-promise.js";
import type { Pulse, RequestOptions } from "./client.js";
import type { PulseEvent } from "./events.js";
import type {
  DeletedWebhookEndpoint,
  Delivery,
  Employee,
  EmployeeChange,
  EmployeeCreate,
  EmployeeExport,
  EmployeeScore,
  EmployeesHistoryParams,
  EmployeesListParams,
  EmployeeUpdate,
  EventReplay,
  EventsListParams,
  EventTypeList,
  GroupScores,
  Kudos as KudosModel,
  KudosCreate,
  KudosListParams,
  Leave as LeaveModel,
  LeaveBalance,
  LeaveBalanceParams,
  LeaveCreate,
  LeaveDecision,
  LeaveListParams,
  ReplayedDeliveries,
  ScoresGroupsParams,
  ScoresRetrieveParams,
  StatusLogCreate,
  StatusLogEntry,
  StatusLogListParams,
  WebhookEndpoint,
  WebhookEndpointCreate,
  WebhookEndpointsListDeliveriesParams,
  WebhookEndpointsListParams,
  WebhookEndpointUpdate,
  WebhookEndpointWithSecret,
  WorkloadCheckin,
  WorkloadCheckinCreate,
  WorkloadCheckinsListParams,
} from "./generated.js";
import type { PagePromise } from "./pagination.js";

export abstract class APIResource {
  protected readonly _client: Pulse;

  constructor(client: Pulse) {
    this._client = client;
  }
}

/** `pulse.employees`: active and former people in the workspace. */
export class Employees extends APIResource {
  /** `GET /employees`: filters `status`, `department`, `manager_id`, `location`, `q`, `updated_since`. */
  list(params: EmployeesListParams = {}, options?: RequestOptions): PagePromise<Employee> {
    return this._client._list("employees.list", { query: params, options });
  }

  /** `POST /employees`. */
  create(body: EmployeeCreate, options?: RequestOptions): APIPromise<Employee> {
    return this._client._request("employees.create", { body, options });
  }

  /** `GET /employees/{employee_id}`. */
  retrieve(employeeId: string, options?: RequestOptions): APIPromise<Employee> {
    return this._client._request("employees.retrieve", { path: { employee_id: employeeId }, options });
  }

  /**
   * `PATCH /employees/{employee_id}`: send `version` to refuse overwriting a newer change (409).
   * Without `effective_date` (or with today) the change applies now and resolves to the
   * `Employee`; with a later day it is scheduled, and resolves to the `EmployeeChange` (202,
   * `status: "scheduled"`): tell them apart with `isEmployeeChange`.
   */
  update(
    employeeId: string,
    body: EmployeeUpdate & { effective_date?: undefined },
    options?: RequestOptions,
  ): APIPromise<Employee>;
  update(employeeId: string, body: EmployeeUpdate, options?: RequestOptions): APIPromise<Employee | EmployeeChange>;
  update(employeeId: string, body: EmployeeUpdate, options?: RequestOptions): APIPromise<Employee | EmployeeChange> {
    return this._client._request("employees.update", { path: { employee_id: employeeId }, body, options });
  }

  /** `DELETE /employees/{employee_id}`: offboards (end_date = today); the record stays. */
  offboard(employeeId: string, options?: RequestOptions): APIPromise<Employee> {
    return this._client._request("employees.offboard", { path: { employee_id: employeeId }, options });
  }

  /** `GET /employees/{employee_id}/history`: every change, applied, scheduled, cancelled or failed. */
  history(employeeId: string, params: EmployeesHistoryParams = {}, options?: RequestOptions): PagePromise<EmployeeChange> {
    return this._client._list("employees.history", { path: { employee_id: employeeId }, query: params, options });
  }

  /** `DELETE /employees/{employee_id}/history/{change_id}`: cancels a scheduled change before its day. */
  cancelChange(employeeId: string, changeId: string, options?: RequestOptions): APIPromise<EmployeeChange> {
    return this._client._request("employees.cancel_change", {
      path: { employee_id: employeeId, change_id: changeId },
      options,
    });
  }

  /**
   * `POST /employees/{employee_id}/erase`: irreversibly erases a former employee's personal
   * data (integration keys only; an active employee is a 422). Erasing again answers the same.
   */
  erase(employeeId: string, options?: RequestOptions): APIPromise<Employee> {
    return this._client._request("employees.erase", { path: { employee_id: employeeId }, options });
  }

  /** `GET /employees/{employee_id}/export`: everything the API holds about the employee. */
  export(employeeId: string, options?: RequestOptions): APIPromise<EmployeeExport> {
    return this._client._request("employees.export", { path: { employee_id: employeeId }, options });
  }
}

/** Whether `employees.update` scheduled the change (202) rather than applying it now. */
export function isEmployeeChange(result: Employee | EmployeeChange): result is EmployeeChange {
  return "changes" in result && "effective_date" in result;
}

/** `pulse.statusLog`: async stand-up entries, one per employee per day. */
export class StatusLog extends APIResource {
  /** `GET /status-log`: filters `employee_id`, `date_from`, `date_to`, `topic`. */
  list(params: StatusLogListParams = {}, options?: RequestOptions): PagePromise<StatusLogEntry> {
    return this._client._list("status_log.list", { query: params, options });
  }

  /** `POST /status-log`. */
  create(body: StatusLogCreate, options?: RequestOptions): APIPromise<StatusLogEntry> {
    return this._client._request("status_log.create", { body, options });
  }

  /** `GET /status-log/{entry_id}`. */
  retrieve(entryId: string, options?: RequestOptions): APIPromise<StatusLogEntry> {
    return this._client._request("status_log.retrieve", { path: { entry_id: entryId }, options });
  }
}

/** `pulse.kudos`: peer recognition. */
export class Kudos extends APIResource {
  /** `GET /kudos`: filters `from_employee_id`, `to_employee_id`, `tag`, `created_from`, `created_to`. */
  list(params: KudosListParams = {}, options?: RequestOptions): PagePromise<KudosModel> {
    return this._client._list("kudos.list", { query: params, options });
  }

  /** `POST /kudos`. */
  create(body: KudosCreate, options?: RequestOptions): APIPromise<KudosModel> {
    return this._client._request("kudos.create", { body, options });
  }

  /** `GET /kudos/{kudos_id}`. */
  retrieve(kudosId: string, options?: RequestOptions): APIPromise<KudosModel> {
    return this._client._request("kudos.retrieve", { path: { kudos_id: kudosId }, options });
  }
}

/** `pulse.workloadCheckins`: weekly self-reported load. */
export class WorkloadCheckins extends APIResource {
  /** `GET /workload-checkins`: filters `employee_id`, `level`, `week_from`, `week_to`. */
  list(params: WorkloadCheckinsListParams = {}, options?: RequestOptions): PagePromise<WorkloadCheckin> {
    return this._client._list("workload_checkins.list", { query: params, options });
  }

  /** `POST /workload-checkins`. */
  create(body: WorkloadCheckinCreate, options?: RequestOptions): APIPromise<WorkloadCheckin> {
    return this._client._request("workload_checkins.create", { body, options });
  }

  /** `GET /workload-checkins/{checkin_id}`. */
  retrieve(checkinId: string, options?: RequestOptions): APIPromise<WorkloadCheckin> {
    return this._client._request("workload_checkins.retrieve", { path: { checkin_id: checkinId }, options });
  }
}

/** `pulse.leave`: the personal leave journal. */
export class Leave extends APIResource {
  /** `GET /leave`: filters `employee_id`, `kind`, `status`, `from`, `to`. */
  list(params: LeaveListParams = {}, options?: RequestOptions): PagePromise<LeaveModel> {
    return this._client._list("leave.list", { query: params, options });
  }

  /** `POST /leave`: logged at once, or `requested` where managers approve leave. */
  create(body: LeaveCreate, options?: RequestOptions): APIPromise<LeaveModel> {
    return this._client._request("leave.create", { body, options });
  }

  /** `GET /leave/{leave_id}`. */
  retrieve(leaveId: string, options?: RequestOptions): APIPromise<LeaveModel> {
    return this._client._request("leave.retrieve", { path: { leave_id: leaveId }, options });
  }

  /** `DELETE /leave/{leave_id}`: cancels; the leave stays with `status: "cancelled"`. */
  cancel(leaveId: string, options?: RequestOptions): APIPromise<LeaveModel> {
    return this._client._request("leave.cancel", { path: { leave_id: leaveId }, options });
  }

  /** `POST /leave/{leave_id}/approve`: approves requested leave (its manager or an integration key); 409 once decided. */
  approve(leaveId: string, body?: LeaveDecision | null, options?: RequestOptions): APIPromise<LeaveModel> {
    return this._client._request("leave.approve", { path: { leave_id: leaveId }, body, options });
  }

  /** `POST /leave/{leave_id}/decline`: declines requested leave, as `approve` decides; 409 once decided. */
  decline(leaveId: string, body?: LeaveDecision | null, options?: RequestOptions): APIPromise<LeaveModel> {
    return this._client._request("leave.decline", { path: { leave_id: leaveId }, body, options });
  }

  /** `GET /leave/balance/{employee_id}`: every kind's allowance, taken, planned and remaining. */
  balance(employeeId: string, params: LeaveBalanceParams = {}, options?: RequestOptions): APIPromise<LeaveBalance> {
    return this._client._request("leave.balance", { path: { employee_id: employeeId }, query: params, options });
  }
}

/**
 * `pulse.scores`: the Employee Score (scope `read:scores`), methods named after the operation
 * ids `scores.retrieve` and `scores.groups`.
 */
export class Scores extends APIResource {
  /** `GET /employees/{employee_id}/score`: the score over the 90 days ending on `as_of` (today by default). */
  retrieve(employeeId: string, params: ScoresRetrieveParams = {}, options?: RequestOptions): APIPromise<EmployeeScore> {
    return this._client._request("scores.retrieve", { path: { employee_id: employeeId }, query: params, options });
  }

  /** `GET /scores`: mean scores of groups sharing a `department`, `manager_id` or `location` (not paged). */
  groups(params: ScoresGroupsParams, options?: RequestOptions): APIPromise<GroupScores> {
    return this._client._request("scores.groups", { query: params, options });
  }
}

/** `pulse.webhookEndpoints`: where events are delivered. */
export class WebhookEndpoints extends APIResource {
  /** `GET /webhook-endpoints`: filter `enabled`. */
  list(params: WebhookEndpointsListParams = {}, options?: RequestOptions): PagePromise<WebhookEndpoint> {
    return this._client._list("webhook_endpoints.list", { query: params, options });
  }

  /** `POST /webhook-endpoints`: the answer shows the signing `secret`, this once. */
  create(body: WebhookEndpointCreate, options?: RequestOptions): APIPromise<WebhookEndpointWithSecret> {
    return this._client._request("webhook_endpoints.create", { body, options });
  }

  /** `GET /webhook-endpoints/{endpoint_id}`. */
  retrieve(endpointId: string, options?: RequestOptions): APIPromise<WebhookEndpoint> {
    return this._client._request("webhook_endpoints.retrieve", { path: { endpoint_id: endpointId }, options });
  }

  /** `PATCH /webhook-endpoints/{endpoint_id}`: only the fields sent change. */
  update(endpointId: string, body: WebhookEndpointUpdate, options?: RequestOptions): APIPromise<WebhookEndpoint> {
    return this._client._request("webhook_endpoints.update", { path: { endpoint_id: endpointId }, body, options });
  }

  /** `DELETE /webhook-endpoints/{endpoint_id}`: with its deliveries; events stay. */
  delete(endpointId: string, options?: RequestOptions): APIPromise<DeletedWebhookEndpoint> {
    return this._client._request("webhook_endpoints.delete", { path: { endpoint_id: endpointId }, options });
  }

  /** `POST /webhook-endpoints/{endpoint_id}/roll-secret`: a new secret; the old one signs beside it for 24 h. */
  rollSecret(endpointId: string, options?: RequestOptions): APIPromise<WebhookEndpointWithSecret> {
    return this._client._request("webhook_endpoints.roll_secret", { path: { endpoint_id: endpointId }, options });
  }

  /** `POST /webhook-endpoints/{endpoint_id}/test`: a `webhook_endpoint.test` event to this endpoint only. */
  sendTest(endpointId: string, options?: RequestOptions): APIPromise<Delivery> {
    return this._client._request("webhook_endpoints.send_test", { path: { endpoint_id: endpointId }, options });
  }

  /** `GET /webhook-endpoints/{endpoint_id}/deliveries`: every delivery with every attempt. */
  listDeliveries(
    endpointId: string,
    params: WebhookEndpointsListDeliveriesParams = {},
    options?: RequestOptions,
  ): PagePromise<Delivery> {
    return this._client._list("webhook_endpoints.list_deliveries", {
      path: { endpoint_id: endpointId },
      query: params,
      options,
    });
  }
}

/** `pulse.events`: the event log, in the shape webhooks receive. */
export class Events extends APIResource {
  /** `GET /events`: filters `type`, `created_from`, `created_to`, `delivery_failed`. */
  list(params: EventsListParams = {}, options?: RequestOptions): PagePromise<PulseEvent> {
    return this._client._list("events.list", { query: params, options });
  }

  /** `GET /events/{event_id}`. */
  retrieve(eventId: string, options?: RequestOptions): APIPromise<PulseEvent> {
    return this._client._request("events.retrieve", { path: { event_id: eventId }, options });
  }

  /**
   * `POST /events/{event_id}/replay`: a new delivery of the same event, to `endpoint_id` only
   * or (without a body) to every enabled endpoint subscribed to its type.
   */
  replay(eventId: string, body?: EventReplay | null, options?: RequestOptions): APIPromise<ReplayedDeliveries> {
    return this._client._request("events.replay", { path: { event_id: eventId }, body, options });
  }
}

/** `pulse.eventTypes`: the event catalogue. */
export class EventTypes extends APIResource {
  /** `GET /event-types`: every type, its description and the schema of its `data`. */
  list(options?: RequestOptions): APIPromise<EventTypeList> {
    return this._client._request("event_types.list", { options });
  }
}
