package newsletter

import (
	"errors"
	"log/slog"

	"github.com/cantieri/cantieri/internal/platform/db"
)

// Service holds what the subscriber operations need.
type Service struct {
	DB *db.DB
	// BaseURL is the site's public URL, for the links in e-mails.
	BaseURL string
	Keys    *Keyring
	Log     *slog.Logger
}

// NewService returns the service on d.
func NewService(d *db.DB, baseURL string, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{DB: d, BaseURL: baseURL, Keys: NewKeyring(d), Log: log}
}

// Problems with a link, each shown with a way forward.
var (
	errLinkInvalid = errors.New("newsletter: link not recognised")
	errLinkExpired = errors.New("newsletter: link expired")
)
