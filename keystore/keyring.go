package keystore

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/zalando/go-keyring"
)

// DefaultTimeout bounds every keychain call when no other timeout is given.
// It is long enough for a user to answer an unlock prompt that is already on
// screen, and short enough that a missing Secret Service does not look like a
// frozen program.
const DefaultTimeout = 10 * time.Second

// TimeoutEnv names the environment variable that overrides DefaultTimeout.
const TimeoutEnv = "ALLOY_KEYRING_TIMEOUT"

// ErrTimeout is the cause inside an UnavailableError when the keychain did not
// answer in time, so callers can tell "slow or hung" from "absent".
var ErrTimeout = errors.New("the keychain did not answer in time")

// errStillWaiting is the cause given while an earlier call that timed out has
// not come back yet: asking again would only pile up another stuck goroutine
// and make the user wait a second full timeout.
var errStillWaiting = fmt.Errorf("%w: an earlier call is still waiting for it", ErrTimeout)

// UnavailableError says that a keychain call could not be served and why. It
// matches ErrUnavailable and its cause under errors.Is, and never carries a
// secret value.
type UnavailableError struct {
	// Op is the call that failed: "get", "set" or "delete".
	Op string
	// Key is the item's name (for example "api-key"), never its value.
	Key string
	// Cause is what the backend reported, or ErrTimeout.
	Cause error
}

// Error reads "keychain get "api-key": no keychain available: <cause>".
func (e *UnavailableError) Error() string {
	var b strings.Builder
	b.WriteString("keychain")
	if e.Op != "" {
		b.WriteString(" " + e.Op)
	}
	if e.Key != "" {
		// %q because connector names reach item names and may come from the server.
		b.WriteString(" " + strconv.Quote(e.Key))
	}
	b.WriteString(": " + ErrUnavailable.Error())
	if e.Cause != nil {
		b.WriteString(": " + e.Cause.Error())
	}
	return b.String()
}

// Unwrap exposes both ErrUnavailable and the cause to errors.Is and errors.As.
func (e *UnavailableError) Unwrap() []error {
	if e.Cause == nil {
		return []error{ErrUnavailable}
	}
	return []error{ErrUnavailable, e.Cause}
}

// classify turns whatever a backend returned into the package's two error
// kinds: ErrNotFound when the keychain answered that it holds no such item,
// an error wrapping ErrUnavailable for everything else.
func classify(op, key string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrNotFound), errors.Is(err, keyring.ErrNotFound):
		return ErrNotFound
	case errors.Is(err, ErrUnavailable):
		return err
	default:
		return &UnavailableError{Op: op, Key: key, Cause: err}
	}
}

// NewKeyring returns the OS keychain (Keychain on macOS, Credential Manager on
// Windows, the Secret Service over D-Bus elsewhere) as a Store. Items live
// under Service, named by key. Every call is bounded by timeout (DefaultTimeout
// when timeout <= 0) as WithTimeout describes, and errors are either
// ErrNotFound or wrap ErrUnavailable.
func NewKeyring(timeout time.Duration) Store {
	return WithTimeout(osKeychain{service: Service}, timeout)
}

// osKeychain adapts go-keyring's package functions to Store. It is unbounded
// and returns go-keyring's raw errors; WithTimeout adds the rest.
type osKeychain struct{ service string }

func (k osKeychain) Get(key string) (string, error) { return keyring.Get(k.service, key) }
func (k osKeychain) Set(key, value string) error    { return keyring.Set(k.service, key, value) }
func (k osKeychain) Delete(key string) error        { return keyring.Delete(k.service, key) }

// TimeoutFromEnv reads ALLOY_KEYRING_TIMEOUT as a Go duration ("2s", "500ms")
// or a plain number of seconds ("5", "2.5"). A missing, malformed or
// non-positive value gives DefaultTimeout, because a typo in the environment
// should not make every keychain call fail at once.
func TimeoutFromEnv() time.Duration { return parseTimeout(os.Getenv(TimeoutEnv)) }

func parseTimeout(s string) time.Duration {
	s = strings.TrimSpace(s)
	if s == "" {
		return DefaultTimeout
	}
	if d, err := time.ParseDuration(s); err == nil {
		if d > 0 {
			return d
		}
		return DefaultTimeout
	}
	secs, err := strconv.ParseFloat(s, 64)
	// The upper bound keeps the conversion below from overflowing.
	if err != nil || !(secs > 0) || secs > float64(time.Duration(1<<62)/time.Second) {
		return DefaultTimeout
	}
	return time.Duration(secs * float64(time.Second))
}

