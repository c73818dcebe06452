//go:build unix

package config

import (
	"os"
	"syscall"
)

// openNoWait opens a file for reading without ever blocking: a FIFO put in
// place of the file opens at once (and is then refused as not regular).
func openNoWait(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
