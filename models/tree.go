package models

// AssembleTree builds a fresh block tree from children lists keyed by parent
// id, starting at rootID. The blocks in lists are never modified: each block
// of the result is a copy, so lists may still be read by other goroutines.
// A parent whose list has not arrived yet gets no children.
func AssembleTree(rootID string, lists map[string][]*Block) []*Block {
	return assemble(lists[rootID], lists, 0)
}

func assemble(src []*Block, lists map[string][]*Block, depth int) []*Block {
	if len(src) == 0 {
		return nil
	}
	out := make([]*Block, len(src))
	for i, b := range src {
		cp := *b
		cp.Children = nil
		// Depth is bounded so that a cycle in malformed data cannot recurse forever.
		if kids, ok := lists[b.ID]; ok && depth < 64 {
			cp.Children = assemble(kids, lists, depth+1)
		} else if len(b.Children) > 0 && depth < 64 {
			cp.Children = assemble(b.Children, lists, depth+1)
		}
		out[i] = &cp
	}
	return out
}
