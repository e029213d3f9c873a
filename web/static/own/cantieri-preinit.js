// Load this before bootstrap-italia.bundle.min.js (a plain <script src>, not
// async or defer).
//
// The bundle includes video.js, which on load injects a <style> element; our
// Content-Security-Policy blocks it and logs a violation on every page. The
// player's styles are already in bootstrap-italia.min.css, so turn it off.
window.VIDEOJS_NO_DYNAMIC_STYLE = true;
