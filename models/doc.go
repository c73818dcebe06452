// Package models holds the plain data of alloy-tui: connectors and connections,
// Notion pages, blocks and rich text, and the conversion of a block tree into
// Markdown. It imports nothing else from this module.
package models
