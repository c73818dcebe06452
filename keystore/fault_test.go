package keystore

import (
	"errors"
	"runtime"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
)

func TestFailing(t *testing.T) {
	t.Parallel()
	noBus := errors.New("dbus: connection closed by user")
	tests := []struct {
		name            string
		cause           error
		wantNotFound    bool
		wantUnavailable bool
	}{
		{"default", nil, false, true},
		{"custom cause", noBus, false, true},
		{"go-keyring not found", keyring.ErrNotFound, true, false},
	}
	for _, tt := range tests {
		s := Failing(tt.cause)
		_, getErr := s.Get(KeyAPIKey)
		for op, err := range map[string]error{"get": getErr, "set": s.Set(KeyAPIKey, "v"), "delete": s.Delete(KeyAPIKey)} {
			if got := errors.Is(err, ErrNotFound); got != tt.wantNotFound {
				t.Errorf("%s %s: Is(ErrNotFound) = %v (err %v)", tt.name, op, got, err)
			}
			if got := errors.Is(err, ErrUnavailable); got != tt.wantUnavailable {
				t.Errorf("%s %s: Is(ErrUnavailable) = %v (err %v)", tt.name, op, got, err)
			}
			if tt.cause != nil && tt.wantUnavailable && !errors.Is(err, tt.cause) {
				t.Errorf("%s %s: err %v does not wrap the cause", tt.name, op, err)
			}
		}
	}
}

func TestHangingBlocksUntilReleased(t *testing.T) {
	t.Parallel()
	h := Hanging()
	t.Cleanup(h.Release)
	done := make(chan error, 1)
	go func() { _, err := h.Get(KeyAPIKey); done <- err }()
	// Wait (by yielding, not sleeping) until the call has reached the store.
	for deadline := time.Now().Add(5 * time.Second); h.Calls() == 0; runtime.Gosched() {
		if time.Now().After(deadline) {
			t.Fatal("the call never reached the store")
		}
	}
	select {
	case err := <-done:
		t.Fatalf("Get returned %v before Release", err)
	default:
	}
	h.Release()
	h.Release() // twice is fine
	if err := <-done; !errors.Is(err, ErrUnavailable) {
		t.Fatalf("after Release: err = %v, want ErrUnavailable", err)
	}
	if err := h.Set(KeyAPIKey, "v"); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("Set after Release: err = %v, want ErrUnavailable", err)
	}
	if got := h.Calls(); got != 2 {
		t.Fatalf("Calls() = %d, want 2", got)
	}
}
