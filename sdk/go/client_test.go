package pulsehr_test

// Offline tests: an httptest.Server that fails on demand, for retries, idempotency keys,
// errors and the shape of requests.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	pulsehr "github.com/pulsehr/pulsehr-go"
)

type seen struct {
	Method, Path, Query, Body string
	Header                    http.Header
}

// fake is a server whose handler decides by attempt number (1-based).
type fake struct {
	*httptest.Server
	mu       sync.Mutex
	requests []seen
}

func newFake(t *testing.T, handle func(n int, w http.ResponseWriter, r *http.Request)) *fake {
	t.Helper()
	f := &fake{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		f.requests = append(f.requests, seen{r.Method, r.URL.EscapedPath(), r.URL.RawQuery, string(body), r.Header.Clone()})
		n := len(f.requests)
		f.mu.Unlock()
		handle(n, w, r)
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fake) seen() []seen {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]seen(nil), f.requests...)
}

func (f *fake) client(t *testing.T, opts ...pulsehr.Option) *pulsehr.Client {
	t.Helper()
	all := append([]pulsehr.Option{
		pulsehr.WithAPIKey("pk_test_offline"),
		pulsehr.WithBaseURL(f.URL + "/v1"),
		pulsehr.WithRetryBackoff(time.Millisecond, 5*time.Millisecond),
	}, opts...)
	c, err := pulsehr.NewClient(all...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func apiError(w http.ResponseWriter, status int, code, message string, fields ...string) {
	if fields == nil {
		fields = []string{}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Request-Id", "req_TEST")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]interface{}{"error": map[string]interface{}{
		"code": code, "message": message, "fields": fields, "request_id": "req_TEST",
	}})
}

const employeeJSON = `{"id":"emp_1","full_name":"Ada","email":null,"role":null,"department":null,
"manager_id":null,"start_date":"2026-01-12","end_date":null,"location":null,"country":"GB",
"custom_fields":{"shirt_size":"M"},"status":"active","version":1,
"created_at":"2026-04-20T10:12:03Z","updated_at":"2026-04-20T10:12:03Z"}`

func okEmployee(w http.ResponseWriter, status int) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Request-Id", "req_OK")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, employeeJSON)
}

var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestRetriesServerErrorsWithTheSameIdempotencyKey(t *testing.T) {
	f := newFake(t, func(n int, w http.ResponseWriter, r *http.Request) {
		switch n {
		case 1:
			apiError(w, 503, "service_unavailable", "down")
		case 2:
			apiError(w, 500, "internal_error", "boom")
		default:
			okEmployee(w, 201)
		}
	})
	var resp *pulsehr.Response
	e, err := f.client(t).Employees.Create(context.Background(),
		&pulsehr.EmployeeCreateParams{FullName: "Ada", StartDate: "2026-01-12"}, pulsehr.WithResponseInto(&resp))
	if err != nil {
		t.Fatal(err)
	}
	if e.ID != "emp_1" || e.Country == nil || *e.Country != "GB" || e.CustomFields["shirt_size"] != "M" {
		t.Fatalf("decoded %+v", e)
	}
	reqs := f.seen()
	if len(reqs) != 3 || resp.Attempts != 3 || resp.StatusCode != 201 || resp.RequestID != "req_OK" {
		t.Fatalf("%d requests, response %+v", len(reqs), resp)
	}
	key := reqs[0].Header.Get("Idempotency-Key")
	if !uuidV4.MatchString(key) {
		t.Fatalf("Idempotency-Key %q is not a UUID v4", key)
	}
	for i, r := range reqs {
		if r.Header.Get("Idempotency-Key") != key {
			t.Fatalf("attempt %d sent Idempotency-Key %q, the first %q", i+1, r.Header.Get("Idempotency-Key"), key)
		}
		if r.Body != `{"full_name":"Ada","start_date":"2026-01-12"}` {
			t.Fatalf("attempt %d sent body %s", i+1, r.Body)
		}
	}
	// A second call gets a key of its own.
	_, _ = f.client(t).Employees.Create(context.Background(), &pulsehr.EmployeeCreateParams{FullName: "Ada", StartDate: "2026-01-12"})
	if again := f.seen()[3].Header.Get("Idempotency-Key"); again == key || !uuidV4.MatchString(again) {
		t.Fatalf("second call's key %q (first %q)", again, key)
	}
}

