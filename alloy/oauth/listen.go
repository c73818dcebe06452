package oauth

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"syscall"
)

// endpoint is where the flow listens and what it tells Alloy to send the
// browser back to.
type endpoint struct {
	ln net.Listener
	// redirectURI is the URI given to Alloy: the configured one verbatim,
	// or with the port the OS chose when it had to choose one.
	redirectURI string
	// path is the only path that answers callbacks.
	path string
}

// listen opens the loopback listener. An explicit redirect URI (OAUTH_REDIRECT_URI)
// is listened on exactly and a busy port is an error, since the user or the
// provider's registration asked for that address. The default address falls
// back to a free port of the OS's choosing, as RFC 8252 §7.3 allows for
// loopback redirects.
func listen(explicit, fallback string) (endpoint, error) {
	raw := explicit
	if raw == "" {
		raw = fallback
	}
	u, bindHost, port, err := parseRedirect(raw)
	if err != nil {
		return endpoint{}, err
	}
	addr := net.JoinHostPort(bindHost, port)
	ln, err := net.Listen(network(bindHost), addr)
	if err != nil {
		if explicit != "" {
			if errors.Is(err, syscall.EADDRINUSE) {
				return endpoint{}, fmt.Errorf("%w: %s", ErrPortTaken, addr)
			}
			return endpoint{}, fmt.Errorf("listen on %s: %w", addr, err)
		}
		// The default port is only a preference: any free loopback port
		// serves, as the redirect URI sent to Alloy says which one.
		ln, err = net.Listen("tcp4", "127.0.0.1:0")
		if err != nil {
			return endpoint{}, fmt.Errorf("listen on 127.0.0.1: %w", err)
		}
		u.Host = ln.Addr().String()
		raw = u.String()
	} else if port == "0" {
		_, actual, _ := net.SplitHostPort(ln.Addr().String())
		u.Host = net.JoinHostPort(u.Hostname(), actual)
		raw = u.String()
	}
	path := u.Path
	if path == "" {
		path = "/"
	}
	return endpoint{ln: ln, redirectURI: raw, path: path}, nil
}

// parseRedirect checks that a redirect URI is a plain-HTTP loopback address
// and returns it with the host and port to bind. localhost binds 127.0.0.1
// rather than whatever the resolver says, so the listener can never end up
// on a non-loopback interface. Port 0 means "any free port".
func parseRedirect(raw string) (u *url.URL, bindHost, port string, err error) {
	u, err = url.Parse(raw)
	if err != nil {
		return nil, "", "", fmt.Errorf("redirect URI %q: %w", raw, err)
	}
	if u.Scheme != "http" {
		return nil, "", "", fmt.Errorf("redirect URI %q: must start with http:// (the listener is plain HTTP on loopback)", raw)
	}
	if u.User != nil || u.Fragment != "" {
		return nil, "", "", fmt.Errorf("redirect URI %q: must not carry user information or a fragment", raw)
	}
	host := u.Hostname()
	switch ip := net.ParseIP(host); {
	case strings.EqualFold(host, "localhost"):
		bindHost = "127.0.0.1"
	case ip != nil && ip.IsLoopback():
		bindHost = ip.String()
	default:
		return nil, "", "", fmt.Errorf("redirect URI %q: host must be loopback (127.0.0.1, localhost or [::1]), never another interface", raw)
	}
	port = u.Port()
	if port == "" {
		port = "80"
	}
	return u, bindHost, port, nil
}

// network picks the address family so that an IPv4 host never binds a
// dual-stack socket.
func network(host string) string {
	if ip := net.ParseIP(host); ip != nil && ip.To4() == nil {
		return "tcp6"
	}
	return "tcp4"
}
