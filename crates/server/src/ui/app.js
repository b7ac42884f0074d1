// Keyboard shortcuts for the workbench; every page works without them.
// n / p: next / previous alert (or page); c: claim; d: the decision; /: the search box.
"use strict";
document.addEventListener("keydown", function (e) {
  var t = e.target;
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT")) {
    if (e.key === "Escape") t.blur();
    return;
  }
  var go = function (sel) {
    var a = document.querySelector(sel);
    if (a) { e.preventDefault(); a.click(); }
  };
  var focus = function (sel) {
    var f = document.querySelector(sel);
    if (f) { e.preventDefault(); f.focus(); }
  };
  switch (e.key) {
    case "n": go("a[rel=next]"); break;
    case "p": go("a[rel=prev]"); break;
    case "c": go("button[data-key=claim]"); break;
    case "d": focus("#decision"); break;
    case "/": focus("input[type=search]"); break;
  }
});
