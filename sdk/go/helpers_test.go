package pulsehr_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"

	pulsehr "github.com/pulsehr/pulsehr-go"
)

// testServer is what scripts/with-test-server hands to the suite.
type testServer struct {
	Base, Key, PersonalKey, EmployeeID, ColleagueID, ReadOnlyKey, LimitedKey string
	// ApprovalKey is an integration key of a workspace where managers approve leave.
	ApprovalKey string
}

// needServer skips the test when no server was started for the suite (PULSE_API_BASE
// unset); the runner always sets it, so in CI nothing is skipped.
func needServer(t *testing.T) testServer {
	t.Helper()
	base := os.Getenv("PULSE_API_BASE")
	if base == "" {
		t.Skip("PULSE_API_BASE is unset: run through scripts/with-test-server")
	}
	env := testServer{
		Base:        base,
		Key:         os.Getenv("PULSE_API_KEY"),
		PersonalKey: os.Getenv("PULSE_TEST_PERSONAL_KEY"),
		EmployeeID:  os.Getenv("PULSE_TEST_EMPLOYEE_ID"),
		ColleagueID: os.Getenv("PULSE_TEST_COLLEAGUE_ID"),
		ReadOnlyKey: os.Getenv("PULSE_TEST_READ_ONLY_KEY"),
		LimitedKey:  os.Getenv("PULSE_TEST_LIMITED_KEY"),
		ApprovalKey: os.Getenv("PULSE_TEST_APPROVAL_KEY"),
	}
	for name, v := range map[string]string{
		"PULSE_API_KEY": env.Key, "PULSE_TEST_PERSONAL_KEY": env.PersonalKey,
		"PULSE_TEST_EMPLOYEE_ID": env.EmployeeID, "PULSE_TEST_COLLEAGUE_ID": env.ColleagueID,
		"PULSE_TEST_READ_ONLY_KEY": env.ReadOnlyKey, "PULSE_TEST_LIMITED_KEY": env.LimitedKey,
		"PULSE_TEST_APPROVAL_KEY": env.ApprovalKey,
	} {
		if v == "" {
			t.Fatalf("PULSE_API_BASE is set but %s is not", name)
		}
	}
	return env
}

// client returns a client of the test server with the given key (and no slow retries).
func (s testServer) client(t *testing.T, key string, opts ...pulsehr.Option) *pulsehr.Client {
	t.Helper()
	all := append([]pulsehr.Option{
		pulsehr.WithAPIKey(key),
		pulsehr.WithBaseURL(s.Base),
		pulsehr.WithTimeout(20 * time.Second),
		pulsehr.WithRetryBackoff(50*time.Millisecond, 200*time.Millisecond),
	}, opts...)
	c, err := pulsehr.NewClient(all...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// token is a random suffix that keeps names and emails unique across runs.
func token() string {
	var b [5]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func str(p *string) string {
	if p == nil {
		return "<nil>"
	}
	return *p
}

// must answers a call's value, stopping the test on its error: must(c.Kudos.Create(…))(t).
func must[T any](v T, err error) func(t *testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}
