package common

import (
	"context"
	"errors"
	"net/http"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/alloy/oauth"
	"github.com/alloy-tui/alloy-tui/keystore"
	"github.com/alloy-tui/alloy-tui/models"
)

// Explain turns an error into one sentence for people. Errors of the client,
// the connect flow and the keychain explain themselves; anything else is
// shown as it is, cleaned of control characters since it may quote the
// server.
func Explain(err error) string {
	if err == nil {
		return ""
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "The request took too long; try again."
	}
	var ae *alloy.Error
	if errors.As(err, &ae) {
		if ae.Status == http.StatusUnauthorized {
			return "The API key is wrong or has been revoked: enter it again."
		}
		return models.SanitizeLine(ae.Explain())
	}
	if s := oauth.Explain(err); s != "" {
		return models.SanitizeLine(s)
	}
	if errors.Is(err, keystore.ErrUnavailable) || errors.Is(err, keystore.ErrTimeout) {
		if s := keystore.Explain(err); s != "" {
			return models.SanitizeLine(s)
		}
	}
	return models.SanitizeLine(err.Error())
}

// IsUnauthorized reports whether err is the service refusing the API key.
func IsUnauthorized(err error) bool {
	var ae *alloy.Error
	return errors.As(err, &ae) && ae.Status == http.StatusUnauthorized
}

// IsCanceled reports whether err only says that its request was cancelled,
// which happens when the screen that asked moved on: nothing to show.
func IsCanceled(err error) bool {
	return errors.Is(err, context.Canceled)
}