// WithTimeout wraps a Store whose calls may block (the OS keychain) so that
// every call returns within d (DefaultTimeout when d <= 0), and classifies its
// errors: ErrNotFound (also go-keyring's) stays ErrNotFound, anything else
// becomes an *UnavailableError.
//
// A call runs in its own goroutine. When it does not finish in time the caller
// gets an UnavailableError whose cause is ErrTimeout and the goroutine is
// abandoned: Go cannot cancel a blocked D-Bus call, so it lingers until the
// backend answers, which may be never (a locked or missing Secret Service).
// While such an abandoned call is outstanding, further calls fail at once
// with ErrTimeout instead of each waiting d and leaving another goroutine
// behind; once it comes back, calls go through again.
func WithTimeout(s Store, d time.Duration) Store {
	if d <= 0 {
		d = DefaultTimeout
	}
	return &timeoutStore{next: s, timeout: d, after: time.After}
}

type timeoutStore struct {
	next    Store
	timeout time.Duration
	// after is time.After, replaceable in tests so that a timeout can be
	// fired without waiting.
	after func(time.Duration) <-chan time.Time
	// abandoned counts calls that timed out and have not returned yet.
	abandoned atomic.Int64
	// settled, when set (tests only), runs once a call's goroutine is done
	// and its bookkeeping is finished.
	settled func()
}

// Call states, so that the caller and the goroutine agree on exactly one of
// them having the last word on a call.
const (
	callRunning int32 = iota
	callFinished
	callAbandoned
)

type callResult struct {
	value string
	err   error
}

func (s *timeoutStore) do(op, key string, call func() (string, error)) (string, error) {
	if s.abandoned.Load() > 0 {
		return "", &UnavailableError{Op: op, Key: key, Cause: errStillWaiting}
	}
	var state atomic.Int32
	// Buffered so the goroutine can always deliver and exit, even after the
	// caller has stopped listening.
	done := make(chan callResult, 1)
	go func() {
		var r callResult
		defer func() {
			if p := recover(); p != nil {
				r = callResult{err: fmt.Errorf("keychain backend panicked: %v", p)}
			}
			done <- r
			if !state.CompareAndSwap(callRunning, callFinished) {
				s.abandoned.Add(-1)
			}
			if s.settled != nil {
				s.settled()
			}
		}()
		r.value, r.err = call()
	}()
	select {
	case r := <-done:
		return r.value, r.err
	case <-s.after(s.timeout):
		if state.CompareAndSwap(callRunning, callAbandoned) {
			s.abandoned.Add(1)
			return "", &UnavailableError{Op: op, Key: key,
				Cause: fmt.Errorf("%w (waited %s)", ErrTimeout, s.timeout)}
		}
		// The call finished as the timer fired: its answer is already buffered.
		r := <-done
		return r.value, r.err
	}
}

// Get returns the item, ErrNotFound, or an error wrapping ErrUnavailable.
func (s *timeoutStore) Get(key string) (string, error) {
	v, err := s.do("get", key, func() (string, error) { return s.next.Get(key) })
	if err != nil {
		return "", classify("get", key, err)
	}
	return v, nil
}

// Set stores the item or returns an error wrapping ErrUnavailable.
func (s *timeoutStore) Set(key, value string) error {
	_, err := s.do("set", key, func() (string, error) { return "", s.next.Set(key, value) })
	return classify("set", key, redact(err, value))
}

// Delete removes the item, or returns ErrNotFound or an error wrapping
// ErrUnavailable.
func (s *timeoutStore) Delete(key string) error {
	_, err := s.do("delete", key, func() (string, error) { return "", s.next.Delete(key) })
	return classify("delete", key, err)
}

// redact drops the text of an error that quotes the secret being stored. No
// known backend does, but the message travels to logs and the screen, and a
// lost detail costs far less than a leaked key.
func redact(err error, secret string) error {
	// Timeouts are worded by this package and never quote values; a short
	// value may still appear in them by chance, and the timeout must survive.
	if err == nil || secret == "" || errors.Is(err, ErrTimeout) || !strings.Contains(err.Error(), secret) {
		return err
	}
	if errors.Is(err, ErrNotFound) || errors.Is(err, keyring.ErrNotFound) {
		return ErrNotFound
	}
	return errors.New("the keychain refused the item (details withheld: they quoted the secret)")
}
