package pulsehr

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// ErrorCode is the stable code string of an API error ("not_found", …).
type ErrorCode string

// The codes the API answers with, and their HTTP status.
const (
	CodeInvalidRequest       ErrorCode = "invalid_request"        // 400
	CodeUnauthenticated      ErrorCode = "unauthenticated"        // 401
	CodePermissionDenied     ErrorCode = "permission_denied"      // 403
	CodeNotFound             ErrorCode = "not_found"              // 404
	CodeMethodNotAllowed     ErrorCode = "method_not_allowed"     // 405
	CodeConflict             ErrorCode = "conflict"               // 409
	CodePayloadTooLarge      ErrorCode = "payload_too_large"      // 413
	CodeUnsupportedMediaType ErrorCode = "unsupported_media_type" // 415
	CodeUnprocessableEntity  ErrorCode = "unprocessable_entity"   // 422
	CodeRateLimited          ErrorCode = "rate_limited"           // 429
	CodeInternalError        ErrorCode = "internal_error"         // 500
	CodeServiceUnavailable   ErrorCode = "service_unavailable"    // 503
)

// Sentinels for errors.Is, one per code: errors.Is(err, pulsehr.ErrNotFound) is true when
// err is (or wraps) an *Error whose Code is "not_found".
var (
	ErrInvalidRequest       error = codeSentinel(CodeInvalidRequest)
	ErrUnauthenticated      error = codeSentinel(CodeUnauthenticated)
	ErrPermissionDenied     error = codeSentinel(CodePermissionDenied)
	ErrNotFound             error = codeSentinel(CodeNotFound)
	ErrMethodNotAllowed     error = codeSentinel(CodeMethodNotAllowed)
	ErrConflict             error = codeSentinel(CodeConflict)
	ErrPayloadTooLarge      error = codeSentinel(CodePayloadTooLarge)
	ErrUnsupportedMediaType error = codeSentinel(CodeUnsupportedMediaType)
	ErrUnprocessableEntity  error = codeSentinel(CodeUnprocessableEntity)
	ErrRateLimited          error = codeSentinel(CodeRateLimited)
	ErrInternalError        error = codeSentinel(CodeInternalError)
	ErrServiceUnavailable   error = codeSentinel(CodeServiceUnavailable)
)

type codeSentinel ErrorCode

func (c codeSentinel) Error() string { return "pulsehr: " + string(c) }

// Error is an error answered by the API: {"error": {"code", "message", "fields", "request_id"}}.
// Use errors.As to get it, or errors.Is with the Err… sentinels to test its code.
type Error struct {
	// StatusCode is the HTTP status (404, …).
	StatusCode int
	// Code is the stable error code. An answer without the error envelope (a proxy's
	// 502 page, say) gets the code of its status (any other 5xx: internal_error).
	Code ErrorCode
	// Message is the human explanation.
	Message string
	// Fields lists the failing fields, when relevant (dotted paths into the body, or a
	// query parameter or header name such as "cursor" or "Idempotency-Key").
	Fields []string
	// RequestID is the request's id ("req_…"); the 500 message quotes it as incident id.
	RequestID string
	// Header is the answer's headers (X-RateLimit-*, Retry-After, Allow…).
	Header http.Header
	// RetryAfter is the Retry-After header as a duration (0 when absent): on 429 how long
	// to wait, on the 409 of an Idempotency-Key still in flight when to retry.
	RetryAfter time.Duration
	// Body is the raw answer.
	Body []byte
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "pulsehr: %d %s: %s", e.StatusCode, e.Code, e.Message)
	if len(e.Fields) > 0 {
		fmt.Fprintf(&b, " (fields: %s)", strings.Join(e.Fields, ", "))
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " [request %s]", e.RequestID)
	}
	return b.String()
}

// Is reports whether target is the sentinel of e's code (errors.Is(err, pulsehr.ErrConflict)).
func (e *Error) Is(target error) bool {
	s, ok := target.(codeSentinel)
	return ok && ErrorCode(s) == e.Code
}

// RateLimit reads the rate-limit figures of the answer; nil when absent.
func (e *Error) RateLimit() *RateLimit { return RateLimitFromHeader(e.Header) }

// CodeOf returns the code of the *Error in err's chain, or "" when there is none
// (a connection error, a cancelled context…).
func CodeOf(err error) ErrorCode {
	var apiErr *Error
	if errors.As(err, &apiErr) {
		return apiErr.Code
	}
	return ""
}

var codeByStatus = map[int]ErrorCode{
	400: CodeInvalidRequest,
	401: CodeUnauthenticated,
	403: CodePermissionDenied,
	404: CodeNotFound,
	405: CodeMethodNotAllowed,
	409: CodeConflict,
	413: CodePayloadTooLarge,
	415: CodeUnsupportedMediaType,
	422: CodeUnprocessableEntity,
	429: CodeRateLimited,
	500: CodeInternalError,
	503: CodeServiceUnavailable,
}

func newError(resp *http.Response, raw []byte) *Error {
	e := &Error{
		StatusCode: resp.StatusCode,
		Header:     resp.Header,
		RequestID:  resp.Header.Get("X-Request-Id"),
		Body:       raw,
	}
	e.RetryAfter, _ = retryAfter(resp.Header)
	var envelope struct {
		Error *struct {
			Code      string   `json:"code"`
			Message   string   `json:"message"`
			Fields    []string `json:"fields"`
			RequestID string   `json:"request_id"`
		} `json:"error"`
	}
	if json.Unmarshal(raw, &envelope) == nil && envelope.Error != nil && envelope.Error.Code != "" {
		e.Code = ErrorCode(envelope.Error.Code)
		e.Message = envelope.Error.Message
		e.Fields = envelope.Error.Fields
		if envelope.Error.RequestID != "" {
			e.RequestID = envelope.Error.RequestID
		}
		return e
	}
	// No envelope: not the API's own answer (a proxy, a load balancer…).
	e.Code = codeByStatus[resp.StatusCode]
	if e.Code == "" {
		switch {
		case resp.StatusCode >= 500:
			e.Code = CodeInternalError
		default:
			e.Code = ErrorCode(strings.ToLower(strings.ReplaceAll(http.StatusText(resp.StatusCode), " ", "_")))
		}
	}
	e.Message = strings.TrimSpace(string(raw))
	if r := []rune(e.Message); len(r) > 200 {
		e.Message = string(r[:200]) + "…"
	}
	if e.Message == "" {
		e.Message = http.StatusText(resp.StatusCode)
	}
	return e
}
