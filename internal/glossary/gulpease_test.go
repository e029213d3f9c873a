package glossary

import (
	"math"
	"strings"
	"testing"
)

// gulpeaseCase is a text with its counts and index worked out by hand.
type gulpeaseCase struct {
	name                      string
	text                      string
	letters, words, sentences int
	index                     float64
	ok                        bool
}

// gulpeaseCases: G = 89 + (300·S − 10·L) / W, clamped to 0–100, where L is
// letters, W words, S sentences (the same as 89 − Lp/10 + 3·Fr). Each
// comment shows the count word by word (letters in brackets).
var gulpeaseCases = []gulpeaseCase{
	{
		// La(2) visita(6) è(1) gratuita(8) per(3) tutti(5) . → 6 words, 25
		// Porta(5) con(3) te(2) la(2) tessera(7) sanitaria(9) . → 6 words, 28
		// W=12 L=53 S=2: 89 + (600 − 530)/12 = 89 + 5.8333… = 94.8333…
		name: "two short sentences: easy", text: "La visita è gratuita per tutti. Porta con te la tessera sanitaria.",
		letters: 53, words: 12, sentences: 2, index: 89 + 70.0/12, ok: true,
	},
	{
		// La(2) Casa(4) di(2) Comunità(8) è(1) un(2) luogo(5) vicino(6) a(1)
		// casa(4) . → 10 words, 35
		// Qui(3) trovi(5) medici(6) infermieri(10) e(1) assistenti(10)
		// sociali(7) . → 7 words, 42
		// W=17 L=77 S=2: 89 + (600 − 770)/17 = 89 − 10 = 79
		name: "accented letters count as letters: 79, just under 80", text: "La Casa di Comunità è un luogo vicino a casa. Qui trovi medici, infermieri e assistenti sociali.",
		letters: 77, words: 17, sentences: 2, index: 79, ok: true,
	},
	{
		// La(2) prevenzione(11) protegge(8) la(2) salute(6) delle(5)
		// persone(7) . → 7 words, 41
		// Comprende(9) vaccinazioni(12) controlli(9) periodici(9) e(1)
		// stili(5) di(2) vita(4) sani(4) . → 9 words, 55
		// W=16 L=96 S=2: 89 + (600 − 960)/16 = 89 − 22.5 = 66.5
		name: "a definition on target", text: "La prevenzione protegge la salute delle persone. Comprende vaccinazioni, controlli periodici e stili di vita sani.",
		letters: 96, words: 16, sentences: 2, index: 66.5, ok: true,
	},
	{
		// L(1) assistenza(10) domiciliare(11) dell(4) azienda(7)
		// sanitaria(9) porta(5) l(1) infermiere(10) nell(4) abitazione(10)
		// della(5) persona(7) . → the apostrophe splits: 13 words, 84
		// W=13 L=84 S=1: 89 + (300 − 840)/13 = 89 − 41.538… = 47.4615…
		name: "elided articles are words of their own", text: "L'assistenza domiciliare dell'azienda sanitaria porta l'infermiere nell'abitazione della persona.",
		letters: 84, words: 13, sentences: 1, index: 89 - 540.0/13, ok: true,
	},
	{
		// Organizzazione(14) interistituzionale(18) dell(4) integrazione(12)
		// sociosanitaria(14) territoriale(12) . → 6 words, 74
		// W=6 L=74 S=1: 89 + (300 − 740)/6 = 89 − 73.333… = 15.6667
		name: "bureaucratic Italian: hard even for graduates", text: "Organizzazione interistituzionale dell’integrazione sociosanitaria territoriale.",
		letters: 74, words: 6, sentences: 1, index: 89 - 440.0/6, ok: true,
	},
	{
		// interistituzionale(18) ten times, no final stop: one sentence.
		// W=10 L=180 S=1: 89 + (300 − 1800)/10 = −61 → clamped to 0
		name: "below zero is clamped to 0", text: strings.Repeat("interistituzionale ", 10),
		letters: 180, words: 10, sentences: 1, index: 0, ok: true,
	},
	{
		// Il(2) medico(6) ti(2) visita(6) . → W=4 L=16 S=1
		// 89 + (300 − 160)/4 = 124 → clamped to 100
		name: "above 100 is clamped to 100", text: "Il medico ti visita.",
		letters: 16, words: 4, sentences: 1, index: 100, ok: true,
	},
	{
		// Nel(3) 2020(0) la(2) zona(4) distretto(9) ha(2) aperto(6) 3(0)
		// sportelli(9) ! → 9 words, 35, S=1; the hyphen splits zona-distretto
		// Funzionano(10) ? → S=2
		// Sì(2) ; → S=3
		// dalle(5) 8(0) alle(4) 14(0) . → S=4
		// W=15 L=56 S=4: 89 + (1200 − 560)/15 = 131.67 → 100
		name: "digits are words without letters; ! ? ; end sentences", text: "Nel 2020 la zona-distretto ha aperto 3 sportelli! Funzionano? Sì; dalle 8 alle 14.",
		letters: 56, words: 15, sentences: 4, index: 100, ok: true,
	},
	{
		// Servizi(7) offerti(7) : does not end a sentence; visite(6); the
		// blank line ends the first sentence; prelievi(8) with no final
		// stop is the second. 3,5 and www.asl.it: no space after the
		// point, no end; 3(0) 5(0) www(3) asl(3) it(2) are words.
		// W=9 L=36 S=2: 89 + (600 − 360)/9 = 115.67 → 100
		name: "the colon does not end a sentence; a blank line does", text: "Servizi offerti: visite\n\nprelievi 3,5 www.asl.it",
		letters: 36, words: 9, sentences: 2, index: 100, ok: true,
	},
	{
		// «Vieni(5) domani(6)...» the points, then the closing quote, then a
		// space: S=1; disse(5) . S=2
		// W=3 L=16 S=2: 89 + (600 − 160)/3 = 235.67 → 100
		name: "an ellipsis and a closing quote end a sentence once", text: "«Vieni domani...» disse.",
		letters: 16, words: 3, sentences: 2, index: 100, ok: true,
	},
	{
		// Il(2) dott(4) . Rossi(5) visita(6) . → the abbreviation ends a
		// sentence (a known limit of the rules): W=4 L=17 S=2
		// 89 + (600 − 170)/4 = 196.5 → 100
		name: "an abbreviation point ends a sentence", text: "Il dott. Rossi visita.",
		letters: 17, words: 4, sentences: 2, index: 100, ok: true,
	},
	{
		// Perche + combining acute (6), e + combining grave (1), cosi +
		// combining grave (4): marks join the word and are not letters.
		// W=3 L=11 S=1: 89 + (300 − 110)/3 = 152.3 → 100
		name: "decomposed accents stay inside their word", text: "Perche\u0301 e\u0300 cosi\u0300.",
		letters: 11, words: 3, sentences: 1, index: 100, ok: true,
	},
	{name: "empty text", text: "", ok: false},
	{name: "only punctuation and spaces", text: " ... !! —\n\n ", ok: false},
}

