// Package newsletter is Cantieri's newsletter: subscribers with double
// opt-in, preferences by territory and topic, one-click unsubscription
// (RFC 8058), CSV import and bounce lists for admins; campaigns written in
// Markdown with placeholders, segmented by territory, topic and role,
// tested, scheduled and sent through the job queue; and the crash-safe
// sender, which keeps a per-recipient send log so that a crash skips no
// one and re-sends at most one message per SMTP connection, with the same
// Message-ID. See docs/newsletter.md.
package newsletter

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"time"

	"github.com/cantieri/cantieri/internal/platform/i18n"
)

// Topic is a subject a subscriber may choose to hear about.
type Topic string

// Topics is the fixed list of topics, in display order. Their labels are
// the catalogue keys "newsletter.topic.<topic>".
var Topics = []Topic{"percorsi", "eventi", "avvisi", "servizi", "glossario"}

// ValidTopic reports whether t is one of Topics.
func ValidTopic(t string) bool { return slices.Contains(Topics, Topic(t)) }

// ConfirmTTL is how long a confirmation link works.
const ConfirmTTL = 7 * 24 * time.Hour

// consentKey is the catalogue key of the consent text shown next to the
// subscription form's checkbox.
const consentKey = "newsletter.consent.text"

// ConsentVersion identifies the consent text the subscriber agreed to: a
// hash of its Italian and English wording, so any change to the text
// changes the version without anyone having to remember to bump it.
func ConsentVersion() string {
	h := sha256.New()
	h.Write([]byte(i18n.T(i18n.IT, consentKey)))
	h.Write([]byte{0})
	h.Write([]byte(i18n.T(i18n.EN, consentKey)))
	return "testo-" + hex.EncodeToString(h.Sum(nil))[:12]
}
