package models

import (
	"errors"
	"regexp"
	"strings"
	"testing"
)

const canonical = "1429989f-e8ac-4eff-bc8f-57f56486db54"

func TestParsePageID(t *testing.T) {
	tests := []struct {
		name, in string
		ok       bool
	}{
		{"compact", "1429989fe8ac4effbc8f57f56486db54", true},
		{"dashed", "1429989f-e8ac-4eff-bc8f-57f56486db54", true},
		{"upper case", "1429989FE8AC4EFFBC8F57F56486DB54", true},
		{"surrounding space", "  1429989fe8ac4effbc8f57f56486db54\n", true},
		{"notion.so slug", "https://www.notion.so/My-Page-1429989fe8ac4effbc8f57f56486db54", true},
		{"notion.so bare", "https://www.notion.so/1429989fe8ac4effbc8f57f56486db54", true},
		{"app.notion.com", "https://app.notion.com/p/Title-1429989fe8ac4effbc8f57f56486db54?source=copy_link", true},
		{"workspace and fragment", "notion.so/acme/Title-1429989fe8ac4effbc8f57f56486db54#abc123", true},
		{"trailing slash", "https://www.notion.so/Title-1429989fe8ac4effbc8f57f56486db54/", true},
		{"notion.site workspace", "https://acme.notion.site/Page-1429989fe8ac4effbc8f57f56486db54", true},
		{"notion.so without www", "https://notion.so/1429989fe8ac4effbc8f57f56486db54", true},
		{"upper-case host and scheme", "HTTPS://WWW.NOTION.SO/1429989fe8ac4effbc8f57f56486db54", true},
		{"slug alone", "My-Page-1429989fe8ac4effbc8f57f56486db54", true},
		{"www.notion.so without scheme", "www.notion.so/1429989fe8ac4effbc8f57f56486db54", true},
		{"other host", "https://evil.example/Page-1429989fe8ac4effbc8f57f56486db54", false},
		{"other host without scheme", "evil.example/1429989fe8ac4effbc8f57f56486db54", false},
		{"look-alike suffix", "https://notion.so.evil.example/1429989fe8ac4effbc8f57f56486db54", false},
		{"look-alike prefix", "https://evilnotion.so/1429989fe8ac4effbc8f57f56486db54", false},
		{"notion.site apex", "https://notion.site/1429989fe8ac4effbc8f57f56486db54", false},
		{"other notion.com host", "https://www.notion.com/1429989fe8ac4effbc8f57f56486db54", false},
		{"other notion.so subdomain", "https://acme.notion.so/1429989fe8ac4effbc8f57f56486db54", false},
		{"user information", "https://www.notion.so@evil.example/1429989fe8ac4effbc8f57f56486db54", false},
		{"port", "https://www.notion.so:8443/1429989fe8ac4effbc8f57f56486db54", false},
		{"other scheme", "javascript://www.notion.so/1429989fe8ac4effbc8f57f56486db54", false},
		{"bare path", "/1429989fe8ac4effbc8f57f56486db54", false},
		{"dashed id in path", "https://www.notion.so/1429989f-e8ac-4eff-bc8f-57f56486db54", true},
		{"peek view p=", "https://www.notion.so/acme/2429989fe8ac4effbc8f57f56486db54?v=abc&p=1429989fe8ac4effbc8f57f56486db54&pm=s", true},
		{"title ending in hex letters", "https://www.notion.so/Cafe-Bad-1429989fe8ac4effbc8f57f56486db54", true},
		{"empty", "", false},
		{"too short", "1429989fe8ac4effbc8f57f56486db5", false},
		{"too long", "1429989fe8ac4effbc8f57f56486db545", false},
		{"not hex", "1429989fe8ac4effbc8f57f56486db5z", false},
		{"dashes misplaced", "1429989fe-8ac-4eff-bc8f-57f56486db54", false},
		{"id run too long in slug", "https://www.notion.so/Title-ab1429989fe8ac4effbc8f57f56486db54", false},
		{"no id in URL", "https://www.notion.so/acme/Some-Title", false},
		{"id only in host", "https://1429989fe8ac4effbc8f57f56486db54.example/", false},
		{"words", "my page", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParsePageID(tt.in)
			if tt.ok {
				if err != nil || got != canonical {
					t.Errorf("ParsePageID(%q) = %q, %v; want %q", tt.in, got, err, canonical)
				}
				return
			}
			if err == nil || !errors.Is(err, ErrInvalidPageID) {
				t.Errorf("ParsePageID(%q) = %q, %v; want an ErrInvalidPageID error", tt.in, got, err)
			}
		})
	}
}

