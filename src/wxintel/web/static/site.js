// Small conveniences only; every page works without this file.
// Press "/" to jump to the search box; changing a filter re-runs the search; a quoted span
// (from an answer) is scrolled into view.
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
// An answer's link opens its post with the quote marked: bring the quote into view.
const quoted = document.querySelector(".body mark.quote");
if (quoted) {
  quoted.scrollIntoView({ block: "center" });
}
