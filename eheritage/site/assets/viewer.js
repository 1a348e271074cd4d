// The record page's deep-zoom viewer: OpenSeadragon on the record's level-0 IIIF tiles,
// one page at a time, with page buttons and the thumbnails as a page list.
(function () {
  "use strict";
  var element = document.getElementById("viewer");
  var data = document.getElementById("viewer-pages");
  if (!element || !data || !window.OpenSeadragon) return;
  var pages = JSON.parse(data.textContent);
  var root = document.documentElement.getAttribute("data-root") || "";
  var thumbnails = Array.prototype.slice.call(document.querySelectorAll("ol.thumbnails a"));
  var alts = thumbnails.map(function (link) { return link.querySelector("img").alt; });
  var previous = document.getElementById("previous-page");
  var next = document.getElementById("next-page");
  var number = document.getElementById("page-number");

  var viewer = window.OpenSeadragon({
    element: element,
    tileSources: pages,
    sequenceMode: pages.length > 1,
    showNavigator: true,
    showSequenceControl: false,
    prefixUrl: root + "assets/vendor/openseadragon/images/",
    crossOriginPolicy: false,
    drawer: "canvas",
    gestureSettingsMouse: { clickToZoom: false }
  });

  function show(page) {
    element.setAttribute("aria-label", alts[page] || "");
    thumbnails.forEach(function (link, n) { link.classList.toggle("current", n === page); });
    if (number) number.textContent = String(page + 1);
    if (previous) previous.disabled = page === 0;
    if (next) next.disabled = page === pages.length - 1;
  }
  viewer.addHandler("page", function (event) { show(event.page); });
  viewer.addHandler("open", function () { element.setAttribute("data-opened", "true"); });
  viewer.addHandler("tile-loaded", function () { element.setAttribute("data-tiles", "loaded"); });
  if (previous) previous.addEventListener("click", function () { viewer.goToPage(viewer.currentPage() - 1); });
  if (next) next.addEventListener("click", function () { viewer.goToPage(viewer.currentPage() + 1); });
  thumbnails.forEach(function (link, n) {
    link.addEventListener("click", function (event) { event.preventDefault(); viewer.goToPage(n); });
  });
  show(0);
})();
