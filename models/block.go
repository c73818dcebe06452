package models

import (
	"encoding/json"
	"errors"
)

// Block is one Notion block with, once fetched, its children. The body that
// Notion keeps under a key named after the type is decoded into Body.
type Block struct {
	ID          string `json:"id"`
	Type        string `json:"type"`
	HasChildren bool   `json:"has_children"`
	InTrash     bool   `json:"in_trash"`
	Body        BlockBody
	// Children are the block's children once loaded. The fixtures of some
	// tools inline them under a "children" key, which is accepted too.
	Children []*Block `json:"children,omitempty"`
}

// FileRef is where a media block's file lives.
type FileRef struct {
	URL string `json:"url"`
}

// BlockBody is the union of the fields the renderer reads from any block type.
type BlockBody struct {
	RichText        RichText   `json:"rich_text"`
	Color           string     `json:"color,omitempty"`
	IsToggleable    bool       `json:"is_toggleable,omitempty"`
	Checked         bool       `json:"checked,omitempty"`
	Language        string     `json:"language,omitempty"`
	Caption         RichText   `json:"caption,omitempty"`
	Expression      string     `json:"expression,omitempty"`
	TableWidth      int        `json:"table_width,omitempty"`
	HasColumnHeader bool       `json:"has_column_header,omitempty"`
	HasRowHeader    bool       `json:"has_row_header,omitempty"`
	Cells           []RichText `json:"cells,omitempty"`
	Icon            *Icon      `json:"icon,omitempty"`
	// Kind is the body's own "type": external or file for media, page_id or
	// database_id for link_to_page.
	Kind       string   `json:"type,omitempty"`
	External   *FileRef `json:"external,omitempty"`
	File       *FileRef `json:"file,omitempty"`
	FileUpload *struct {
		ID string `json:"id"`
	} `json:"file_upload,omitempty"`
	Name       string `json:"name,omitempty"`
	URL        string `json:"url,omitempty"`
	Title      string `json:"title,omitempty"`
	PageID     string `json:"page_id,omitempty"`
	DatabaseID string `json:"database_id,omitempty"`
	SyncedFrom *struct {
		BlockID string `json:"block_id"`
	} `json:"synced_from,omitempty"`
}

// UnmarshalJSON decodes a block, reading its body from the key named by its
// type. Unknown types decode without error; their body stays empty.
func (b *Block) UnmarshalJSON(data []byte) error {
	var head struct {
		ID          string   `json:"id"`
		Type        string   `json:"type"`
		HasChildren bool     `json:"has_children"`
		InTrash     bool     `json:"in_trash"`
		Archived    bool     `json:"archived"`
		Children    []*Block `json:"children"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		// A field of an unexpected type (a future shape) must not fail
		// the whole answer: the decoder fills in what it can and the
		// block keeps that.
		var typeErr *json.UnmarshalTypeError
		if !errors.As(err, &typeErr) {
			return err
		}
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil {
		return err
	}
	*b = Block{
		ID:          head.ID,
		Type:        head.Type,
		HasChildren: head.HasChildren,
		InTrash:     head.InTrash || head.Archived,
		Children:    head.Children,
	}
	if raw, ok := fields[head.Type]; ok && head.Type != "" && len(raw) > 0 && raw[0] == '{' {
		// A body that does not fit the union (a future shape) is ignored
		// rather than failing the whole answer.
		_ = json.Unmarshal(raw, &b.Body)
	}
	return nil
}

// MarshalJSON writes the block back in Notion's shape, body under its type.
func (b Block) MarshalJSON() ([]byte, error) {
	out := map[string]any{
		"object":       "block",
		"id":           b.ID,
		"type":         b.Type,
		"has_children": b.HasChildren,
		"in_trash":     b.InTrash,
	}
	if b.Type != "" {
		out[b.Type] = b.Body
	}
	if len(b.Children) > 0 {
		out["children"] = b.Children
	}
	return json.Marshal(out)
}
