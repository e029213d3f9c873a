// Package web holds the files the server ships inside its binary.
package web

import (
	"embed"
	"io/fs"
)

// Static is the web/static folder: paths in it start with "static/", so the
// asset manifest is at "static/vendor/manifest.json".
//
// static/vendor is the output of `make assets` and is not committed; a binary
// built without running it embeds only static/vendor/.keep, and the asset set
// then reports itself as not built.
//
//go:embed all:static
var Static embed.FS

// VendorFS returns Static rooted at static/vendor, the folder that holds
// manifest.json and the hashed assets: the file system assets.New expects.
func VendorFS() fs.FS {
	sub, err := fs.Sub(Static, "static/vendor")
	if err != nil {
		// fs.Sub fails only on an invalid path, and this one is constant.
		panic(err)
	}
	return sub
}
