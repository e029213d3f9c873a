package files_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/platform/files"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// PNG returns a small real PNG image.
func pngBytes(t testing.TB) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 3, 2))
	img.Set(1, 1, color.RGBA{200, 10, 10, 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegBytes(t testing.TB) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 4, 5)), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// webpBytes is the header of a lossless 7×9 WebP image (enough for sniffing
// and the size; browsers would need the rest).
func webpBytes() []byte {
	b := []byte("RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f")
	bits := uint32(7-1) | uint32(9-1)<<14
	b = append(b, byte(bits), byte(bits>>8), byte(bits>>16), byte(bits>>24))
	return append(b, make([]byte, 16)...)
}

func TestPutStoresContentUnderItsHashWithNothingLeftBehind(t *testing.T) {
	root := t.TempDir()
	s := files.NewDir(root)
	content := pngBytes(t)
	b, err := s.Put(context.Background(), bytes.NewReader(content), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if !files.ValidHash(b.Hash) || b.Size != int64(len(content)) || b.ContentType != files.PNG {
		t.Fatalf("blob %+v", b)
	}
	got, err := os.ReadFile(filepath.Join(root, b.Hash[:2], b.Hash[2:4], b.Hash))
	if err != nil || !bytes.Equal(got, content) {
		t.Fatalf("stored file: %v", err)
	}
	again, err := s.Put(context.Background(), bytes.NewReader(content), 1<<20)
	if err != nil || again != b {
		t.Fatalf("same content again: %+v, %v", again, err)
	}
	if tmp, _ := os.ReadDir(filepath.Join(root, "tmp")); len(tmp) != 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
	rc, err := s.Open(context.Background(), b.Hash)
	if err != nil {
		t.Fatal(err)
	}
	rc.Close()
	if err := s.Delete(context.Background(), b.Hash); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Open(context.Background(), b.Hash); !errors.Is(err, files.ErrNotFound) {
		t.Errorf("deleted blob opens: %v", err)
	}
}

func TestPutOverTheLimitStoresNothing(t *testing.T) {
	root := t.TempDir()
	s := files.NewDir(root)
	_, err := s.Put(context.Background(), bytes.NewReader(make([]byte, 1001)), 1000)
	if !errors.Is(err, files.ErrTooLarge) {
		t.Fatalf("err = %v", err)
	}
	n := 0
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return nil
	})
	if n != 0 {
		t.Errorf("%d files left in the store", n)
	}
}

func TestOpenRefusesPathsThatAreNotHashes(t *testing.T) {
	s := files.NewDir(t.TempDir())
	for _, h := range []string{"", "../../etc/passwd", strings.Repeat("A", 64), strings.Repeat("a", 63) + "/"} {
		if _, err := s.Open(context.Background(), h); !errors.Is(err, files.ErrNotFound) {
			t.Errorf("Open(%q) = %v", h, err)
		}
	}
}

// multipartBody builds a form: text fields, then one file field.
func multipartBody(t testing.TB, fields [][2]string, fileField, fileName string, content []byte) (*bytes.Buffer, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, f := range fields {
		mw.WriteField(f[0], f[1])
	}
	if fileField != "" {
		fw, err := mw.CreateFormFile(fileField, fileName)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(content)
	}
	mw.WriteField("after", "testo dopo il file")
	mw.Close()
	return &buf, mw.FormDataContentType()
}

func readForm(t *testing.T, body io.Reader, ct string, limit int64) (*files.Form, error) {
	r := httptest.NewRequest(http.MethodPost, "/x", body)
	r.Header.Set("Content-Type", ct)
	f, err := files.ReadForm(httptest.NewRecorder(), r, limit)
	if err == nil {
		t.Cleanup(f.Close)
	}
	return f, err
}