func TestParsePageIDSaysWhichHosts(t *testing.T) {
	_, err := ParsePageID("https://evil.example/Page-1429989fe8ac4effbc8f57f56486db54")
	if err == nil || !strings.Contains(err.Error(), "app.notion.com") || !strings.Contains(err.Error(), "evil.example") {
		t.Errorf("err = %v, want the accepted hosts and the link", err)
	}
}

func TestParsePageIDErrorIsSafe(t *testing.T) {
	_, err := ParsePageID("\x1b]0;evil\x07 " + string(make([]byte, 300)))
	if err == nil {
		t.Fatal("no error")
	}
	if i := firstUnsafe(err.Error()); i >= 0 {
		t.Errorf("control byte in error %q", err)
	}
	if len(err.Error()) > 200 {
		t.Errorf("error of %d bytes echoes too much input", len(err.Error()))
	}
}

func TestFormatAndCompactID(t *testing.T) {
	tests := []struct{ in, dashed, compact string }{
		{"1429989FE8AC4EFFBC8F57F56486DB54", canonical, "1429989fe8ac4effbc8f57f56486db54"},
		{canonical, canonical, "1429989fe8ac4effbc8f57f56486db54"},
		{"not-an-id", "not-an-id", "not-an-id"},
		{"", "", ""},
	}
	for _, tt := range tests {
		if got := FormatID(tt.in); got != tt.dashed {
			t.Errorf("FormatID(%q) = %q, want %q", tt.in, got, tt.dashed)
		}
		if got := CompactID(tt.in); got != tt.compact {
			t.Errorf("CompactID(%q) = %q, want %q", tt.in, got, tt.compact)
		}
	}
}

func TestPageLinks(t *testing.T) {
	link := PageLinkURL(canonical)
	if link != "https://www.notion.so/1429989fe8ac4effbc8f57f56486db54" {
		t.Errorf("PageLinkURL = %q", link)
	}
	tests := []struct {
		link string
		ok   bool
	}{
		{link, true},
		{"https://www.notion.so/Title-1429989fe8ac4effbc8f57f56486db54", true},
		{"https://app.notion.com/p/1429989fe8ac4effbc8f57f56486db54?source=x", true},
		{"https://acme.notion.site/Page-1429989fe8ac4effbc8f57f56486db54", true},
		{"https://notion.so.evil.com/x/1429989fe8ac4effbc8f57f56486db54", false},
		{"https://www.notion.com/1429989fe8ac4effbc8f57f56486db54", false},
		{"https://www.notion.so:1/1429989fe8ac4effbc8f57f56486db54", false},
		{"www.notion.so/1429989fe8ac4effbc8f57f56486db54", false},
		{"http://notion.so/1429989fe8ac4effbc8f57f56486db54", true},
		{"/1429989fe8ac4effbc8f57f56486db54", true},
		{"https://example.com/1429989fe8ac4effbc8f57f56486db54", false},
		{"https://notion.so.evil.com/1429989fe8ac4effbc8f57f56486db54", false},
		{"https://www.notion.so/", false},
		{"//evil.com/1429989fe8ac4effbc8f57f56486db54", false},
		{"mailto:a@b.c", false},
		{"", false},
	}
	for _, tt := range tests {
		id, ok := PageIDFromLink(tt.link)
		if ok != tt.ok || (ok && id != canonical) {
			t.Errorf("PageIDFromLink(%q) = %q, %v; want ok=%v", tt.link, id, ok, tt.ok)
		}
	}
}

var canonicalPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

func FuzzParsePageID(f *testing.F) {
	for _, s := range []string{canonical, "1429989fe8ac4effbc8f57f56486db54",
		"https://www.notion.so/T-1429989fe8ac4effbc8f57f56486db54?p=1", "x?p=" + canonical, "/", "-", "?#"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		id, err := ParsePageID(in)
		if err == nil && !canonicalPattern.MatchString(id) {
			t.Fatalf("ParsePageID(%q) = %q, not canonical", in, id)
		}
		if link, ok := PageIDFromLink(in); ok && !canonicalPattern.MatchString(link) {
			t.Fatalf("PageIDFromLink(%q) = %q, not canonical", in, link)
		}
	})
}
