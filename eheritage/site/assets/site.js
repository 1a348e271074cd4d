// Language switch: shows the site's words in the chosen language (remembered), and a
// record's values in that language where it has them (all of them otherwise).
(function () {
  "use strict";
  var LANGUAGES = ["az", "ru", "en"];
  var KEY = "eheritage.language";

  function stored() {
    try { return window.localStorage.getItem(KEY); } catch (e) { return null; }
  }
  function store(lang) {
    try { window.localStorage.setItem(KEY, lang); } catch (e) { /* private mode, file:// */ }
  }
  function guessed() {
    var wanted = (navigator.languages || [navigator.language || ""]).map(function (l) { return String(l).slice(0, 2); });
    for (var i = 0; i < wanted.length; i++) if (LANGUAGES.indexOf(wanted[i]) >= 0) return wanted[i];
    return document.documentElement.lang;
  }

  function apply(lang) {
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-set-language]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-set-language") === lang));
    });
    document.querySelectorAll(".multi").forEach(function (group) {
      var values = Array.prototype.slice.call(group.children);
      var matching = values.filter(function (v) { return v.lang === lang; });
      values.forEach(function (v) { v.classList.toggle("other", matching.length > 0 && v.lang !== lang); });
    });
    ["placeholder", "aria-label"].forEach(function (attribute) {
      document.querySelectorAll("[data-i18n-" + attribute + "]").forEach(function (element) {
        var texts = JSON.parse(element.getAttribute("data-i18n-" + attribute));
        if (texts[lang]) element.setAttribute(attribute, texts[lang]);
      });
    });
    document.dispatchEvent(new CustomEvent("eheritage:language", { detail: lang }));
  }

  document.querySelectorAll("[data-set-language]").forEach(function (button) {
    button.addEventListener("click", function () {
      var lang = button.getAttribute("data-set-language");
      store(lang);
      apply(lang);
    });
  });
  var first = stored() || guessed();
  apply(LANGUAGES.indexOf(first) >= 0 ? first : document.documentElement.lang);

  window.eheritage = { language: function () { return document.documentElement.lang; } };
})();
