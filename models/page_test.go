package models

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestPageUnmarshal(t *testing.T) {
	tests := []struct {
		name                          string
		in                            string
		object, title, titleProp      string
		parentType, parentID, iconTyp string
		trash                         bool
	}{
		{
			name: "title under Name, database parent, emoji icon",
			in: `{"object":"page","id":"p1","parent":{"type":"database_id","database_id":"d1"},
				"icon":{"type":"emoji","emoji":"🧱"},
				"properties":{"Tags":{"id":"abc","type":"multi_select","multi_select":[]},
				"Name":{"id":"title","type":"title","title":[{"type":"text","plain_text":"Hello "},{"type":"text","plain_text":"world"}]}}}`,
			object: "page", title: "Hello world", titleProp: "Name", parentType: "database_id", parentID: "d1", iconTyp: "emoji",
		},
		{
			name: "title in another language, data source parent, external icon",
			in: `{"object":"page","id":"p2","parent":{"type":"data_source_id","data_source_id":"s1","database_id":"d1"},
				"icon":{"type":"external","external":{"url":"https://e.com/i.png"}},
				"properties":{"ページ":{"id":"title","type":"title","title":[{"plain_text":"日本"}]}}}`,
			object: "page", title: "日本", titleProp: "ページ", parentType: "data_source_id", parentID: "s1", iconTyp: "external",
		},
		{
			name:   "workspace parent, no icon, archived",
			in:     `{"object":"page","id":"p3","archived":true,"parent":{"type":"workspace","workspace":true},"icon":null,"properties":{"title":{"id":"title","type":"title","title":[]}}}`,
			object: "page", title: "", titleProp: "title", parentType: "workspace", trash: true,
		},
		{
			name:   "page parent, file icon, in_trash",
			in:     `{"object":"page","id":"p4","in_trash":true,"parent":{"type":"page_id","page_id":"pp"},"icon":{"type":"file","file":{"url":"https://f/x"}},"properties":{}}`,
			object: "page", parentType: "page_id", parentID: "pp", iconTyp: "file", trash: true,
		},
		{
			name:   "block parent, custom emoji",
			in:     `{"object":"page","id":"p5","parent":{"type":"block_id","block_id":"b1"},"icon":{"type":"custom_emoji","custom_emoji":{"name":"party","url":"https://e/p.png"}}}`,
			object: "page", parentType: "block_id", parentID: "b1", iconTyp: "custom_emoji",
		},
		{
			name:   "database with its title at the top, named icon",
			in:     `{"object":"database","id":"d2","title":[{"plain_text":"Tasks"}],"icon":{"type":"icon","icon":{"name":"pizza","color":"blue"}},"properties":{"Name":{"id":"title","type":"title","title":{}}}}`,
			object: "database", title: "Tasks", iconTyp: "icon",
		},
		{
			name:   "data source",
			in:     `{"object":"data_source","id":"s2","title":[{"plain_text":"Source"}],"parent":{"type":"database_id","database_id":"d9"}}`,
			object: "data_source", title: "Source", parentType: "database_id", parentID: "d9",
		},
		{
			name:   "no object defaults to page",
			in:     `{"id":"p6"}`,
			object: "page",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p Page
			if err := json.Unmarshal([]byte(tt.in), &p); err != nil {
				t.Fatal(err)
			}
			if p.Object != tt.object || p.Title != tt.title || p.TitleProperty != tt.titleProp ||
				p.Parent.Type != tt.parentType || p.Parent.ID != tt.parentID || p.InTrash != tt.trash {
				t.Errorf("got object=%q title=%q prop=%q parent=%q/%q trash=%v",
					p.Object, p.Title, p.TitleProperty, p.Parent.Type, p.Parent.ID, p.InTrash)
			}
			iconType := ""
			if p.Icon != nil {
				iconType = p.Icon.Type
			}
			if iconType != tt.iconTyp {
				t.Errorf("icon type %q, want %q", iconType, tt.iconTyp)
			}
		})
	}
}

func TestIconKinds(t *testing.T) {
	var p Page
	in := `{"id":"x","icon":{"type":"icon","icon":{"name":"pizza","color":"blue"}}}`
	if err := json.Unmarshal([]byte(in), &p); err != nil {
		t.Fatal(err)
	}
	if p.Icon == nil || p.Icon.Named == nil || p.Icon.Named.Name != "pizza" {
		t.Errorf("named icon not read: %+v", p.Icon)
	}
	in = `{"id":"x","icon":{"type":"custom_emoji","custom_emoji":{"name":"party","url":"u"}}}`
	if err := json.Unmarshal([]byte(in), &p); err != nil {
		t.Fatal(err)
	}
	if p.Icon == nil || p.Icon.CustomEmoji == nil || p.Icon.CustomEmoji.Name != "party" {
		t.Errorf("custom emoji not read: %+v", p.Icon)
	}
}

