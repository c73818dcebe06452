package oauth

import (
	"context"
	"errors"
)

// Explain turns an error of Run into one sentence for people, saying what
// to do next. It returns "" for errors it does not know, so that the caller
// shows the error itself.
func Explain(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ErrDenied):
		return "The service did not authorise the connection; try again and approve access when the browser asks."
	case errors.Is(err, ErrTimeout):
		var te *timeoutError
		if errors.As(err, &te) && te.ignored > 0 {
			return "The browser never came back from the sign-in alloy-tui started (" + ignoredText(te.ignored) +
				" from other sign-ins or web pages); close old sign-in tabs and try again."
		}
		return "The browser never came back to alloy-tui; check that the redirect address is reachable from the browser (same machine, or set OAUTH_REDIRECT_URI) and try again."
	case errors.Is(err, ErrPortTaken):
		return "Another program is using the callback port; stop it or set OAUTH_REDIRECT_URI to another port (for example http://127.0.0.1:3001/oauth/callback) and try again."
	case errors.Is(err, ErrNotFound):
		return "The sign-in finished but Alloy does not list a new connection yet; wait a moment, then refresh the connections or try again."
	case errors.Is(err, context.Canceled):
		return "Connecting was cancelled; nothing was changed on this machine."
	}
	return ""
}
