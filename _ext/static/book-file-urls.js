/* The book opened from the file system (file:// URLs, no server).
 *
 * Chromium (and Firefox, by default) refuses fetch() and XMLHttpRequest for file:// URLs:
 * a page opened from disk has an opaque origin. Scripts, stylesheets, fonts and images
 * still load, so the book works, except for the two places that read a file with a
 * request. This script changes nothing when the book is served over HTTP(S).
 *
 * 1. Sphinx's search page fetches every result's page to show a snippet under its title
 *    (SHOW_SEARCH_SUMMARY). From file:// each fetch fails with a console error and an
 *    uncaught "Failed to fetch". The snippets are switched off there; the results (titles,
 *    links, counts) are unchanged, since the search index itself is a <script>.
 *
 * 2. MathJax's speech, braille and explorer (a reader turns them on in MathJax's menu;
 *    the choice is kept in localStorage) need the speech-rule engine's locale files,
 *    _static/mathjax/sre/mathmaps/<locale>.json, which it reads with XMLHttpRequest.
 *    From file:// that read fails, and with it the typesetting of every formula on the
 *    page. The book's build writes each file again as <locale>.js, a script that stores
 *    the same JSON text in window.bookSreLocales (see _ext/book_build.py); here the engine's
 *    locale loader is replaced by one that adds that script to the page.
 *    MathJax 3.2 hands its loader to the engine through the global SREfeature object
 *    (a11y/sre.js: window.SREfeature = {json: path}; SREfeature.custom = loader), so that
 *    object's `custom` is pinned to the script loader as MathJax creates it.
 *
 * 3. The offline copy cannot hold itself: in it, the links to the offline zip (the download
 *    menu's entry, the welcome chapter's sentence) would lead to a missing file. The menu
 *    entry is removed and a link in the text becomes plain text that says so.
 *
 * Loaded on every page by _ext/book_build.py, after documentation_options.js.
 */
(function () {
  "use strict";
  if (window.location.protocol !== "file:") {
    return;
  }

  // 1. No search snippets (they would be fetched).
  if (typeof DOCUMENTATION_OPTIONS !== "undefined") {
    DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY = false;
  }

  // 2. The speech-rule engine's locales, loaded as scripts.
  function loadLocaleScript(folder, locale) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = String(folder).replace(/\/*$/, "/") + locale + ".js";
      script.onload = function () {
        var locales = window.bookSreLocales || {};
        if (Object.prototype.hasOwnProperty.call(locales, locale)) {
          resolve(locales[locale]);
        } else {
          reject(new Error(script.src + " did not define the locale " + locale));
        }
      };
      script.onerror = function () {
        reject(new Error("cannot load " + script.src));
      };
      document.head.appendChild(script);
    });
  }

  var feature;
  Object.defineProperty(window, "SREfeature", {
    configurable: true,
    get: function () {
      return feature;
    },
    set: function (value) {
      feature = value;
      if (value === null || typeof value !== "object") {
        return;
      }
      var loader = function (locale) {
        return loadLocaleScript(value.json, locale);
      };
      Object.defineProperty(value, "custom", {
        configurable: true,
        enumerable: true,
        get: function () {
          return loader;
        },
        // MathJax's own loader reads the .json with XMLHttpRequest: ignored here.
        set: function () {},
      });
    },
  });

  // 3. No link to the offline zip inside the offline copy.
  document.addEventListener("DOMContentLoaded", function () {
    var links = document.querySelectorAll('a[href$="downloads/the-mistake-notebook-offline.zip"]');
    Array.prototype.forEach.call(links, function (link) {
      if (link.classList.contains("dropdown-item")) {
        (link.closest("li") || link).remove();
        return;
      }
      var text = document.createElement("span");
      text.textContent = link.textContent + " (the copy you are reading now)";
      link.replaceWith(text);
    });
  });
})();
