package models

import (
	"encoding/json"
	"strings"
	"testing"
)

// fakeKey is an obviously fake API key.
const fakeKey = "sk_fake_0123456789abcdefXYZ"

// jsonEscapeAll writes every character of s as a \uXXXX escape.
func jsonEscapeAll(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteString(`\u00`)
		b.WriteString(strings.ToUpper(string("0123456789abcdef"[r>>4])) + string("0123456789abcdef"[r&15]))
	}
	return b.String()
}

// interleave puts sep between every two characters of s.
func interleave(s, sep string) string {
	return strings.Join(strings.Split(s, ""), sep)
}

func TestRedact(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "key " + fakeKey + " end", "key [redacted] end"},
		{"twice", fakeKey + fakeKey, "[redacted][redacted]"},
		{"with Bearer", "Authorization: Bearer " + fakeKey, "Authorization: [redacted]"},
		{"one JSON escape", `"sk_fake_0123456789abcdef\u0058YZ"`, `"[redacted]"`},
		{"JSON escape first", `"\u0073k_fake_0123456789abcdefXYZ"`, `"[redacted]"`},
		{"every character JSON-escaped", `"` + jsonEscapeAll(fakeKey) + `"`, `"[redacted]"`},
		{"escaped backslash before an escape", `"\\` + jsonEscapeAll(fakeKey) + `"`, `"\\[redacted]"`},
		{"an escape that is escaped itself", `"\` + jsonEscapeAll(fakeKey) + `"`, `"[redacted]"`},
		{"BEL inside", "a sk_fake_01\a23456789abcdefXYZ b", "a [redacted] b"},
		{"JSON-escaped BEL inside", `sk_fake_01\u000723456789abcdefXYZ`, "[redacted]"},
		{"SGR inside is kept", "sk_fake_\x1b[1m0123456789abcdefXYZ\x1b[0m", "[redacted]\x1b[1m\x1b[0m"},
		{"SGR on every character", interleave(fakeKey, "\x1b[31m"), "[redacted]" + strings.Repeat("\x1b[31m", len(fakeKey)-1)},
		{"JSON-escaped SGR inside", `sk_fake_\u001b[1m0123456789abcdefXYZ`, "[redacted]"},
		{"OSC inside", "sk_fake_\x1b]0;title\x070123456789abcdefXYZ", "[redacted]"},
		{"OSC 8 link inside", "sk_fake_\x1b]8;;https://x\x1b\\0123456789abcdefXYZ", "[redacted]"},
		{"8-bit CSI inside", "sk_fake_\u009b31m0123456789abcdefXYZ", "[redacted]"},
		{"zero-width inside", interleave(fakeKey, "\u200b"), "[redacted]"},
		{"JSON-escaped zero-width inside", interleave(fakeKey, `\u200B`), "[redacted]"},
		{"bidi inside", "sk_fake_\u202e0123456789abcdef\u202cXYZ", "[redacted]"},
		{"soft hyphen and separators", "sk_fake\u00ad_0123\u2028456789abcdefXYZ", "[redacted]"},
		{"newline inside", "sk_fake_0123\n456789abcdefXYZ", "[redacted]"},
		{"Markdown hard break inside", "sk_fake_0123\\\n456789abcdefXYZ", "[redacted]"},
		{"Markdown-escaped punctuation", `# sk\_fake\_0123456789abcdefXYZ`, "# [redacted]"},
		{"a prefix is no match", "sk_fake_0123456789abcdefXY", "sk_fake_0123456789abcdefXY"},
		{"other case is no match", strings.ToUpper(fakeKey), strings.ToUpper(fakeKey)},
		{"broken by a space", "sk_fake_0123 456789abcdefXYZ", "[redacted]"},
		{"wrapped and indented", "  \x1b[1msk_fake_0123\x1b[m\n  \x1b[1m456789abcdefXYZ\x1b[m end", "  \x1b[1m[redacted]\x1b[m\x1b[1m\x1b[m end"},
		{"white space around stays", "a  sk_fake_0123456789abcdefXYZ  b", "a  [redacted]  b"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Redact(tt.in, fakeKey)
			if got != tt.want {
				t.Errorf("Redact(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if strings.Contains(Sanitize(got), fakeKey) {
				t.Errorf("the key survives in %q", got)
			}
		})
	}
}

