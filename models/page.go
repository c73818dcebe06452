package models

import (
	"encoding/json"
	"time"
)

// Icon is a page's or callout's icon. Only an emoji can be shown in a terminal;
// the other kinds keep their URL or name.
type Icon struct {
	Type     string   `json:"type"`
	Emoji    string   `json:"emoji,omitempty"`
	External *FileRef `json:"external,omitempty"`
	File     *FileRef `json:"file,omitempty"`
	// CustomEmoji and the Notion "icon" kind carry a name.
	CustomEmoji *struct {
		Name string `json:"name"`
		URL  string `json:"url"`
	} `json:"custom_emoji,omitempty"`
	// Named is the body of Notion's own "icon" kind: an icon from its
	// set, by name and colour.
	Named *struct {
		Name  string `json:"name"`
		Color string `json:"color,omitempty"`
	} `json:"icon,omitempty"`
}

// Parent says where a page sits: Type is page_id, database_id,
// data_source_id, block_id or workspace, and ID the parent's id if any.
type Parent struct {
	Type string `json:"type"`
	ID   string `json:"id,omitempty"`
	// DatabaseID is, for a data_source_id parent (a row under
	// 2025-09-03) or a data source's own database_id parent, the id of the
	// database that holds the data source, when Notion gives it.
	DatabaseID string `json:"database_id,omitempty"`
}

// Page is a Notion page (or, in search results, a database or data source).
type Page struct {
	// Object is "page", "database" or "data_source".
	Object     string    `json:"object"`
	ID         string    `json:"id"`
	Title      string    `json:"title"`
	URL        string    `json:"url"`
	Icon       *Icon     `json:"icon"`
	Parent     Parent    `json:"parent"`
	LastEdited time.Time `json:"last_edited_time"`
	InTrash    bool      `json:"in_trash"`
	// TitleProperty is the name of the property of type title ("title",
	// "Name", …); its property id is always "title".
	TitleProperty string `json:"-"`
	// TitleRich is the title as Notion sent it.
	TitleRich RichText `json:"-"`
	// Properties are a row's properties (the title among them) in the
	// order Notion wrote them; DataSource.Apply puts them in the schema's
	// order. A page outside a database has only its title; a database or
	// data source in search results has none (its properties are a schema).
	Properties []PropertyValue `json:"-"`
	// PropertiesJSON is the page's "properties" object exactly as Notion
	// sent it, for output that passes Notion's JSON on.
	PropertiesJSON json.RawMessage `json:"-"`
}

// UnmarshalJSON reads a page from Notion's JSON: the title from whichever
// property has type "title" (or a database's own "title"), the parent from
// whichever id key its type names.
func (p *Page) UnmarshalJSON(data []byte) error {
	var raw struct {
		Object         string                     `json:"object"`
		ID             string                     `json:"id"`
		URL            string                     `json:"url"`
		Icon           *Icon                      `json:"icon"`
		Parent         map[string]json.RawMessage `json:"parent"`
		LastEditedTime time.Time                  `json:"last_edited_time"`
		InTrash        bool                       `json:"in_trash"`
		Archived       bool                       `json:"archived"`
		Properties     json.RawMessage            `json:"properties"`
		Title          json.RawMessage            `json:"title"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	*p = Page{
		Object:     raw.Object,
		ID:         raw.ID,
		URL:        raw.URL,
		Icon:       raw.Icon,
		LastEdited: raw.LastEditedTime,
		InTrash:    raw.InTrash || raw.Archived,
	}
	if p.Object == "" {
		p.Object = "page"
	}
	if t, ok := raw.Parent["type"]; ok {
		_ = json.Unmarshal(t, &p.Parent.Type)
		if id, ok := raw.Parent[p.Parent.Type]; ok {
			var s string
			if json.Unmarshal(id, &s) == nil {
				p.Parent.ID = s
			}
		}
		if id, ok := raw.Parent["database_id"]; ok {
			var s string
			if json.Unmarshal(id, &s) == nil {
				p.Parent.DatabaseID = s
			}
		}
	}
	if p.Object == "page" && len(raw.Properties) > 0 {
		p.PropertiesJSON = raw.Properties
		p.Properties = decodeProperties(raw.Properties)
		for _, v := range p.Properties {
			if v.Type == "title" {
				p.TitleProperty = v.Name
				p.TitleRich = v.RichText
				break
			}
		}
	}
	if p.TitleProperty == "" && len(raw.Title) > 0 && raw.Title[0] == '[' {
		// Databases and data sources carry their title at the top level.
		_ = json.Unmarshal(raw.Title, &p.TitleRich)
	}
	p.Title = p.TitleRich.Plain()
	return nil
}
