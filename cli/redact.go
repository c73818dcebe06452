package cli

import (
	"context"
	"io"
	"log/slog"
	"strings"

	"github.com/alloy-tui/alloy-tui/models"
)

// redactedValue replaces any logged value that holds a secret.
const redactedValue = "[redacted]"

// redactingHandler is defence in depth for the --debug log: the client
// already keeps the key and the Authorization header out of its log lines,
// and this handler makes sure that no attribute or message holding a secret
// reaches the file even if some caller slips.
type redactingHandler struct {
	inner   slog.Handler
	secrets func() []string
}

func (h *redactingHandler) Enabled(ctx context.Context, level slog.Level) bool {
	return h.inner.Enabled(ctx, level)
}

func (h *redactingHandler) Handle(ctx context.Context, r slog.Record) error {
	secrets := h.secrets()
	out := slog.NewRecord(r.Time, r.Level, redactString(r.Message, secrets), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(redactAttr(a, secrets))
		return true
	})
	return h.inner.Handle(ctx, out)
}

func (h *redactingHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	secrets := h.secrets()
	clean := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		clean[i] = redactAttr(a, secrets)
	}
	return &redactingHandler{inner: h.inner.WithAttrs(clean), secrets: h.secrets}
}

func (h *redactingHandler) WithGroup(name string) slog.Handler {
	return &redactingHandler{inner: h.inner.WithGroup(name), secrets: h.secrets}
}

// redactAttr replaces the value of an attribute whose text holds a secret,
// in any form models.Redact finds (JSON-escaped, interleaved with escape
// sequences or invisible characters), looking inside groups.
func redactAttr(a slog.Attr, secrets []string) slog.Attr {
	v := a.Value.Resolve()
	if v.Kind() == slog.KindGroup {
		group := v.Group()
		clean := make([]any, len(group))
		for i, g := range group {
			clean[i] = redactAttr(g, secrets)
		}
		return slog.Group(a.Key, clean...)
	}
	if containsSecret(v.String(), secrets) || containsSecret(a.Key, secrets) ||
		strings.EqualFold(a.Key, "authorization") {
		return slog.String(redactString(a.Key, secrets), redactedValue)
	}
	return slog.Attr{Key: a.Key, Value: v}
}

// containsSecret reports whether s holds a secret in any form, also once
// sanitised (a form hidden by an escape sequence too long to skip shows
// there).
func containsSecret(s string, secrets []string) bool {
	if models.ContainsSecret(s, secrets...) {
		return true
	}
	clean := models.Sanitize(s)
	return clean != s && models.ContainsSecret(clean, secrets...)
}

func redactString(s string, secrets []string) string {
	return models.Redact(s, secrets...)
}

// redactWriter is the last step of everything the CLI writes on stdout and
// stderr: each write has the run's secrets redacted (models.Redact, every
// form). The CLI writes each message, table or document in one piece, so a
// secret never straddles two writes.
type redactWriter struct {
	w       io.Writer
	secrets func() []string
}

func (r *redactWriter) Write(p []byte) (int, error) {
	secrets := r.secrets()
	s := string(p)
	if out := models.Redact(s, secrets...); out != s {
		if _, err := io.WriteString(r.w, out); err != nil {
			return 0, err
		}
		return len(p), nil
	}
	return r.w.Write(p)
}

// Fd is the file descriptor of the stream written to, so that terminal
// checks and sizes still work through the wrapper; ^uintptr(0), which is
// no descriptor, when it is not a file.
func (r *redactWriter) Fd() uintptr {
	if f, ok := r.w.(interface{ Fd() uintptr }); ok {
		return f.Fd()
	}
	return ^uintptr(0)
}

// unwrapStream returns the stream a redactWriter writes to, or s itself.
func unwrapStream(s any) any {
	if r, ok := s.(*redactWriter); ok {
		return r.w
	}
	return s
}
