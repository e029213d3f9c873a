package news

import (
	"context"
	"fmt"
	"strings"

	"github.com/cantieri/cantieri/internal/platform/db"
)

// MaxSlug is the longest slug Slugify makes.
const MaxSlug = 80

var fold = strings.NewReplacer(
	"à", "a", "á", "a", "â", "a", "ä", "a", "è", "e", "é", "e", "ê", "e", "ë", "e",
	"ì", "i", "í", "i", "î", "i", "ï", "i", "ò", "o", "ó", "o", "ô", "o", "ö", "o",
	"ù", "u", "ú", "u", "û", "u", "ü", "u", "ç", "c", "ñ", "n", "ß", "ss",
	"’", "-", "'", "-",
)

// Slugify makes a readable address part from a title: lower case, accents
// dropped, words joined by hyphens, at most MaxSlug characters; "notizia"
// when nothing is left.
func Slugify(title string) string {
	s := fold.Replace(strings.ToLower(title))
	var b strings.Builder
	dash := false
	for _, r := range s {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
			continue
		}
		if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.Trim(b.String(), "-")
	if len(out) > MaxSlug {
		out = out[:MaxSlug]
		if i := strings.LastIndexByte(out, '-'); i > MaxSlug/2 {
			out = out[:i]
		}
		out = strings.Trim(out, "-")
	}
	if out == "" {
		return "notizia"
	}
	return out
}

// uniqueSlug returns base, or base-2, base-3… if taken. Slugs never change
// after creation, so links and feed ids stay valid.
func uniqueSlug(ctx context.Context, tx *db.Tx, base string) (string, error) {
	for i := 1; i < 1000; i++ {
		s := base
		if i > 1 {
			s = fmt.Sprintf("%s-%d", base, i)
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM news WHERE slug = ?`, s).Scan(&n); err != nil {
			return "", err
		}
		if n == 0 {
			return s, nil
		}
	}
	return "", fmt.Errorf("news: no free slug for %q", base)
}
