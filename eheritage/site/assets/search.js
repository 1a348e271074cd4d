// Search without a server: the index publish wrote under search/ is loaded with <script>
// tags (which browsers allow from file:// too), a file per two-letter word start.
// Words are folded exactly as eheritage/site/search.py folds them.
(function () {
  "use strict";
  var root = document.documentElement.getAttribute("data-root") || "";
  var loaded = {};
  var data = { meta: null, terms: {}, records: {} };
  window.eheritageSearch = {
    fold: function (text) { return fold(text); },
    words: function (text) { return words(text); },
    meta: function (key, value) { data.meta = value; },
    terms: function (key, value) { data.terms[key] = value; },
    records: function (key, value) { data.records[key] = value; }
  };

  function fold(text) {
    return text.normalize("NFKD").toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "")
      .replace(/ı/g, "i").replace(/ə/g, "e").replace(/ß/g, "ss");
  }
  function words(text) { return fold(text).match(/[\p{L}\p{N}]+/gu) || []; }
  function termKey(word) {
    return Array.from(word).slice(0, data.meta.keyLength)
      .map(function (c) { return c.codePointAt(0).toString(16); }).join("-");
  }
  function load(file) {
    if (!loaded[file]) {
      loaded[file] = new Promise(function (resolve) {
        var script = document.createElement("script");
        script.src = root + "search/" + file;
        script.onload = resolve;
        script.onerror = resolve; // a file gone since meta.js was read: no results from it
        document.head.appendChild(script);
      });
    }
    return loaded[file];
  }

  function matches(word) {
    // Every indexed word the query word begins: "xalç" finds "xalça" and "xalçalar".
    var key = termKey(word);
    if (data.meta.keys.indexOf(key) < 0) return Promise.resolve({});
    return load("terms-" + key + ".js").then(function () {
      var terms = data.terms[key] || {};
      var found = {};
      Object.keys(terms).forEach(function (term) {
        if (term.lastIndexOf(word, 0) === 0) terms[term].forEach(function (n) { found[n] = true; });
      });
      return found;
    });
  }

  function search(query) {
    var wanted = words(query).filter(function (w) { return Array.from(w).length >= data.meta.keyLength; });
    if (!wanted.length) return Promise.resolve([]);
    return Promise.all(wanted.map(matches)).then(function (sets) {
      return Object.keys(sets[0]).filter(function (n) {
        return sets.every(function (set) { return set[n]; });
      }).map(Number).sort(function (a, b) { return a - b; });
    });
  }

  function title(titles) {
    var lang = document.documentElement.lang;
    return titles[lang] || titles[""] || titles[Object.keys(titles)[0]] || "";
  }

  function show(numbers) {
    var list = document.getElementById("search-results");
    var chunks = {};
    var shown = numbers.slice(0, 200);
    shown.forEach(function (n) { chunks[Math.floor(n / data.meta.chunk)] = true; });
    return Promise.all(Object.keys(chunks).map(function (c) { return load("records-" + c + ".js"); })).then(function () {
      list.textContent = "";
      shown.forEach(function (n) {
        var record = data.records[Math.floor(n / data.meta.chunk)][n % data.meta.chunk];
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = root + record[0];
        if (record[3]) {
          var image = document.createElement("img");
          image.src = root + record[3];
          image.alt = "";
          link.appendChild(image);
        } else {
          var blank = document.createElement("span");
          blank.className = "no-thumb";
          link.appendChild(blank);
        }
        var name = document.createElement("span");
        name.className = "title";
        name.textContent = title(record[1]);
        link.appendChild(name);
        var institution = data.meta.institutions[record[2]] || {};
        var held = document.createElement("span");
        held.className = "count";
        held.textContent = " · " + (institution[document.documentElement.lang] || institution.en || record[2]);
        item.appendChild(link);
        item.appendChild(held);
        list.appendChild(item);
      });
      var status = document.getElementById("search-status");
      var found = document.querySelector("#found-text").content.querySelector(":lang(" + document.documentElement.lang + ")");
      status.textContent = (found ? found.textContent : "Found") + ": " + numbers.length;
      document.getElementById("search-empty").hidden = numbers.length > 0;
      document.body.setAttribute("data-search", "done");
    });
  }

  var query = new URLSearchParams(window.location.search).get("q") || "";
  var input = document.querySelector("form.search input[name=q]");
  if (input) input.value = query;
  load("meta.js").then(function () {
    if (!data.meta) return show([]);
    return search(query).then(show);
  });
  document.addEventListener("eheritage:language", function () {
    if (data.meta) search(query).then(show);
  });
})();
