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
	i := skipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '{' {
		return nil, false
	}
	i = skipSpace(raw, i+1)
	if i < len(raw) && raw[i] == '}' {
		return nil, true
	}
	var out []RawMember
	for i < len(raw) {
		if raw[i] != '"' {
			return nil, false
		}
		end, escaped := jsonStringEnd(raw, i)
		if end < 0 {
			return nil, false
		}
		key := string(raw[i+1 : end-1])
		if escaped && json.Unmarshal(raw[i:end], &key) != nil {
			return nil, false
		}
		i = skipSpace(raw, end)
		if i >= len(raw) || raw[i] != ':' {
			return nil, false
		}
		i = skipSpace(raw, i+1)
		vend := jsonValueEnd(raw, i)
		if vend < 0 {
			return nil, false
		}
		value := json.RawMessage(raw[i:vend:vend])
		dup := false
		for k := range out {
			if out[k].Key == key {
				out[k].Value = value
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, RawMember{Key: key, Value: value})
		}
		i = skipSpace(raw, vend)
		if i >= len(raw) {
			return nil, false
		}
		switch raw[i] {
		case ',':
			i = skipSpace(raw, i+1)
		case '}':
			return out, true
		default:
			return nil, false
		}
	}
	return nil, false
}

// jsonStringEnd is the index just past the string starting at b[i] (a
// quote), and whether it holds escapes; -1 when it does not end.
func jsonStringEnd(b []byte, i int) (int, bool) {
	escaped := false
	for j := i + 1; j < len(b); {
		k := bytes.IndexAny(b[j:], "\"\\")
		if k < 0 {
			break
		}
		j += k
		if b[j] == '"' {
			return j + 1, escaped
		}
		escaped = true
		j += 2
	}
	return -1, escaped
}

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
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			case '"':
				end, _ := jsonStringEnd(b, j)
				if end < 0 {
					return -1
				}
				j = end - 1
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
