package models

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalidPageID is wrapped by ParsePageID's error, so callers can tell a
// malformed reference from other failures with errors.Is.
var ErrInvalidPageID = errors.New("not a Notion page id or link")

// ParsePageID reads a page reference as people paste it: a 32-digit hex id
// with or without dashes (any case), a slug ending in one (Title-<id>), or a
// link on one of Notion's hosts (see IsNotionHost) whose path ends in the id,
// such as https://www.notion.so/Title-<id> or
// https://app.notion.com/p/Title-<id>?source=copy_link; the scheme may be
// left out. A link to any other host is refused, whatever its path: a page
// reference is no reason to trust a look-alike address. When a link carries
// a p=<id> query parameter (a page opened over a database view) that page is
// the one meant. The result is the canonical dashed lowercase form. Errors
// wrap ErrInvalidPageID and quote the input sanitised and cut to 80
// characters.
func ParsePageID(s string) (string, error) {
	in := strings.TrimSpace(s)
	if id, ok := bareID(in); ok {
		return id, nil
	}
	if !strings.ContainsAny(in, "/?#") {
		// A slug as copied from a link's last segment.
		if id, ok := parseID(in); ok {
			return id, nil
		}
		return "", fmt.Errorf("%w: %q (expected 32 hex digits or a Notion page link)", ErrInvalidPageID, ShortLine(in, 80))
	}
	host, rest, ok := splitLink(in)
	if !ok {
		return "", fmt.Errorf("%w: %q (expected 32 hex digits or a Notion page link)", ErrInvalidPageID, ShortLine(in, 80))
	}
	if !IsNotionHost(host) {
		return "", fmt.Errorf("%w: %q is not on Notion (links are accepted from %s only)", ErrInvalidPageID, ShortLine(in, 80), NotionHosts)
	}
	if id, ok := parseID(rest); ok {
		return id, nil
	}
	return "", fmt.Errorf("%w: %q has no page id in it", ErrInvalidPageID, ShortLine(in, 80))
}

// NotionHosts names the hosts IsNotionHost accepts, for messages.
const NotionHosts = "notion.so, www.notion.so, *.notion.site and app.notion.com"

// IsNotionHost reports whether host (lowercase, without a port) is one that
// serves Notion pages: notion.so, www.notion.so, a workspace's
// <name>.notion.site, or app.notion.com.
func IsNotionHost(host string) bool {
	switch host {
	case "notion.so", "www.notion.so", "app.notion.com":
		return true
	}
	name, ok := strings.CutSuffix(host, ".notion.site")
	return ok && isSubdomain(name)
}

// isSubdomain accepts dotted names of DNS labels (a.b in a.b.notion.site).
func isSubdomain(name string) bool {
	if name == "" {
		return false
	}
	for _, label := range strings.Split(name, ".") {
		if label == "" || strings.Trim(label, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
			return false
		}
	}
	return true
}

// splitLink splits a link into its host (lowercased) and the rest from the
// path on. The scheme, when present, must be http or https; a link with
// user information or a port is refused (ok false), since Notion's links
// carry neither.
func splitLink(link string) (host, rest string, ok bool) {
	s := link
	if i := strings.Index(s, "://"); i >= 0 {
		scheme := strings.ToLower(s[:i])
		if scheme != "https" && scheme != "http" {
			return "", "", false
		}
		s = s[i+3:]
	} else if strings.HasPrefix(s, "/") {
		return "", "", false
	}
	end := strings.IndexAny(s, "/?#")
	if end < 0 {
		end = len(s)
	}
	host = strings.ToLower(s[:end])
	if host == "" || strings.ContainsAny(host, "@:[]\\") {
		return "", "", false
	}
	return host, s[end:], true
}

// FormatID returns id in the canonical dashed form 8-4-4-4-12. Anything that
// ParsePageID cannot read is returned unchanged, so it is safe on ids that
// are not Notion's.
func FormatID(id string) string {
	if out, ok := parseID(strings.TrimSpace(id)); ok {
		return out
	}
	return id
}

