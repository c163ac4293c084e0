// Small conveniences only; every page works without this file.
// Press "/" to jump to the search box; changing a filter re-runs the search.
"use strict";
document.addEventListener("keydown", (event) => {
  const typing = event.target.closest("input, textarea, select");
  if (event.key === "/" && !typing) {
    const box = document.querySelector("form.search input[name=q], form.quick input[name=q]");
    if (box) {
      event.preventDefault();
      box.focus();
    }
  }
});
document.querySelectorAll("form.search .filters select").forEach((select) => {
  select.addEventListener("change", () => select.form.requestSubmit());
});
