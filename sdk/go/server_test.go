package pulsehr_test

// Tests against a real `pulse serve` (scripts/with-test-server): every method, pagination
// across pages, and each error from a real error.

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	pulsehr "github.com/pulsehr/pulsehr-go"
)

// The reference page's quick start, in Go: a personal key bound to the sender in
// PULSE_API_KEY, PULSE_API_BASE pointing at the server, nothing else configured.
func TestQuickStart(t *testing.T) {
	env := needServer(t)
	t.Setenv("PULSE_API_KEY", env.PersonalKey)
	ctx := testContext(t)

	pulse, err := pulsehr.NewClient()
	if err != nil {
		t.Fatal(err)
	}

	// Post a status-log entry on behalf of an authenticated user
	entry, err := pulse.StatusLog.Create(ctx, &pulsehr.StatusLogCreateParams{
		EmployeeID: env.EmployeeID,
		Lines: []string{
			"Shipped the OG localiser. Three locales live.",
			"Hit a CLS regression on /product; fix in 1742.",
			"Pairing with Niccolò on the workload trend curve.",
		},
	})
	if err != nil {
		t.Fatal(err)
	}

	// Send a kudos
	kudos, err := pulse.Kudos.Create(ctx, &pulsehr.KudosCreateParams{
		ToEmployeeID: env.ColleagueID,
		Coins:        10,
		Tag:          "craft",
		Note:         "Picked up the failing migration without anyone asking.",
	})
	if err != nil {
		t.Fatal(err)
	}

	if pulse.BaseURL() != strings.TrimRight(env.Base, "/") || entry.EmployeeID != env.EmployeeID ||
		entry.Date != pulsehr.Today() || len(entry.Lines) != 3 || entry.Lines[2] != "Pairing with Niccolò on the workload trend curve." {
		t.Fatalf("entry %+v", entry)
	}
	if kudos.FromEmployeeID != env.EmployeeID || kudos.ToEmployeeID != env.ColleagueID || kudos.Coins != 10 || str(kudos.Note) == "<nil>" {
		t.Fatalf("kudos %+v", kudos)
	}
}

func TestEmployees(t *testing.T) {
	env := needServer(t)
	ctx := testContext(t)
	c := env.client(t, env.Key)
	tok := token()
	dept := "Go SDK " + tok

	// Create, with an Idempotency-Key of our own: a retry replays, a different body is 409.
	key := "go-sdk-hire-" + tok
	params := &pulsehr.EmployeeCreateParams{
		FullName: "Ada Lovelace " + tok, Email: "ada." + tok + "@example.com", StartDate: "2024-01-15",
		Department: dept, Country: "gb", Role: "Engineer", CustomFields: map[string]interface{}{"shirt_size": "M", "remote": true},
	}
	var resp *pulsehr.Response
	ada, err := c.Employees.Create(ctx, params, pulsehr.WithIdempotencyKey(key), pulsehr.WithResponseInto(&resp))
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 201 || resp.IdempotentReplayed || !strings.HasPrefix(resp.RequestID, "req_") || resp.Attempts != 1 {
		t.Fatalf("response %+v", resp)
	}
	if !strings.HasPrefix(ada.ID, "emp_") || ada.FullName != params.FullName || str(ada.Country) != "GB" ||
		ada.Status != pulsehr.EmployeeStatusActive || ada.Version != 1 || ada.StartDate != "2024-01-15" ||
		ada.EndDate != nil || ada.ManagerID != nil || ada.CustomFields["remote"] != true || ada.CreatedAt.IsZero() {
		t.Fatalf("created %+v", ada)
	}
	again, err := c.Employees.Create(ctx, params, pulsehr.WithIdempotencyKey(key), pulsehr.WithResponseInto(&resp))
	if err != nil || again.ID != ada.ID || !resp.IdempotentReplayed {
		t.Fatalf("replay: %+v %v (replayed %v)", again, err, resp != nil && resp.IdempotentReplayed)
	}
	_, err = c.Employees.Create(ctx, &pulsehr.EmployeeCreateParams{FullName: "Someone Else", StartDate: "2024-01-15"}, pulsehr.WithIdempotencyKey(key), pulsehr.WithResponseInto(&resp))
	var apiErr *pulsehr.Error
	if !errors.As(err, &apiErr) || apiErr.Code != pulsehr.CodeConflict || strings.Join(apiErr.Fields, ",") != "Idempotency-Key" || resp.Attempts != 1 {
		t.Fatalf("same key, other body: %v", err)
	}

	// Four more in the department, for pagination.
	ids := []string{ada.ID}
	for i := 0; i < 4; i++ {
		e, err := c.Employees.Create(ctx, &pulsehr.EmployeeCreateParams{FullName: "Go Person " + tok + " " + string(rune('A'+i)), StartDate: "2024-01-15", Department: dept})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, e.ID)
	}

	// Pages by hand: 2 + 2 + 1.
	var paged []string
	filter := &pulsehr.EmployeeListParams{Department: dept, Limit: 2}
	for n := 1; ; n++ {
		page, err := c.Employees.List(ctx, filter)
		if err != nil {
			t.Fatal(err)
		}
		if page.TotalCount != 5 || len(page.Data) != map[int]int{1: 2, 2: 2, 3: 1}[n] {
			t.Fatalf("page %d: %d items of %d", n, len(page.Data), page.TotalCount)
		}
		for _, e := range page.Data {
			paged = append(paged, e.ID)
		}
		if !page.HasMore() {
			break
		}
		next := *filter
		next.Cursor = page.NextCursor
		filter = &next
	}
	if strings.Join(paged, ",") != strings.Join(ids, ",") || !sort.StringsAreSorted(paged) {
		t.Fatalf("pages %v, created %v", paged, ids)
	}
	// The iterator, across the same pages.
	it := c.Employees.ListAutoPaging(ctx, &pulsehr.EmployeeListParams{Department: dept, Limit: 2})
	var iterated []string
	for it.Next() {
		iterated = append(iterated, it.Current().ID)
		if it.Page().TotalCount != 5 {
			t.Fatal("TotalCount on the iterator's page")
		}
	}
	if it.Err() != nil || strings.Join(iterated, ",") != strings.Join(ids, ",") {
		t.Fatalf("iterated %v (%v)", iterated, it.Err())
	}
	if page, err := c.Employees.List(ctx, &pulsehr.EmployeeListParams{Q: strings.ToUpper(tok), Status: pulsehr.EmployeeStatusActive}); err != nil || page.TotalCount != 5 {
		t.Fatalf("q filter: %v %v", page, err)
	}

	// Retrieve.
	got, err := c.Employees.Retrieve(ctx, ada.ID)
	if err != nil || got.ID != ada.ID || str(got.Email) != "ada."+tok+"@example.com" {
		t.Fatalf("retrieve %+v %v", got, err)
	}

	// Update: only the fields set are sent; Null clears; Version guards.
	up, err := c.Employees.Update(ctx, ada.ID, &pulsehr.EmployeeUpdateParams{
		Role: pulsehr.Value("Staff Engineer"), Location: pulsehr.Value("Milan"), Version: pulsehr.Int(1),
	})
	if err != nil || str(up.Role) != "Staff Engineer" || str(up.Location) != "Milan" || up.Version != 2 || str(up.Department) != dept || up.CustomFields["shirt_size"] != "M" {
		t.Fatalf("update 1: %+v %v", up, err)
	}
	up, err = c.Employees.Update(ctx, ada.ID, &pulsehr.EmployeeUpdateParams{Role: pulsehr.Null[string](), CustomFields: map[string]interface{}{}})
	if err != nil || up.Role != nil || str(up.Location) != "Milan" || len(up.CustomFields) != 0 || up.Version != 3 || str(up.Country) != "GB" {
		t.Fatalf("update 2: %+v %v", up, err)
	}
	_, err = c.Employees.Update(ctx, ada.ID, &pulsehr.EmployeeUpdateParams{FullName: pulsehr.String("Ada K."), Version: pulsehr.Int(1)})
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 409 || strings.Join(apiErr.Fields, ",") != "version" || !strings.Contains(apiErr.Message, "3") {
		t.Fatalf("stale version: %v", err)
	}
	_, err = c.Employees.Update(ctx, ids[1], &pulsehr.EmployeeUpdateParams{ManagerID: pulsehr.Value(ids[1])})
	if !errors.Is(err, pulsehr.ErrUnprocessableEntity) || pulsehr.CodeOf(err) != pulsehr.CodeUnprocessableEntity {
		t.Fatalf("own manager: %v", err)
	}
	up, err = c.Employees.Update(ctx, ids[1], &pulsehr.EmployeeUpdateParams{ManagerID: pulsehr.Value(ada.ID)})
	if err != nil || str(up.ManagerID) != ada.ID {
		t.Fatalf("manager: %+v %v", up, err)
	}
	if page, err := c.Employees.List(ctx, &pulsehr.EmployeeListParams{ManagerID: ada.ID, Location: ""}); err != nil || page.TotalCount != 1 || page.Data[0].ID != ids[1] {
		t.Fatalf("manager_id filter: %v %v", page, err)
	}

	// Offboard.
	gone, err := c.Employees.Offboard(ctx, ids[4])
	if err != nil || gone.Status != pulsehr.EmployeeStatusFormer || gone.EndDate == nil || *gone.EndDate != pulsehr.Today() {
		t.Fatalf("offboard %+v %v", gone, err)
	}
	if page, err := c.Employees.List(ctx, &pulsehr.EmployeeListParams{Department: dept, Status: pulsehr.EmployeeStatusFormer}); err != nil || page.TotalCount != 1 {
		t.Fatalf("status filter: %v %v", page, err)
	}
}

