package glossary

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// jsFile is the browser's copy of the counting rules.
var jsFile = filepath.Join("..", "..", "web", "static", "own", "gulpease.js")

// nodeScript runs gulpease.js as a script with a CommonJS-style module
// object (the repository's package.json makes .js files ES modules, so
// require would not do) and prints, for each text read as JSON from stdin,
// its counts, index and band.
const nodeScript = `
const fs = require('node:fs');
const mod = { exports: {} };
new Function('module', fs.readFileSync(process.argv[1], 'utf8'))(mod);
const g = mod.exports;
let input = '';
process.stdin.on('data', (d) => { input += d; });
process.stdin.on('end', () => {
  const out = JSON.parse(input).map((t) => {
    const c = g.count(t);
    const r = g.gulpease(t);
    return { letters: c.letters, words: c.words, sentences: c.sentences, index: r.index, ok: r.ok, band: r.ok ? g.band(Math.round(r.index)) : '' };
  });
  process.stdout.write(JSON.stringify(out));
});
`

func TestGulpeaseInTheBrowserAgreesWithGo(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("node is required under CI=true to check gulpease.js")
		}
		t.Skip("node is not installed: gulpease.js not checked")
	}
	abs, err := filepath.Abs(jsFile)
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{}
	for _, c := range gulpeaseCases {
		texts = append(texts, c.text)
	}
	for _, s := range seedTerms {
		texts = append(texts, s.DefinitionIT, s.ExplanationIT, s.DefinitionEN)
	}
	texts = append(texts,
		"Testo con\u00a0spazio non separabile.\u2028Riga nuova; fine", "\ufeffInizio con BOM. ok",
		"Numeri ١٢٣ arabi e lettere greche αβγ. Emoji 😀 fine!", "«Citazione.» E poi? (Sì.) [Fine.]",
		"Riga uno\r\n\r\nRiga due\r\nriga tre", "x\u0085\u0085y.", "Tab\tseparati\tqui…   e ancora",
	)
	in, err := json.Marshal(texts)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "-e", nodeScript, abs)
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, stderr.String())
	}
	var got []struct {
		Letters, Words, Sentences int
		Index                     float64
		OK                        bool
		Band                      string
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("node output %q: %v", out, err)
	}
	if len(got) != len(texts) {
		t.Fatalf("node answered %d texts of %d", len(got), len(texts))
	}
	for i, text := range texts {
		want := Count(text)
		index, ok := want.Index()
		js := got[i]
		if js.Letters != want.Letters || js.Words != want.Words || js.Sentences != want.Sentences {
			t.Errorf("%q: JS counts %d/%d/%d, Go %d/%d/%d", text, js.Letters, js.Words, js.Sentences,
				want.Letters, want.Words, want.Sentences)
		}
		if js.OK != ok || math.Abs(js.Index-index) > 1e-9 {
			t.Errorf("%q: JS index %v %v, Go %v %v", text, js.Index, js.OK, index, ok)
		}
		if ok && js.Band != BandOf(index).Key() {
			t.Errorf("%q: JS band %s, Go %s", text, js.Band, BandOf(index).Key())
		}
	}
}