func TestRetryHonoursRetryAfterOn429(t *testing.T) {
	f := newFake(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			w.Header().Set("Retry-After", "1")
			apiError(w, 429, "rate_limited", "slow down")
			return
		}
		okEmployee(w, 200)
	})
	start := time.Now()
	if _, err := f.client(t).Employees.Retrieve(context.Background(), "emp_1"); err != nil {
		t.Fatal(err)
	}
	if elapsed := time.Since(start); elapsed < time.Second {
		t.Fatalf("retried after %s, before the Retry-After of 1 s", elapsed)
	}
	if n := len(f.seen()); n != 2 {
		t.Fatalf("%d requests, want 2", n)
	}
}

func TestRetryAfterLongerThanTheMaximumIsReturned(t *testing.T) {
	f := newFake(t, func(n int, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "30")
		w.Header().Set("X-RateLimit-Limit", "3")
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Reset", "2026-04-20T12:05:00Z")
		apiError(w, 429, "rate_limited", "Rate limit of 3 requests per minute exceeded")
	})
	_, err := f.client(t, pulsehr.WithMaxRetryAfter(time.Second)).Employees.Retrieve(context.Background(), "emp_1")
	var apiErr *pulsehr.Error
	if !errors.As(err, &apiErr) || !errors.Is(err, pulsehr.ErrRateLimited) {
		t.Fatalf("got %v", err)
	}
	if apiErr.RetryAfter != 30*time.Second || len(f.seen()) != 1 {
		t.Fatalf("RetryAfter %s after %d requests", apiErr.RetryAfter, len(f.seen()))
	}
	rl := apiErr.RateLimit()
	if rl == nil || rl.Limit != 3 || rl.Remaining != 0 || !rl.Reset.Equal(time.Date(2026, 4, 20, 12, 5, 0, 0, time.UTC)) {
		t.Fatalf("rate limit %+v", rl)
	}
}

func TestConflictIsRetriedOnlyWithRetryAfter(t *testing.T) {
	inFlight := newFake(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			w.Header().Set("Retry-After", "0")
			apiError(w, 409, "conflict", "A request with this Idempotency-Key is still in flight", "Idempotency-Key")
			return
		}
		okEmployee(w, 201)
	})
	if _, err := inFlight.client(t).Employees.Create(context.Background(), &pulsehr.EmployeeCreateParams{FullName: "Ada", StartDate: "2026-01-12"}); err != nil {
		t.Fatal(err)
	}
	reqs := inFlight.seen()
	if len(reqs) != 2 || reqs[0].Header.Get("Idempotency-Key") != reqs[1].Header.Get("Idempotency-Key") {
		t.Fatalf("%d requests; keys differ or missing", len(reqs))
	}

	stale := newFake(t, func(n int, w http.ResponseWriter, r *http.Request) {
		apiError(w, 409, "conflict", "version 1 is stale; the current version is 2", "version")
	})
	_, err := stale.client(t).Employees.Update(context.Background(), "emp_1", &pulsehr.EmployeeUpdateParams{Version: pulsehr.Int(1)})
	if !errors.Is(err, pulsehr.ErrConflict) || len(stale.seen()) != 1 {
		t.Fatalf("got %v after %d requests, want one 409", err, len(stale.seen()))
	}
}

