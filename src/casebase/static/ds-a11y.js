// Datasette's own pages (table, row, SQL): names for the controls Datasette's templates leave
// unnamed, and keyboard focus for the scrolling table box (axe: label, select-name,
// scrollable-region-focusable). Loaded only on those pages, from /assets/ (CSP: script-src 'self').
(function () {
  function name(el, text) {
    if (el && !el.getAttribute("aria-label") && !(el.labels && el.labels.length)) {
      el.setAttribute("aria-label", text);
    }
  }
  function fix() {
    document.querySelectorAll(".filter-row").forEach(function (row, i) {
      var n = i + 1;
      name(row.querySelector('select[name^="_filter_column"]'), "Filter " + n + ": column");
      name(row.querySelector('select[name^="_filter_op"]'), "Filter " + n + ": operator");
      name(row.querySelector('input[name^="_filter_value"]'), "Filter " + n + ": value");
    });
    document.querySelectorAll('select[name="_sort"], select[name="_sort_by_desc"]').forEach(function (el) {
      name(el, "Sort by");
    });
    document.querySelectorAll(".CodeMirror textarea, textarea#sql-editor").forEach(function (el) {
      name(el, "SQL query");
    });
    document.querySelectorAll(".table-wrapper").forEach(function (el) {
      el.setAttribute("tabindex", "0");
      el.setAttribute("role", "region");
      el.setAttribute("aria-label", "Table");
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fix);
  } else {
    fix();
  }
  window.addEventListener("load", fix);
})();