// CompactID returns id as 32 lowercase hex digits without dashes, the form
// Notion uses in its URLs. Anything that ParsePageID cannot read is returned
// unchanged.
func CompactID(id string) string {
	out, ok := parseID(strings.TrimSpace(id))
	if !ok {
		return id
	}
	return compact(out)
}

// pageLinkPrefix is the one URL form the renderer gives to links that open
// another page. It is a real Notion address, so the same link works in a
// browser, and page mentions inside text (whose href Notion writes in this
// very form) are recognised by PageIDFromLink too.
const pageLinkPrefix = "https://www.notion.so/"

// PageLinkURL returns the link the Markdown renderer uses for a page or
// database with the given id: https://www.notion.so/<32 hex>.
func PageLinkURL(id string) string {
	return pageLinkPrefix + CompactID(id)
}

// PageIDFromLink reports whether link points at a Notion page (or
// database) and returns its canonical dashed id. It accepts the links made
// by PageLinkURL, the other Notion link forms on the hosts IsNotionHost
// accepts, and bare paths (Notion's relative page hrefs); links elsewhere
// are not page links, even when their path happens to end in 32 hex digits.
func PageIDFromLink(link string) (string, bool) {
	link = strings.TrimSpace(link)
	if strings.HasPrefix(link, "/") {
		if strings.HasPrefix(link, "//") {
			return "", false
		}
		return parseID(link)
	}
	if !strings.HasPrefix(strings.ToLower(link), "https://") && !strings.HasPrefix(strings.ToLower(link), "http://") {
		return "", false
	}
	host, rest, ok := splitLink(link)
	if !ok || !IsNotionHost(host) {
		return "", false
	}
	return parseID(rest)
}

// parseID does the work of ParsePageID without building an error.
func parseID(s string) (string, bool) {
	if id, ok := bareID(s); ok {
		return id, true
	}
	// Treat anything else as a URL or path: drop the fragment, keep the
	// query aside, and look at the last segment of the path.
	s, _, _ = strings.Cut(s, "#")
	path, query, _ := strings.Cut(s, "?")
	if id, ok := queryPageID(query); ok {
		return id, true
	}
	path = strings.TrimRight(path, "/")
	seg := path[strings.LastIndexByte(path, '/')+1:]
	if seg == "" {
		return "", false
	}
	if id, ok := bareID(seg); ok {
		return id, true
	}
	// A slug: Title-Words-<32 hex>. The id must be set off by a dash, so
	// that a longer run of hex digits is not cut into an id by accident.
	if len(seg) > 33 && seg[len(seg)-33] == '-' {
		if id, ok := bareID(seg[len(seg)-32:]); ok {
			return id, true
		}
	}
	return "", false
}

// queryPageID finds p=<id> in a raw query string.
func queryPageID(query string) (string, bool) {
	for query != "" {
		var pair string
		pair, query, _ = strings.Cut(query, "&")
		if v, ok := strings.CutPrefix(pair, "p="); ok {
			return bareID(v)
		}
	}
	return "", false
}

// bareID accepts exactly 32 hex digits, or the dashed 8-4-4-4-12 form, in
// any case, and returns the canonical dashed lowercase form.
func bareID(s string) (string, bool) {
	var hex [32]byte
	switch len(s) {
	case 32:
		for i := 0; i < 32; i++ {
			c, ok := lowerHex(s[i])
			if !ok {
				return "", false
			}
			hex[i] = c
		}
	case 36:
		n := 0
		for i := 0; i < 36; i++ {
			if i == 8 || i == 13 || i == 18 || i == 23 {
				if s[i] != '-' {
					return "", false
				}
				continue
			}
			c, ok := lowerHex(s[i])
			if !ok {
				return "", false
			}
			hex[n] = c
			n++
		}
	default:
		return "", false
	}
	var out [36]byte
	n := 0
	for i := 0; i < 36; i++ {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			out[i] = '-'
			continue
		}
		out[i] = hex[n]
		n++
	}
	return string(out[:]), true
}

func lowerHex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9', c >= 'a' && c <= 'f':
		return c, true
	case c >= 'A' && c <= 'F':
		return c + ('a' - 'A'), true
	}
	return 0, false
}

// compact removes the dashes of a canonical id.
func compact(dashed string) string {
	return strings.ReplaceAll(dashed, "-", "")
}
