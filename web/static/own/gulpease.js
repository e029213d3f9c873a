// Gulpease readability index, live while an editor writes a glossary
// definition. Progressive enhancement: without this file the editor page
// has a "Ricalcola" button that asks the server for the same figure.
//
// The counting rules are those of internal/glossary/gulpease.go, described
// in docs/glossary.md; a Go test runs this file under Node on the same texts
// and requires equal counts. Keep the two in step.
//
// Markup (written by the server):
//   <div data-gulpease-for="ID-OF-TEXTAREA"
//        data-label-index="… {n} …" data-label-empty="…"
//        data-band-high_school="…" data-band-middle_school="…"
//        data-band-elementary="…" data-band-easy="…"
//        data-target-met="…" data-target-missed="…">
//     <span data-gulpease-index>…</span> <span data-gulpease-band>…</span>
//     <span data-gulpease-target>…</span>
//     <span data-gulpease-live class="visually-hidden" aria-live="polite"></span>
//   </div>
(function () {
  'use strict';

  var TARGET = 60;
  var LETTER = /\p{L}/u;
  var DIGIT = /\p{Nd}/u;
  var MARK = /\p{Mn}/u;
  var SEPARATOR = /[\p{Zs}\p{Zl}\p{Zp}]/u;
  var TERMINATORS = '.!?;\u2026';
  var CLOSERS = '"\')]}\u00bb\u2019\u201d';
  var SPACES = '\t\n\u000b\f\r \u0085\u00a0\ufeff';

  function isSpace(ch) {
    return SPACES.indexOf(ch) >= 0 || SEPARATOR.test(ch);
  }

  // count returns the letters, words and sentences of text.
  function count(text) {
    var rs = Array.from(text); // code points, like Go's []rune
    var c = { letters: 0, words: 0, sentences: 0 };
    var inWord = false;
    var wordsSinceEnd = 0;
    function endSentence() {
      if (wordsSinceEnd > 0) {
        c.sentences++;
        wordsSinceEnd = 0;
      }
    }
    for (var i = 0; i < rs.length; i++) {
      var ch = rs[i];
      var letter = LETTER.test(ch);
      if (letter || DIGIT.test(ch) || (inWord && MARK.test(ch))) {
        if (letter) c.letters++;
        if (!inWord) {
          c.words++;
          wordsSinceEnd++;
          inWord = true;
        }
      } else if (TERMINATORS.indexOf(ch) >= 0) {
        inWord = false;
        var j = i + 1;
        while (j < rs.length && (TERMINATORS.indexOf(rs[j]) >= 0 || CLOSERS.indexOf(rs[j]) >= 0)) j++;
        if (j === rs.length || isSpace(rs[j])) endSentence();
        i = j - 1;
      } else if (isSpace(ch)) {
        inWord = false;
        var newlines = 0;
        var k = i;
        while (k < rs.length && isSpace(rs[k])) {
          if (rs[k] === '\n') newlines++;
          k++;
        }
        if (newlines >= 2) endSentence();
        i = k - 1;
      } else {
        inWord = false;
      }
    }
    endSentence();
    return c;
  }

  // gulpease returns {index, ok}: 89 + (300·sentences − 10·letters) / words,
  // clamped to 0–100; ok is false when the text has no word.
  function gulpease(text) {
    var c = count(text);
    if (c.words === 0) return { index: 0, ok: false };
    var v = 89 + (300 * c.sentences - 10 * c.letters) / c.words;
    return { index: Math.min(Math.max(v, 0), 100), ok: true };
  }

  function band(rounded) {
    if (rounded < 40) return 'high_school';
    if (rounded < 60) return 'middle_school';
    if (rounded < 80) return 'elementary';
    return 'easy';
  }

  var api = { count: count, gulpease: gulpease, band: band, TARGET: TARGET };
  if (typeof module === 'object' && module.exports) {
    module.exports = api; // Node, for the test that compares with Go
    return;
  }

  function attach(panel) {
    var source = document.getElementById(panel.getAttribute('data-gulpease-for'));
    if (!source) return;
    var indexEl = panel.querySelector('[data-gulpease-index]');
    var bandEl = panel.querySelector('[data-gulpease-band]');
    var targetEl = panel.querySelector('[data-gulpease-target]');
    var live = panel.querySelector('[data-gulpease-live]');
    var lastBand = null;
    var timer = 0;
    function update() {
      var g = gulpease(source.value);
      if (!g.ok) {
        indexEl.textContent = panel.getAttribute('data-label-empty');
        bandEl.textContent = '';
        targetEl.textContent = '';
        lastBand = null;
        return;
      }
      var n = Math.round(g.index);
      var b = band(n);
      indexEl.textContent = panel.getAttribute('data-label-index').replace('{n}', String(n));
      bandEl.textContent = panel.getAttribute('data-band-' + b);
      targetEl.textContent = panel.getAttribute(n >= TARGET ? 'data-target-met' : 'data-target-missed');
      // Announce only a change of band, not every keystroke.
      if (live && lastBand !== null && b !== lastBand) {
        live.textContent = indexEl.textContent + ' ' + bandEl.textContent;
      }
      lastBand = b;
    }
    source.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(update, 250);
    });
    update();
  }

  function start() {
    var panels = document.querySelectorAll('[data-gulpease-for]');
    for (var i = 0; i < panels.length; i++) attach(panels[i]);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
