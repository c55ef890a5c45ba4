// Package pulsehr is the Go client of the Pulse HR REST API v1.
//
// It covers every operation of the API (employees, the status log, kudos, workload
// check-ins, leave, webhook endpoints, events and the event catalogue), with typed
// models and parameters, cursor pagination (one page at a time or an iterator over
// all of them), typed errors, automatic retries with idempotency keys, access to the
// raw HTTP response and its rate-limit figures, and a webhook signature verifier.
// It uses the standard library only.
//
//	client, err := pulsehr.NewClient() // PULSE_API_KEY, PULSE_API_BASE
//	if err != nil { ... }
//	it := client.Employees.ListAutoPaging(ctx, &pulsehr.EmployeeListParams{Department: "Engineering"})
//	for it.Next() {
//		fmt.Println(it.Current().FullName)
//	}
//	if err := it.Err(); err != nil { ... }
//
// # Optional and nullable fields
//
// In parameter structs a plain field (string, Date, int) is left out of the request when
// it holds its zero value, a pointer, slice or map field when it is nil (a non-nil empty
// map or slice is sent as {} or []), and a [Nullable] field when it is unset. Nullable is
// used where the API accepts null to clear a value: [Value] sends a value and [Null] sends
// an explicit JSON null. So a PATCH sends exactly the fields you set:
//
//	client.Employees.Update(ctx, id, &pulsehr.EmployeeUpdateParams{
//		Role:       pulsehr.Value("Staff Engineer"), // set
//		Department: pulsehr.Null[string](),          // clear
//		Version:    pulsehr.Int(3),                  // refuse with 409 if someone changed it since
//	})                                               // every other field: left as it is
//
// In models, a field the API may answer null for is a pointer (nil means null).
package pulsehr
