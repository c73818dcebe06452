package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// openDebugFile opens path for the --debug log, appending, without ever
// clobbering anything: a file that does not exist is created with mode 0600
// (and must still not exist when it is created); one that exists must be a
// regular file of the user's, not a symbolic link, and is appended to with
// its mode left alone. A refusal is a usage error naming what was refused;
// a file that cannot be opened is a failure.
func openDebugFile(path string) (*os.File, error) {
	info, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL|oNoFollow, 0o600)
		if errors.Is(err, fs.ErrExist) {
			return nil, refuseDebug(path, "it appeared while it was being created")
		}
		if err != nil {
			return nil, fail("debug log", fmt.Errorf("cannot create %s: %w", path, pathCause(err)))
		}
		return f, nil
	}
	if err != nil {
		return nil, fail("debug log", fmt.Errorf("cannot use %s: %w", path, pathCause(err)))
	}
	if reason := unfitDebugFile(info); reason != "" {
		return nil, refuseDebug(path, reason)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|oNoFollow|oNonBlock, 0)
	if err != nil {
		return nil, fail("debug log", fmt.Errorf("cannot write %s: %w", path, pathCause(err)))
	}
	// It may have been swapped since the Lstat: check what was opened.
	opened, err := f.Stat()
	if err != nil || !os.SameFile(info, opened) || unfitDebugFile(opened) != "" {
		_ = f.Close()
		return nil, refuseDebug(path, "it changed while it was being opened")
	}
	return f, nil
}

// unfitDebugFile says why an existing file must not take the log, or "".
func unfitDebugFile(info fs.FileInfo) string {
	mode := info.Mode()
	switch {
	case mode&fs.ModeSymlink != 0:
		return "it is a symbolic link"
	case mode.IsDir():
		return "it is a directory"
	case !mode.IsRegular():
		return "it is not a regular file"
	case !ownedByUser(info):
		return "it belongs to another user"
	}
	return ""
}

func refuseDebug(path, reason string) error {
	return usagef("--debug %s: refused, %s (give a new file, or a regular file of yours to append to)", path, reason)
}

// pathCause drops the *PathError's own "open <path>:" prefix, which the
// message already names.
func pathCause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