func TestEveryErrorCode(t *testing.T) {
	cases := []struct {
		status   int
		code     pulsehr.ErrorCode
		sentinel error
	}{
		{400, pulsehr.CodeInvalidRequest, pulsehr.ErrInvalidRequest},
		{401, pulsehr.CodeUnauthenticated, pulsehr.ErrUnauthenticated},
		{403, pulsehr.CodePermissionDenied, pulsehr.ErrPermissionDenied},
		{404, pulsehr.CodeNotFound, pulsehr.ErrNotFound},
		{405, pulsehr.CodeMethodNotAllowed, pulsehr.ErrMethodNotAllowed},
		{409, pulsehr.CodeConflict, pulsehr.ErrConflict},
		{413, pulsehr.CodePayloadTooLarge, pulsehr.ErrPayloadTooLarge},
		{415, pulsehr.CodeUnsupportedMediaType, pulsehr.ErrUnsupportedMediaType},
		{422, pulsehr.CodeUnprocessableEntity, pulsehr.ErrUnprocessableEntity},
		{429, pulsehr.CodeRateLimited, pulsehr.ErrRateLimited},
		{500, pulsehr.CodeInternalError, pulsehr.ErrInternalError},
		{503, pulsehr.CodeServiceUnavailable, pulsehr.ErrServiceUnavailable},
	}
	for _, tc := range cases {
		t.Run(string(tc.code), func(t *testing.T) {
			f := newFake(t, func(n int, w http.ResponseWriter, r *http.Request) {
				apiError(w, tc.status, string(tc.code), "it failed", "a", "b.c")
			})
			_, err := f.client(t, pulsehr.WithMaxRetries(0)).Employees.Retrieve(context.Background(), "emp_1")
			var apiErr *pulsehr.Error
			if !errors.As(err, &apiErr) {
				t.Fatalf("got %T %v", err, err)
			}
			if apiErr.StatusCode != tc.status || apiErr.Code != tc.code || apiErr.Message != "it failed" ||
				strings.Join(apiErr.Fields, "|") != "a|b.c" || apiErr.RequestID != "req_TEST" ||
				apiErr.Header.Get("X-Request-Id") != "req_TEST" {
				t.Fatalf("decoded %+v", apiErr)
			}
			if !errors.Is(err, tc.sentinel) || pulsehr.CodeOf(err) != tc.code {
				t.Fatal("errors.Is / CodeOf do not match the code")
			}
			for _, other := range cases {
				if other.code != tc.code && errors.Is(err, other.sentinel) {
					t.Fatalf("also matches %s", other.code)
				}
			}
			wrapped := fmt.Errorf("hiring: %w", err)
			if !errors.Is(wrapped, tc.sentinel) || !errors.As(wrapped, &apiErr) {
				t.Fatal("a wrapped error no longer matches")
			}
			if !strings.Contains(err.Error(), string(tc.code)) || !strings.Contains(err.Error(), "req_TEST") {
				t.Fatalf("message %q", err)
			}
		})
	}
}

func TestClientErrorsAreNotRetried(t *testing.T) {
	for _, status := range []int{400, 401, 403, 404, 405, 413, 415, 422} {
		f := newFake(t, func(n int, w http.ResponseWriter, r *http.Request) {
			apiError(w, status, "whatever", "no")
		})
		_, err := f.client(t).Employees.Create(context.Background(), &pulsehr.EmployeeCreateParams{FullName: "A", StartDate: "2026-01-12"})
		if err == nil || len(f.seen()) != 1 {
			t.Fatalf("HTTP %d: %v after %d requests, want 1", status, err, len(f.seen()))
		}
	}
}

func TestGivesUpAfterMaxRetries(t *testing.T) {
	f := newFake(t, func(n int, w http.ResponseWriter, r *http.Request) {
		apiError(w, 503, "service_unavailable", "still down")
	})
	var resp *pulsehr.Response
	_, err := f.client(t, pulsehr.WithMaxRetries(3)).Employees.Offboard(context.Background(), "emp_1", pulsehr.WithResponseInto(&resp))
	if !errors.Is(err, pulsehr.ErrServiceUnavailable) || len(f.seen()) != 4 || resp.Attempts != 4 {
		t.Fatalf("got %v after %d requests", err, len(f.seen()))
	}
	// Per call: no retries.
	before := len(f.seen())
	_, _ = f.client(t).Employees.Retrieve(context.Background(), "emp_1", pulsehr.WithMaxRetries(0))
	if len(f.seen()) != before+1 {
		t.Fatal("WithMaxRetries(0) on a call still retried")
	}
}

func TestRetriesConnectionErrors(t *testing.T) {
	f := newFake(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if n <= 2 {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close() // no answer at all
			}
			return
		}
		okEmployee(w, 201)
	})
	var resp *pulsehr.Response
	if _, err := f.client(t).Employees.Create(context.Background(),
		&pulsehr.EmployeeCreateParams{FullName: "Ada", StartDate: "2026-01-12"}, pulsehr.WithResponseInto(&resp)); err != nil {
		t.Fatal(err)
	}
	reqs := f.seen()
	if len(reqs) != 3 || resp.Attempts != 3 || reqs[0].Header.Get("Idempotency-Key") != reqs[2].Header.Get("Idempotency-Key") {
		t.Fatalf("%d requests", len(reqs))
	}

	// Nothing listening: a *ConnectionError after every attempt.
	dead := httptest.NewServer(http.NotFoundHandler())
	url := dead.URL
	dead.Close()
	c, _ := pulsehr.NewClient(pulsehr.WithAPIKey("k"), pulsehr.WithBaseURL(url+"/v1"),
		pulsehr.WithRetryBackoff(time.Millisecond, time.Millisecond), pulsehr.WithMaxRetries(2))
	_, err := c.EventTypes.List(context.Background())
	var connErr *pulsehr.ConnectionError
	if !errors.As(err, &connErr) || connErr.Attempts != 3 || pulsehr.CodeOf(err) != "" {
		t.Fatalf("got %T %v", err, err)
	}
}

