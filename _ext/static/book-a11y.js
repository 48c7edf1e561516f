/* An accessibility fix for folded content (solutions, hidden code cells).
 *
 * pydata-sphinx-theme makes a scrollable code block or output keyboard-focusable
 * (tabindex 0) when the page loads, is resized or gains elements. A block inside a
 * folded solution is not scrollable then, gets tabindex -1, and keeps it once the
 * reader unfolds it: its overflow cannot be reached with the keyboard (axe-core:
 * scrollable-region-focusable, serious). The same rule is re-applied whenever such a
 * block changes size, which is what unfolding does.
 *
 * (The interactive figures need no fix here: their static player is a native range
 * input inside its <label>, see lossfns.course.widgets.frame_player_html.)
 *
 * Loaded through html_js_files (see _config.yml); tests/book/test_browser_book.py checks the
 * result with axe-core in Chromium.
 */
(function () {
  "use strict";

  // Tab stops on scrollable blocks: the theme's selectors and rule (pydata-sphinx-theme
  // 0.17, addTabStopsToScrollableElements), re-run when a block's size changes.
  var SCROLLABLE = "pre, .nboutput > .output_area, .cell_output > .output, " +
    ".jp-RenderedHTMLCommon, .pst-scrollable-table-container";
  var tabStops = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      var el = entry.target;
      el.tabIndex = el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight ? 0 : -1;
    });
  });
  function observeScrollable() {
    var main = document.getElementById("main-content") || document.body;
    main.querySelectorAll(SCROLLABLE).forEach(function (el) { tabStops.observe(el); });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", observeScrollable);
  } else {
    observeScrollable();
  }
})();
