package pulsehr

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	mathrand "math/rand"
	"net/http"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Response is the HTTP response behind a call (see WithResponseInto). Its Body has been
// read already and is replaced by a reader over the same bytes.
type Response struct {
	*http.Response
	// RequestID is the X-Request-Id header ("req_…"), to quote to support.
	RequestID string
	// RateLimit holds the X-RateLimit-* figures, nil when the server sent none
	// (a server whose rate limit is switched off sends none).
	RateLimit *RateLimit
	// IdempotentReplayed is true when the answer replays an earlier request with the same
	// Idempotency-Key (header Idempotent-Replayed: true); nothing was done again.
	IdempotentReplayed bool
	// Attempts is how many attempts the call made (1 when it was not retried).
	Attempts int
}

// RateLimit holds the rate-limit figures of a response.
type RateLimit struct {
	Limit     int       // X-RateLimit-Limit: requests allowed per rolling minute
	Remaining int       // X-RateLimit-Remaining: requests left in the window
	Reset     time.Time // X-RateLimit-Reset: when the next request frees up
}

// RateLimitFromHeader reads the X-RateLimit-* headers; nil when they are absent.
func RateLimitFromHeader(h http.Header) *RateLimit {
	limit, err1 := strconv.Atoi(h.Get("X-RateLimit-Limit"))
	remaining, err2 := strconv.Atoi(h.Get("X-RateLimit-Remaining"))
	if err1 != nil || err2 != nil {
		return nil
	}
	rl := &RateLimit{Limit: limit, Remaining: remaining}
	if reset, err := time.Parse(time.RFC3339, h.Get("X-RateLimit-Reset")); err == nil {
		rl.Reset = reset
	}
	return rl
}

// ConnectionError is returned when no HTTP answer could be had (connection refused or
// reset, a timeout of an attempt…) after every retry. Err is the last underlying error.
type ConnectionError struct {
	Err      error
	Attempts int
}

func (e *ConnectionError) Error() string {
	return fmt.Sprintf("pulsehr: connection error after %d attempt(s): %v", e.Attempts, e.Err)
}

func (e *ConnectionError) Unwrap() error { return e.Err }

// call sends one operation of the table (operations.go), with retries, and decodes a
// successful answer into out (when not nil).
func (c *Client) call(ctx context.Context, opID string, pathArgs []string, query url.Values, body interface{}, out interface{}, opts []Option) error {
	if ctx == nil {
		return errors.New("pulsehr: nil context")
	}
	op, ok := operationsByID[opID]
	if !ok {
		panic("pulsehr: unknown operation " + opID)
	}
	s := c.settings
	for _, opt := range opts {
		opt(&s)
	}
	if len(s.errs) > 0 {
		return s.errs[0]
	}
	if s.response != nil {
		*s.response = nil
	}
	path, err := expandPath(op.Path, pathArgs)
	if err != nil {
		return err
	}
	target := s.baseURL + path
	if len(query) > 0 {
		target += "?" + query.Encode()
	}

	var payload []byte
	if body != nil {
		if payload, err = json.Marshal(body); err != nil {
			return fmt.Errorf("pulsehr: encoding the %s body: %w", opID, err)
		}
	}
	idempotencyKey := ""
	if op.Method == http.MethodPost || op.Method == http.MethodDelete {
		idempotencyKey = s.idempotencyKey
		if idempotencyKey == "" {
			idempotencyKey = newUUID()
		}
	}

	for attempt := 1; ; attempt++ {
		resp, raw, err := c.attempt(ctx, &s, op.Method, target, payload, idempotencyKey)
		if err != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("pulsehr: %s: %w", opID, ctx.Err())
			}
			if s.response != nil {
				*s.response = nil // this attempt had no answer
			}
			connErr := &ConnectionError{Err: err, Attempts: attempt}
			if attempt > s.maxRetries {
				return connErr
			}
			if err := sleep(ctx, backoff(&s, attempt)); err != nil {
				return fmt.Errorf("pulsehr: %s: %w (while waiting to retry after: %v)", opID, err, connErr)
			}
			continue
		}
		meta := &Response{
			Response:           resp,
			RequestID:          resp.Header.Get("X-Request-Id"),
			RateLimit:          RateLimitFromHeader(resp.Header),
			IdempotentReplayed: strings.EqualFold(resp.Header.Get("Idempotent-Replayed"), "true"),
			Attempts:           attempt,
		}
		if s.response != nil {
			*s.response = meta
		}
		if resp.StatusCode >= 200 && resp.StatusCode < 300 {
			if out == nil || len(bytes.TrimSpace(raw)) == 0 {
				return nil
			}
			if err := decodeAnswer(out, resp.StatusCode, raw); err != nil {
				return fmt.Errorf("pulsehr: decoding the %s answer (HTTP %d, request %s): %w", opID, resp.StatusCode, meta.RequestID, err)
			}
			return nil
		}
		apiErr := newError(resp, raw)
		if attempt > s.maxRetries || !retryable(resp) {
			return apiErr
		}
		wait := backoff(&s, attempt)
		if _, given := retryAfter(resp.Header); given {
			if apiErr.RetryAfter > s.maxRetryAfter {
				return apiErr
			}
			wait = apiErr.RetryAfter
		}
		if err := sleep(ctx, wait); err != nil {
			return fmt.Errorf("pulsehr: %s: %w (while waiting to retry after: %v)", opID, err, apiErr)
		}
	}
}

