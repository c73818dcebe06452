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
// grown pieces are; after a resize, the pieces on screen first
// (Renderer.FocusOn), the others after. A Renderer renders a big batch of
// pieces on every CPU, each goroutine with Glamour renderers of its own
// (a TermRenderer is reused, one rendering at a time, as making one costs
// more than rendering a short piece).
//
// What Glamour cannot do is done around it. The style (glamourStyles)
// drops Markdown's # before headings, the URL Glamour prints after a link's
// text (the text stays an OSC 8 hyperlink to it) and the document's own
// text colour (Glamour then pads lines with plain spaces, most of its work
// otherwise). Its output is tidied (tidy, hoistPunctuation): no blank line
// after another, no line of quote bars repeating the one before. Quotes,
// callouts and toggle content get bars of their own (restyleBars), Notion's
// colours and underline are painted onto the text they belong to (paint,
// from models.TextStyles and BlockColour), and code is wrapped with a
// hanging indent (hangingWrap). A paragraph of plain text is laid out as
// Glamour would, without it (fastParagraph).
//
// The terminal UI and the CLI's `show` both use it, so they agree on the
// look (Style chooses the Glamour style from the environment for both;
// Stream prints a page a part at a time).
package render
