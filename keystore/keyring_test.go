package keystore

import (
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
)

// funcStore is a backend built from functions, standing in for go-keyring.
type funcStore struct {
	get func(key string) (string, error)
	set func(key, value string) error
	del func(key string) error
}

func (f funcStore) Get(key string) (string, error) { return f.get(key) }
func (f funcStore) Set(key, value string) error    { return f.set(key, value) }
func (f funcStore) Delete(key string) error        { return f.del(key) }

// failWith is a backend whose every call returns err.
func failWith(err error) funcStore {
	return funcStore{
		get: func(string) (string, error) { return "", err },
		set: func(string, string) error { return err },
		del: func(string) error { return err },
	}
}

// never is a timer that does not fire, so results never race a timeout.
func never(time.Duration) <-chan time.Time { return nil }

// fired is a timer that has already fired.
func fired(time.Duration) <-chan time.Time {
	c := make(chan time.Time, 1)
	c <- time.Time{}
	return c
}

func newTestStore(backend Store, after func(time.Duration) <-chan time.Time) *timeoutStore {
	return &timeoutStore{next: backend, timeout: time.Second, after: after}
}

func TestTimeoutStoreClassifiesErrors(t *testing.T) {
	t.Parallel()
	already := &UnavailableError{Op: "get", Key: "api-key", Cause: errors.New("earlier")}
	noBus := errors.New("dbus: couldn't determine address of session bus")
	tests := []struct {
		name            string
		backendErr      error
		wantNotFound    bool
		wantUnavailable bool
		wantSame        bool // the backend's error comes back untouched
	}{
		{name: "go-keyring not found", backendErr: keyring.ErrNotFound, wantNotFound: true},
		{name: "our not found", backendErr: ErrNotFound, wantNotFound: true},
		{name: "no D-Bus", backendErr: noBus, wantUnavailable: true},
		{name: "data too big", backendErr: keyring.ErrSetDataTooBig, wantUnavailable: true},
		{name: "unsupported platform", backendErr: keyring.ErrUnsupportedPlatform, wantUnavailable: true},
		{name: "already classified", backendErr: already, wantUnavailable: true, wantSame: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newTestStore(failWith(tt.backendErr), never)
			calls := map[string]func() error{
				"get":    func() error { _, err := s.Get("api-key"); return err },
				"set":    func() error { return s.Set("api-key", "value") },
				"delete": func() error { return s.Delete("api-key") },
			}
			for op, call := range calls {
				err := call()
				if tt.wantNotFound && err != ErrNotFound {
					t.Errorf("%s: err = %v, want exactly ErrNotFound", op, err)
				}
				if got := errors.Is(err, ErrUnavailable); got != tt.wantUnavailable {
					t.Errorf("%s: errors.Is(err, ErrUnavailable) = %v, want %v (err %v)", op, got, tt.wantUnavailable, err)
				}
				if tt.wantUnavailable && !errors.Is(err, tt.backendErr) {
					t.Errorf("%s: err %v does not wrap the cause %v", op, err, tt.backendErr)
				}
				if tt.wantSame && err != tt.backendErr {
					t.Errorf("%s: err = %v, want the backend's error unchanged", op, err)
				}
				if tt.wantUnavailable && !tt.wantSame && !strings.Contains(err.Error(), op+` "api-key"`) {
					t.Errorf("%s: err %q does not name the call and item", op, err)
				}
			}
		})
	}
}

func TestTimeoutStorePassesValues(t *testing.T) {
	t.Parallel()
	s := newTestStore(NewMemory(), never)
	if err := s.Set(KeyUserID, "user-1"); err != nil {
		t.Fatalf("Set: %v", err)
	}
	if got, err := s.Get(KeyUserID); err != nil || got != "user-1" {
		t.Fatalf("Get = %q, %v; want user-1", got, err)
	}
	if err := s.Delete(KeyUserID); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := s.Get(KeyUserID); err != ErrNotFound {
		t.Fatalf("Get after Delete: err = %v, want ErrNotFound", err)
	}
}

func TestTimeoutStoreRecoversPanics(t *testing.T) {
	t.Parallel()
	s := newTestStore(funcStore{get: func(string) (string, error) { panic("boom") }}, never)
	_, err := s.Get(KeyAPIKey)
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "panicked: boom") {
		t.Fatalf("err = %v, want an unavailable error naming the panic", err)
	}
}

