package files

import (
	"bytes"
	"encoding/binary"
	"image"
	_ "image/jpeg" // registers the JPEG decoder for DecodeConfig
	_ "image/png"  // registers the PNG decoder for DecodeConfig
	"io"
	"net/http"
	"path"
	"strings"
	"unicode"
)

// Image types that uploads of pictures accept.
const (
	JPEG = "image/jpeg"
	PNG  = "image/png"
	WebP = "image/webp"
)

// ImageTypes are the picture formats every browser shows.
var ImageTypes = []string{JPEG, PNG, WebP}

// Sniff returns the MIME type of content from its first bytes
// (http.DetectContentType, without parameters).
func Sniff(head []byte) string {
	ct := http.DetectContentType(head)
	ct, _, _ = strings.Cut(ct, ";")
	return strings.TrimSpace(ct)
}

// ImageSize checks that r holds a whole image header of type ct and
// returns its size in pixels; ok is false when the content does not hold
// what its first bytes promised.
func ImageSize(ct string, r io.Reader) (w, h int, ok bool) {
	switch ct {
	case JPEG, PNG:
		cfg, _, err := image.DecodeConfig(r)
		if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
			return 0, 0, false
		}
		return cfg.Width, cfg.Height, true
	case WebP:
		return webpSize(r)
	}
	return 0, 0, false
}

// webpSize reads the dimensions from a WebP header: a RIFF container whose
// first chunk is VP8 (lossy), VP8L (lossless) or VP8X (extended).
func webpSize(r io.Reader) (int, int, bool) {
	var hdr [30]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return 0, 0, false
	}
	if !bytes.Equal(hdr[0:4], []byte("RIFF")) || !bytes.Equal(hdr[8:12], []byte("WEBP")) {
		return 0, 0, false
	}
	chunk, data := string(hdr[12:16]), hdr[20:]
	switch chunk {
	case "VP8 ":
		// frame tag (3 bytes), start code 9d 01 2a, then 14-bit sizes.
		if data[3] != 0x9d || data[4] != 0x01 || data[5] != 0x2a {
			return 0, 0, false
		}
		w := int(binary.LittleEndian.Uint16(data[6:8]) & 0x3fff)
		h := int(binary.LittleEndian.Uint16(data[8:10]) & 0x3fff)
		return w, h, w > 0 && h > 0
	case "VP8L":
		if data[0] != 0x2f {
			return 0, 0, false
		}
		bits := binary.LittleEndian.Uint32(data[1:5])
		return int(bits&0x3fff) + 1, int((bits>>14)&0x3fff) + 1, true
	case "VP8X":
		w := int(data[4]) | int(data[5])<<8 | int(data[6])<<16
		h := int(data[7]) | int(data[8])<<8 | int(data[9])<<16
		return w + 1, h + 1, true
	}
	return 0, 0, false
}

// NameSuggestsImage reports whether a file name ends like a picture, to
// tell a disguised file (an HTML page called photo.jpg) from a plain wrong
// choice in the message to the user. It never decides the type.
func NameSuggestsImage(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".webp", ".gif", ".bmp", ".heic", ".avif":
		return true
	}
	return false
}

// SanitizeName keeps the base name of an uploaded file for display and
// downloads: no directories, no control characters, no quotes or
// backslashes, no invisible format characters (bidirectional overrides,
// zero-width spaces), at most 120 characters; "file" when nothing is left.
func SanitizeName(name string) string {
	name = strings.ReplaceAll(name, `\`, "/")
	name = path.Base(name)
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' || r == '/' || r == ';' || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029' ||
			unicode.Is(unicode.Cf, r) { // format characters: a right-to-left override shows "foto\u202egnp.exe" as "fotoexe.png"
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(strings.Trim(name, "."))
	if r := []rune(name); len(r) > 120 {
		name = string(r[len(r)-120:])
	}
	if name == "" {
		return "file"
	}
	return name
}
