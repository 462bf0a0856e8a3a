// Package version says which version of the suite is running, for reports.
package version

import "runtime/debug"

// Version is set at build time by the Makefile (-ldflags "-X ...version.Version=...").
var Version = ""

// String returns the suite version: the build-time value (the Makefile sets it to
// `git describe`), else the module version of an installed binary, else the VCS
// revision go build stamped, else "unknown". It never asks git at run time: the
// working directory may be another repository.
func String() string {
	if Version != "" {
		return Version
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		if v := info.Main.Version; v != "" && v != "(devel)" {
			return v
		}
		var rev, modified string
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value
			}
		}
		if rev != "" {
			if len(rev) > 12 {
				rev = rev[:12]
			}
			if modified == "true" {
				rev += "-dirty"
			}
			return rev
		}
	}
	return "unknown"
}
