package common

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var updateReadme = flag.Bool("update-readme", false, "rewrite the README's key tables from the key map")

const (
	keysBegin = "<!-- keys:begin (generated from ui/common/keys.go: go test ./ui/common -update-readme) -->"
	keysEnd   = "<!-- keys:end -->"
)

// keysMarkdown is the README's key tables, written from the key map.
func keysMarkdown(k *KeyMap) string {
	var sb strings.Builder
	for _, sec := range k.Sections() {
		sb.WriteString("**" + sec.Title + "**")
		if sec.Note != "" {
			sb.WriteString(" — " + sec.Note)
		}
		sb.WriteString("\n\n| key | does |\n|---|---|\n")
		for _, b := range sec.Bindings {
			keys := make([]string, 0, len(b.Keys()))
			for _, name := range b.Keys() {
				keys = append(keys, "`"+name+"`")
			}
			sb.WriteString("| " + strings.Join(keys, " / ") + " | " + b.Help().Desc + " |\n")
		}
		sb.WriteString("\n")
	}
	return sb.String()
}

// The README's Keys section is the key map, so the two cannot disagree.
func TestReadmeKeysMatchTheKeyMap(t *testing.T) {
	const path = "../../README.md"
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(raw)
	begin, end := strings.Index(readme, keysBegin), strings.Index(readme, keysEnd)
	if begin < 0 || end < begin {
		t.Fatalf("README.md has no %q … %q markers", keysBegin, keysEnd)
	}
	want := keysBegin + "\n\n" + keysMarkdown(NewKeyMap())
	got := readme[begin:end]
	if got == want {
		return
	}
	if *updateReadme {
		if err := os.WriteFile(path, []byte(readme[:begin]+want+readme[end:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md's key tables differ from the key map; run go test ./ui/common -update-readme")
}

// Every binding has keys and a description, and no two bindings of one
// screen share a key.
func TestKeyMapIsWellFormed(t *testing.T) {
	for _, sec := range NewKeyMap().Sections() {
		seen := map[string]string{}
		for _, b := range sec.Bindings {
			if len(b.Keys()) == 0 || b.Help().Key == "" || b.Help().Desc == "" {
				t.Errorf("%s: a binding without keys or help: %+v", sec.Title, b.Help())
			}
			for _, k := range b.Keys() {
				if other, ok := seen[k]; ok && other != b.Help().Desc {
					t.Errorf("%s: %q is bound to both %q and %q", sec.Title, k, other, b.Help().Desc)
				}
				seen[k] = b.Help().Desc
			}
		}
	}
}
