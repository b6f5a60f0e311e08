"use strict";
// The review page's quoted span, previewed while its bounds are edited; the server checks them again on save.
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form.span-form")) {
    const source = document.getElementById(form.dataset.paragraph);
    if (!source) continue;
    // Offsets count characters (code points), as Python does; a JavaScript string counts UTF-16 units.
    const chars = Array.from(JSON.parse(source.textContent));
    const start = form.elements.quote_start;
    const end = form.elements.quote_end;
    const preview = form.querySelector(".span-preview");
    const problem = form.querySelector(".span-problem");
    const show = () => {
      const s = Number(start.value);
      const e = Number(end.value);
      const ok = start.value !== "" && end.value !== "" && Number.isInteger(s) && Number.isInteger(e)
        && s >= 0 && s < e && e <= chars.length;
      problem.hidden = ok;
      problem.textContent = ok ? "" : form.dataset.problem;
      if (!ok) return;
      const mark = document.createElement("mark");
      mark.textContent = chars.slice(s, e).join("");
      preview.replaceChildren(chars.slice(0, s).join(""), mark, chars.slice(e).join(""));
    };
    start.addEventListener("input", show);
    end.addEventListener("input", show);
  }
});
