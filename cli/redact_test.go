package cli

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"
)

func TestRedactingHandler(t *testing.T) {
	tests := []struct {
		name string
		log  func(l *slog.Logger)
		want string // something that must still be logged
	}{
		{"message", func(l *slog.Logger) { l.Info("key is " + testKey) }, "key is [redacted]"},
		{"string attribute", func(l *slog.Logger) { l.Info("m", "header", "Bearer "+testKey) }, "header=[redacted]"},
		{"authorization attribute", func(l *slog.Logger) { l.Info("m", "Authorization", "anything") }, "Authorization=[redacted]"},
		{"error attribute", func(l *slog.Logger) { l.Info("m", "error", errors.New("bad key "+testKey)) }, "error=[redacted]"},
		{"group", func(l *slog.Logger) { l.Info("m", slog.Group("req", "auth", testKey, "path", "/connectors")) }, "req.path=/connectors"},
		{"WithAttrs", func(l *slog.Logger) { l.With("key", testKey).Info("m") }, "key=[redacted]"},
		{"WithGroup", func(l *slog.Logger) { l.WithGroup("g").Info("m", "k", testKey) }, "g.k=[redacted]"},
		{"clean values pass", func(l *slog.Logger) { l.Info("m", "status", 200) }, "status=200"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			h := &redactingHandler{
				inner:   slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}),
				secrets: func() []string { return []string{testKey} },
			}
			tt.log(slog.New(h))
			out := buf.String()
			if strings.Contains(out, testKey) {
				t.Errorf("secret logged: %s", out)
			}
			if !strings.Contains(out, tt.want) {
				t.Errorf("log %q does not contain %q", out, tt.want)
			}
		})
	}
}

func TestErrorLinesNeverShowTheKey(t *testing.T) {
	a := &app{}
	a.addSecret(testKey)
	a.addSecret("ab") // too short to redact safely: ignored
	got := a.oneLine("failed with " + testKey + "\nand \x1b[31mred\x1b[0m ab")
	if strings.Contains(got, testKey) || strings.ContainsAny(got, "\n\x1b") {
		t.Errorf("oneLine = %q", got)
	}
	if !strings.Contains(got, "[redacted]") || !strings.HasSuffix(got, " ab") {
		t.Errorf("oneLine = %q", got)
	}
}