func TestRedactManySecretsAndShortOnes(t *testing.T) {
	got := Redact("a "+fakeKey+" b hunter22 c xy", "", "xy", fakeKey, "hunter22")
	if want := "a [redacted] b [redacted] c xy"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// A JSON document stays valid JSON when a key is redacted from it, and its
// decoded text holds no key, whatever form the key took.
func TestRedactKeepsJSONValid(t *testing.T) {
	for _, title := range []string{
		fakeKey,
		"x" + interleave(fakeKey, "\a") + "y",
		interleave(fakeKey, "\u200d"),
		"sk_fake_\x1b[31m0123456789abcdefXYZ",
		`\` + fakeKey,
		`\\` + fakeKey,
		`"` + fakeKey + `"`,
	} {
		doc, _ := json.Marshal(map[string]string{"title": title})
		for _, form := range []string{string(doc), strings.ReplaceAll(string(doc), "k", `\u006b`)} {
			out := Redact(form, fakeKey)
			var back map[string]string
			if err := json.Unmarshal([]byte(out), &back); err != nil {
				t.Errorf("%q redacted to invalid JSON %q: %v", form, out, err)
				continue
			}
			if strings.Contains(Sanitize(back["title"]), fakeKey) {
				t.Errorf("%q: the key survives in %q", form, back["title"])
			}
		}
	}
}

func TestRedactCleanTextDoesNotAllocate(t *testing.T) {
	clean := strings.Repeat(`A line with sk_ and \u0041 and \\ but no key.`, 100)
	if allocs := testing.AllocsPerRun(50, func() { _ = Redact(clean, fakeKey) }); allocs != 0 {
		t.Errorf("Redact allocated %v times on clean text", allocs)
	}
}

func TestRedactURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://api.example.com/v1", "https://api.example.com/v1"},
		{"http://user:pw@host:8080/path?q=1", "http://****@host:8080/path?q=1"},
		{"http://token@host", "http://****@host"},
		{"http://u:p@ss@host/x@y", "http://****@host/x@y"},
		{"http://user:p w@host", "http://****@host"},
		{"user:pw@host/path", "****@host/path"},
		{"https://host/path?email=a@b.c", "https://host/path?email=a@b.c"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := RedactURL(tt.in); got != tt.want {
			t.Errorf("RedactURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestURLSecrets(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"https://host/", nil},
		{"http://user:pw%21x@host", []string{"pw%21x", "pw!x"}},
		{"http://tok123@host", []string{"tok123"}},
		{"http://user:@host", nil},
	}
	for _, tt := range tests {
		got := URLSecrets(tt.in)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("URLSecrets(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzRedact(f *testing.F) {
	for _, s := range []string{fakeKey, interleave(fakeKey, "\a"), `\u0073k_fake_0123456789abcdefXYZ`, `\\\u0073`, "Bearer sk_"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Redact(in, fakeKey)
		if again := Redact(out, fakeKey); again != out {
			t.Fatalf("not idempotent: %q then %q", out, again)
		}
		if strings.Contains(Sanitize(out), fakeKey) {
			t.Fatalf("key left in %q (from %q)", out, in)
		}
		if json.Valid([]byte(`"`+in+`"`)) && !json.Valid([]byte(`"`+out+`"`)) {
			t.Fatalf("valid JSON string %q became invalid %q", in, out)
		}
	})
}

func TestRedactRichText(t *testing.T) {
	bold := Annotations{Bold: true}
	split := RichText{{Type: "text", PlainText: "key sk_fake_0123", Annotations: bold}, {Type: "text", PlainText: "456789abcdefXYZ end"}}
	whole := RichText{{Type: "text", PlainText: "a " + fakeKey, Annotations: bold}, {Type: "text", PlainText: " b"}}
	clean := RichText{{Type: "text", PlainText: "nothing here"}}
	tests := []struct {
		name      string
		in        RichText
		wantPlain string
		wantSegs  int
	}{
		{"split across segments", split, "key [redacted] end", 1},
		{"inside one segment keeps the formatting", whole, "a [redacted] b", 2},
		{"clean", clean, "nothing here", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := tt.in.Plain()
			got := RedactRichText(tt.in, fakeKey)
			if got.Plain() != tt.wantPlain || len(got) != tt.wantSegs {
				t.Errorf("got %q in %d segments, want %q in %d", got.Plain(), len(got), tt.wantPlain, tt.wantSegs)
			}
			if tt.in.Plain() != before {
				t.Error("the input was changed")
			}
			if md := RichTextMarkdown(got); strings.Contains(md, "0123") {
				t.Errorf("Markdown %q still shows part of the key", md)
			}
		})
	}
}

func TestRedactBlocks(t *testing.T) {
	split := func() RichText {
		return RichText{{Type: "text", PlainText: "sk_fake_0123", Annotations: Annotations{Italic: true}}, {Type: "text", PlainText: "456789abcdefXYZ"}}
	}
	child := &Block{Type: "paragraph", Body: BlockBody{RichText: split()}}
	table := &Block{Type: "table_row", Body: BlockBody{Cells: []RichText{split()}}}
	blocks := []*Block{{Type: "image", Body: BlockBody{Caption: split()}, Children: []*Block{child, nil}}, table}
	RedactBlocks(blocks, fakeKey)
	for _, rt := range []RichText{blocks[0].Body.Caption, child.Body.RichText, table.Body.Cells[0]} {
		if rt.Plain() != Redacted {
			t.Errorf("got %q", rt.Plain())
		}
	}
}