func TestBlockUnmarshal(t *testing.T) {
	tests := []struct {
		name, in, typ string
		check         func(t *testing.T, b *Block)
	}{
		{"unknown type keeps its name", `{"object":"block","id":"b","type":"hologram","hologram":{"depth":3}}`, "hologram", nil},
		{"body that does not fit is ignored", `{"id":"b","type":"paragraph","paragraph":{"rich_text":"oops"}}`, "paragraph", nil},
		{"field of a wrong type does not fail", `{"id":"b","type":"divider","has_children":"yes","divider":{}}`, "divider", nil},
		{"archived means in trash", `{"id":"b","type":"divider","archived":true,"divider":{}}`, "divider", func(t *testing.T, b *Block) {
			if !b.InTrash {
				t.Error("not in trash")
			}
		}},
		{"inline children", `{"id":"p","type":"toggle","has_children":true,"toggle":{"rich_text":[{"plain_text":"t"}]},
			"children":[{"id":"c1","type":"paragraph","paragraph":{"rich_text":[{"plain_text":"one"}]}},
			{"id":"c2","type":"bulleted_list_item","bulleted_list_item":{"rich_text":[]},"children":[{"id":"g","type":"divider","divider":{}}]}]}`,
			"toggle", func(t *testing.T, b *Block) {
				if len(b.Children) != 2 || b.Children[0].Body.RichText.Plain() != "one" || len(b.Children[1].Children) != 1 {
					t.Errorf("children not decoded: %+v", b.Children)
				}
			}},
		{"media body", `{"id":"i","type":"image","image":{"type":"external","external":{"url":"https://e/x.png"},"caption":[{"plain_text":"cap"}]}}`,
			"image", func(t *testing.T, b *Block) {
				if b.Body.Kind != "external" || b.Body.External == nil || b.Body.External.URL != "https://e/x.png" || b.Body.Caption.Plain() != "cap" {
					t.Errorf("media body: %+v", b.Body)
				}
			}},
		{"link to page", `{"id":"l","type":"link_to_page","link_to_page":{"type":"database_id","database_id":"d"}}`,
			"link_to_page", func(t *testing.T, b *Block) {
				if b.Body.DatabaseID != "d" {
					t.Errorf("database id %q", b.Body.DatabaseID)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b Block
			if err := json.Unmarshal([]byte(tt.in), &b); err != nil {
				t.Fatal(err)
			}
			if b.Type != tt.typ {
				t.Errorf("type %q, want %q", b.Type, tt.typ)
			}
			if tt.check != nil {
				tt.check(t, &b)
			}
		})
	}
	var b Block
	if err := json.Unmarshal([]byte(`{"id":`), &b); err == nil {
		t.Error("malformed JSON accepted")
	}
}

func TestBlockRoundTrip(t *testing.T) {
	in := Block{ID: "b", Type: "to_do", Body: BlockBody{Checked: true, RichText: RichText{{Type: "text", PlainText: "x"}}},
		Children: []*Block{{ID: "c", Type: "divider"}}}
	data, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out Block
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	if out.Type != "to_do" || !out.Body.Checked || out.Body.RichText.Plain() != "x" || len(out.Children) != 1 {
		t.Errorf("round trip lost data: %s", data)
	}
}

func ids(blocks []*Block) string {
	var parts []string
	for _, b := range blocks {
		s := b.ID
		if len(b.Children) > 0 {
			s += "(" + ids(b.Children) + ")"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

func TestAssembleTree(t *testing.T) {
	blk := func(id string, kids ...*Block) *Block { return &Block{ID: id, Type: "paragraph", Children: kids} }
	tests := []struct {
		name  string
		lists map[string][]*Block
		want  string
	}{
		{"flat", map[string][]*Block{"root": {blk("a"), blk("b")}}, "a b"},
		{"nested lists", map[string][]*Block{"root": {blk("a"), blk("b")}, "a": {blk("a1"), blk("a2")}, "a1": {blk("x")}}, "a(a1(x) a2) b"},
		{"list not arrived yet", map[string][]*Block{"root": {&Block{ID: "a", HasChildren: true}}}, "a"},
		{"inline children kept", map[string][]*Block{"root": {blk("a", blk("c"))}}, "a(c)"},
		{"fetched list wins over inline", map[string][]*Block{"root": {blk("a", blk("old"))}, "a": {blk("new")}}, "a(new)"},
		{"self cycle", map[string][]*Block{"root": {blk("a")}, "a": {blk("a")}}, "a(a)"},
		{"root listed under itself", map[string][]*Block{"root": {blk("root")}}, "root"},
		{"nil blocks skipped", map[string][]*Block{"root": {nil, blk("a")}}, "a"},
		{"missing root", map[string][]*Block{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := AssembleTree("root", tt.lists)
			if s := ids(got); s != tt.want {
				t.Errorf("got %q, want %q", s, tt.want)
			}
		})
	}
}

func TestAssembleTreeCopies(t *testing.T) {
	a := &Block{ID: "a"}
	lists := map[string][]*Block{"root": {a}, "a": {{ID: "b"}}}
	got := AssembleTree("root", lists)
	if got[0] == a || a.Children != nil {
		t.Error("AssembleTree modified or reused an input block")
	}
}
