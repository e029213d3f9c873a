package search

import "strings"

// stopWords are words too common to help a search: Italian articles,
// prepositions (simple, articulated and elided), pronouns, conjunctions and
// the commonest forms of essere and avere, plus a few English ones for the
// English texts. They are written folded (no accents), as fold returns
// them. Elided forms lose their apostrophe when split ("dell'" is "dell").
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, line := range []string{
		// articles, also elided
		"il lo la i gli le l un uno una",
		// simple prepositions
		"di a da in con su per tra fra d",
		// articulated prepositions, also elided
		"del dello della dei degli delle dell",
		"al allo alla ai agli alle all",
		"dal dallo dalla dai dagli dalle dall",
		"nel nello nella nei negli nelle nell",
		"sul sullo sulla sui sugli sulle sull",
		"col coi",
		// pronouns and possessives
		"io tu lui lei noi voi loro egli ella esso essa essi esse",
		"mi ti si ci vi ne me te se ce ve c m t s v n",
		"mio mia miei mie tuo tua tuoi tue suo sua suoi sue",
		"nostro nostra nostri nostre vostro vostra vostri vostre",
		"questo questa questi queste quest quello quella quelli quelle quell quel quei quegli",
		"chi che cui quale quali",
		// conjunctions and adverbs that carry no topic
		"e ed o od ma pero anche pure oppure ne non piu meno come dove quando perche",
		"cosi gia ancora solo molto poco tanto quanto tutto tutti tutta tutte ogni",
		"altro altra altri altre",
		// essere and avere
		"sono e siamo siete era erano essere",
		"ho hai ha abbiamo avete hanno aveva avevano avere",
		// English
		"the an of and or to on for is are was were be with by at as from",
		"this that these those it its into not no",
	} {
		for _, w := range strings.Fields(line) {
			m[w] = true
		}
	}
	return m
}()
