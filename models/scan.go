package models

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// RawMember is one member of a JSON object: its key, unescaped, and its
// value exactly as written.
type RawMember struct {
	Key   string
	Value json.RawMessage
}

// ObjectMembers lists the members of a JSON object in the order written,
// finding each value's bytes by a scan that does not decode them; false
// when raw is not an object. A key written twice keeps its first place
// and its last value, as a decoder into a map keeps. It trusts raw to be
// valid JSON (it is part of an answer already decoded).
func ObjectMembers(raw []byte) ([]RawMember, bool) {
	members, ok := uniqueMembers(raw)
	if !ok {
		return nil, false
	}
	var out []RawMember
	for _, m := range members {
		out = append(out, RawMember{Key: string(m.key), Value: m.value})
	}
	return out, true
}

// byteMember is a RawMember whose key is a slice (see EachMember).
type byteMember struct {
	key   []byte
	value json.RawMessage
}

// manyMembers is how many members an object has before uniqueMembers
// finds repeated keys with a map rather than by looking through them: a
// hostile answer may hold thousands.
const manyMembers = 32

// uniqueMembers is ObjectMembers without making strings of the keys.
func uniqueMembers(raw []byte) ([]byteMember, bool) {
	out := make([]byteMember, 0, 16)
	var index map[string]int
	ok := EachMember(raw, func(key []byte, _ int, value json.RawMessage) bool {
		if index != nil {
			if k, have := index[string(key)]; have {
				out[k].value = value
				return true
			}
			index[string(key)] = len(out)
		} else {
			for k := range out {
				if bytes.Equal(out[k].key, key) {
					out[k].value = value
					return true
				}
			}
		}
		out = append(out, byteMember{key, value})
		if index == nil && len(out) > manyMembers {
			index = make(map[string]int, 2*len(out))
			for k, m := range out {
				index[string(m.key)] = k
			}
		}
		return true
	})
	if !ok {
		return nil, false
	}
	return out, true
}

// EachMember calls each with every member of a JSON object in the order
// written, duplicates and all, until each returns false: the key as the
// decoder reads it (a slice of raw, or of its own when the decoder would
// change it: escapes, invalid UTF-8), where the value starts in raw, and
// the value; false when raw is
// not an object (or each stopped).
func EachMember(raw []byte, each func(key []byte, start int, value json.RawMessage) bool) bool {
	i := skipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '{' {
		return false
	}
	i = skipSpace(raw, i+1)
	if i < len(raw) && raw[i] == '}' {
		return true
	}
	for i < len(raw) {
		if raw[i] != '"' {
			return false
		}
		end, escaped := jsonStringEnd(raw, i)
		if end < 0 {
			return false
		}
		key := raw[i+1 : end-1]
		if escaped || !utf8.Valid(key) {
			// The decoder unescapes a key and mends invalid UTF-8 in it.
			var k string
			if json.Unmarshal(raw[i:end], &k) != nil {
				return false
			}
			key = []byte(k)
		}
		i = skipSpace(raw, end)
		if i >= len(raw) || raw[i] != ':' {
			return false
		}
		i = skipSpace(raw, i+1)
		vend := jsonValueEnd(raw, i)
		if vend < 0 {
			return false
		}
		if !each(key, i, json.RawMessage(raw[i:vend:vend])) {
			return false
		}
		i = skipSpace(raw, vend)
		if i >= len(raw) {
			return false
		}
		switch raw[i] {
		case ',':
			i = skipSpace(raw, i+1)
		case '}':
			return true
		default:
			return false
		}
	}
	return false
}

// jsonStringEnd is the index just past the string starting at b[i] (a
// quote), and whether it holds escapes; -1 when it does not end. (A plain
// loop: the strings of an answer are mostly short, ids and keys, where
// the call of a vector search costs more than it saves.)
func jsonStringEnd(b []byte, i int) (int, bool) {
	escaped := false
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '"':
			return j + 1, escaped
		case '\\':
			escaped = true
			j++
		}
	}
	return -1, escaped
}

// structural marks the bytes a container scan stops at: '{' for an
// opening bracket, '}' for a closing one, '"' for a string.
var structural = [256]byte{'{': '{', '[': '{', '}': '}', ']': '}', '"': '"'}

