package keystore

import (
	"errors"
	"sync"
	"sync/atomic"
)

// HangingStore, for this package's tests, is a Store whose calls block until Release, like a Secret
// Service that never answers. Wrap it with WithTimeout and a short timeout to
// test the "keychain timed out" path, or use it bare to test what a screen
// shows while it waits. Call Release (for example in t.Cleanup) so that no
// goroutine outlives the test.
type HangingStore struct {
	release chan struct{}
	once    sync.Once
	calls   atomic.Int64
}

// Hanging returns a HangingStore that blocks until released.
func Hanging() *HangingStore { return &HangingStore{release: make(chan struct{})} }

// Release lets every blocked and future call return an error wrapping
// ErrUnavailable. It is safe to call more than once.
func (h *HangingStore) Release() { h.once.Do(func() { close(h.release) }) }

// Calls reports how many calls have reached the store, blocked or not, so a
// test can check that a caller did (or did not) ask the keychain.
func (h *HangingStore) Calls() int { return int(h.calls.Load()) }

func (h *HangingStore) wait(op, key string) error {
	h.calls.Add(1)
	<-h.release
	return &UnavailableError{Op: op, Key: key, Cause: errReleased}
}

var errReleased = errors.New("the hanging test store was released")

// Get blocks until Release, then fails.
func (h *HangingStore) Get(key string) (string, error) { return "", h.wait("get", key) }

// Set blocks until Release, then fails.
func (h *HangingStore) Set(key, _ string) error { return h.wait("set", key) }

// Delete blocks until Release, then fails.
func (h *HangingStore) Delete(key string) error { return h.wait("delete", key) }
