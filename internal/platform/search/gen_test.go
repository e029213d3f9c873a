package search

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"
)

// gen makes a reproducible corpus of Italian-looking documents and queries
// for the engine-agreement test and the benchmark: real words (with their
// inflections and accents, so stemming and folding matter) drawn with a
// Zipf-like skew, a long tail of invented words, stop words between them.
type gen struct {
	r     *rand.Rand
	cum   []float64 // cumulative weights of vocab
	tail  []string
	zones []string
}

var vocab = strings.Fields(`salute sanità sanitario sanitaria sanitari ospedale ospedali ospedaliero
medico medici medicina infermiere infermieri farmacia farmacie vaccino vaccini vaccinazione
vaccinazioni prevenzione screening anziani anziano giovani bambini famiglia famiglie comunità
comune comuni città società territorio territori zona zone distretto servizio servizi sociale
sociali assistenza domiciliare cura cure cronico cronici malattia malattie diabete cuore mentale
benessere sport movimento alimentazione scuola lavoro volontariato associazione associazioni
cittadini partecipazione incontro incontri laboratorio progetto progetti percorso percorsi casa
case consultorio pediatra emergenza urgenza pronto soccorso ambulatorio visita visite
prenotazione liste attesa qualità accesso informazione caffè perché università attività`)

var genStop = strings.Fields("il la le di della delle per con e a in che un una del nei sulla")

func newGen(seed uint64) *gen {
	g := &gen{r: rand.New(rand.NewPCG(seed, 7))}
	total := 0.0
	for i := range vocab {
		total += 1 / math.Pow(float64(i+1), 0.8)
		g.cum = append(g.cum, total)
	}
	syl := strings.Fields("ba ce di lo mu ra si to ve za gno chi tre sta pio lu ne co")
	seen := map[string]bool{}
	for len(g.tail) < 20000 {
		n := 2 + g.r.IntN(3)
		var b strings.Builder
		for range n {
			b.WriteString(syl[g.r.IntN(len(syl))])
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			g.tail = append(g.tail, w)
		}
	}
	for i := 1; i <= 28; i++ {
		g.zones = append(g.zones, fmt.Sprintf("z%02d", i))
	}
	return g
}

func (g *gen) word() string {
	x := g.r.Float64() * g.cum[len(g.cum)-1]
	for i, c := range g.cum {
		if x < c {
			return vocab[i]
		}
	}
	return vocab[len(vocab)-1]
}

func (g *gen) text(n int, tail float64) string {
	ws := make([]string, 0, n+n/3)
	for range n {
		switch {
		case g.r.Float64() < 0.25:
			ws = append(ws, genStop[g.r.IntN(len(genStop))])
		case g.r.Float64() < tail:
			// Zipf over the tail too: a few invented words are common.
			ws = append(ws, g.tail[int(float64(len(g.tail))*math.Pow(g.r.Float64(), 3))])
		default:
			ws = append(ws, g.word())
		}
	}
	s := strings.Join(ws, " ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

func (g *gen) docs(n int, now time.Time) []Document {
	out := make([]Document, n)
	for i := range out {
		d := Document{
			Kind:  Kinds[g.r.IntN(len(Kinds))],
			Ref:   fmt.Sprintf("doc-%d", i),
			Title: g.text(3+g.r.IntN(6), 0.1),
			Body:  g.text(60+g.r.IntN(120), 0.4),
			URL:   fmt.Sprintf("/doc/%d", i),
		}
		for range g.r.IntN(3) {
			d.ZoneIDs = append(d.ZoneIDs, g.zones[g.r.IntN(len(g.zones))])
		}
		if g.r.Float64() < 0.8 {
			d.Date = now.AddDate(0, 0, -g.r.IntN(5*365))
		}
		if g.r.Float64() < 0.03 {
			d.VisibleFrom = now.AddDate(0, 0, 1+g.r.IntN(30))
		}
		out[i] = d
	}
	return out
}

// query is one to three words, sometimes cut short, sometimes with its
// accents dropped, sometimes with a filter.
func (g *gen) query() Query {
	n := 1 + g.r.IntN(3)
	ws := make([]string, n)
	for i := range ws {
		ws[i] = g.word()
		if g.r.Float64() < 0.2 {
			ws[i] = Fold(ws[i])
		}
	}
	if w := ws[n-1]; g.r.Float64() < 0.2 && len(w) > 4 {
		ws[n-1] = w[:4]
	}
	q := Query{Text: strings.Join(ws, " "), PerPage: 7, Page: 1 + g.r.IntN(3)}
	switch g.r.IntN(6) {
	case 0:
		q.Zone = g.zones[g.r.IntN(len(g.zones))]
	case 1:
		q.Kinds = []string{Kinds[g.r.IntN(len(Kinds))]}
	}
	return q
}
