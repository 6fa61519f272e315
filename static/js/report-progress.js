/* Progress bar of a year-end report: polls the JSON endpoint until the report is done or failed.
   Loaded as a static file (the Content-Security-Policy forbids inline scripts). */
(function () {
  "use strict";
  var box = document.getElementById("report-progress");
  if (!box) { return; }
  var bar = box.querySelector(".report-progress-bar");
  var wrapper = box.querySelector("[role=progressbar]");

  function paint(percent) {
    bar.style.width = percent + "%";
    bar.textContent = percent + "%";
    wrapper.setAttribute("aria-valuenow", String(percent));
  }

  paint(parseInt(bar.getAttribute("data-progress") || "0", 10));
  if (box.getAttribute("data-done") === "1") { return; }

  var url = box.getAttribute("data-progress-url");
  var delay = 1000;

  function show(data) {
    paint(data.progress);
    box.querySelector("[data-role=status]").textContent = data.status_label;
    box.querySelector("[data-role=message]").textContent = data.message || "";
    var queueError = box.querySelector("[data-role=queue-error]");
    queueError.textContent = data.queue_error || "";
    queueError.hidden = !data.queue_error;
    if (data.done) {
      bar.classList.remove("progress-bar-animated");
      bar.classList.add("bg-success");
      box.querySelector("[data-role=files]").hidden = false;
      var retry = document.querySelector("[data-role=retry]");
      if (retry) { retry.hidden = true; }
    } else if (data.failed) {
      bar.classList.remove("progress-bar-animated");
      bar.classList.add("bg-danger");
    }
    return data.done || data.failed;
  }

  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (!show(data)) { window.setTimeout(poll, delay); }
      })
      .catch(function () { window.setTimeout(poll, Math.min(delay * 3, 10000)); });
  }

  window.setTimeout(poll, 300);
})();
