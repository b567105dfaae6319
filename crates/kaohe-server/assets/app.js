// kaohe: small improvements on top of pages that work without JavaScript.
(function () {
  "use strict";

  // Pointing at a target lights up the achievement that answered it, and back.
  function link(a, b) {
    var on = function () { a.classList.add("hot"); b.classList.add("hot"); };
    var off = function () { a.classList.remove("hot"); b.classList.remove("hot"); };
    [a, b].forEach(function (el) {
      el.addEventListener("mouseenter", on);
      el.addEventListener("mouseleave", off);
    });
  }
  document.querySelectorAll("[data-actual]").forEach(function (li) {
    var mark = document.getElementById(li.getAttribute("data-actual"));
    if (mark) { link(li, mark); }
  });
  document.querySelectorAll("mark.actual").forEach(function (mark) {
    mark.addEventListener("click", function () {
      var li = document.querySelector('[data-actual="' + mark.id + '"] details');
      if (li) { li.open = !li.open; }
    });
  });

  // 返回上一页 on error pages: back in history when there is one (the link
  // itself goes home without JavaScript; no inline script, for the CSP).
  document.querySelectorAll("a[data-back]").forEach(function (a) {
    a.addEventListener("click", function (e) {
      if (window.history.length > 1) { e.preventDefault(); window.history.back(); }
    });
  });

  // Warn before leaving a form with unsaved typing.
  document.querySelectorAll("form[data-guard]").forEach(function (form) {
    var dirty = false;
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("submit", function () { dirty = false; });
    window.addEventListener("beforeunload", function (e) {
      if (dirty) { e.preventDefault(); e.returnValue = ""; }
    });
  });

  // Ask before actions that cannot be undone.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { e.preventDefault(); }
    });
  });
})();
