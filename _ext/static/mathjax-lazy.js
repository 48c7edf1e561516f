/* MathJax typesets a formula only when it comes near the screen (its ui/lazy extension),
 * so that a long chapter answers the reader before all of its formulas are typeset;
 * printing typesets them all.
 *
 * Not for a reader who has turned on MathJax's speech, braille or explorer in its menu
 * (saved in localStorage as "MathJax-Menu-Settings"): MathJax 3.2 gives no spoken text to
 * formulas typeset lazily, so for that reader every formula is typeset at load, as
 * before. Runs after the page's MathJax configuration and before MathJax itself (which
 * is deferred); _config.yml adds it with html_js_files, priority 501.
 */
(function () {
  "use strict";
  var settings = {};
  try {
    settings = JSON.parse(window.localStorage.getItem("MathJax-Menu-Settings") || "{}") || {};
  } catch (error) {
    settings = {};  // no storage (file:// in some browsers) or unreadable settings
  }
  if (settings.speech || settings.braille || settings.explorer) {
    return;
  }
  var mathjax = window.MathJax = window.MathJax || {};
  mathjax.loader = mathjax.loader || {};
  mathjax.loader.load = (mathjax.loader.load || []).concat(["ui/lazy"]);
})();