func TestStatusLog(t *testing.T) {
	env := needServer(t)
	ctx := testContext(t)
	me := env.client(t, env.PersonalKey)

	entry, err := me.StatusLog.Create(ctx, &pulsehr.StatusLogCreateParams{
		Date: "2025-03-03", Lines: []string{"  Wrote the Go SDK.  ", "Tested it against a real server."}, Topic: "go-sdk",
	})
	if err != nil {
		t.Fatal(err)
	}
	if entry.EmployeeID != env.EmployeeID || entry.Date != "2025-03-03" || entry.Lines[0] != "Wrote the Go SDK." || str(entry.Topic) != "go-sdk" {
		t.Fatalf("entry %+v", entry)
	}
	got, err := me.StatusLog.Retrieve(ctx, entry.ID)
	if err != nil || got.ID != entry.ID || !got.CreatedAt.Equal(entry.CreatedAt) {
		t.Fatalf("retrieve %+v %v", got, err)
	}
	filter := &pulsehr.StatusLogListParams{EmployeeID: env.EmployeeID, DateFrom: "2025-03-01", DateTo: "2025-03-31", Topic: "go-sdk"}
	page, err := me.StatusLog.List(ctx, filter)
	if err != nil || page.TotalCount != 1 || page.Data[0].ID != entry.ID {
		t.Fatalf("list %+v %v", page, err)
	}
	it := me.StatusLog.ListAutoPaging(ctx, &pulsehr.StatusLogListParams{EmployeeID: env.EmployeeID, Limit: 1})
	found := false
	for it.Next() {
		found = found || it.Current().ID == entry.ID
	}
	if it.Err() != nil || !found {
		t.Fatalf("iterator: found %v, %v", found, it.Err())
	}

	_, err = me.StatusLog.Create(ctx, &pulsehr.StatusLogCreateParams{Date: "2025-03-03", Lines: []string{"Again."}})
	var apiErr *pulsehr.Error
	if !errors.As(err, &apiErr) || apiErr.Code != pulsehr.CodeConflict || strings.Join(apiErr.Fields, ",") != "date" {
		t.Fatalf("second entry the same day: %v", err)
	}
	_, err = env.client(t, env.Key).StatusLog.Create(ctx, &pulsehr.StatusLogCreateParams{Date: "2025-03-04", Lines: []string{"Who am I?"}})
	if !errors.As(err, &apiErr) || apiErr.Code != pulsehr.CodeInvalidRequest || strings.Join(apiErr.Fields, ",") != "employee_id" {
		t.Fatalf("integration key without employee_id: %v", err)
	}
}

