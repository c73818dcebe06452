package cli

import (
	"context"
	"log/slog"
	"strings"
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
// looking inside groups.
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

func containsSecret(s string, secrets []string) bool {
	for _, secret := range secrets {
		if secret != "" && strings.Contains(s, secret) {
			return true
		}
	}
	return false
}

func redactString(s string, secrets []string) string {
	for _, secret := range secrets {
		if secret != "" {
			s = strings.ReplaceAll(s, secret, redactedValue)
		}
	}
	return s
}
