package pulsehr

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// Version is the SDK's version, sent in the User-Agent header.
const Version = "0.1.0"

const (
	// DefaultBaseURL is the Pulse HR cloud API; PULSE_API_BASE or WithBaseURL override it
	// (for a self-hosted server, e.g. "https://pulse.internal/v1").
	DefaultBaseURL = "https://api.pulsehr.it/v1"
	// DefaultTimeout bounds each attempt of a request (connection, headers and body).
	DefaultTimeout = 60 * time.Second
	// DefaultMaxRetries is how many times a failed request is retried (so 3 attempts in all).
	DefaultMaxRetries = 2
	// DefaultMaxRetryAfter is the longest Retry-After the client waits for before retrying;
	// an answer asking for a longer wait is returned to the caller instead.
	DefaultMaxRetryAfter = 60 * time.Second

	defaultMinBackoff = 500 * time.Millisecond
	defaultMaxBackoff = 8 * time.Second
)

// ErrMissingAPIKey is returned by NewClient when neither WithAPIKey nor PULSE_API_KEY gives a key.
var ErrMissingAPIKey = errors.New("pulsehr: no API key: pass pulsehr.WithAPIKey or set PULSE_API_KEY")

// Client is a Pulse HR API client. It is safe for concurrent use. Each resource of the
// API is a service on the client: client.Employees.List(ctx, params), and so on.
type Client struct {
	Employees        *EmployeesService
	StatusLog        *StatusLogService
	Kudos            *KudosService
	WorkloadCheckins *WorkloadCheckinsService
	Leave            *LeaveService
	Scores           *ScoresService
	WebhookEndpoints *WebhookEndpointsService
	Events           *EventsService
	EventTypes       *EventTypesService

	settings settings
}

// settings holds what an Option can change, for a client or for one call.
type settings struct {
	apiKey        string
	baseURL       string
	httpClient    *http.Client
	timeout       time.Duration
	maxRetries    int
	minBackoff    time.Duration
	maxBackoff    time.Duration
	maxRetryAfter time.Duration
	headers       http.Header
	errs          []error

	// Per call only.
	idempotencyKey string
	response       **Response
}

// Option configures a Client (NewClient) or a single call (every method takes opts ...Option
// last, applied over the client's settings). WithIdempotencyKey and WithResponseInto only
// make sense for one call; NewClient refuses them.
type Option func(*settings)

// WithAPIKey sets the API key (pk_live_… or pk_test_…); the default is $PULSE_API_KEY.
// On a call it overrides the client's key for that call.
func WithAPIKey(key string) Option {
	return func(s *settings) { s.apiKey = key }
}

// WithBaseURL sets the API base URL, /v1 included (default $PULSE_API_BASE, else DefaultBaseURL).
func WithBaseURL(base string) Option {
	return func(s *settings) { s.baseURL = base }
}

// WithHTTPClient sets the *http.Client used to send requests (default: a client of its own).
func WithHTTPClient(c *http.Client) Option {
	return func(s *settings) {
		if c == nil {
			s.errs = append(s.errs, errors.New("pulsehr: WithHTTPClient(nil)"))
			return
		}
		s.httpClient = c
	}
}

// WithTimeout bounds each attempt of a request (default DefaultTimeout; 0 for none). The
// context passed to a call bounds the whole call, retries and waits included.
func WithTimeout(d time.Duration) Option {
	return func(s *settings) { s.timeout = d }
}

// WithMaxRetries sets how many times a failed request is retried (default DefaultMaxRetries;
// 0 disables retries). See the package README for what is retried.
func WithMaxRetries(n int) Option {
	return func(s *settings) {
		if n < 0 {
			n = 0
		}
		s.maxRetries = n
	}
}

