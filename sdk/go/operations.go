package pulsehr

import "reflect"

// Operation is one operation of the API as the SDK implements it. The table below is
// what every method sends (method and path), and what the drift test checks against the
// server's /v1/openapi.json in both directions: every operation of the document has an
// entry here and a method on the client, every method an operation, and the parameters,
// bodies and answers match the document's schemas.
type Operation struct {
	ID     string // the OpenAPI operationId, e.g. "employees.list"
	Method string // the HTTP method
	Path   string // below the base URL (so without /v1), e.g. "/employees/{employee_id}"
	SDK    string // the client's service and method, e.g. "Employees.List"

	query  reflect.Type // the struct of query parameters, nil when none
	body   reflect.Type // the struct of the JSON body, nil when none
	result reflect.Type // what a success decodes into
}

func typeOf[T any]() reflect.Type { return reflect.TypeOf((*T)(nil)).Elem() }

var operations = []Operation{
	{"employees.list", "GET", "/employees", "Employees.List", typeOf[EmployeeListParams](), nil, typeOf[Page[Employee]]()},
	{"employees.create", "POST", "/employees", "Employees.Create", nil, typeOf[EmployeeCreateParams](), typeOf[Employee]()},
	{"employees.retrieve", "GET", "/employees/{employee_id}", "Employees.Retrieve", nil, nil, typeOf[Employee]()},
	{"employees.update", "PATCH", "/employees/{employee_id}", "Employees.Update", nil, typeOf[EmployeeUpdateParams](), typeOf[EmployeeUpdateResult]()},
	{"employees.offboard", "DELETE", "/employees/{employee_id}", "Employees.Offboard", nil, nil, typeOf[Employee]()},
	{"employees.history", "GET", "/employees/{employee_id}/history", "Employees.History", typeOf[EmployeeHistoryParams](), nil, typeOf[Page[EmployeeChange]]()},
	{"employees.cancel_change", "DELETE", "/employees/{employee_id}/history/{change_id}", "Employees.CancelChange", nil, nil, typeOf[EmployeeChange]()},
	{"employees.erase", "POST", "/employees/{employee_id}/erase", "Employees.Erase", nil, nil, typeOf[Employee]()},
	{"employees.export", "GET", "/employees/{employee_id}/export", "Employees.Export", nil, nil, typeOf[EmployeeExport]()},

	{"status_log.list", "GET", "/status-log", "StatusLog.List", typeOf[StatusLogListParams](), nil, typeOf[Page[StatusLogEntry]]()},
	{"status_log.create", "POST", "/status-log", "StatusLog.Create", nil, typeOf[StatusLogCreateParams](), typeOf[StatusLogEntry]()},
	{"status_log.retrieve", "GET", "/status-log/{entry_id}", "StatusLog.Retrieve", nil, nil, typeOf[StatusLogEntry]()},

	{"kudos.list", "GET", "/kudos", "Kudos.List", typeOf[KudosListParams](), nil, typeOf[Page[Kudos]]()},
	{"kudos.create", "POST", "/kudos", "Kudos.Create", nil, typeOf[KudosCreateParams](), typeOf[Kudos]()},
	{"kudos.retrieve", "GET", "/kudos/{kudos_id}", "Kudos.Retrieve", nil, nil, typeOf[Kudos]()},

	{"workload_checkins.list", "GET", "/workload-checkins", "WorkloadCheckins.List", typeOf[WorkloadCheckinListParams](), nil, typeOf[Page[WorkloadCheckin]]()},
	{"workload_checkins.create", "POST", "/workload-checkins", "WorkloadCheckins.Create", nil, typeOf[WorkloadCheckinCreateParams](), typeOf[WorkloadCheckin]()},
	{"workload_checkins.retrieve", "GET", "/workload-checkins/{checkin_id}", "WorkloadCheckins.Retrieve", nil, nil, typeOf[WorkloadCheckin]()},

	{"leave.list", "GET", "/leave", "Leave.List", typeOf[LeaveListParams](), nil, typeOf[Page[Leave]]()},
	{"leave.create", "POST", "/leave", "Leave.Create", nil, typeOf[LeaveCreateParams](), typeOf[Leave]()},
	{"leave.retrieve", "GET", "/leave/{leave_id}", "Leave.Retrieve", nil, nil, typeOf[Leave]()},
	{"leave.cancel", "DELETE", "/leave/{leave_id}", "Leave.Cancel", nil, nil, typeOf[Leave]()},
	{"leave.approve", "POST", "/leave/{leave_id}/approve", "Leave.Approve", nil, typeOf[LeaveDecisionParams](), typeOf[Leave]()},
	{"leave.decline", "POST", "/leave/{leave_id}/decline", "Leave.Decline", nil, typeOf[LeaveDecisionParams](), typeOf[Leave]()},
	{"leave.balance", "GET", "/leave/balance/{employee_id}", "Leave.Balance", typeOf[LeaveBalanceParams](), nil, typeOf[LeaveBalance]()},

	{"scores.retrieve", "GET", "/employees/{employee_id}/score", "Scores.Retrieve", typeOf[ScoreParams](), nil, typeOf[EmployeeScore]()},
	{"scores.groups", "GET", "/scores", "Scores.Groups", typeOf[ScoreGroupsParams](), nil, typeOf[GroupScores]()},

	{"webhook_endpoints.list", "GET", "/webhook-endpoints", "WebhookEndpoints.List", typeOf[WebhookEndpointListParams](), nil, typeOf[Page[WebhookEndpoint]]()},
	{"webhook_endpoints.create", "POST", "/webhook-endpoints", "WebhookEndpoints.Create", nil, typeOf[WebhookEndpointCreateParams](), typeOf[WebhookEndpointWithSecret]()},
	{"webhook_endpoints.retrieve", "GET", "/webhook-endpoints/{endpoint_id}", "WebhookEndpoints.Retrieve", nil, nil, typeOf[WebhookEndpoint]()},
	{"webhook_endpoints.update", "PATCH", "/webhook-endpoints/{endpoint_id}", "WebhookEndpoints.Update", nil, typeOf[WebhookEndpointUpdateParams](), typeOf[WebhookEndpoint]()},
	{"webhook_endpoints.delete", "DELETE", "/webhook-endpoints/{endpoint_id}", "WebhookEndpoints.Delete", nil, nil, typeOf[DeletedWebhookEndpoint]()},
	{"webhook_endpoints.roll_secret", "POST", "/webhook-endpoints/{endpoint_id}/roll-secret", "WebhookEndpoints.RollSecret", nil, nil, typeOf[WebhookEndpointWithSecret]()},
	{"webhook_endpoints.send_test", "POST", "/webhook-endpoints/{endpoint_id}/test", "WebhookEndpoints.SendTest", nil, nil, typeOf[Delivery]()},
	{"webhook_endpoints.list_deliveries", "GET", "/webhook-endpoints/{endpoint_id}/deliveries", "WebhookEndpoints.ListDeliveries", typeOf[DeliveryListParams](), nil, typeOf[Page[Delivery]]()},

	{"events.list", "GET", "/events", "Events.List", typeOf[EventListParams](), nil, typeOf[Page[Event]]()},
	{"events.retrieve", "GET", "/events/{event_id}", "Events.Retrieve", nil, nil, typeOf[Event]()},
	{"events.replay", "POST", "/events/{event_id}/replay", "Events.Replay", nil, typeOf[EventReplayParams](), typeOf[ReplayedDeliveries]()},

	{"event_types.list", "GET", "/event-types", "EventTypes.List", nil, nil, typeOf[EventTypeList]()},
}

var operationsByID = func() map[string]Operation {
	m := make(map[string]Operation, len(operations))
	for _, op := range operations {
		if _, dup := m[op.ID]; dup {
			panic("pulsehr: operation listed twice: " + op.ID)
		}
		m[op.ID] = op
	}
	return m
}()

// Operations lists every API operation the SDK implements, with the method serving it.
func Operations() []Operation {
	out := make([]Operation, len(operations))
	copy(out, operations)
	return out
}
