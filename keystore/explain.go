package keystore

import (
	"errors"
	"runtime"
	"strings"
	"unicode"
)

// envWayOut is the way round any keychain trouble: the credentials can always
// come from the environment instead.
const envWayOut = "set ALLOY_API_KEY and ALLOY_USER_ID in the environment or a .env file"

// maxCauseRunes caps the cause quoted in a sentence: D-Bus errors can be long,
// and a status line is not the place for all of one.
const maxCauseRunes = 160

// Explain turns a keychain error into one sentence for people, saying what
// went wrong and what to do about it. It returns "" for nil. It never quotes a
// secret: errors from this package carry item names, not values, and the
// backend's own words are cleaned of control characters and shortened.
func Explain(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ErrUnavailable):
		return "No keychain is available (" + describeCause(err) + "): " + envWayOut + ", or " + keychainWayOut(runtime.GOOS) + "."
	case errors.Is(err, ErrNotFound):
		return "The keychain holds no such item yet: sign in again, or " + envWayOut + "."
	default:
		return "The keychain failed (" + cleanText(err.Error()) + "): " + envWayOut + "."
	}
}

// keychainWayOut says how to get a working keychain on each system.
func keychainWayOut(goos string) string {
	switch goos {
	case "darwin":
		return "unlock the login keychain in Keychain Access"
	case "windows":
		return "check that Windows Credential Manager is running"
	default:
		return "start and unlock a keyring (gnome-keyring, KWallet)"
	}
}

// describeCause names why the keychain was unavailable in plain words where
// the cause is a well-known one, and quotes the backend otherwise.
func describeCause(err error) string {
	cause := err
	var ue *UnavailableError
	if errors.As(err, &ue) && ue.Cause != nil {
		cause = ue.Cause
	}
	if errors.Is(cause, ErrTimeout) {
		return "it did not answer in time; raise " + TimeoutEnv + " if it needs longer"
	}
	if cause == ErrUnavailable {
		return "no reason given"
	}
	text := cause.Error()
	lower := strings.ToLower(text)
	for _, known := range knownCauses {
		if strings.Contains(lower, known.fragment) {
			return known.meaning
		}
	}
	return cleanText(text)
}

// knownCauses maps fragments of common D-Bus and go-keyring errors to what
// they mean for the user.
var knownCauses = []struct{ fragment, meaning string }{
	{"org.freedesktop.secrets", "no Secret Service is running on the D-Bus session"},
	{"serviceunknown", "no Secret Service is running on the D-Bus session"},
	{"address of session bus", "there is no D-Bus session"},
	{"autolaunch", "there is no D-Bus session"},
	{"dbus-launch", "there is no D-Bus session"},
	{"no such file or directory", "the D-Bus session could not be reached"},
	{"connection refused", "the D-Bus session could not be reached"},
	{"unlock", "the keyring could not be unlocked"},
	{"islocked", "the keyring is locked"},
	{"unsupported platform", "this system has no keychain alloy-tui can use"},
}

// cleanText makes backend text safe and short for a terminal: control
// characters (which could move the cursor or recolour the screen) become
// spaces, runs of space collapse, and long text is cut.
func cleanText(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == unicode.ReplacementChar || unicode.Is(unicode.Bidi_Control, r) {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > maxCauseRunes {
		s = string(r[:maxCauseRunes-1]) + "…"
	}
	if s == "" {
		return "no reason given"
	}
	return s
}
