package web

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
)

// Download sends a file that build writes, as an attachment named name.
// The file is built in memory first, so an error becomes an error page
// instead of half a file in the browser; it is never cached.
func Download(w http.ResponseWriter, name, contentType string, build func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := build(&buf); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(buf.Bytes())
	return err
}
