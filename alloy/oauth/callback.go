package oauth

import (
	"context"
	"html/template"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"
	"unicode"
)

// Server limits: the only client is the user's own browser, so anything slow
// or large is not it.
const (
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 30 * time.Second
	// writeTimeout leaves room for the work done before the page is written
	// (an exchange, a few listings), which the handler waits for.
	writeTimeout   = 3 * time.Minute
	idleTimeout    = 30 * time.Second
	maxHeaderBytes = 16 << 10
	// shutdownGrace bounds how long stopping waits for a page to be sent.
	shutdownGrace = 5 * time.Second
)

// callback is one accepted browser request, handed to the flow, which
// answers on reply with the page to show.
type callback struct {
	query url.Values
	reply chan<- page
}

// page is what the browser is shown.
type page struct {
	Status  int
	Title   string
	Message string
}

// Pages that do not depend on the outcome.
var (
	pageAlreadyHandled = page{http.StatusOK, "Already handled",
		"alloy-tui has already received a sign-in callback; this one was ignored. You can close this tab."}
	pageNotWaiting = page{http.StatusGone, "No longer waiting",
		"alloy-tui has stopped waiting for this sign-in. You can close this tab and start again from the terminal."}
)

// Pages of the outcomes. The texts are plain: the template escapes them.
var (
	pageStateMismatch = page{http.StatusBadRequest, "Sign-in refused",
		"This callback does not belong to the sign-in alloy-tui started (its state does not match), so it was ignored. You can close this tab and try again from the terminal."}
	pageCancelled = page{http.StatusOK, "Cancelled",
		"Connecting was cancelled in alloy-tui. You can close this tab."}
	// pageFailed stays generic: details belong in the terminal, not in a
	// page any local program could fetch.
	pageFailed = page{http.StatusInternalServerError, "Not connected",
		"alloy-tui could not finish connecting; the terminal says why. You can close this tab and try again."}
)

// deniedPage shows the provider's (sanitised, then escaped) reason.
func deniedPage(reason string) page {
	return page{http.StatusOK, "Not connected",
		"The service did not authorise the connection (" + reason + "). You can close this tab and try again from alloy-tui."}
}

// connectedPage is the page of success.
func connectedPage(connector string) page {
	return page{http.StatusOK, "Connected",
		"alloy-tui is now connected to " + connector + ". You can close this tab and return to the terminal."}
}

// pageTemplate is html/template so that every value, including the
// provider's error text, is escaped.
var pageTemplate = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>alloy-tui: {{.Title}}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36em;margin:4em auto;padding:0 1em;line-height:1.5}</style>
</head><body><h1>{{.Title}}</h1><p>{{.Message}}</p></body></html>
`))

// callbackServer answers the redirect path once and 404s everything else.
type callbackServer struct {
	path      string
	callbacks chan<- callback
	// finished is closed when the flow stops waiting, so that a handler
	// never blocks on a flow that has gone.
	finished <-chan struct{}
	accepted atomic.Bool
}

func newHTTPServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		// The server's own complaints would land on stderr, under a TUI.
		ErrorLog: log.New(io.Discard, "", 0),
	}
}

func (s *callbackServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != s.path {
		http.NotFound(w, r)
		return
	}
	if !loopbackHost(r.Host) {
		// A foreign Host header means a page reached us through DNS
		// rebinding, not a redirect to our own address.
		http.Error(w, "misdirected request", http.StatusMisdirectedRequest)
		return
	}
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if !s.accepted.CompareAndSwap(false, true) {
		writePage(w, pageAlreadyHandled)
		return
	}
	reply := make(chan page, 1)
	select {
	case s.callbacks <- callback{query: r.URL.Query(), reply: reply}:
	case <-s.finished:
		writePage(w, pageNotWaiting)
		return
	case <-r.Context().Done():
		return
	}
	select {
	case p := <-reply:
		writePage(w, p)
	case <-s.finished:
		// The flow may have answered just before finishing.
		select {
		case p := <-reply:
			writePage(w, p)
		default:
			writePage(w, pageNotWaiting)
		}
	case <-r.Context().Done():
	}
}

func writePage(w http.ResponseWriter, p page) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	// The page needs nothing from anywhere, and must not leak the callback
	// URL (which may carry a code) to anyone.
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	h.Set("Referrer-Policy", "no-referrer")
	w.WriteHeader(p.Status)
	_ = pageTemplate.Execute(w, p)
}

// loopbackHost reports whether a Host header names this machine's loopback.
func loopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// maxRemoteText bounds the provider's text kept in errors and pages.
const maxRemoteText = 200

// sanitise makes remote text safe to show in a terminal: no control or
// bidirectional-override characters (which could move the cursor or
// disguise text), valid UTF-8, and bounded length.
func sanitise(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		if n == maxRemoteText {
			b.WriteString("…")
			break
		}
		switch {
		case r == '\n' || r == '\t' || r == '\r':
			r = ' '
		case unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r):
			continue
		}
		b.WriteRune(r)
		n++
	}
	return strings.TrimSpace(b.String())
}

// stopServer shuts the server down, closing the listener at once and giving
// a page in flight a moment to be written.
func stopServer(srv *http.Server, served <-chan struct{}) {
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if srv.Shutdown(ctx) != nil {
		_ = srv.Close()
	}
	<-served
}