// statusDecoder is a result whose model depends on the answer's status (an update applied
// now, 200, or scheduled, 202).
type statusDecoder interface {
	decodeAnswer(status int, raw []byte) error
}

func decodeAnswer(out interface{}, status int, raw []byte) error {
	if d, ok := out.(statusDecoder); ok {
		return d.decodeAnswer(status, raw)
	}
	return json.Unmarshal(raw, out)
}

// attempt sends the request once and reads the whole answer within the attempt's timeout.
func (c *Client) attempt(ctx context.Context, s *settings, method, target string, payload []byte, idempotencyKey string) (*http.Response, []byte, error) {
	if s.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, s.timeout)
		defer cancel()
	}
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		return nil, nil, err
	}
	for k, vs := range s.headers {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	req.Header.Set("Authorization", "Bearer "+s.apiKey)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", userAgent)
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if idempotencyKey != "" {
		req.Header.Set("Idempotency-Key", idempotencyKey)
	}
	resp, err := s.httpClient.Do(req)
	if err != nil {
		return nil, nil, err
	}
	raw, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(raw))
	return resp, raw, nil
}

var userAgent = "pulsehr-go/" + Version + " (" + runtime.Version() + ")"

// retryable: 429, every 5xx, and the one 409 a retry can cure (an Idempotency-Key still in
// flight), which the server marks with Retry-After.
func retryable(resp *http.Response) bool {
	switch {
	case resp.StatusCode == http.StatusTooManyRequests, resp.StatusCode >= 500:
		return true
	case resp.StatusCode == http.StatusConflict:
		_, given := retryAfter(resp.Header)
		return given
	}
	return false
}

// retryAfter reads Retry-After, in seconds or as an HTTP date.
func retryAfter(h http.Header) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if secs < 0 {
			secs = 0
		}
		if secs > 1e6 {
			secs = 1e6
		}
		return time.Duration(secs * float64(time.Second)), true
	}
	if at, err := http.ParseTime(v); err == nil {
		d := time.Until(at)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}

var (
	jitterMu sync.Mutex
	jitter   = mathrand.New(mathrand.NewSource(time.Now().UnixNano()))
)

// backoff is the wait before retry number attempt (1-based): min·2^(attempt-1), capped at
// max, jittered between half and all of it.
func backoff(s *settings, attempt int) time.Duration {
	d := s.minBackoff
	for i := 1; i < attempt && d < s.maxBackoff; i++ {
		d *= 2
	}
	if d > s.maxBackoff {
		d = s.maxBackoff
	}
	half := d / 2
	jitterMu.Lock()
	extra := time.Duration(jitter.Int63n(int64(half) + 1))
	jitterMu.Unlock()
	return half + extra
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// newUUID returns a random (version 4) UUID from crypto/rand.
func newUUID() string {
	var b [16]byte
	if _, err := io.ReadFull(rand.Reader, b[:]); err != nil {
		panic("pulsehr: crypto/rand failed: " + err.Error())
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// expandPath fills the {placeholders} of a path template in order, escaping each value.
func expandPath(template string, args []string) (string, error) {
	var b strings.Builder
	rest := template
	i := 0
	for {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			b.WriteString(rest)
			break
		}
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 {
			return "", fmt.Errorf("pulsehr: bad path template %q", template)
		}
		if i >= len(args) {
			return "", fmt.Errorf("pulsehr: path %q needs %d ids", template, i+1)
		}
		if args[i] == "" {
			name := rest[open+1 : open+end]
			return "", fmt.Errorf("pulsehr: %s must not be empty", name)
		}
		b.WriteString(rest[:open])
		b.WriteString(url.PathEscape(args[i]))
		i++
		rest = rest[open+end+1:]
	}
	if i != len(args) {
		return "", fmt.Errorf("pulsehr: path %q takes %d ids, got %d", template, i, len(args))
	}
	return b.String(), nil
}
