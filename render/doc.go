// Package render turns Notion content into terminal lines: blocks become
// Markdown (package models), Markdown becomes styled text (Glamour), and the
// text is split into lines with the position of every link found by x/ansi's
// parser. It is pure: no I/O but reading a style file named by the caller,
// and safe for concurrent use.
//
// A page is rendered by pieces (Split): each top-level block, or a run of
// list items of one kind, is rendered on its own, cached per width and
// style, and the pieces are joined with one blank line between them, which
// is how Glamour separates top-level blocks. A piece whose blocks did not
// change is never rendered again: when more blocks arrive, only the new or
// grown pieces are; after a resize, each piece once.
//
// The terminal UI and the CLI's `show` both use it, so they agree on the
// look (Style chooses the Glamour style from the environment for both).
package render
