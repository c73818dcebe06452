package keystore

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestExplain(t *testing.T) {
	t.Parallel()
	timeout := &UnavailableError{Op: "get", Key: KeyAPIKey, Cause: fmt.Errorf("%w (waited 10s)", ErrTimeout)}
	tests := []struct {
		name     string
		err      error
		want     []string // fragments the sentence must hold
		wantNot  []string // fragments it must not hold
		wantNone bool
	}{
		{name: "nil", err: nil, wantNone: true},
		{
			name: "no secret service",
			err:  Failing(nil).Set(KeyAPIKey, "v"),
			want: []string{"No keychain is available (no Secret Service is running on the D-Bus session)", "ALLOY_API_KEY and ALLOY_USER_ID", ".env"},
		},
		{
			name: "no D-Bus session",
			err:  Failing(errors.New("dbus: couldn't determine address of session bus")).Delete(KeyUserID),
			want: []string{"(there is no D-Bus session)"},
		},
		{
			name: "locked",
			err:  Failing(errors.New("failed to unlock correct collection '/org/freedesktop/secrets/collection/login'")).Delete(KeyUserID),
			want: []string{"(the keyring could not be unlocked)"},
		},
		{name: "timeout", err: timeout, want: []string{"did not answer in time", TimeoutEnv}},
		{name: "bare sentinel", err: ErrUnavailable, want: []string{"(no reason given)"}},
		{
			name:    "hostile cause",
			err:     Failing(errors.New("odd\x1b[2J\x1b]0;pwned\a\u202eevil\nmore")).Set(KeyAPIKey, "v"),
			want:    []string{"odd [2J ]0;pwned evil more"},
			wantNot: []string{"\x1b", "\a", "\n", "\u202e"},
		},
		{name: "not found", err: ErrNotFound, want: []string{"holds no such item", "ALLOY_API_KEY"}},
		{name: "other", err: errors.New("weird"), want: []string{"The keychain failed (weird)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Explain(tt.err)
			if tt.wantNone {
				if got != "" {
					t.Fatalf("Explain = %q, want empty", got)
				}
				return
			}
			if !strings.HasSuffix(got, ".") || strings.Count(got, ". ") > 0 {
				t.Errorf("Explain = %q, want one sentence", got)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("Explain = %q, want it to contain %q", got, w)
				}
			}
			for _, w := range tt.wantNot {
				if strings.Contains(got, w) {
					t.Errorf("Explain = %q, must not contain %q", got, w)
				}
			}
		})
	}
}

func TestCleanTextCutsLongText(t *testing.T) {
	t.Parallel()
	got := cleanText(strings.Repeat("é", 1000))
	if n := utf8.RuneCountInString(got); n != maxCauseRunes || !strings.HasSuffix(got, "…") {
		t.Fatalf("cleanText kept %d runes (%q...), want %d ending in an ellipsis", n, got[:10], maxCauseRunes)
	}
}

func TestKeychainWayOut(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"linux":   "gnome-keyring",
		"freebsd": "KWallet",
		"darwin":  "Keychain Access",
		"windows": "Credential Manager",
	}
	for goos, want := range tests {
		if got := keychainWayOut(goos); !strings.Contains(got, want) {
			t.Errorf("keychainWayOut(%q) = %q, want it to mention %q", goos, got, want)
		}
	}
}