func TestRetriesTimedOutAttempts(t *testing.T) {
	f := newFake(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			select {
			case <-time.After(2 * time.Second):
			case <-r.Context().Done():
			}
			return
		}
		okEmployee(w, 200)
	})
	start := time.Now()
	if _, err := f.client(t, pulsehr.WithTimeout(150*time.Millisecond)).Employees.Retrieve(context.Background(), "emp_1"); err != nil {
		t.Fatal(err)
	}
	if len(f.seen()) != 2 || time.Since(start) > 1500*time.Millisecond {
		t.Fatalf("%d requests in %s", len(f.seen()), time.Since(start))
	}
}

func TestContextEndsTheWaitForARetry(t *testing.T) {
	f := newFake(t, func(n int, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "20")
		apiError(w, 503, "service_unavailable", "down")
	})
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := f.client(t).Employees.Retrieve(ctx, "emp_1")
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 2*time.Second {
		t.Fatalf("got %v after %s", err, time.Since(start))
	}
}

func TestIdempotencyKeysOnPostAndDeleteOnly(t *testing.T) {
	f := newFake(t, func(n int, w http.ResponseWriter, r *http.Request) { okEmployee(w, 200) })
	c := f.client(t)
	ctx := context.Background()
	_, _ = c.Employees.Create(ctx, &pulsehr.EmployeeCreateParams{FullName: "A", StartDate: "2026-01-12"}, pulsehr.WithIdempotencyKey("hire-ada-1"))
	_, _ = c.Employees.Retrieve(ctx, "emp_1")
	_, _ = c.Employees.Update(ctx, "emp_1", &pulsehr.EmployeeUpdateParams{Role: pulsehr.Value("CTO")})
	_, _ = c.Employees.Offboard(ctx, "emp_1")
	_, _ = c.WebhookEndpoints.RollSecret(ctx, "we_1")
	reqs := f.seen()
	want := []struct{ method, key string }{{"POST", "hire-ada-1"}, {"GET", ""}, {"PATCH", ""}, {"DELETE", "uuid"}, {"POST", "uuid"}}
	for i, w := range want {
		got := reqs[i].Header.Get("Idempotency-Key")
		if reqs[i].Method != w.method || (w.key == "uuid" && !uuidV4.MatchString(got)) || (w.key != "uuid" && got != w.key) {
			t.Errorf("request %d: %s with Idempotency-Key %q, want %s %q", i, reqs[i].Method, got, w.method, w.key)
		}
	}
}