func TestKudos(t *testing.T) {
	env := needServer(t)
	ctx := testContext(t)
	me := env.client(t, env.PersonalKey)
	since := time.Now().Add(-time.Hour)

	k, err := me.Kudos.Create(ctx, &pulsehr.KudosCreateParams{ToEmployeeID: env.ColleagueID, Coins: 2, Tag: "go-sdk", Note: "Reviewed the Go SDK."})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(k.ID, "kudo_") || k.FromEmployeeID != env.EmployeeID || k.Coins != 2 || k.Tag != "go-sdk" || str(k.Note) != "Reviewed the Go SDK." {
		t.Fatalf("kudos %+v", k)
	}
	got, err := me.Kudos.Retrieve(ctx, k.ID)
	if err != nil || got.ID != k.ID {
		t.Fatalf("retrieve %+v %v", got, err)
	}
	page, err := me.Kudos.List(ctx, &pulsehr.KudosListParams{FromEmployeeID: env.EmployeeID, ToEmployeeID: env.ColleagueID, Tag: "go-sdk", CreatedFrom: since, CreatedTo: time.Now().Add(time.Hour)})
	if err != nil || page.TotalCount != 1 || page.Data[0].ID != k.ID {
		t.Fatalf("list %+v %v", page, err)
	}
	it := me.Kudos.ListAutoPaging(ctx, &pulsehr.KudosListParams{ToEmployeeID: env.ColleagueID, Limit: 1})
	n := 0
	for it.Next() {
		n++
	}
	if it.Err() != nil || n < 1 || n != it.Page().TotalCount {
		t.Fatalf("iterator: %d items, %v", n, it.Err())
	}

	_, err = me.Kudos.Create(ctx, &pulsehr.KudosCreateParams{ToEmployeeID: env.EmployeeID, Coins: 1, Tag: "self"})
	if !errors.Is(err, pulsehr.ErrUnprocessableEntity) {
		t.Fatalf("self-kudos: %v", err)
	}
	_, err = me.Kudos.Create(ctx, &pulsehr.KudosCreateParams{ToEmployeeID: env.ColleagueID, Coins: 1000, Tag: "too-much"})
	var apiErr *pulsehr.Error
	if !errors.As(err, &apiErr) || apiErr.Code != pulsehr.CodeUnprocessableEntity || strings.Join(apiErr.Fields, ",") != "coins" {
		t.Fatalf("over the allowance: %v", err)
	}
	_, err = me.Kudos.Create(ctx, &pulsehr.KudosCreateParams{FromEmployeeID: env.ColleagueID, ToEmployeeID: env.EmployeeID, Coins: 1, Tag: "impostor"})
	if !errors.Is(err, pulsehr.ErrPermissionDenied) {
		t.Fatalf("a personal key sending for someone else: %v", err)
	}
}

