package keystore_test

import (
	"crypto/rand"
	"errors"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/alloy-tui/alloy-tui/keystore"
)

// requireKeychainEnv, set to 1 (as .ci/run does), turns "no keychain here"
// from a skip into a failure, so CI cannot pass without exercising one.
const requireKeychainEnv = "ALLOY_REQUIRE_KEYCHAIN"

// TestIntegrationKeyring talks to the real OS keychain (on Linux, a Secret
// Service such as gnome-keyring on the D-Bus session). It skips when none is
// reachable, and writes only one item under a unique name, removed at the end.
func TestIntegrationKeyring(t *testing.T) {
	required := os.Getenv(requireKeychainEnv) == "1"
	skip := func(format string, args ...any) {
		t.Helper()
		if required {
			t.Fatalf(requireKeychainEnv+"=1 but "+format, args...)
		}
		t.Skipf(format, args...)
	}
	if runtime.GOOS != "darwin" && runtime.GOOS != "windows" && os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		skip("no D-Bus session (DBUS_SESSION_BUS_ADDRESS is empty)")
	}

	start := time.Now()
	key := "integration-test:" + rand.Text()
	// A short probe: a keychain that is there answers "not found" at once.
	if _, err := keystore.NewKeyring(2 * time.Second).Get(key); !errors.Is(err, keystore.ErrNotFound) {
		skip("no usable keychain: %v", err)
	}

	store := keystore.NewKeyring(10 * time.Second)
	t.Cleanup(func() {
		if err := store.Delete(key); err != nil && !errors.Is(err, keystore.ErrNotFound) {
			t.Errorf("cleanup: Delete(%s): %v", key, err)
		}
	})

	for _, value := range []string{
		"first value",
		"second: ünïcödé, quotes \" ' and\na newline", // overwrites the first
	} {
		if err := store.Set(key, value); err != nil {
			t.Fatalf("Set: %v", err)
		}
		got, err := store.Get(key)
		if err != nil {
			t.Fatalf("Get after Set: %v", err)
		}
		if got != value {
			t.Fatalf("Get after Set = %q, want %q", got, value)
		}
	}
	if err := store.Delete(key); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := store.Get(key); !errors.Is(err, keystore.ErrNotFound) {
		t.Fatalf("Get after Delete: err = %v, want ErrNotFound", err)
	}
	if err := store.Delete(key); !errors.Is(err, keystore.ErrNotFound) {
		t.Fatalf("second Delete: err = %v, want ErrNotFound", err)
	}
	t.Logf("probe, set, get, overwrite, get, delete, get, delete took %s", time.Since(start).Round(time.Millisecond))
}
