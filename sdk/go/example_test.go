package pulsehr_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"os"
	"time"

	pulsehr "github.com/pulsehr/pulsehr-go"
)

func ExampleNewClient() {
	// PULSE_API_KEY and PULSE_API_BASE, unless given as options.
	client, err := pulsehr.NewClient(
		pulsehr.WithTimeout(10*time.Second),
		pulsehr.WithMaxRetries(3),
	)
	if err != nil {
		log.Fatal(err)
	}
	_ = client
}

func ExampleEmployeesService_ListAutoPaging() {
	client, _ := pulsehr.NewClient()
	ctx := context.Background()
	it := client.Employees.ListAutoPaging(ctx, &pulsehr.EmployeeListParams{
		Department: "Engineering",
		Status:     pulsehr.EmployeeStatusActive,
		Limit:      100, // page size
	})
	for it.Next() {
		e := it.Current()
		fmt.Println(e.ID, e.FullName)
	}
	if err := it.Err(); err != nil {
		log.Fatal(err)
	}
}

func ExampleEmployeesService_Update() {
	client, _ := pulsehr.NewClient()
	_, err := client.Employees.Update(context.Background(), "emp_01HR3…", &pulsehr.EmployeeUpdateParams{
		Role:       pulsehr.Value("Staff Engineer"), // set
		Department: pulsehr.Null[string](),          // clear
		Version:    pulsehr.Int(3),                  // 409 if someone changed it since version 3
	})
	switch {
	case errors.Is(err, pulsehr.ErrConflict):
		// Re-read the employee and try again.
	case err != nil:
		log.Fatal(err)
	}
}

func ExampleError() {
	client, _ := pulsehr.NewClient()
	var resp *pulsehr.Response
	_, err := client.Leave.Create(context.Background(), &pulsehr.LeaveCreateParams{
		Kind: pulsehr.LeaveKindVacation, StartDate: "2026-05-08", EndDate: "2026-05-04",
	}, pulsehr.WithResponseInto(&resp))
	var apiErr *pulsehr.Error
	if errors.As(err, &apiErr) {
		// 422 unprocessable_entity "end_date must be after start_date" [end_date] req_…
		fmt.Println(apiErr.StatusCode, apiErr.Code, apiErr.Message, apiErr.Fields, apiErr.RequestID)
	}
	if resp != nil && resp.RateLimit != nil {
		fmt.Println("requests left this minute:", resp.RateLimit.Remaining)
	}
}

func ExampleVerifyWebhookRequest() {
	secret := os.Getenv("PULSE_WEBHOOK_SECRET") // whsec_…
	http.HandleFunc("/pulse/hook", func(w http.ResponseWriter, r *http.Request) {
		event, err := pulsehr.VerifyWebhookRequest(r, secret)
		if err != nil {
			http.Error(w, "bad signature", http.StatusBadRequest)
			return
		}
		if event.Type == pulsehr.EventLeaveLogged {
			var leave pulsehr.Leave
			if err := event.DecodeData(&leave); err == nil {
				fmt.Println(leave.EmployeeID, leave.StartDate, leave.EndDate, leave.Days)
			}
		}
		w.WriteHeader(http.StatusNoContent) // dedupe on event.ID: delivery is at least once
	})
}