func TestRequestShape(t *testing.T) {
	f := newFake(t, func(n int, w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/employees") && r.Method == "GET":
			_, _ = io.WriteString(w, `{"data":[],"next_cursor":null,"total_count":0}`)
		case strings.Contains(r.URL.Path, "/replay"):
			w.WriteHeader(202)
			_, _ = io.WriteString(w, `{"data":[]}`)
		case strings.Contains(r.URL.Path, "/balance/"):
			_, _ = io.WriteString(w, `{"employee_id":"emp_1","year":2026,"balances":[{"kind":"sick","allowance":null,"taken":0,"planned":1.5,"remaining":null}]}`)
		default:
			okEmployee(w, 200)
		}
	})
	c := f.client(t, pulsehr.WithHeader("X-Extra", "1"))
	ctx := context.Background()
	created := time.Date(2026, 4, 20, 12, 0, 0, 0, time.FixedZone("CEST", 2*3600))

	_, err := c.Employees.List(ctx, &pulsehr.EmployeeListParams{Limit: 2, Department: "R&D", Status: pulsehr.EmployeeStatusActive, Q: "ada lovelace"})
	if err != nil {
		t.Fatal(err)
	}
	_, _ = c.Events.List(ctx, &pulsehr.EventListParams{CreatedFrom: created, DeliveryFailed: pulsehr.Bool(false)})
	_, _ = c.Employees.Update(ctx, "emp/../1", &pulsehr.EmployeeUpdateParams{
		Role: pulsehr.Null[string](), Department: pulsehr.Value("Eng"), CustomFields: map[string]interface{}{}, Version: pulsehr.Int(2),
	})
	_, _ = c.Events.Replay(ctx, "evt_1", nil)
	_, _ = c.Events.Replay(ctx, "evt_1", &pulsehr.EventReplayParams{EndpointID: "we_1"})
	bal, err := c.Leave.Balance(ctx, "emp_1", &pulsehr.LeaveBalanceParams{Year: 2026})
	if err != nil || bal.Balances[0].Allowance != nil || bal.Balances[0].Planned != 1.5 {
		t.Fatalf("balance %+v %v", bal, err)
	}
	_, _ = c.Leave.Create(ctx, &pulsehr.LeaveCreateParams{Kind: pulsehr.LeaveKindVacation, StartDate: "2026-05-04", EndDate: "2026-05-08", Days: pulsehr.Float(4.5)})
	_, _ = c.WebhookEndpoints.Create(ctx, &pulsehr.WebhookEndpointCreateParams{URL: "https://x.test/h", Events: []string{pulsehr.EventAll}, Enabled: pulsehr.Bool(false)})

	reqs := f.seen()
	want := []seen{
		{Method: "GET", Path: "/v1/employees", Query: "department=R%26D&limit=2&q=ada+lovelace&status=active"},
		{Method: "GET", Path: "/v1/events", Query: "created_from=2026-04-20T12%3A00%3A00%2B02%3A00&delivery_failed=false"},
		{Method: "PATCH", Path: "/v1/employees/emp%2F..%2F1", Body: `{"role":null,"department":"Eng","custom_fields":{},"version":2}`},
		{Method: "POST", Path: "/v1/events/evt_1/replay", Body: ""},
		{Method: "POST", Path: "/v1/events/evt_1/replay", Body: `{"endpoint_id":"we_1"}`},
		{Method: "GET", Path: "/v1/leave/balance/emp_1", Query: "year=2026"},
		{Method: "POST", Path: "/v1/leave", Body: `{"kind":"vacation","start_date":"2026-05-04","end_date":"2026-05-08","days":4.5}`},
		{Method: "POST", Path: "/v1/webhook-endpoints", Body: `{"url":"https://x.test/h","events":["*"],"enabled":false}`},
	}
	if len(reqs) != len(want) {
		t.Fatalf("%d requests, want %d", len(reqs), len(want))
	}
	for i, w := range want {
		got := reqs[i]
		if got.Method != w.Method || got.Path != w.Path || got.Query != w.Query || got.Body != w.Body {
			t.Errorf("request %d: %s %s?%s %s\n want %s %s?%s %s", i, got.Method, got.Path, got.Query, got.Body, w.Method, w.Path, w.Query, w.Body)
		}
		if h := got.Header; h.Get("Authorization") != "Bearer pk_test_offline" || h.Get("Accept") != "application/json" ||
			!strings.HasPrefix(h.Get("User-Agent"), "pulsehr-go/") || h.Get("X-Extra") != "1" {
			t.Errorf("request %d headers %v", i, h)
		}
		if (got.Body != "") != (got.Header.Get("Content-Type") == "application/json") {
			t.Errorf("request %d: Content-Type %q with body %q", i, got.Header.Get("Content-Type"), got.Body)
		}
	}
}

func TestPathEscaping(t *testing.T) {
	f := newFake(t, func(n int, w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, r.URL.EscapedPath())
	})
	var resp *pulsehr.Response
	_, _ = f.client(t).Employees.Retrieve(context.Background(), "emp/../x?y", pulsehr.WithResponseInto(&resp))
	body, _ := io.ReadAll(resp.Body)
	if string(body) != "/v1/employees/emp%2F..%2Fx%3Fy" {
		t.Fatalf("path %s", body)
	}
	if _, err := f.client(t).Employees.Retrieve(context.Background(), ""); err == nil {
		t.Fatal("an empty id was sent")
	}
}