func TestImagesAreRecognisedFromTheirContentNotTheirName(t *testing.T) {
	cases := []struct {
		name, file string
		content    []byte
		want       files.Problem
		w, h       int
	}{
		{"png", "foto.png", pngBytes(t), files.ProblemNone, 3, 2},
		{"png named .txt", "note.txt", pngBytes(t), files.ProblemNone, 3, 2},
		{"jpeg", "foto.jpg", jpegBytes(t), files.ProblemNone, 4, 5},
		{"webp", "foto.webp", webpBytes(), files.ProblemNone, 7, 9},
		{"html named .jpg", "foto.jpg", []byte("<!DOCTYPE html><html><script>alert(1)</script></html>"), files.ProblemDisguised, 0, 0},
		{"svg named .png", "logo.png", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>`), files.ProblemDisguised, 0, 0},
		{"pdf", "bando.pdf", []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj\n"), files.ProblemWrongType, 0, 0},
		{"gif", "anim.gif", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), files.ProblemWrongType, 0, 0},
		{"truncated png", "foto.png", pngBytes(t)[:20], files.ProblemDamaged, 0, 0},
		{"too large", "grande.jpg", append(jpegBytes(t), make([]byte, 2000)...), files.ProblemTooLarge, 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body, ct := multipartBody(t, [][2]string{{"title", "Titolo"}}, "cover", c.file, c.content)
			f, err := readForm(t, body, ct, 1000)
			if err != nil {
				t.Fatal(err)
			}
			if f.Values.Get("title") != "Titolo" || f.Values.Get("after") != "testo dopo il file" {
				t.Errorf("text fields lost: %v", f.Values)
			}
			u := f.Files["cover"]
			if u == nil {
				t.Fatal("no upload")
			}
			w, h, p, err := files.CheckImage(u, files.ImageTypes)
			if err != nil || p != c.want || w != c.w || h != c.h {
				t.Errorf("CheckImage = %d×%d %q %v, want %d×%d %q", w, h, p, err, c.w, c.h, c.want)
			}
		})
	}
}

func TestAnEmptyFileInputIsNoUpload(t *testing.T) {
	body, ct := multipartBody(t, [][2]string{{"title", "x"}}, "cover", "", nil)
	f, err := readForm(t, body, ct, 1000)
	if err != nil || len(f.Files) != 0 {
		t.Fatalf("files %v, err %v", f.Files, err)
	}
}

func TestOversizedTextIsRefused(t *testing.T) {
	body, ct := multipartBody(t, [][2]string{{"title", strings.Repeat("x", files.MaxFieldBytes+1)}}, "", "", nil)
	if _, err := readForm(t, body, ct, 1000); !errors.Is(err, files.ErrFormTooLarge) {
		t.Fatalf("err = %v", err)
	}
}

func TestUrlEncodedFormsAreReadToo(t *testing.T) {
	f, err := readForm(t, strings.NewReader("a=1&b=due"), "application/x-www-form-urlencoded", 1000)
	if err != nil || f.Values.Get("b") != "due" {
		t.Fatalf("%v %v", f, err)
	}
}

func TestSanitizeNameKeepsABaseNameWithoutTricks(t *testing.T) {
	cases := map[string]string{
		"foto.jpg":                         "foto.jpg",
		`C:\Users\ada\foto del camper.png`: "foto del camper.png",
		"../../etc/passwd":                 "passwd",
		"a\"b;c\r\nd.jpg":                  "abcd.jpg",
		"foto\u202egnp.exe":                "fotognp.exe",
		"zero\u200bwidth.png":              "zerowidth.png",
		"":                                 "file",
		"..":                               "file",
		"/":                                "file",
	}
	for in, want := range cases {
		if got := files.SanitizeName(in); got != want {
			t.Errorf("SanitizeName(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzSanitizeName(f *testing.F) {
	f.Add("../a\x00b\"c.jpg")
	f.Fuzz(func(t *testing.T, s string) {
		n := files.SanitizeName(s)
		if n == "" || strings.ContainsAny(n, "/\\\"\r\n\x00;") || len([]rune(n)) > 120 {
			t.Fatalf("SanitizeName(%q) = %q", s, n)
		}
	})
}

func FuzzReadForm(f *testing.F) {
	body, ct := multipartBody(f, [][2]string{{"a", "b"}}, "cover", "x.png", pngBytes(f))
	f.Add(body.Bytes(), ct)
	f.Fuzz(func(t *testing.T, body []byte, ct string) {
		r := httptest.NewRequest(http.MethodPost, "/x", bytes.NewReader(body))
		r.Header.Set("Content-Type", ct)
		form, err := files.ReadForm(httptest.NewRecorder(), r, 1000)
		if err != nil {
			return
		}
		for _, u := range form.Files {
			files.CheckImage(u, files.ImageTypes)
		}
		form.Close()
	})
}

func TestPublicFilesAreServedWithTheirTypeAndPrivateOnesAreNot(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := files.NewDir(t.TempDir())
		pub, _ := s.Put(ctx, bytes.NewReader(pngBytes(t)), 1<<20)
		priv, _ := s.Put(ctx, bytes.NewReader([]byte("%PDF-1.7 riservato")), 1<<20)
		var pf files.File
		err := d.Tx(ctx, func(tx *db.Tx) error {
			if _, err := files.Record(ctx, tx, pub, files.File{Name: "camper.png", Public: true, Width: 3, Height: 2}); err != nil {
				return err
			}
			var err error
			pf, err = files.Record(ctx, tx, priv, files.File{Name: "../verbale \"x\".pdf"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if pf.Name != `verbale x.pdf` {
			t.Errorf("name %q", pf.Name)
		}
		h := &files.Handlers{DB: d, Store: s}
		serve := func(hash string) *httptest.ResponseRecorder {
			r := httptest.NewRequest(http.MethodGet, "/file/"+hash, nil)
			r.SetPathValue("hash", hash)
			w := httptest.NewRecorder()
			mux := http.NewServeMux()
			mux.HandleFunc("GET /file/{hash}", func(w http.ResponseWriter, r *http.Request) {
				if err := h.Public(w, r); err != nil {
					w.WriteHeader(http.StatusNotFound)
				}
			})
			mux.ServeHTTP(w, r)
			return w
		}
		w := serve(pub.Hash)
		hd := w.Header()
		if w.Code != 200 || hd.Get("Content-Type") != "image/png" || hd.Get("X-Content-Type-Options") != "nosniff" ||
			!strings.HasPrefix(hd.Get("Content-Disposition"), "inline") || !strings.Contains(hd.Get("Cache-Control"), "immutable") {
			t.Errorf("public file: %d %v", w.Code, hd)
		}
		if w := serve(priv.Hash); w.Code != http.StatusNotFound {
			t.Errorf("private file served publicly: %d", w.Code)
		}
		// Through the owner's permission check, a private file is an attachment.
		w = httptest.NewRecorder()
		if err := files.Serve(w, httptest.NewRequest(http.MethodGet, "/x", nil), s, pf); err != nil {
			t.Fatal(err)
		}
		if cd := w.Header().Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") || !strings.Contains(cd, "verbale x.pdf") ||
			w.Header().Get("Content-Type") != "application/pdf" || strings.Contains(w.Header().Get("Cache-Control"), "public") {
			t.Errorf("private file: %v", w.Header())
		}
		if err := files.SetPublic(ctx, d, pf.ID, true); err != nil {
			t.Fatal(err)
		}
		if w := serve(priv.Hash); w.Code != 200 {
			t.Errorf("file made public is not served: %d", w.Code)
		}
		if err := files.Remove(ctx, d, s, pf.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Open(ctx, priv.Hash); !errors.Is(err, files.ErrNotFound) {
			t.Errorf("bytes of the last row are kept: %v", err)
		}
	})
}
