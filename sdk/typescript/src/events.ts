import type {
  Employee,
  EmployeeUpdatedData,
  ErasedEmployee,
  Kudos,
  Leave,
  StatusLogEntry,
  WebhookEndpoint,
  WorkloadCheckin,
} from "./generated.js";

/**
 * The event catalogue (`GET /v1/event-types`): each type and the model of its `data`.
 * The drift check compares it with the server's catalogue.
 */
export interface EventDataMap {
  "employee.created": Employee;
  "employee.updated": EmployeeUpdatedData;
  "employee.offboarded": EmployeeUpdatedData;
  "employee.erased": ErasedEmployee;
  "status_log.posted": StatusLogEntry;
  "kudos.awarded": Kudos;
  "workload.recorded": WorkloadCheckin;
  "leave.logged": Leave;
  "leave.requested": Leave;
  "leave.approved": Leave;
  "leave.declined": Leave;
  "leave.cancelled": Leave;
  "webhook_endpoint.test": WebhookEndpoint;
}

/** Every event type the API emits. */
export type EventTypeName = keyof EventDataMap;

/** Event type → the OpenAPI component of its `data` (the runtime twin of `EventDataMap`). */
export const EVENT_SCHEMAS: Readonly<Record<EventTypeName, string>> = Object.freeze({
  "employee.created": "Employee",
  "employee.updated": "EmployeeUpdatedData",
  "employee.offboarded": "EmployeeUpdatedData",
  "employee.erased": "ErasedEmployee",
  "status_log.posted": "StatusLogEntry",
  "kudos.awarded": "Kudos",
  "workload.recorded": "WorkloadCheckin",
  "leave.logged": "Leave",
  "leave.requested": "Leave",
  "leave.approved": "Leave",
  "leave.declined": "Leave",
  "leave.cancelled": "Leave",
  "webhook_endpoint.test": "WebhookEndpoint",
});

/**
 * An event as the API shows it and webhooks receive it: `{id, type, created_at, data}`,
 * narrowed on `type`:
 *
 *     if (event.type === "leave.logged") event.data.start_date;  // data: Leave
 */
export type PulseEvent = {
  [K in EventTypeName]: {
    /** `evt_…`; stays the same across redeliveries and replays, so dedupe on it. */
    id: string;
    type: K;
    /** RFC 3339, UTC. */
    created_at: string;
    /** The full resource after the change. */
    data: EventDataMap[K];
  };
}[EventTypeName];
