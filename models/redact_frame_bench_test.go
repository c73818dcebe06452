package models

import (
	"strings"
	"testing"
)

// BenchmarkRedactFrame is the TUI's last step on every frame: a 100x30
// screen of styled text scrubbed of the API key.
func BenchmarkRedactFrame(b *testing.B) {
	line := "\x1b[38;2;98;98;98m  ▤ Sensor calibration rig\x1b[m \x1b[2min a database · edited 4d ago\x1b[m" + strings.Repeat(" ", 40)
	frame := strings.Repeat(line+"\n", 30)
	b.SetBytes(int64(len(frame)))
	for b.Loop() {
		_ = Redact(frame, "sk-live-0123456789abcdef")
	}
}
