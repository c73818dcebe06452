package models

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSanitize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "hello, world", "hello, world"},
		{"unicode", "日本語 😀 café", "日本語 😀 café"},
		{"tab and newline kept", "a\tb\nc", "a\tb\nc"},
		{"CRLF becomes LF", "a\r\nb", "a\nb"},
		{"lone CR dropped", "a\rb", "ab"},
		{"SGR colour", "\x1b[31mred\x1b[0m", "red"},
		{"CSI with parameters and intermediates", "a\x1b[?1049hb\x1b[2 qc", "abc"},
		{"clear screen", "x\x1b[2Jy", "xy"},
		{"OSC title with BEL", "a\x1b]0;title\x07b", "ab"},
		{"OSC with ST", "a\x1b]0;title\x1b\\b", "ab"},
		{"OSC 8 hyperlink", "\x1b]8;;https://evil\x1b\\click\x1b]8;;\x1b\\", "click"},
		{"OSC 52 clipboard", "a\x1b]52;c;ZXZpbA==\x07b", "ab"},
		{"OSC aborted by ESC", "a\x1b]0;t\x1b[1mb", "ab"},
		{"unterminated OSC swallows the rest", "a\x1b]0;never ends", "a"},
		{"DCS", "a\x1bPq#0;2;0;0;0\x1b\\b", "ab"},
		{"APC", "a\x1b_Gf=100;AAAA\x1b\\b", "ab"},
		{"PM and SOS", "a\x1b^pm\x1b\\b\x1bXsos\x1b\\c", "abc"},
		{"short escapes", "a\x1b7b\x1b8c\x1b(Bd\x1bce", "abcde"},
		{"ESC at end", "a\x1b", "a"},
		{"ESC before non-ASCII", "a\x1b日", "a日"},
		{"CSI aborted by control", "a\x1b[31\nb", "a\nb"},
		{"C0 controls", "a\x00b\x07c\x08d\x0be\x0cf\x1ag", "abcdefg"},
		{"DEL", "a\x7fb", "ab"},
		{"C1 controls", "a\u0085b\u0080c\u0099d", "abcd"},
		{"8-bit APC", "a\u009fpayload\u009cb", "ab"},
		{"8-bit CSI", "a\u009b31mb", "ab"},
		{"8-bit OSC with 8-bit ST", "a\u009d0;t\u009cb", "ab"},
		{"8-bit DCS", "a\u0090data\u009cb", "ab"},
		{"invalid UTF-8", "a\xffb\xc3", "a\ufffdb\ufffd"},
		{"raw 8-bit CSI byte is invalid UTF-8", "a\x9b31mb", "a\ufffd31mb"},
		{"empty", "", ""},
		{"bidi override", "abc\u202egnp.exe", "abcgnp.exe"},
		{"bidi embeddings and isolates", "\u202aa\u202bb\u202cc\u202dd\u2066e\u2067f\u2068g\u2069h", "abcdefgh"},
		{"bidi marks", "a\u200eb\u200fc\u061cd", "abcd"},
		{"zero-width characters", "s\u200bk\u200c_\u200dt\u2060e\ufeffy", "sk_tey"},
		{"invisible operators and Mongolian separator", "a\u2061b\u2064c\u180ed", "abcd"},
		{"line and paragraph separators", "a\u2028b\u2029c", "abc"},
		{"tag characters hide text", "hi\U000e0041\U000e0042", "hi"},
		{"zero-width joiner inside an emoji stays", "👩\u200d💻 and 👨\u200d👩\u200d👧", "👩\u200d💻 and 👨\u200d👩\u200d👧"},
		{"rainbow flag keeps its joiner", "🏳\ufe0f\u200d🌈", "🏳\ufe0f\u200d🌈"},
		{"joiner between letters goes", "a\u200db", "ab"},
		{"joiner after an emoji before a letter goes", "😀\u200da", "😀a"},
		{"doubled joiner keeps one", "😀\u200d\u200d😀", "😀\u200d😀"},
		{"subdivision flag keeps its tags", "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f", "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"},
		{"escape and zero-width together", "k\x1b[31m\u200be\ay", "key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sanitize(tt.in); got != tt.want {
				t.Errorf("Sanitize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSanitizeLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"title", "title"},
		{"two\nlines\tand tab", "two lines and tab"},
		{"a\r\nb\x1b[1m", "a b"},
		{"one\u2028two\u2029three", "onetwothree"},
		{"left\u202eright", "leftright"},
	}
	for _, tt := range tests {
		if got := SanitizeLine(tt.in); got != tt.want {
			t.Errorf("SanitizeLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSanitizeCleanTextDoesNotAllocate(t *testing.T) {
	clean := strings.Repeat("A clean line of text with ünïcödé and\ttabs.\n", 50)
	if allocs := testing.AllocsPerRun(100, func() { _ = Sanitize(clean) }); allocs != 0 {
		t.Errorf("Sanitize allocated %v times on clean text", allocs)
	}
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"plain", "\x1b[31mred", "\x1b]0;t\x07", "\u009b1m", "\xff\xfe", "a\r\nb\r", "\x1bP\x1b\\",
		"a\u202eb\u2066c", "😀\u200d😀\u200d\u200d", "🏴\U000e0067\U000e007f\U000e0067", "\u2028\u200b\ufeff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Sanitize(in)
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 out of %q", in)
		}
		if i := firstUnsafe(out); i >= 0 {
			t.Fatalf("unsafe byte %#x left in %q (from %q)", out[i], out, in)
		}
		if again := Sanitize(out); again != out {
			t.Fatalf("not idempotent: %q then %q", out, again)
		}
		for i, r := range out {
			if IsInvisible(r) && r != 0x200d && !(r >= 0xe0020 && r <= 0xe007f) {
				t.Fatalf("invisible %U left at %d in %q (from %q)", r, i, out, in)
			}
			if r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 || r == 0x2028 || r == 0x2029 {
				t.Fatalf("bidi control or separator %U left in %q", r, out)
			}
		}
		line := SanitizeLine(in)
		if strings.ContainsAny(line, "\n\t") {
			t.Fatalf("SanitizeLine left a newline or tab in %q", line)
		}
	})
}

