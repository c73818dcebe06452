//go:build !unix

package config

import "os"

// openNoWait opens a file for reading. Outside Unix there are no FIFOs in
// the file system to block on.
func openNoWait(path string) (*os.File, error) {
	return os.Open(path)
}
