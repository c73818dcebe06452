//go:build unix

package cli

import (
	"io/fs"
	"os"
	"syscall"
)

// oNoFollow makes opening a symbolic link fail; oNonBlock makes opening a
// FIFO for writing fail at once rather than wait for a reader.
const (
	oNoFollow = syscall.O_NOFOLLOW
	oNonBlock = syscall.O_NONBLOCK
)

// ownedByUser reports whether the file belongs to the user running us.
func ownedByUser(info fs.FileInfo) bool {
	st, ok := info.Sys().(*syscall.Stat_t)
	return !ok || int(st.Uid) == os.Geteuid()
}
