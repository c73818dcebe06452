package screens

import (
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alloy-tui/alloy-tui/alloy/demo"
	"github.com/alloy-tui/alloy-tui/keystore"
	"github.com/alloy-tui/alloy-tui/ui/common"
)

// stuckKeychain is a keychain that does not answer until released, like a
// Secret Service waiting on an unlock prompt nobody sees; then it fails.
type stuckKeychain struct {
	calls   atomic.Int64
	release chan struct{}
	once    sync.Once
}

func newStuckKeychain() *stuckKeychain { return &stuckKeychain{release: make(chan struct{})} }

func (k *stuckKeychain) wait() error {
	k.calls.Add(1)
	<-k.release
	return keystore.ErrUnavailable
}

func (k *stuckKeychain) Get(string) (string, error) { return "", k.wait() }
func (k *stuckKeychain) Set(string, string) error   { return k.wait() }
func (k *stuckKeychain) Delete(string) error        { return k.wait() }
func (k *stuckKeychain) Release()                   { k.once.Do(func() { close(k.release) }) }

// quickly fails the test when fn does not return while the keychain hangs:
// Update and View must never wait on it. The bound is generous (a loaded
// CI machine under -race); a real wait would never end.
func quickly(t *testing.T, what string, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatalf("%s waited", what)
	}
}

// signedOut is a context with no client yet, as Welcome finds it, whose
// keychain does not answer until released.
func signedOut(t *testing.T) (*common.Context, *stuckKeychain) {
	c, _ := demoContext(t, demo.Options{})
	c.Client, c.ActiveConnection = nil, ""
	keychain := newStuckKeychain()
	t.Cleanup(keychain.Release)
	c.Store = keychain
	return c, keychain
}

func TestWelcomeDrawsAtOnceAndNeverWaitsOnTheKeychain(t *testing.T) {
	c, keychain := signedOut(t)

	var s *Welcome
	quickly(t, "opening Welcome", func() { s = NewWelcome(c, "", "") })
	if !shows(s, "Welcome to alloy-tui", "API key ›", "User id ›")() {
		t.Fatalf("Welcome does not draw its fields at once:\n%s", plain(s))
	}

	d := newDriver(t, c)
	quickly(t, "typing and pressing enter", func() {
		d.typeText(s, demo.DemoAPIKey)
		d.press(s, keyTab)
		d.typeText(s, demo.DemoUserID)
		d.press(s, keyEnter)
	})
	if n := keychain.calls.Load(); n != 0 {
		t.Fatalf("Update called the keychain %d times", n)
	}
	d.until("the check to reach the keychain", func() bool { return keychain.calls.Load() > 0 })
	quickly(t, "drawing while the keychain hangs", func() {
		if !shows(s, "Checking the key")() {
			t.Errorf("Welcome does not say it is checking:\n%s", plain(s))
		}
		if b := s.Busy(); b == "" {
			t.Error("Busy() is empty while the check runs")
		}
		d.typeText(s, "x")
	})

	keychain.Release()
	d.until("the credentials", func() bool { return len(emittedOf[common.CredentialsMsg](d)) > 0 })
	got := emittedOf[common.CredentialsMsg](d)[0]
	if got.Client == nil || len(got.Connections) == 0 {
		t.Errorf("the credentials carry no client or no connections: %+v", got)
	}
	if n := got.Notice; !strings.Contains(n, "this session only") || strings.ContainsAny(n, "()") || strings.Count(n, ".") != 1 {
		t.Errorf("the notice %q is not one short sentence saying the key lasts for this session", n)
	}
}

func TestWelcomeDoesNotTryAKeychainThatFailedAtStart(t *testing.T) {
	c, keychain := signedOut(t)
	c.KeychainErr = keystore.ErrUnavailable

	s := NewWelcome(c, "", demo.DemoUserID)
	if !shows(s, "works for this session only", "uses it for this session")() {
		t.Errorf("Welcome does not say the key lasts for this session:\n%s", plain(s))
	}
	d := newDriver(t, c)
	d.typeText(s, demo.DemoAPIKey)
	d.press(s, keyEnter)
	d.until("the credentials", func() bool { return len(emittedOf[common.CredentialsMsg](d)) > 0 })
	if n := keychain.calls.Load(); n != 0 {
		t.Errorf("the keychain was called %d times after it failed at start", n)
	}
	if n := emittedOf[common.CredentialsMsg](d)[0].Notice; n != "" {
		t.Errorf("notice %q repeats what Welcome said", n)
	}
}

func TestWelcomeHelpAndInputEmptyFollowTheFields(t *testing.T) {
	c, _ := demoContext(t, demo.Options{})
	s := NewWelcome(c, "", "")
	d := newDriver(t, c)
	submit := c.Keys.Welcome.Submit
	if !s.InputEmpty() || offers(s.Help(), submit) {
		t.Errorf("empty fields: InputEmpty %v, submit offered %v; want true, false", s.InputEmpty(), offers(s.Help(), submit))
	}
	d.typeText(s, "key")
	if s.InputEmpty() {
		t.Error("InputEmpty() is true with a key typed")
	}
	d.press(s, keyTab)
	if !s.InputEmpty() || offers(s.Help(), submit) {
		t.Error("on the empty user id: InputEmpty must be true and submit not offered")
	}
	d.typeText(s, "user")
	if !offers(s.Help(), submit) {
		t.Error("submit is not offered with both fields filled in")
	}
}
