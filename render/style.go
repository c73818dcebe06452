package render

import (
	"encoding/json"
	"os"
	"strings"

	"charm.land/glamour/v2/ansi"
	"charm.land/glamour/v2/styles"
)

// The Glamour styles chosen without GLAMOUR_STYLE.
const (
	DarkStyle  = styles.DarkStyle
	LightStyle = styles.LightStyle
	// PlainStyle has no colour, only emphasis: what NO_COLOR asks for.
	PlainStyle = styles.NoTTYStyle
)

// Style chooses the Glamour style from the environment, read with lookup
// (os.LookupEnv, or a test's double): GLAMOUR_STYLE when it is set and not
// "auto" (a standard style name or a style file), else PlainStyle when
// NO_COLOR is set to anything non-empty (https://no-color.org), else the
// dark or light style for the terminal's background.
func Style(lookup func(string) (string, bool), dark bool) string {
	if s, ok := lookup("GLAMOUR_STYLE"); ok {
		if s = strings.TrimSpace(s); s != "" && s != "auto" {
			return s
		}
	}
	if NoColor(lookup) {
		return PlainStyle
	}
	if dark {
		return DarkStyle
	}
	return LightStyle
}

// NoColor reports whether NO_COLOR asks for output without colour.
func NoColor(lookup func(string) (string, bool)) bool {
	s, ok := lookup("NO_COLOR")
	return ok && s != ""
}

// linkMarker is what the style writes in place of the URL Glamour prints
// after a link's text: a zero-width character that tidy removes together
// with the space Glamour puts before it. The URL stays reachable: the
// link's text is an OSC 8 hyperlink to it, and Document.Links has it.
const linkMarker = "\u2060"

// glamourStyles returns the Glamour style named by name (a standard style,
// or a style file) as this package shows it: headings without Markdown's
// # markers (told apart by colour and emphasis instead), and links without
// their URL after their text.
func glamourStyles(name string) (ansi.StyleConfig, error) {
	var cfg ansi.StyleConfig
	if std, ok := styles.DefaultStyles[name]; ok {
		cfg = *std
	} else {
		data, err := os.ReadFile(name)
		if err != nil {
			return cfg, err
		}
		if err := json.Unmarshal(data, &cfg); err != nil {
			return cfg, err
		}
	}
	plain := name == PlainStyle || name == styles.AsciiStyle
	heading := func(h *ansi.StyleBlock, level int) {
		if p := strings.TrimSpace(h.Prefix); p != "" && strings.Trim(p, "#") == "" {
			h.Prefix = ""
		}
		if plain && level <= 2 {
			// No escape sequences at all: capitals set the two top
			// levels apart.
			h.Upper = boolPtr(true)
		}
	}
	for i, h := range []*ansi.StyleBlock{&cfg.H1, &cfg.H2, &cfg.H3, &cfg.H4, &cfg.H5, &cfg.H6} {
		heading(h, i+1)
	}
	if name == DarkStyle || name == LightStyle {
		// The levels below the first differ by more than their marker did.
		colours := map[string][3]string{DarkStyle: {"39", "75", "110"}, LightStyle: {"27", "31", "67"}}[name]
		cfg.H2.Color, cfg.H2.Underline = stringPtr(colours[0]), boolPtr(true)
		cfg.H3.Color = stringPtr(colours[1])
		cfg.H4.Color = stringPtr(colours[2])
		cfg.H5.Color, cfg.H5.Italic = stringPtr(colours[2]), boolPtr(true)
		cfg.H6.Color, cfg.H6.Bold, cfg.H6.Italic = stringPtr(colours[2]), boolPtr(false), boolPtr(true)
	}
	// The document's own text colour goes: text shows in the terminal's
	// colour, and Glamour's padding (a styled space for every cell up to
	// the wrap width, most of its work) becomes plain spaces.
	cfg.Document.Color, cfg.Document.BackgroundColor = nil, nil
	cfg.Link.Format = linkMarker
	return cfg, nil
}

func boolPtr(b bool) *bool       { return &b }
func stringPtr(s string) *string { return &s }
