package pulsehr_test

import (
	"encoding/json"
	"errors"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	pulsehr "github.com/pulsehr/pulsehr-go"
)

type vector struct {
	Name      string `json:"name"`
	Secret    string `json:"secret"`
	Body      string `json:"body"`
	Header    string `json:"header"`
	Now       int64  `json:"now"`
	Tolerance int64  `json:"tolerance"`
	Valid     bool   `json:"valid"`
}

// vectors reads the shared signature vectors: $PULSE_TEST_VECTORS, else the repository's
// copy (so this test needs no server).
func vectors(t *testing.T) []vector {
	t.Helper()
	path := os.Getenv("PULSE_TEST_VECTORS")
	if path == "" {
		path = filepath.Join("..", "..", "vectors", "webhook-signatures.json")
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("signature vectors: %v", err)
	}
	var file struct {
		Cases []vector `json:"cases"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Cases) == 0 {
		t.Fatal("no vectors")
	}
	return file.Cases
}

func TestWebhookVectors(t *testing.T) {
	for _, v := range vectors(t) {
		v := v
		t.Run(v.Name, func(t *testing.T) {
			now := time.Unix(v.Now, 0)
			tolerance := time.Duration(v.Tolerance) * time.Second
			err := pulsehr.VerifyWebhookSignature([]byte(v.Body), v.Header, []string{v.Secret}, tolerance, now)
			if v.Valid != (err == nil) {
				t.Fatalf("valid=%v, got %v", v.Valid, err)
			}
			if err != nil && !errors.Is(err, pulsehr.ErrInvalidWebhook) {
				t.Fatalf("%v does not match ErrInvalidWebhook", err)
			}
			event, err := pulsehr.VerifyWebhook([]byte(v.Body), v.Header, []string{"whsec_other", v.Secret}, tolerance, now)
			if v.Valid {
				if err != nil || !strings.HasPrefix(event.ID, "evt_") || event.Type == "" || len(event.Data) == 0 {
					t.Fatalf("event %+v, %v", event, err)
				}
			} else if err == nil {
				t.Fatal("an invalid delivery verified with two secrets")
			}
		})
	}
}

func TestWebhookFailureReasons(t *testing.T) {
	byName := map[string]vector{}
	for _, v := range vectors(t) {
		byName[v.Name] = v
	}
	check := func(name string, want error) {
		v, ok := byName[name]
		if !ok {
			t.Logf("no vector %q", name)
			return
		}
		err := pulsehr.VerifyWebhookSignature([]byte(v.Body), v.Header, []string{v.Secret}, time.Duration(v.Tolerance)*time.Second, time.Unix(v.Now, 0))
		if !errors.Is(err, want) {
			t.Errorf("%s: got %v, want %v", name, err, want)
		}
	}
	check("wrong_secret", pulsehr.ErrWebhookSignatureMismatch)
	check("body_changed_one_byte", pulsehr.ErrWebhookSignatureMismatch)
	check("too_old", pulsehr.ErrWebhookTimestamp)
	check("from_the_future_beyond_tolerance", pulsehr.ErrWebhookTimestamp)
	check("no_v1", pulsehr.ErrWebhookNoSignatures)
	check("timestamp_not_a_number", pulsehr.ErrWebhookMalformedHeader)
	check("empty_header", pulsehr.ErrWebhookNoSignatureHeader)
	if err := pulsehr.VerifyWebhookSignature([]byte("{}"), "t=1,v1=00", nil, 0, time.Time{}); !errors.Is(err, pulsehr.ErrWebhookNoSecrets) {
		t.Errorf("no secrets: %v", err)
	}
}

func TestWebhookSignerMatchesTheVectors(t *testing.T) {
	for _, v := range vectors(t) {
		if !v.Valid || strings.Count(v.Header, "v1=") != 1 {
			continue
		}
		at := v.Header[len("t="):strings.IndexByte(v.Header, ',')]
		var unix int64
		if err := json.Unmarshal([]byte(at), &unix); err != nil {
			t.Fatal(err)
		}
		if got := pulsehr.SignWebhook([]byte(v.Body), time.Unix(unix, 0), v.Secret); got != v.Header {
			t.Errorf("%s: signed %s, want %s", v.Name, got, v.Header)
		}
	}
}

func TestWebhookRolledSecretsAndTolerance(t *testing.T) {
	body := []byte(`{"id":"evt_1","type":"leave.logged","created_at":"2026-04-20T10:12:03Z","data":{"id":"lv_1"}}`)
	signed := time.Now().Add(-2 * time.Minute)
	header := pulsehr.SignWebhook(body, signed, "whsec_old", "whsec_new")
	for _, secrets := range [][]string{{"whsec_old"}, {"whsec_new"}, {"whsec_x", "whsec_new"}} {
		if err := pulsehr.VerifyWebhookSignature(body, header, secrets, 0, time.Time{}); err != nil {
			t.Errorf("secrets %v: %v", secrets, err)
		}
	}
	if err := pulsehr.VerifyWebhookSignature(body, header, []string{"whsec_x"}, 0, time.Time{}); !errors.Is(err, pulsehr.ErrWebhookSignatureMismatch) {
		t.Errorf("unknown secret: %v", err)
	}
	if err := pulsehr.VerifyWebhookSignature(body, header, []string{"whsec_new"}, time.Minute, time.Time{}); !errors.Is(err, pulsehr.ErrWebhookTimestamp) {
		t.Errorf("1 min tolerance: %v", err)
	}
	if err := pulsehr.VerifyWebhookSignature(body, header, []string{"whsec_new"}, -1, signed.Add(1000*time.Hour)); err != nil {
		t.Errorf("negative tolerance still checked the time: %v", err)
	}
	for _, bad := range []string{"t=1", "v1=abc", "t=,v1=00", "t=1,t=2,v1=00", "garbage", "t=-5,v1=00"} {
		if err := pulsehr.VerifyWebhookSignature(body, bad, []string{"whsec_new"}, 0, time.Time{}); err == nil {
			t.Errorf("header %q verified", bad)
		}
	}

	req := httptest.NewRequest("POST", "/pulse/hook", strings.NewReader(string(body)))
	req.Header.Set(pulsehr.SignatureHeader, header)
	event, err := pulsehr.VerifyWebhookRequest(req, "whsec_new")
	if err != nil || event.ID != "evt_1" || event.Type != pulsehr.EventLeaveLogged {
		t.Fatalf("request: %+v %v", event, err)
	}
	var leave pulsehr.Leave
	if err := event.DecodeData(&leave); err != nil || leave.ID != "lv_1" {
		t.Fatalf("data: %+v %v", leave, err)
	}
}