func TestGulpeaseMatchesHandComputedValues(t *testing.T) {
	for _, c := range gulpeaseCases {
		t.Run(c.name, func(t *testing.T) {
			got := Count(c.text)
			if got.Letters != c.letters || got.Words != c.words || got.Sentences != c.sentences {
				t.Errorf("counts: got %d letters, %d words, %d sentences; by hand %d, %d, %d",
					got.Letters, got.Words, got.Sentences, c.letters, c.words, c.sentences)
			}
			index, ok := Gulpease(c.text)
			if ok != c.ok || math.Abs(index-c.index) > 1e-9 {
				t.Errorf("Gulpease = %v, %v; by hand %v, %v", index, ok, c.index, c.ok)
			}
		})
	}
}

func TestGulpeaseBandsFollowTheClassicReading(t *testing.T) {
	cases := []struct {
		index float64
		want  Band
	}{
		{0, BandHardForHighSchool}, {39.4, BandHardForHighSchool}, {39.5, BandHardForMiddleSchool},
		{59, BandHardForMiddleSchool}, {59.6, BandHardForElementary}, {79, BandHardForElementary},
		{80, BandEasy}, {100, BandEasy},
	}
	for _, c := range cases {
		if got := BandOf(c.index); got != c.want {
			t.Errorf("BandOf(%v) = %s, want %s", c.index, got.Key(), c.want.Key())
		}
	}
}

func TestSeedDefinitionsReachTheTargetForTheGeneralPublic(t *testing.T) {
	for _, s := range seedTerms {
		index, ok := Gulpease(s.DefinitionIT)
		if !ok || math.Round(index) < TargetIndex {
			t.Errorf("%s: Gulpease %.1f, below the target %d", s.key, index, TargetIndex)
		}
	}
}

func FuzzGulpeaseStaysInRange(f *testing.F) {
	for _, c := range gulpeaseCases {
		f.Add(c.text)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := Count(s)
		if c.Letters < 0 || c.Words < 0 || c.Sentences < 0 || c.Sentences > c.Words {
			t.Fatalf("impossible counts %+v", c)
		}
		index, ok := Gulpease(s)
		if ok != (c.Words > 0) || index < 0 || index > 100 || math.IsNaN(index) {
			t.Fatalf("Gulpease(%q) = %v, %v", s, index, ok)
		}
	})
}
