// The import page's progress bar: polls the job's status every second until it is done or failed.
"use strict";
(function () {
  const box = document.getElementById("import-progress");
  if (!box) {
    return;
  }
  const bar = box.querySelector("progress");
  const label = box.querySelector(".import-stage-label");
  const steps = box.querySelectorAll("li[data-step]");
  const result = document.getElementById("import-result");
  const INTERVAL = 1000;
  // A minute of failed polls (logged out, server gone): stop, the page's own link still works.
  const MAX_FAILURES = 60;
  let failures = 0;

  function show(status) {
    bar.max = status.steps;
    bar.value = status.step;
    bar.textContent = status.step + "/" + status.steps;
    label.textContent = status.label;
    box.dataset.state = status.state;
    box.dataset.stage = status.stage;
    box.dataset.finished = String(status.finished);
    steps.forEach(function (li) {
      li.classList.toggle("reached", Number(li.dataset.step) <= status.step);
    });
    if (!status.finished) {
      return;
    }
    result.querySelector(".import-summary").textContent = status.summary;
    const error = result.querySelector(".import-error");
    error.textContent = status.error;
    error.hidden = !status.error;
    const review = result.querySelector(".import-review");
    review.querySelector("a").href = status.review_url;
    review.hidden = !status.review_url;
    // Refused because the text of a report already imported changed: offer to revise it.
    result.querySelector(".import-revise").hidden = !status.revisable;
    result.hidden = false;
  }

  function poll() {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("status " + response.status);
        }
        return response.json();
      })
      .then(function (status) {
        failures = 0;
        show(status);
        if (!status.finished) {
          window.setTimeout(poll, INTERVAL);
        }
      })
      .catch(function () {
        // A dropped request or a restarting server: try again for a while.
        failures += 1;
        if (failures < MAX_FAILURES) {
          window.setTimeout(poll, INTERVAL);
        }
      });
  }

  if (box.dataset.finished !== "true") {
    window.setTimeout(poll, INTERVAL);
  }
})();
