package activities

import "net/http"

// MaterialLink is a minute or material of an activity as its page lists
// it. The files themselves belong to internal/materials, which fills
// Handlers.Materials.
type MaterialLink struct {
	Title Text
	URL   string
	// KindKey is the message key of the kind (verbale, materiale);
	// Format names the type ("PDF", "DOCX"…).
	KindKey string
	Format  string
	Size    int64
	// Restricted is true for a file only the path's participants read.
	Restricted bool
}

// SizeKB is the size in kilobytes, at least 1.
func (m MaterialLink) SizeKB() int64 { return max((m.Size+1023)/1024, 1) }

// MaterialLister lists the published files of an activity that the user
// of r may read.
type MaterialLister interface {
	ActivityMaterials(r *http.Request, a *Activity) ([]MaterialLink, error)
}