func TestCleanTitle(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Plain title", "Plain title"},
		{"  padded  ", "padded"},
		{"two\nlines\tand\r\ntab", "two lines and tab"},
		{"\x1b[31mred\x1b[0m \a bell", "red  bell"},
		{"bidi\u202e trick\u200b", "bidi trick"},
		{"", ""},
		{" \t\n ", ""},
		{"\x1b]0;only a sequence\a", ""},
		{"日本語 😀", "日本語 😀"},
	}
	for _, tt := range tests {
		if got := CleanTitle(tt.in); got != tt.want {
			t.Errorf("CleanTitle(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCleanQuery(t *testing.T) {
	long := strings.Repeat("é", MaxQueryRunes+10)
	tests := []struct {
		in, want string
		cut      bool
	}{
		{"weather", "weather", false},
		{"  two\nlines ", "two lines", false},
		{long, strings.Repeat("é", MaxQueryRunes), true},
		{strings.Repeat("a", MaxQueryRunes), strings.Repeat("a", MaxQueryRunes), false},
	}
	for _, tt := range tests {
		got, cut := CleanQuery(tt.in)
		if got != tt.want || cut != tt.cut {
			t.Errorf("CleanQuery(%.20q) = %.20q (%d runes), %v; want %.20q, %v", tt.in, got, utf8.RuneCountInString(got), cut, tt.want, tt.cut)
		}
	}
}

func TestShortLine(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"short", 80, "short"},
		{"a\nb", 80, "a b"},
		{strings.Repeat("x", 100), 80, strings.Repeat("x", 80) + "…"},
		{"日本語です", 3, "日本語…"},
	}
	for _, tt := range tests {
		if got := ShortLine(tt.in, tt.max); got != tt.want {
			t.Errorf("ShortLine(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
	}
}