func TestWorkloadCheckins(t *testing.T) {
	env := needServer(t)
	ctx := testContext(t)
	me := env.client(t, env.PersonalKey)

	w, err := me.WorkloadCheckins.Create(ctx, &pulsehr.WorkloadCheckinCreateParams{Level: pulsehr.WorkloadHeavy, WeekStart: "2025-03-03"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(w.ID, "wl_") || w.EmployeeID != env.EmployeeID || w.WeekStart != "2025-03-03" || w.Level != pulsehr.WorkloadHeavy {
		t.Fatalf("check-in %+v", w)
	}
	got, err := me.WorkloadCheckins.Retrieve(ctx, w.ID)
	if err != nil || got.ID != w.ID {
		t.Fatalf("retrieve %+v %v", got, err)
	}
	page, err := me.WorkloadCheckins.List(ctx, &pulsehr.WorkloadCheckinListParams{EmployeeID: env.EmployeeID, Level: pulsehr.WorkloadHeavy, WeekFrom: "2025-03-01", WeekTo: "2025-03-31"})
	if err != nil || page.TotalCount != 1 || page.Data[0].ID != w.ID {
		t.Fatalf("list %+v %v", page, err)
	}

	// This week's, by default.
	now, err := me.WorkloadCheckins.Create(ctx, &pulsehr.WorkloadCheckinCreateParams{Level: pulsehr.WorkloadBalanced})
	if err != nil {
		t.Fatal(err)
	}
	today := time.Now().UTC()
	monday := pulsehr.DateOf(today.AddDate(0, 0, -((int(today.Weekday()) + 6) % 7)))
	if now.WeekStart != monday {
		t.Fatalf("default week %s, want %s", now.WeekStart, monday)
	}
	it := me.WorkloadCheckins.ListAutoPaging(ctx, &pulsehr.WorkloadCheckinListParams{EmployeeID: env.EmployeeID, Limit: 1})
	var seen []string
	for it.Next() {
		seen = append(seen, it.Current().ID)
	}
	if it.Err() != nil || len(seen) < 2 || !sort.StringsAreSorted(seen) {
		t.Fatalf("iterator %v %v", seen, it.Err())
	}

	_, err = me.WorkloadCheckins.Create(ctx, &pulsehr.WorkloadCheckinCreateParams{Level: pulsehr.WorkloadLight, WeekStart: "2025-03-03"})
	if !errors.Is(err, pulsehr.ErrConflict) {
		t.Fatalf("second check-in the same week: %v", err)
	}
	_, err = me.WorkloadCheckins.Create(ctx, &pulsehr.WorkloadCheckinCreateParams{Level: pulsehr.WorkloadLight, WeekStart: "2025-03-04"})
	var apiErr *pulsehr.Error
	if !errors.As(err, &apiErr) || apiErr.Code != pulsehr.CodeInvalidRequest || strings.Join(apiErr.Fields, ",") != "week_start" {
		t.Fatalf("a Tuesday: %v", err)
	}
}

func TestLeave(t *testing.T) {
	env := needServer(t)
	ctx := testContext(t)
	me := env.client(t, env.PersonalKey)

	trip, err := me.Leave.Create(ctx, &pulsehr.LeaveCreateParams{Kind: pulsehr.LeaveKindVacation, StartDate: "2030-06-03", EndDate: "2030-06-07", Note: "Lisbon"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(trip.ID, "lv_") || trip.EmployeeID != env.EmployeeID || trip.Days != 5 || trip.Status != pulsehr.LeaveStatusLogged || trip.CancelledAt != nil || str(trip.Note) != "Lisbon" {
		t.Fatalf("leave %+v", trip)
	}
	half, err := me.Leave.Create(ctx, &pulsehr.LeaveCreateParams{Kind: pulsehr.LeaveKindPersonal, StartDate: "2030-07-01", EndDate: "2030-07-01", Days: pulsehr.Float(0.5)})
	if err != nil || half.Days != 0.5 {
		t.Fatalf("half day %+v %v", half, err)
	}
	got, err := me.Leave.Retrieve(ctx, trip.ID)
	if err != nil || got.ID != trip.ID || got.StartDate != "2030-06-03" || got.EndDate != "2030-06-07" {
		t.Fatalf("retrieve %+v %v", got, err)
	}
	page, err := me.Leave.List(ctx, &pulsehr.LeaveListParams{EmployeeID: env.EmployeeID, Kind: pulsehr.LeaveKindVacation, Status: pulsehr.LeaveStatusLogged, From: "2030-06-05", To: "2030-06-05"})
	if err != nil || page.TotalCount != 1 || page.Data[0].ID != trip.ID {
		t.Fatalf("list %+v %v", page, err)
	}
	it := me.Leave.ListAutoPaging(ctx, &pulsehr.LeaveListParams{EmployeeID: env.EmployeeID, From: "2030-01-01", To: "2030-12-31", Limit: 1})
	var ids []string
	for it.Next() {
		ids = append(ids, it.Current().ID)
	}
	if it.Err() != nil || strings.Join(ids, ",") != trip.ID+","+half.ID {
		t.Fatalf("iterator %v %v", ids, it.Err())
	}

	balance, err := me.Leave.Balance(ctx, env.EmployeeID, &pulsehr.LeaveBalanceParams{Year: 2030})
	if err != nil || balance.Year != 2030 || balance.EmployeeID != env.EmployeeID {
		t.Fatalf("balance %+v %v", balance, err)
	}
	kinds := map[pulsehr.LeaveKind]pulsehr.KindBalance{}
	for _, b := range balance.Balances {
		kinds[b.Kind] = b
	}
	vac, per, sick := kinds[pulsehr.LeaveKindVacation], kinds[pulsehr.LeaveKindPersonal], kinds[pulsehr.LeaveKindSick]
	if len(kinds) != 6 || vac.Planned != 5 || vac.Taken != 0 || vac.Allowance == nil || *vac.Allowance != 25 || *vac.Remaining != 20 ||
		per.Planned != 0.5 || *per.Remaining != 2.5 || sick.Allowance != nil || sick.Remaining != nil {
		t.Fatalf("balances %+v", balance.Balances)
	}
	if this, err := me.Leave.Balance(ctx, env.EmployeeID, nil); err != nil || this.Year != time.Now().UTC().Year() {
		t.Fatalf("this year's balance %+v %v", this, err)
	}

	_, err = me.Leave.Create(ctx, &pulsehr.LeaveCreateParams{Kind: pulsehr.LeaveKindSick, StartDate: "2030-06-06", EndDate: "2030-06-10"})
	if !errors.Is(err, pulsehr.ErrConflict) {
		t.Fatalf("overlap: %v", err)
	}

	cancelled, err := me.Leave.Cancel(ctx, trip.ID)
	if err != nil || cancelled.Status != pulsehr.LeaveStatusCancelled || cancelled.CancelledAt == nil {
		t.Fatalf("cancel %+v %v", cancelled, err)
	}
	twice, err := me.Leave.Cancel(ctx, trip.ID)
	if err != nil || twice.Status != pulsehr.LeaveStatusCancelled || !twice.CancelledAt.Equal(*cancelled.CancelledAt) {
		t.Fatalf("cancel again %+v %v", twice, err)
	}
	balance, _ = me.Leave.Balance(ctx, env.EmployeeID, &pulsehr.LeaveBalanceParams{Year: 2030})
	for _, b := range balance.Balances {
		if b.Kind == pulsehr.LeaveKindVacation && b.Planned != 0 {
			t.Fatalf("cancelled leave still counts: %+v", b)
		}
	}
}

func TestEmployeeHistoryScheduledChangesAndUpdatedSince(t *testing.T) {
	env := needServer(t)
	ctx := testContext(t)
	c := env.client(t, env.Key)

	person := must(c.Employees.Create(ctx, &pulsehr.EmployeeCreateParams{FullName: "Mary " + token(), StartDate: "2020-01-06", Role: "Engineer"}))(t)
	tomorrow := pulsehr.DateOf(time.Now().UTC().AddDate(0, 0, 1))
	scheduled, err := c.Employees.Update(ctx, person.ID, &pulsehr.EmployeeUpdateParams{Role: pulsehr.Value("Lead"), EffectiveDate: &tomorrow})
	if err != nil || scheduled.Employee != nil || scheduled.Scheduled == nil {
		t.Fatalf("a later effective date answers the scheduled change: %+v %v", scheduled, err)
	}
	change := scheduled.Scheduled
	if !strings.HasPrefix(change.ID, "chg_") || change.Status != pulsehr.ChangeScheduled || change.EffectiveDate != tomorrow ||
		change.Changes["role"].From != "Engineer" || change.Changes["role"].To != "Lead" || change.EventID != nil {
		t.Fatalf("scheduled change %+v", change)
	}
	if got := must(c.Employees.Retrieve(ctx, person.ID))(t); str(got.Role) != "Engineer" {
		t.Fatalf("the role changed before its day: %s", str(got.Role))
	}

	now, err := c.Employees.Update(ctx, person.ID, &pulsehr.EmployeeUpdateParams{Location: pulsehr.Value("Turin")})
	if err != nil || now.Scheduled != nil || now.Employee == nil || str(now.Location) != "Turin" {
		t.Fatalf("an update without effective date applies now: %+v %v", now, err)
	}

	it := c.Employees.HistoryAutoPaging(ctx, person.ID, &pulsehr.EmployeeHistoryParams{Limit: 1})
	byID := map[string]pulsehr.EmployeeChange{}
	for it.Next() {
		byID[it.Current().ID] = it.Current()
	}
	if it.Err() != nil || len(byID) < 3 || byID[change.ID].Status != pulsehr.ChangeScheduled {
		t.Fatalf("history %+v %v", byID, it.Err())
	}
	page := must(c.Employees.History(ctx, person.ID, nil))(t)
	if page.TotalCount != len(byID) {
		t.Fatalf("history page %+v", page)
	}
	var applied pulsehr.EmployeeChange
	for _, ch := range byID {
		if _, ok := ch.Changes["location"]; ok {
			applied = ch
		}
	}
	if applied.Status != pulsehr.ChangeApplied || applied.EventID == nil {
		t.Fatalf("applied change %+v", applied)
	}
	event := must(c.Events.Retrieve(ctx, *applied.EventID))(t)
	var data pulsehr.EmployeeUpdatedData
	if err := event.DecodeData(&data); err != nil || data.ID != person.ID {
		t.Fatalf("employee.updated data %+v %v", data, err)
	}
	if before, ok := data.PreviousAttributes["location"]; !ok || before != nil {
		t.Fatalf("previous_attributes %+v", data.PreviousAttributes)
	}

	cancelled, err := c.Employees.CancelChange(ctx, person.ID, change.ID)
	if err != nil || cancelled.ID != change.ID || cancelled.Status != pulsehr.ChangeCancelled {
		t.Fatalf("cancel %+v %v", cancelled, err)
	}

	since := c.Employees.ListAutoPaging(ctx, &pulsehr.EmployeeListParams{UpdatedSince: now.UpdatedAt, Limit: 200})
	found := false
	for since.Next() {
		found = found || since.Current().ID == person.ID
	}
	if since.Err() != nil || !found {
		t.Fatalf("updated_since missed the employee: %v", since.Err())
	}
}

func TestEmployeeExportAndErase(t *testing.T) {
	env := needServer(t)
	ctx := testContext(t)
	c := env.client(t, env.Key)

	person := must(c.Employees.Create(ctx, &pulsehr.EmployeeCreateParams{FullName: "Katherine " + token(), StartDate: "2020-01-06", Role: "Analyst"}))(t)
	colleague := must(c.Employees.Create(ctx, &pulsehr.EmployeeCreateParams{FullName: "Colleague " + token(), StartDate: "2020-01-06"}))(t)
	entry := must(c.StatusLog.Create(ctx, &pulsehr.StatusLogCreateParams{EmployeeID: person.ID, Lines: []string{"Private."}}))(t)
	kudos := must(c.Kudos.Create(ctx, &pulsehr.KudosCreateParams{FromEmployeeID: colleague.ID, ToEmployeeID: person.ID, Coins: 3, Tag: "help"}))(t)

	exported, err := c.Employees.Export(ctx, person.ID)
	if err != nil || exported.Employee.ID != person.ID || len(exported.StatusLog) != 1 || exported.StatusLog[0].ID != entry.ID ||
		len(exported.KudosReceived) != 1 || exported.KudosReceived[0].ID != kudos.ID || exported.Score.EmployeeID != person.ID ||
		len(exported.History) == 0 || exported.ExportedAt.IsZero() {
		t.Fatalf("export %+v %v", exported, err)
	}

	if _, err := c.Employees.Erase(ctx, person.ID); !errors.Is(err, pulsehr.ErrUnprocessableEntity) {
		t.Fatalf("erasing an active employee: %v", err)
	}
	must(c.Employees.Offboard(ctx, person.ID))(t)
	erased, err := c.Employees.Erase(ctx, person.ID, pulsehr.WithIdempotencyKey("erase-"+token()))
	if err != nil || erased.ID != person.ID || erased.FullName == person.FullName || erased.Role != nil {
		t.Fatalf("erase %+v %v", erased, err)
	}
	again := must(c.Employees.Erase(ctx, person.ID))(t)
	if again.FullName != erased.FullName || again.Version != erased.Version {
		t.Fatalf("erasing again %+v, first %+v", again, erased)
	}
	events := c.Events.ListAutoPaging(ctx, &pulsehr.EventListParams{Type: pulsehr.EventEmployeeErased, CreatedFrom: person.CreatedAt})
	found := false
	for events.Next() {
		var data pulsehr.ErasedEmployee
		event := events.Current()
		if err := event.DecodeData(&data); err == nil && data.ID == person.ID {
			found = true
		}
	}
	if events.Err() != nil || !found {
		t.Fatalf("no employee.erased event: %v", events.Err())
	}
}

func TestScores(t *testing.T) {
	env := needServer(t)
	ctx := testContext(t)
	c := env.client(t, env.Key)

	department := "Scored " + token()
	var ids []string
	for i := 0; i < 3; i++ {
		e := must(c.Employees.Create(ctx, &pulsehr.EmployeeCreateParams{FullName: "Scored " + token(), StartDate: "2020-01-06", Department: department}))(t)
		ids = append(ids, e.ID)
	}
	today := pulsehr.Today()
	score, err := c.Scores.Retrieve(ctx, ids[0], &pulsehr.ScoreParams{AsOf: today})
	if err != nil || score.EmployeeID != ids[0] || score.AsOf != today || score.WindowDays != 90 || len(score.Factors) != 4 ||
		score.Previous.AsOf != pulsehr.DateOf(time.Now().UTC().AddDate(0, 0, -90)) {
		t.Fatalf("score %+v %v", score, err)
	}
	if dflt := must(c.Scores.Retrieve(ctx, ids[0], nil))(t); dflt.AsOf != today {
		t.Fatalf("as_of defaults to today: %s", dflt.AsOf)
	}
	groups, err := c.Scores.Groups(ctx, &pulsehr.ScoreGroupsParams{GroupBy: pulsehr.GroupByDepartment})
	if err != nil || groups.GroupBy != pulsehr.GroupByDepartment || groups.AsOf != today {
		t.Fatalf("groups %+v %v", groups, err)
	}
	members := -1
	for _, g := range groups.Data {
		if str(g.Key) == department {
			members = g.Employees
		}
	}
	if members != 3 {
		t.Fatalf("the department's group has %d employees", members)
	}
	tomorrow := pulsehr.DateOf(time.Now().UTC().AddDate(0, 0, 1))
	if _, err := c.Scores.Retrieve(ctx, ids[0], &pulsehr.ScoreParams{AsOf: tomorrow}); !errors.Is(err, pulsehr.ErrUnprocessableEntity) {
		t.Fatalf("a later as_of: %v", err)
	}
}

func TestLeaveApproval(t *testing.T) {
	env := needServer(t)
	ctx := testContext(t)
	c := env.client(t, env.ApprovalKey)

	person := must(c.Employees.Create(ctx, &pulsehr.EmployeeCreateParams{FullName: "Annie " + token(), StartDate: "2020-01-06"}))(t)
	requested, err := c.Leave.Create(ctx, &pulsehr.LeaveCreateParams{EmployeeID: person.ID, Kind: pulsehr.LeaveKindVacation, StartDate: "2030-08-05", EndDate: "2030-08-09"})
	if err != nil || requested.Status != pulsehr.LeaveStatusRequested || requested.DecidedAt != nil || requested.DecidedBy != nil || requested.DecisionNote != nil {
		t.Fatalf("requested %+v %v", requested, err)
	}
	vacation := func() pulsehr.KindBalance {
		balance := must(c.Leave.Balance(ctx, person.ID, &pulsehr.LeaveBalanceParams{Year: 2030}))(t)
		for _, b := range balance.Balances {
			if b.Kind == pulsehr.LeaveKindVacation {
				return b
			}
		}
		t.Fatal("no vacation balance")
		return pulsehr.KindBalance{}
	}
	if b := vacation(); b.Pending != requested.Days || b.Planned != 0 {
		t.Fatalf("pending balance %+v", b)
	}

	approved, err := c.Leave.Approve(ctx, requested.ID, &pulsehr.LeaveDecisionParams{Note: "Enjoy"})
	if err != nil || approved.Status != pulsehr.LeaveStatusApproved || str(approved.DecisionNote) != "Enjoy" || approved.DecidedAt == nil {
		t.Fatalf("approve %+v %v", approved, err)
	}
	if _, err := c.Leave.Decline(ctx, requested.ID, nil); !errors.Is(err, pulsehr.ErrConflict) {
		t.Fatalf("declining approved leave: %v", err)
	}
	if b := vacation(); b.Pending != 0 || b.Planned != requested.Days {
		t.Fatalf("approved balance %+v", b)
	}

	second := must(c.Leave.Create(ctx, &pulsehr.LeaveCreateParams{EmployeeID: person.ID, Kind: pulsehr.LeaveKindPersonal, StartDate: "2030-09-02", EndDate: "2030-09-02"}))(t)
	declined, err := c.Leave.Decline(ctx, second.ID, nil)
	if err != nil || declined.Status != pulsehr.LeaveStatusDeclined || declined.DecisionNote != nil {
		t.Fatalf("decline %+v %v", declined, err)
	}
	seen := map[string]bool{}
	events := c.Events.ListAutoPaging(ctx, &pulsehr.EventListParams{CreatedFrom: person.CreatedAt})
	for events.Next() {
		seen[events.Current().Type] = true
	}
	for _, want := range []string{pulsehr.EventLeaveRequested, pulsehr.EventLeaveApproved, pulsehr.EventLeaveDeclined} {
		if !seen[want] {
			t.Errorf("no %s event (saw %v, %v)", want, seen, events.Err())
		}
	}
}

func TestWebhookEndpointsAndEvents(t *testing.T) {
	env := needServer(t)
	ctx := testContext(t)
	c := env.client(t, env.Key)

	we, err := c.WebhookEndpoints.Create(ctx, &pulsehr.WebhookEndpointCreateParams{
		URL: "http://127.0.0.1:9/go-sdk-hook", Events: []string{pulsehr.EventLeaveLogged, pulsehr.EventLeaveCancelled}, Description: "Go SDK tests",
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(we.ID, "we_") || !strings.HasPrefix(we.Secret, "whsec_") || !we.Enabled || str(we.Description) != "Go SDK tests" || len(we.Events) != 2 {
		t.Fatalf("endpoint %+v", we)
	}
	got, err := c.WebhookEndpoints.Retrieve(ctx, we.ID)
	if err != nil || got.ID != we.ID || got.URL != we.URL {
		t.Fatalf("retrieve %+v %v", got, err)
	}
	inList := func(enabled bool) bool {
		it := c.WebhookEndpoints.ListAutoPaging(ctx, &pulsehr.WebhookEndpointListParams{Enabled: pulsehr.Bool(enabled), Limit: 1})
		for it.Next() {
			if it.Current().ID == we.ID {
				return true
			}
		}
		if it.Err() != nil {
			t.Fatal(it.Err())
		}
		return false
	}
	if !inList(true) || inList(false) {
		t.Fatal("enabled filter")
	}
	page, err := c.WebhookEndpoints.List(ctx, nil)
	if err != nil || page.TotalCount < 1 {
		t.Fatalf("list %+v %v", page, err)
	}

	up, err := c.WebhookEndpoints.Update(ctx, we.ID, &pulsehr.WebhookEndpointUpdateParams{Description: pulsehr.Null[string](), Enabled: pulsehr.Bool(false), Events: []string{pulsehr.EventAll}})
	if err != nil || up.Description != nil || up.Enabled || strings.Join(up.Events, ",") != "*" || up.URL != we.URL {
		t.Fatalf("update %+v %v", up, err)
	}
	if !inList(false) {
		t.Fatal("disabled endpoint not listed with enabled=false")
	}
	if up, err = c.WebhookEndpoints.Update(ctx, we.ID, &pulsehr.WebhookEndpointUpdateParams{Enabled: pulsehr.Bool(true)}); err != nil || !up.Enabled || up.DisabledReason != nil {
		t.Fatalf("enable %+v %v", up, err)
	}

	rolled, err := c.WebhookEndpoints.RollSecret(ctx, we.ID)
	if err != nil || rolled.ID != we.ID || !strings.HasPrefix(rolled.Secret, "whsec_") || rolled.Secret == we.Secret {
		t.Fatalf("roll %+v %v", rolled, err)
	}

	test, err := c.WebhookEndpoints.SendTest(ctx, we.ID)
	if err != nil || !strings.HasPrefix(test.ID, "del_") || test.EndpointID != we.ID || test.EventType != pulsehr.EventWebhookEndpointTest || test.Status != pulsehr.DeliveryPending {
		t.Fatalf("send test %+v %v", test, err)
	}
	deliveries, err := c.WebhookEndpoints.ListDeliveries(ctx, we.ID, &pulsehr.DeliveryListParams{EventID: test.EventID, Status: pulsehr.DeliveryPending})
	if err != nil || deliveries.TotalCount != 1 || deliveries.Data[0].ID != test.ID || deliveries.Data[0].Attempts == nil {
		t.Fatalf("deliveries %+v %v", deliveries, err)
	}

	testEvent, err := c.Events.Retrieve(ctx, test.EventID)
	if err != nil || testEvent.Type != pulsehr.EventWebhookEndpointTest {
		t.Fatalf("event %+v %v", testEvent, err)
	}
	var endpoint pulsehr.WebhookEndpoint
	if err := testEvent.DecodeData(&endpoint); err != nil || endpoint.ID != we.ID {
		t.Fatalf("event data %+v %v", endpoint, err)
	}

	// A leave.logged event, found by paging through the log one event at a time.
	trip, err := env.client(t, env.PersonalKey).Leave.Create(ctx, &pulsehr.LeaveCreateParams{Kind: pulsehr.LeaveKindOther, StartDate: "2031-01-06", EndDate: "2031-01-07"})
	if err != nil {
		t.Fatal(err)
	}
	var logged *pulsehr.Event
	pages := 0
	it := c.Events.ListAutoPaging(ctx, &pulsehr.EventListParams{Type: pulsehr.EventLeaveLogged, Limit: 1, CreatedFrom: trip.CreatedAt.Add(-time.Second), DeliveryFailed: pulsehr.Bool(false)})
	var lastPage *pulsehr.Page[pulsehr.Event]
	for it.Next() {
		if it.Page() != lastPage {
			pages, lastPage = pages+1, it.Page()
		}
		e := it.Current()
		var l pulsehr.Leave
		if err := e.DecodeData(&l); err != nil {
			t.Fatal(err)
		}
		if l.ID == trip.ID {
			logged = &e
		}
	}
	if it.Err() != nil || logged == nil || pages != lastPage.TotalCount {
		t.Fatalf("leave.logged event: %v, %d pages, %v", logged, pages, it.Err())
	}
	page2, err := c.Events.List(ctx, &pulsehr.EventListParams{Type: pulsehr.EventLeaveLogged, CreatedTo: time.Now().Add(time.Hour)})
	if err != nil || page2.TotalCount < 1 {
		t.Fatalf("events list %+v %v", page2, err)
	}

	one, err := c.Events.Replay(ctx, logged.ID, &pulsehr.EventReplayParams{EndpointID: we.ID})
	if err != nil || len(one.Data) != 1 || one.Data[0].EndpointID != we.ID || one.Data[0].EventID != logged.ID {
		t.Fatalf("replay to one endpoint %+v %v", one, err)
	}
	all, err := c.Events.Replay(ctx, logged.ID, nil)
	found := false
	for _, d := range all.Data {
		found = found || d.EndpointID == we.ID
	}
	if err != nil || !found {
		t.Fatalf("replay to every endpoint %+v %v", all, err)
	}
	want := map[string]bool{test.ID: true, one.Data[0].ID: true}
	for _, d := range all.Data {
		if d.EndpointID == we.ID {
			want[d.ID] = true
		}
	}
	dit := c.WebhookEndpoints.ListDeliveriesAutoPaging(ctx, we.ID, &pulsehr.DeliveryListParams{Limit: 1})
	n := 0
	for dit.Next() {
		n++
		delete(want, dit.Current().ID)
	}
	if dit.Err() != nil || len(want) != 0 || n != dit.Page().TotalCount {
		t.Fatalf("deliveries: %d listed, missing %v, %v", n, want, dit.Err())
	}

	deleted, err := c.WebhookEndpoints.Delete(ctx, we.ID)
	if err != nil || !deleted.Deleted || deleted.ID != we.ID {
		t.Fatalf("delete %+v %v", deleted, err)
	}
	if _, err := c.WebhookEndpoints.Retrieve(ctx, we.ID); !errors.Is(err, pulsehr.ErrNotFound) {
		t.Fatalf("deleted endpoint: %v", err)
	}
}

func TestEventTypes(t *testing.T) {
	env := needServer(t)
	ctx := testContext(t)
	types, err := env.client(t, env.ReadOnlyKey).EventTypes.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	schemas := map[string]string{}
	for _, et := range types.Data {
		schemas[et.Type] = et.Schema
		if et.Description == "" {
			t.Errorf("%s has no description", et.Type)
		}
	}
	want := map[string]string{
		pulsehr.EventEmployeeCreated: "Employee", pulsehr.EventEmployeeUpdated: "EmployeeUpdatedData", pulsehr.EventEmployeeOffboarded: "EmployeeUpdatedData",
		pulsehr.EventEmployeeErased:  "ErasedEmployee",
		pulsehr.EventStatusLogPosted: "StatusLogEntry", pulsehr.EventKudosAwarded: "Kudos", pulsehr.EventWorkloadRecorded: "WorkloadCheckin",
		pulsehr.EventLeaveLogged: "Leave", pulsehr.EventLeaveRequested: "Leave", pulsehr.EventLeaveApproved: "Leave", pulsehr.EventLeaveDeclined: "Leave",
		pulsehr.EventLeaveCancelled: "Leave", pulsehr.EventWebhookEndpointTest: "WebhookEndpoint",
	}
	for typ, schema := range want {
		if schemas[typ] != schema {
			t.Errorf("%s: schema %q, want %q", typ, schemas[typ], schema)
		}
	}
	if len(schemas) != len(want) {
		t.Errorf("catalogue %v", schemas)
	}
}

// Each error code the SDK can meet from a real error of the server.
func TestErrorsFromTheServer(t *testing.T) {
	env := needServer(t)
	ctx := testContext(t)
	c := env.client(t, env.Key)
	me := env.client(t, env.PersonalKey)
	emp, err := c.Employees.Create(ctx, &pulsehr.EmployeeCreateParams{FullName: "Error Case " + token(), StartDate: "2024-02-01"})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name     string
		status   int
		sentinel error
		fields   string
		call     func() error
	}{
		{"400 bad cursor", 400, pulsehr.ErrInvalidRequest, "cursor", func() error {
			_, err := c.Employees.List(ctx, &pulsehr.EmployeeListParams{Cursor: "not-a-cursor"})
			return err
		}},
		{"400 schema", 400, pulsehr.ErrInvalidRequest, "coins,tag", func() error {
			_, err := me.Kudos.Create(ctx, &pulsehr.KudosCreateParams{ToEmployeeID: env.ColleagueID, Coins: 0, Tag: "Not A Slug"})
			return err
		}},
		{"401 unknown key", 401, pulsehr.ErrUnauthenticated, "", func() error {
			_, err := c.Employees.List(ctx, nil, pulsehr.WithAPIKey("pk_test_"+strings.Repeat("x", 40)))
			return err
		}},
		{"403 read-only key", 403, pulsehr.ErrPermissionDenied, "", func() error {
			_, err := c.Employees.Create(ctx, &pulsehr.EmployeeCreateParams{FullName: "Nope", StartDate: "2024-01-01"}, pulsehr.WithAPIKey(env.ReadOnlyKey))
			return err
		}},
		{"404 unknown id", 404, pulsehr.ErrNotFound, "", func() error {
			_, err := c.Employees.Retrieve(ctx, "emp_01AAAAAAAAAAAAAAAAAAAAAAAA")
			return err
		}},
		{"409 stale version", 409, pulsehr.ErrConflict, "version", func() error {
			_, err := c.Employees.Update(ctx, emp.ID, &pulsehr.EmployeeUpdateParams{Role: pulsehr.Value("x"), Version: pulsehr.Int(7)})
			return err
		}},
		{"422 end before start", 422, pulsehr.ErrUnprocessableEntity, "end_date", func() error {
			_, err := me.Leave.Create(ctx, &pulsehr.LeaveCreateParams{Kind: pulsehr.LeaveKindSick, StartDate: "2030-02-05", EndDate: "2030-02-04"})
			return err
		}},
	}
	for _, tc := range cases {
		err := tc.call()
		var apiErr *pulsehr.Error
		if !errors.As(err, &apiErr) {
			t.Errorf("%s: got %T %v", tc.name, err, err)
			continue
		}
		if apiErr.StatusCode != tc.status || !errors.Is(err, tc.sentinel) || strings.Join(apiErr.Fields, ",") != tc.fields ||
			apiErr.Message == "" || !strings.HasPrefix(apiErr.RequestID, "req_") || apiErr.Header.Get("X-Request-Id") != apiErr.RequestID {
			t.Errorf("%s: %+v", tc.name, apiErr)
		}
		switch tc.status {
		case 403:
			if !strings.Contains(apiErr.Message, "write:employees") {
				t.Errorf("403 does not name the scope: %q", apiErr.Message)
			}
		case 422:
			if apiErr.Message != "end_date must be after start_date" {
				t.Errorf("422 message %q", apiErr.Message)
			}
		}
	}
}

// 429 from the key limited to 3 requests a minute; the rate-limit figures on the way.
func TestRateLimited(t *testing.T) {
	env := needServer(t)
	ctx := testContext(t)
	// Retry-After will be seconds away: longer than we let the client wait, so the 429
	// comes back at once instead of being retried.
	c := env.client(t, env.LimitedKey, pulsehr.WithMaxRetryAfter(100*time.Millisecond))
	var resp *pulsehr.Response
	if _, err := c.Employees.List(ctx, nil, pulsehr.WithResponseInto(&resp)); err != nil {
		t.Fatal(err)
	}
	if resp.RateLimit == nil || resp.RateLimit.Limit != 3 || resp.RateLimit.Remaining != 2 || resp.RateLimit.Reset.IsZero() {
		t.Fatalf("rate limit %+v", resp.RateLimit)
	}
	var err error
	for i := 0; i < 4 && err == nil; i++ {
		_, err = c.Employees.List(ctx, nil, pulsehr.WithResponseInto(&resp))
	}
	var apiErr *pulsehr.Error
	if !errors.As(err, &apiErr) || !errors.Is(err, pulsehr.ErrRateLimited) || apiErr.StatusCode != 429 {
		t.Fatalf("got %v", err)
	}
	if apiErr.RetryAfter < time.Second || apiErr.RetryAfter > time.Minute || resp.Attempts != 1 {
		t.Fatalf("RetryAfter %s after %d attempts", apiErr.RetryAfter, resp.Attempts)
	}
	if rl := apiErr.RateLimit(); rl == nil || rl.Limit != 3 || rl.Remaining != 0 || resp.RateLimit == nil {
		t.Fatalf("rate limit on the 429: %+v", rl)
	}
}

// A response lost on the way back: the retry carries the same Idempotency-Key, so the
// server replays the first answer instead of hiring twice. A proxy in front of the real
// server forwards the first attempt, then drops the connection before answering.
func TestLostAnswerIsReplayedNotRepeated(t *testing.T) {
	env := needServer(t)
	ctx := testContext(t)
	upstream, _ := url.Parse(env.Base)
	var (
		mu       sync.Mutex
		attempts int
		keys     []string
	)
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		attempts++
		n := attempts
		keys = append(keys, r.Header.Get("Idempotency-Key"))
		mu.Unlock()
		out := r.Clone(r.Context())
		out.URL.Scheme, out.URL.Host, out.Host, out.RequestURI = upstream.Scheme, upstream.Host, upstream.Host, ""
		resp, err := http.DefaultTransport.RoundTrip(out)
		if err != nil {
			http.Error(w, err.Error(), 502)
			return
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if n == 1 && r.Method == "POST" {
			if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
				conn.Close() // the server acted; the client never hears of it
			}
			return
		}
		for k, vs := range resp.Header {
			w.Header()[k] = vs
		}
		w.WriteHeader(resp.StatusCode)
		_, _ = w.Write(body)
	}))
	defer proxy.Close()

	c := env.client(t, env.Key, pulsehr.WithBaseURL(proxy.URL+upstream.Path))
	dept := "Go SDK lost " + token()
	var resp *pulsehr.Response
	e, err := c.Employees.Create(ctx, &pulsehr.EmployeeCreateParams{FullName: "Grace Hopper", StartDate: "2024-03-01", Department: dept}, pulsehr.WithResponseInto(&resp))
	if err != nil {
		t.Fatal(err)
	}
	if resp.Attempts != 2 || !resp.IdempotentReplayed || len(keys) != 2 || keys[0] != keys[1] || keys[0] == "" {
		t.Fatalf("attempts %d, replayed %v, keys %v", resp.Attempts, resp.IdempotentReplayed, keys)
	}
	page, err := env.client(t, env.Key).Employees.List(ctx, &pulsehr.EmployeeListParams{Department: dept})
	if err != nil || page.TotalCount != 1 || page.Data[0].ID != e.ID {
		t.Fatalf("hired %d times: %+v %v", page.TotalCount, page, err)
	}
}
