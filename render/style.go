package render

import (
	"strings"

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