func TestResponseMetadata(t *testing.T) {
	f := newFake(t, func(n int, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-RateLimit-Limit", "1000")
		w.Header().Set("X-RateLimit-Remaining", "873")
		w.Header().Set("X-RateLimit-Reset", "2026-04-20T12:05:00Z")
		w.Header().Set("Idempotent-Replayed", "true")
		okEmployee(w, 201)
	})
	var resp *pulsehr.Response
	_, err := f.client(t).Employees.Create(context.Background(), &pulsehr.EmployeeCreateParams{FullName: "A", StartDate: "2026-01-12"}, pulsehr.WithResponseInto(&resp))
	if err != nil {
		t.Fatal(err)
	}
	if resp.RateLimit == nil || resp.RateLimit.Limit != 1000 || resp.RateLimit.Remaining != 873 ||
		resp.RateLimit.Reset.Format(time.RFC3339) != "2026-04-20T12:05:00Z" || !resp.IdempotentReplayed ||
		resp.RequestID != "req_OK" || resp.StatusCode != 201 {
		t.Fatalf("response %+v rate limit %+v", resp, resp.RateLimit)
	}
	body, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(body), `"emp_1"`) {
		t.Fatal("the raw body cannot be read again")
	}
}

func TestAnswerWithoutEnvelope(t *testing.T) {
	f := newFake(t, func(n int, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(502)
		_, _ = io.WriteString(w, "<html>Bad Gateway</html>\n")
	})
	_, err := f.client(t, pulsehr.WithMaxRetries(1)).Employees.Retrieve(context.Background(), "emp_1")
	var apiErr *pulsehr.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 502 || apiErr.Code != pulsehr.CodeInternalError ||
		apiErr.Message != "<html>Bad Gateway</html>" || len(f.seen()) != 2 {
		t.Fatalf("got %+v after %d requests", err, len(f.seen()))
	}
}

func TestUndecodableSuccess(t *testing.T) {
	f := newFake(t, func(n int, w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "not json") })
	if _, err := f.client(t).Employees.Retrieve(context.Background(), "emp_1"); err == nil || !strings.Contains(err.Error(), "decoding") {
		t.Fatalf("got %v", err)
	}
}

func TestIteratorAcrossPages(t *testing.T) {
	pages := map[string]string{
		"":   `{"data":[{"id":"kudo_1"},{"id":"kudo_2"}],"next_cursor":"c2","total_count":5}`,
		"c2": `{"data":[{"id":"kudo_3"},{"id":"kudo_4"}],"next_cursor":"c3","total_count":5}`,
		"c3": `{"data":[{"id":"kudo_5"}],"next_cursor":null,"total_count":5}`,
	}
	f := newFake(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("tag") != "craft" || r.URL.Query().Get("limit") != "2" {
			apiError(w, 400, "invalid_request", "filters lost", "tag")
			return
		}
		page, ok := pages[r.URL.Query().Get("cursor")]
		if !ok {
			apiError(w, 400, "invalid_request", "bad cursor", "cursor")
			return
		}
		_, _ = io.WriteString(w, page)
	})
	c := f.client(t)
	it := c.Kudos.ListAutoPaging(context.Background(), &pulsehr.KudosListParams{Tag: "craft", Limit: 2})
	var ids []string
	for it.Next() {
		ids = append(ids, it.Current().ID)
		if it.Page().TotalCount != 5 {
			t.Fatal("TotalCount lost")
		}
	}
	if err := it.Err(); err != nil || strings.Join(ids, ",") != "kudo_1,kudo_2,kudo_3,kudo_4,kudo_5" || len(f.seen()) != 3 {
		t.Fatalf("ids %v, err %v, %d requests", ids, err, len(f.seen()))
	}
	if it.Next() {
		t.Fatal("Next after the end")
	}
	// Starting from a cursor.
	it = c.Kudos.ListAutoPaging(context.Background(), &pulsehr.KudosListParams{Tag: "craft", Limit: 2, Cursor: "c3"})
	ids = nil
	for it.Next() {
		ids = append(ids, it.Current().ID)
	}
	if strings.Join(ids, ",") != "kudo_5" {
		t.Fatalf("from c3: %v", ids)
	}
	// An error stops the iteration and is kept.
	it = c.Kudos.ListAutoPaging(context.Background(), &pulsehr.KudosListParams{Tag: "craft", Limit: 2, Cursor: "nope"})
	if it.Next() || !errors.Is(it.Err(), pulsehr.ErrInvalidRequest) {
		t.Fatalf("err %v", it.Err())
	}
	// A single page.
	page, err := c.Kudos.List(context.Background(), &pulsehr.KudosListParams{Tag: "craft", Limit: 2})
	if err != nil || len(page.Data) != 2 || page.NextCursor != "c2" || !page.HasMore() || page.TotalCount != 5 {
		t.Fatalf("page %+v %v", page, err)
	}
}

