// Draw a box on the page image to add a remark the OCR missed: fills the four numbers of the form.
(function () {
  var svg = document.getElementById("pagina"), box = document.getElementById("nieuw-kader");
  if (!svg || !box) return;
  var start = null;
  function point(e) { var p = svg.createSVGPoint(); p.x = e.clientX; p.y = e.clientY; return p.matrixTransform(svg.getScreenCTM().inverse()); }
  function show(a, b) {
    var x0 = Math.min(a.x, b.x), y0 = Math.min(a.y, b.y), x1 = Math.max(a.x, b.x), y1 = Math.max(a.y, b.y);
    box.setAttribute("x", x0); box.setAttribute("y", y0); box.setAttribute("width", x1 - x0); box.setAttribute("height", y1 - y0);
    [["x0", x0], ["top", y0], ["x1", x1], ["bottom", y1]].forEach(function (f) { document.getElementById(f[0]).value = f[1].toFixed(1); });
  }
  svg.addEventListener("mousedown", function (e) { if (e.button === 0 && e.shiftKey) { start = point(e); e.preventDefault(); } });
  svg.addEventListener("mousemove", function (e) { if (start) show(start, point(e)); });
  window.addEventListener("mouseup", function (e) { if (start) { show(start, point(e)); start = null; document.getElementById("nieuw").open = true; } });
})();