func TestTimeoutStoreTimesOutAndRecovers(t *testing.T) {
	t.Parallel()
	gate := make(chan struct{})
	var backendCalls atomic.Int64
	backend := funcStore{get: func(string) (string, error) {
		if backendCalls.Add(1) == 1 {
			<-gate // the first call hangs until the test lets it go
		}
		return "key-value", nil
	}}
	var timers atomic.Int64
	s := newTestStore(backend, func(d time.Duration) <-chan time.Time {
		if timers.Add(1) == 1 {
			return fired(d)
		}
		return never(d)
	})
	settled := make(chan struct{}, 4)
	s.settled = func() { settled <- struct{}{} }

	_, err := s.Get(KeyAPIKey)
	if !errors.Is(err, ErrTimeout) || !errors.Is(err, ErrUnavailable) {
		t.Fatalf("hanging call: err = %v, want ErrTimeout wrapped in ErrUnavailable", err)
	}
	if s.abandoned.Load() != 1 {
		t.Fatalf("abandoned = %d, want 1", s.abandoned.Load())
	}

	// While the first call is stuck, a second one fails at once without
	// reaching the backend or starting a timer.
	_, err = s.Get(KeyUserID)
	if !errors.Is(err, ErrTimeout) || !strings.Contains(err.Error(), "still waiting") {
		t.Fatalf("call behind a stuck one: err = %v, want a fast ErrTimeout", err)
	}
	if timers.Load() != 1 {
		t.Fatalf("a timer was started for the fast failure")
	}

	close(gate)
	<-settled
	if s.abandoned.Load() != 0 {
		t.Fatalf("abandoned = %d after the stuck call returned, want 0", s.abandoned.Load())
	}
	got, err := s.Get(KeyAPIKey)
	if err != nil || got != "key-value" {
		t.Fatalf("after recovery: Get = %q, %v; want key-value", got, err)
	}
	if n := backendCalls.Load(); n != 2 {
		t.Fatalf("backend saw %d calls, want 2 (the fast failure must not reach it)", n)
	}
}

// A call that finishes just as the timer fires must report its answer, not a
// timeout: the select may pick either channel, so run it many times.
func TestTimeoutStoreAnswerAtTheDeadline(t *testing.T) {
	t.Parallel()
	settled := make(chan struct{}, 1)
	s := newTestStore(funcStore{get: func(string) (string, error) { return "v", nil }}, func(d time.Duration) <-chan time.Time {
		<-settled // the backend has answered and done its bookkeeping
		return fired(d)
	})
	s.settled = func() { settled <- struct{}{} }
	for i := range 200 {
		if got, err := s.Get(KeyAPIKey); err != nil || got != "v" {
			t.Fatalf("run %d: Get = %q, %v; want v", i, got, err)
		}
	}
}

func TestWithTimeoutRealTimer(t *testing.T) {
	t.Parallel()
	hang := Hanging()
	t.Cleanup(hang.Release)
	s := WithTimeout(hang, 5*time.Millisecond)
	tests := []struct {
		name string
		call func() error
	}{
		{"get", func() error { _, err := s.Get(KeyAPIKey); return err }},
		// Later calls fail fast because the first is still stuck.
		{"set", func() error { return s.Set(KeyAPIKey, "v") }},
		{"delete", func() error { return s.Delete(KeyAPIKey) }},
	}
	for _, tt := range tests {
		if err := tt.call(); !errors.Is(err, ErrTimeout) || !errors.Is(err, ErrUnavailable) {
			t.Errorf("%s: err = %v, want ErrTimeout wrapped in ErrUnavailable", tt.name, err)
		}
	}
	// At most once: the first call's goroutine may not have been scheduled yet.
	if hang.Calls() > 1 {
		t.Errorf("backend reached %d times, want at most 1", hang.Calls())
	}
}

func TestSetNeverLeaksTheSecret(t *testing.T) {
	t.Parallel()
	const secret = "sk_live_DO-NOT-PRINT"
	tests := []struct {
		name string
		err  error
	}{
		{"echoing backend", errors.New("refused item with password " + secret)},
		{"echoing not found", errors.Join(keyring.ErrNotFound, errors.New(secret))},
		{"plain failure", errors.New("dbus: connection closed by user")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := newTestStore(failWith(tt.err), never).Set(KeyAPIKey, secret)
			if err == nil {
				t.Fatal("Set succeeded, want an error")
			}
			for _, text := range []string{err.Error(), Explain(err)} {
				if strings.Contains(text, secret) {
					t.Fatalf("the secret leaked: %q", text)
				}
			}
		})
	}
}

func TestNewKeyring(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want time.Duration
	}{
		{0, DefaultTimeout},
		{-time.Second, DefaultTimeout},
		{3 * time.Second, 3 * time.Second},
	}
	for _, tt := range tests {
		s, ok := NewKeyring(tt.in).(*timeoutStore)
		if !ok {
			t.Fatalf("NewKeyring returned %T, want *timeoutStore", s)
		}
		if s.timeout != tt.want {
			t.Errorf("NewKeyring(%s): timeout %s, want %s", tt.in, s.timeout, tt.want)
		}
		if s.next != (osKeychain{service: Service}) {
			t.Errorf("NewKeyring backend = %#v, want the OS keychain under %q", s.next, Service)
		}
	}
}

func TestParseTimeout(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", DefaultTimeout},
		{"2s", 2 * time.Second},
		{"750ms", 750 * time.Millisecond},
		{"5", 5 * time.Second},
		{" 2.5 ", 2500 * time.Millisecond},
		{"0", DefaultTimeout},
		{"-3", DefaultTimeout},
		{"-1s", DefaultTimeout},
		{"soon", DefaultTimeout},
		{"NaN", DefaultTimeout},
		{"1e300", DefaultTimeout},
	}
	for _, tt := range tests {
		if got := parseTimeout(tt.in); got != tt.want {
			t.Errorf("parseTimeout(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestTimeoutFromEnv(t *testing.T) {
	// Not parallel: it sets the environment.
	t.Setenv(TimeoutEnv, "3")
	if got := TimeoutFromEnv(); got != 3*time.Second {
		t.Fatalf("TimeoutFromEnv() = %s with %s=3, want 3s", got, TimeoutEnv)
	}
}