// WithRetryBackoff sets the exponential backoff between retries when the server gives no
// Retry-After: the first wait is about min, each next one doubles, none exceeds max
// (defaults 500 ms and 8 s; each wait is jittered between half and all of its value).
func WithRetryBackoff(min, max time.Duration) Option {
	return func(s *settings) {
		if min <= 0 || max < min {
			s.errs = append(s.errs, fmt.Errorf("pulsehr: WithRetryBackoff(%s, %s): want 0 < min <= max", min, max))
			return
		}
		s.minBackoff, s.maxBackoff = min, max
	}
}

// WithMaxRetryAfter sets the longest Retry-After the client honours by waiting and retrying
// (default DefaultMaxRetryAfter). An answer asking for a longer wait is returned at once as
// an *Error whose RetryAfter says how long to wait.
func WithMaxRetryAfter(d time.Duration) Option {
	return func(s *settings) { s.maxRetryAfter = d }
}

// WithHeader adds a header to every request (on a client) or to one call.
func WithHeader(key, value string) Option {
	return func(s *settings) {
		h := s.headers.Clone()
		if h == nil {
			h = http.Header{}
		}
		h.Add(key, value)
		s.headers = h
	}
}

// WithIdempotencyKey sets the Idempotency-Key of one POST or DELETE call (default: a random
// UUID v4 per call). The same key is sent on every retry of the call; reusing it later replays
// the first answer for 24 hours instead of acting twice.
func WithIdempotencyKey(key string) Option {
	return func(s *settings) { s.idempotencyKey = key }
}

// WithResponseInto stores the call's final HTTP response (status, headers, request id,
// rate-limit figures, whether it was an idempotent replay) in *dst, for successes and API
// errors alike. It stays nil when no response arrived.
func WithResponseInto(dst **Response) Option {
	return func(s *settings) { s.response = dst }
}

// NewClient returns a client configured from the environment (PULSE_API_KEY, PULSE_API_BASE)
// and then the options. It fails when no API key is given or the base URL is not an
// absolute http(s) URL.
func NewClient(opts ...Option) (*Client, error) {
	s := settings{
		apiKey:        os.Getenv("PULSE_API_KEY"),
		baseURL:       os.Getenv("PULSE_API_BASE"),
		httpClient:    &http.Client{},
		timeout:       DefaultTimeout,
		maxRetries:    DefaultMaxRetries,
		minBackoff:    defaultMinBackoff,
		maxBackoff:    defaultMaxBackoff,
		maxRetryAfter: DefaultMaxRetryAfter,
	}
	if s.baseURL == "" {
		s.baseURL = DefaultBaseURL
	}
	for _, opt := range opts {
		opt(&s)
	}
	if len(s.errs) > 0 {
		return nil, s.errs[0]
	}
	if s.idempotencyKey != "" || s.response != nil {
		return nil, errors.New("pulsehr: WithIdempotencyKey and WithResponseInto are per-call options, not client options")
	}
	if s.apiKey == "" {
		return nil, ErrMissingAPIKey
	}
	base, err := normalizeBaseURL(s.baseURL)
	if err != nil {
		return nil, err
	}
	s.baseURL = base
	c := &Client{settings: s}
	c.Employees = &EmployeesService{c}
	c.StatusLog = &StatusLogService{c}
	c.Kudos = &KudosService{c}
	c.WorkloadCheckins = &WorkloadCheckinsService{c}
	c.Leave = &LeaveService{c}
	c.Scores = &ScoresService{c}
	c.WebhookEndpoints = &WebhookEndpointsService{c}
	c.Events = &EventsService{c}
	c.EventTypes = &EventTypesService{c}
	return c, nil
}

// BaseURL is the base URL the client sends to, e.g. "https://api.pulsehr.it/v1".
func (c *Client) BaseURL() string { return c.settings.baseURL }

func normalizeBaseURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("pulsehr: base URL %q: %w", raw, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("pulsehr: base URL %q is not an absolute http(s) URL", raw)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("pulsehr: base URL %q must not carry a query or fragment", raw)
	}
	return strings.TrimRight(u.String(), "/"), nil
}