// jsonValueEnd is the index just past the JSON value starting at b[i]; -1
// when it does not end.
func jsonValueEnd(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		end, _ := jsonStringEnd(b, i)
		return end
	case '{', '[':
		// The hot loop of every scan: strings are stepped over in place,
		// the other bytes looked up in one table.
		depth := 0
		for j := i; j < len(b); j++ {
			switch structural[b[j]] {
			case 0:
			case '{':
				depth++
			case '}':
				depth--
				if depth == 0 {
					return j + 1
				}
			case '"':
				for j++; j < len(b) && b[j] != '"'; j++ {
					if b[j] == '\\' {
						j++
					}
				}
				if j >= len(b) {
					return -1
				}
			}
		}
		return -1
	default:
		for j := i; j < len(b); j++ {
			switch b[j] {
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				return j
			}
		}
		return len(b)
	}
}

// rawString is the string a JSON value holds, and false when it is not a
// string. A string without escapes (and valid UTF-8, which the decoder
// would mend) is read without the decoder.
func rawString(v json.RawMessage) (string, bool) {
	if n := len(v); n >= 2 && v[0] == '"' && v[n-1] == '"' && bytes.IndexByte(v[1:n-1], '\\') < 0 && bytes.IndexByte(v[1:n-1], '"') < 0 && utf8.Valid(v[1:n-1]) {
		return string(v[1 : n-1]), true
	}
	var s string
	if json.Unmarshal(v, &s) != nil {
		return "", false
	}
	return s, true
}

// ArrayElements lists the elements of a JSON array, each value's bytes
// found by a scan that does not decode them; false when raw is not an
// array. Like ObjectMembers, it trusts raw to be valid JSON.
func ArrayElements(raw []byte) ([]json.RawMessage, bool) {
	i := skipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '[' {
		return nil, false
	}
	i = skipSpace(raw, i+1)
	if i < len(raw) && raw[i] == ']' {
		return nil, true
	}
	var out []json.RawMessage
	for i < len(raw) {
		end := jsonValueEnd(raw, i)
		if end < 0 {
			return nil, false
		}
		out = append(out, json.RawMessage(raw[i:end:end]))
		i = skipSpace(raw, end)
		if i >= len(raw) {
			return nil, false
		}
		switch raw[i] {
		case ',':
			i = skipSpace(raw, i+1)
		case ']':
			return out, true
		default:
			return nil, false
		}
	}
	return nil, false
}

// summaryTitle is the name of a page's title property and its plain text,
// found in its properties object by scans that decode only the strings
// they return; "" and "" when there is no title property. A title of an
// odd shape is decoded as DecodePropertyValue reads it, so that both
// agree.
func summaryTitle(properties json.RawMessage) (name, plain string) {
	members, ok := uniqueMembers(properties)
	if !ok {
		return "", ""
	}
	for _, m := range members {
		// A title property names its type (unless the name is escaped).
		if !bytes.Contains(m.value, []byte(`"title"`)) && bytes.IndexByte(m.value, '\\') < 0 {
			continue
		}
		text, isTitle, ok := scanTitle(m.value)
		if !ok {
			pv, err := DecodePropertyValue(string(m.key), m.value)
			if err != nil || pv.Type != "title" {
				continue
			}
			text, isTitle = pv.RichText.Plain(), true
		}
		if isTitle {
			return string(m.key), text
		}
	}
	return "", ""
}

// scanTitle reads a property value by scanning: whether it is a title and,
// if so, its plain text. ok is false for a shape the scan leaves to the
// decoder: a key the decoder would match only ignoring case, or one it
// would read twice (merging the two values).
func scanTitle(value json.RawMessage) (plain string, isTitle, ok bool) {
	var kind, list json.RawMessage
	if !EachMember(value, func(key []byte, _ int, v json.RawMessage) bool {
		switch {
		case string(key) == "type" && kind == nil:
			kind = v
		case string(key) == "title" && list == nil:
			list = v
		case bytes.EqualFold(key, []byte("type")), bytes.EqualFold(key, []byte("title")):
			return false
		}
		return true
	}) {
		return "", false, false
	}
	if string(kind) != `"title"` {
		if t, isString := rawString(kind); !isString || t != "title" {
			return "", false, true
		}
	}
	if string(list) == "null" {
		return "", true, true
	}
	segments, ok := ArrayElements(list)
	if !ok {
		return "", false, false
	}
	var b []byte
	for _, seg := range segments {
		if string(seg) == "null" {
			continue
		}
		var text json.RawMessage
		if !EachMember(seg, func(key []byte, _ int, v json.RawMessage) bool {
			if string(key) == "plain_text" && text == nil {
				text = v
				return true
			}
			return !bytes.EqualFold(key, []byte("plain_text"))
		}) {
			return "", false, false
		}
		if text == nil || string(text) == "null" {
			continue
		}
		s, ok := rawString(text)
		if !ok {
			return "", false, false
		}
		b = append(b, s...)
	}
	return string(b), true, true
}
