package models

// AssembleTree builds a fresh block tree from children lists keyed by parent
// id, starting at rootID. The blocks in lists are never modified: each block
// of the result is a copy, so lists may still be read by other goroutines.
// A parent whose list has not arrived yet gets no children.
func AssembleTree(rootID string, lists map[string][]*Block) []*Block {
	onPath := map[string]bool{rootID: true}
	return assemble(lists[rootID], lists, onPath, 0)
}

// assemble copies src and its descendants. onPath holds the ids whose
// lists are being expanded above, so that a block listed under itself
// (malformed data) is not expanded again; depth is bounded as well, for
// inline children that form a cycle through pointers.
func assemble(src []*Block, lists map[string][]*Block, onPath map[string]bool, depth int) []*Block {
	if len(src) == 0 {
		return nil
	}
	out := make([]*Block, 0, len(src))
	for _, b := range src {
		if b == nil {
			continue
		}
		cp := *b
		cp.Children = nil
		if kids, ok := lists[b.ID]; ok && b.ID != "" && !onPath[b.ID] && depth < 64 {
			onPath[b.ID] = true
			cp.Children = assemble(kids, lists, onPath, depth+1)
			delete(onPath, b.ID)
		} else if len(b.Children) > 0 && depth < 64 {
			cp.Children = assemble(b.Children, lists, onPath, depth+1)
		}
		out = append(out, &cp)
	}
	return out
}