func TestNewClient(t *testing.T) {
	t.Setenv("PULSE_API_KEY", "")
	t.Setenv("PULSE_API_BASE", "")
	if _, err := pulsehr.NewClient(); !errors.Is(err, pulsehr.ErrMissingAPIKey) {
		t.Fatalf("no key: %v", err)
	}
	c, err := pulsehr.NewClient(pulsehr.WithAPIKey("pk_test_x"))
	if err != nil || c.BaseURL() != "https://api.pulsehr.it/v1" {
		t.Fatalf("default base: %v %v", c, err)
	}
	t.Setenv("PULSE_API_KEY", "pk_test_env")
	t.Setenv("PULSE_API_BASE", "https://pulse.internal/v1/")
	if c, err = pulsehr.NewClient(); err != nil || c.BaseURL() != "https://pulse.internal/v1" {
		t.Fatalf("from the environment: %v %v", c, err)
	}
	if c, err = pulsehr.NewClient(pulsehr.WithBaseURL("http://127.0.0.1:9/v1")); err != nil || c.BaseURL() != "http://127.0.0.1:9/v1" {
		t.Fatalf("option over the environment: %v %v", c, err)
	}
	for _, bad := range []pulsehr.Option{
		pulsehr.WithBaseURL("api.pulsehr.it/v1"),
		pulsehr.WithBaseURL("ftp://x/v1"),
		pulsehr.WithIdempotencyKey("k"),
		pulsehr.WithRetryBackoff(0, time.Second),
		pulsehr.WithHTTPClient(nil),
	} {
		if _, err := pulsehr.NewClient(bad); err == nil {
			t.Error("a bad option was accepted")
		}
	}
}

func TestParamsEncoding(t *testing.T) {
	cases := []struct {
		params interface{}
		want   string
	}{
		{pulsehr.EmployeeUpdateParams{}, `{}`},
		{pulsehr.EmployeeUpdateParams{Role: pulsehr.Null[string](), EndDate: pulsehr.Value[pulsehr.Date]("2026-06-30")}, `{"role":null,"end_date":"2026-06-30"}`},
		{&pulsehr.EmployeeUpdateParams{FullName: pulsehr.String("Ada"), CustomFields: map[string]interface{}{"a": nil}}, `{"full_name":"Ada","custom_fields":{"a":null}}`},
		{pulsehr.EmployeeCreateParams{FullName: "Ada", StartDate: "2026-01-12"}, `{"full_name":"Ada","start_date":"2026-01-12"}`},
		{pulsehr.WebhookEndpointUpdateParams{Events: []string{}, Description: pulsehr.Null[string]()}, `{"events":[],"description":null}`},
		{pulsehr.StatusLogCreateParams{Lines: []string{"<b>&</b>"}}, `{"lines":["\u003cb\u003e\u0026\u003c/b\u003e"]}`},
		{pulsehr.EventReplayParams{}, `{}`},
	}
	for _, tc := range cases {
		got, err := json.Marshal(tc.params)
		if err != nil || string(got) != tc.want {
			t.Errorf("%T: %s (%v), want %s", tc.params, got, err, tc.want)
		}
	}
	var n pulsehr.Nullable[string]
	if n.IsSet() || n.IsNull() {
		t.Fatal("zero Nullable is set")
	}
	if err := json.Unmarshal([]byte("null"), &n); err != nil || !n.IsNull() {
		t.Fatal("null did not decode as Null")
	}
	if err := json.Unmarshal([]byte(`"x"`), &n); err != nil {
		t.Fatal(err)
	}
	if v, ok := n.Get(); !ok || v != "x" {
		t.Fatal("value did not decode")
	}
	if d := pulsehr.DateOf(time.Date(2026, 1, 2, 23, 0, 0, 0, time.UTC)); d != "2026-01-02" {
		t.Fatalf("DateOf %s", d)
	}
}
