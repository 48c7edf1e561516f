/* Accessibility fixes for the interactive figures of the static book.
 *
 * The widget manager (@jupyter-widgets/html-manager 1.0, ipywidgets 8) renders sliders in
 * the browser, so these fixes cannot be made in the HTML that Sphinx writes:
 *
 * 1. The slider handle (role="slider") has no accessible name: the description ("guess c")
 *    is a <label> that is not tied to it (axe-core: aria-input-field-name, serious).
 *    The handle gets aria-labelledby pointing at that label.
 * 2. A SelectionSlider's handle announces the option's *index* (aria-valuetext="6") while
 *    the readout shows its label ("3.0"). The handle's aria-valuetext follows the readout.
 * 3. A widget without a tooltip gets title="null" on its label, so hovering it shows
 *    "null". The attribute is removed.
 *
 * And one for folded content (solutions, hidden code cells):
 *
 * 4. pydata-sphinx-theme makes a scrollable code block or output keyboard-focusable
 *    (tabindex 0) when the page loads, is resized or gains elements. A block inside a
 *    folded solution is not scrollable then, gets tabindex -1, and keeps it once the
 *    reader unfolds it: its overflow cannot be reached with the keyboard (axe-core:
 *    scrollable-region-focusable, serious). The same rule is re-applied whenever such a
 *    block changes size, which is what unfolding does.
 *
 * Loaded through html_js_files (see _config.yml); tests/book/test_browser_book.py checks the
 * result with axe-core in Chromium.
 */
(function () {
  "use strict";
  var labelCount = 0;

  function fixSlider(slider) {
    var label = slider.querySelector(":scope > .widget-label");
    var readout = slider.querySelector(":scope > .widget-readout");
    slider.querySelectorAll(".noUi-handle[role='slider']").forEach(function (handle) {
      if (label && label.textContent.trim() && !handle.hasAttribute("aria-labelledby")) {
        if (!label.id) {
          labelCount += 1;
          label.id = "book-widget-label-" + labelCount;
        }
        handle.setAttribute("aria-labelledby", label.id);
      }
      if (readout) {
        var shown = readout.textContent.trim();
        if (shown && handle.getAttribute("aria-valuetext") !== shown) {
          handle.setAttribute("aria-valuetext", shown);
        }
      }
    });
  }

  function fixAll() {
    document.querySelectorAll(".jupyter-widgets .widget-label[title='null']").forEach(
      function (label) { label.removeAttribute("title"); }
    );
    document.querySelectorAll(".widget-slider").forEach(fixSlider);
  }

  // Widgets are rendered (and re-rendered when a slider moves) after the page has loaded:
  // re-apply the fixes after each batch of DOM changes inside a widget area.
  var scheduled = false;
  function schedule() {
    if (!scheduled) {
      scheduled = true;
      window.requestAnimationFrame(function () {
        scheduled = false;
        fixAll();
      });
    }
  }
  var WIDGETS = ".widget-subarea, .jupyter-widgets";
  function touchesWidgets(record) {
    var node = record.target.nodeType === 1 ? record.target : record.target.parentElement;
    if (node !== null && node.closest(WIDGETS) !== null) {
      return true;
    }
    return Array.prototype.some.call(record.addedNodes, function (added) {
      return added.nodeType === 1 && (added.matches(WIDGETS) || added.querySelector(WIDGETS));
    });
  }
  new MutationObserver(function (records) {
    if (records.some(touchesWidgets)) {
      schedule();
    }
  }).observe(document.documentElement, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: ["aria-valuetext", "title"],
  });

  // 4. Tab stops on scrollable blocks: the theme's selectors and rule (pydata-sphinx-theme
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
