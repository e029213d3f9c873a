package pdf

// Flow writes blocks down the page between margins, starting a new page
// when the next block does not fit: the way to lay out a document whose
// length depends on its data (a certificate with many activities, a
// score sheet).
//
//	f := d.NewFlow(56)
//	f.Line(pdf.HelveticaBold, 18, "Attestato di partecipazione")
//	f.Space(12)
//	f.Paragraph(pdf.Helvetica, 11, text)
type Flow struct {
	Doc *Document
	// Page is the current page; Y the baseline of the next line.
	Page *Page
	Y    float64
	// Left and Width bound the text; Top and Bottom the page's usable
	// height.
	Left, Width, Top, Bottom float64
	// Leading is the distance between lines as a multiple of the font
	// size (1.35 by default).
	Leading float64
}

// NewFlow starts a page with the same margin on every side.
func (d *Document) NewFlow(margin float64) *Flow {
	f := &Flow{Doc: d, Left: margin, Width: A4Width - 2*margin, Top: A4Height - margin, Bottom: margin, Leading: 1.35}
	f.NewPage()
	return f
}

// NewPage continues on a new page, at its top.
func (f *Flow) NewPage() {
	f.Page = f.Doc.AddPage()
	f.Y = f.Top
}

// need starts a new page unless h points fit above the bottom margin.
func (f *Flow) need(h float64) {
	if f.Y-h < f.Bottom && f.Y < f.Top {
		f.NewPage()
	}
}

// Line writes s on one line (cut at the width if longer).
func (f *Flow) Line(font Font, size float64, s string) {
	lines := Wrap(font, size, f.Width, s)
	if len(lines) == 0 {
		lines = []string{""}
	}
	f.need(size)
	f.Y -= size
	f.Page.Text(f.Left, f.Y, font, size, lines[0])
	f.Y -= size * (f.Leading - 1)
}

// Paragraph writes s wrapped to the width, line by line, continuing on a
// new page when the page is full.
func (f *Flow) Paragraph(font Font, size float64, s string) {
	for _, line := range Wrap(font, size, f.Width, s) {
		f.Line(font, size, line)
	}
}

// Columns writes one row of cells at the given x offsets from Left (each
// cell cut to the room before the next offset, the last to the width),
// keeping the row on one page.
func (f *Flow) Columns(font Font, size float64, offsets []float64, cells []string) {
	f.need(size)
	f.Y -= size
	for i, c := range cells {
		if i >= len(offsets) {
			break
		}
		room := f.Width - offsets[i]
		if i+1 < len(offsets) {
			room = offsets[i+1] - offsets[i] - 6
		}
		if lines := Wrap(font, size, room, c); len(lines) > 0 {
			f.Page.Text(f.Left+offsets[i], f.Y, font, size, lines[0])
		}
	}
	f.Y -= size * (f.Leading - 1)
}

// Space moves down h points.
func (f *Flow) Space(h float64) {
	f.Y -= h
	if f.Y < f.Bottom {
		f.NewPage()
	}
}

// Rule draws a thin line across the width and moves below it.
func (f *Flow) Rule() {
	f.need(6)
	f.Y -= 3
	f.Page.Line(f.Left, f.Y, f.Left+f.Width, f.Y, 0.5)
	f.Y -= 6
}
