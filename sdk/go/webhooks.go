package pulsehr

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Webhook delivery headers.
const (
	SignatureHeader = "X-Pulse-Signature" // t=<unix>,v1=<hex>[,v1=<hex>…]
	EventHeader     = "X-Pulse-Event"     // the event type
	DeliveryHeader  = "X-Pulse-Delivery"  // the delivery id, del_…
)

// DefaultWebhookTolerance is how far a signature's timestamp may be from now (either way).
const DefaultWebhookTolerance = 5 * time.Minute

// ErrInvalidWebhook matches (errors.Is) every verification failure below.
var ErrInvalidWebhook = errors.New("pulsehr: invalid webhook")

// Verification failures; each also matches ErrInvalidWebhook.
var (
	ErrWebhookNoSignatureHeader = &webhookError{"no X-Pulse-Signature header"}
	ErrWebhookMalformedHeader   = &webhookError{"malformed X-Pulse-Signature header"}
	ErrWebhookNoSignatures      = &webhookError{"no v1 signature in the X-Pulse-Signature header"}
	ErrWebhookNoSecrets         = &webhookError{"no signing secret to verify with"}
	ErrWebhookSignatureMismatch = &webhookError{"no v1 signature matches the payload and secrets"}
	ErrWebhookTimestamp         = &webhookError{"signature timestamp outside the tolerance"}
)

type webhookError struct{ msg string }

func (e *webhookError) Error() string        { return "pulsehr: invalid webhook: " + e.msg }
func (e *webhookError) Is(target error) bool { return target == ErrInvalidWebhook }

// VerifyWebhookSignature checks the X-Pulse-Signature header of a delivery: some v1 in it
// must be the hex HMAC-SHA256 of "<t>.<payload>" under one of the secrets (each used exactly
// as shown, whsec_ included; pass the old and new secrets while a rolled secret overlaps),
// compared in constant time, and t must be within tolerance of now.
//
// payload is the raw request body, byte for byte: verify before decoding it. A zero
// tolerance means DefaultWebhookTolerance, a negative one skips the timestamp check; a zero
// now means time.Now().
func VerifyWebhookSignature(payload []byte, header string, secrets []string, tolerance time.Duration, now time.Time) error {
	if !hasSecret(secrets) {
		return ErrWebhookNoSecrets
	}
	header = strings.TrimSpace(header)
	if header == "" {
		return ErrWebhookNoSignatureHeader
	}
	timestamp, signatures, err := parseSignatureHeader(header)
	if err != nil {
		return err
	}
	if len(signatures) == 0 {
		return ErrWebhookNoSignatures
	}
	matched := false
	for _, secret := range secrets {
		if secret == "" {
			continue
		}
		expected := computeSignature(payload, secret, timestamp)
		for _, sig := range signatures {
			if hmac.Equal(expected, sig) {
				matched = true
			}
		}
	}
	if !matched {
		return ErrWebhookSignatureMismatch
	}
	if tolerance == 0 {
		tolerance = DefaultWebhookTolerance
	}
	if tolerance > 0 {
		if now.IsZero() {
			now = time.Now()
		}
		diff := now.Unix() - timestamp
		if diff < 0 {
			diff = -diff
		}
		// Whole seconds, as the header carries; the first test keeps the conversion from
		// overflowing on absurd timestamps.
		if diff > int64(tolerance/time.Second)+1 || time.Duration(diff)*time.Second > tolerance {
			return fmt.Errorf("%w: t=%d is %d s from now (tolerance %s)", ErrWebhookTimestamp, timestamp, diff, tolerance)
		}
	}
	return nil
}

// VerifyWebhook verifies the signature (see VerifyWebhookSignature) and decodes the event.
func VerifyWebhook(payload []byte, header string, secrets []string, tolerance time.Duration, now time.Time) (*Event, error) {
	if err := VerifyWebhookSignature(payload, header, secrets, tolerance, now); err != nil {
		return nil, err
	}
	event := new(Event)
	if err := json.Unmarshal(payload, event); err != nil {
		return nil, fmt.Errorf("pulsehr: decoding the webhook event: %w", err)
	}
	return event, nil
}

// MaxWebhookBody bounds the body VerifyWebhookRequest reads (events are far smaller).
const MaxWebhookBody = 1 << 20

// VerifyWebhookRequest reads and verifies a delivery received by an http.Handler (tolerance
// DefaultWebhookTolerance, the clock now) and returns the event. r.Body is consumed and
// replaced by a reader over the same bytes.
func VerifyWebhookRequest(r *http.Request, secrets ...string) (*Event, error) {
	payload, err := io.ReadAll(io.LimitReader(r.Body, MaxWebhookBody+1))
	if err != nil {
		return nil, fmt.Errorf("pulsehr: reading the webhook body: %w", err)
	}
	r.Body = io.NopCloser(bytes.NewReader(payload))
	if len(payload) > MaxWebhookBody {
		return nil, fmt.Errorf("pulsehr: webhook body over %d bytes", MaxWebhookBody)
	}
	return VerifyWebhook(payload, r.Header.Get(SignatureHeader), secrets, 0, time.Time{})
}

// SignWebhook returns an X-Pulse-Signature header for payload signed at t with each secret,
// as the server does: for testing receivers.
func SignWebhook(payload []byte, t time.Time, secrets ...string) string {
	parts := []string{"t=" + strconv.FormatInt(t.Unix(), 10)}
	for _, secret := range secrets {
		parts = append(parts, "v1="+hex.EncodeToString(computeSignature(payload, secret, t.Unix())))
	}
	return strings.Join(parts, ",")
}

func computeSignature(payload []byte, secret string, timestamp int64) []byte {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(strconv.FormatInt(timestamp, 10)))
	mac.Write([]byte("."))
	mac.Write(payload)
	return mac.Sum(nil)
}

// parseSignatureHeader reads "t=<unix>,v1=<hex>[,v1=<hex>…]"; other schemes (v0=…) are
// ignored, as are v1 values that are not hex.
func parseSignatureHeader(header string) (int64, [][]byte, error) {
	var (
		timestamp int64
		seenT     bool
		sigs      [][]byte
	)
	for _, part := range strings.Split(header, ",") {
		key, value, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return 0, nil, ErrWebhookMalformedHeader
		}
		switch strings.TrimSpace(key) {
		case "t":
			value = strings.TrimSpace(value)
			t, err := strconv.ParseInt(value, 10, 64)
			if err != nil || seenT || value == "" || value[0] == '+' || value[0] == '-' {
				return 0, nil, ErrWebhookMalformedHeader
			}
			timestamp, seenT = t, true
		case "v1":
			if sig, err := hex.DecodeString(strings.TrimSpace(value)); err == nil && len(sig) == sha256.Size {
				sigs = append(sigs, sig)
			}
		}
	}
	if !seenT {
		return 0, nil, ErrWebhookMalformedHeader
	}
	return timestamp, sigs, nil
}

func hasSecret(secrets []string) bool {
	for _, s := range secrets {
		if s != "" {
			return true
		}
	}
	return false
}
