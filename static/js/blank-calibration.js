/* The blank calibration page: each field's box over the scan of the blank, placed from the form's millimetre
   inputs and dragged with the mouse, a finger or a pen, writing the new millimetres back into the inputs.
   No inline script or style (the page's CSP): positions go through the CSSOM. */
(function () {
  "use strict";
  var canvas = document.getElementById("blank-canvas");
  if (!canvas) return;
  var paperW = parseFloat(canvas.dataset.paperW);
  var paperH = parseFloat(canvas.dataset.paperH);

  function input(key, name) {
    return document.getElementById("id_" + key + "-" + name);
  }
  function scale() {
    return canvas.clientWidth / paperW; // pixels per millimetre
  }
  function mm(value) {
    var number = parseFloat(String(value).replace(",", "."));
    return isNaN(number) ? 0 : number;
  }
  function place(box) {
    var key = box.dataset.key;
    var s = scale();
    box.style.left = mm(input(key, "x_mm").value) * s + "px";
    box.style.top = mm(input(key, "y_mm").value) * s + "px";
    box.style.width = Math.max(mm(input(key, "width_mm").value) * s, 8) + "px";
    var enabled = input(key, "enabled");
    box.classList.toggle("blank-box-off", enabled && !enabled.checked);
  }
  function layout() {
    canvas.style.height = paperH * scale() + "px";
    canvas.querySelectorAll(".blank-box").forEach(place);
  }

  canvas.querySelectorAll(".blank-box").forEach(function (box) {
    var key = box.dataset.key;
    ["x_mm", "y_mm", "width_mm", "enabled"].forEach(function (name) {
      var field = input(key, name);
      if (field) field.addEventListener("input", function () { place(box); });
      if (field) field.addEventListener("change", function () { place(box); });
    });
    box.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      box.setPointerCapture(event.pointerId);
      var s = scale();
      var startX = event.clientX, startY = event.clientY;
      var fromX = mm(input(key, "x_mm").value), fromY = mm(input(key, "y_mm").value);
      box.classList.add("blank-box-dragging");
      function move(e) {
        var x = Math.min(Math.max(fromX + (e.clientX - startX) / s, 0), paperW);
        var y = Math.min(Math.max(fromY + (e.clientY - startY) / s, 0), paperH);
        input(key, "x_mm").value = x.toFixed(1);
        input(key, "y_mm").value = y.toFixed(1);
        place(box);
      }
      function up() {
        box.classList.remove("blank-box-dragging");
        box.removeEventListener("pointermove", move);
        box.removeEventListener("pointerup", up);
        box.removeEventListener("pointercancel", up);
      }
      box.addEventListener("pointermove", move);
      box.addEventListener("pointerup", up);
      box.addEventListener("pointercancel", up);
    });
  });
  window.addEventListener("resize", layout);
  layout();
})();
