/* Every page: tables wider than their box (a phone, a zoomed laptop) scroll inside it, with a cue.
   A `.table-responsive` box that overflows becomes a named, focusable region (keyboard users scroll it with the
   arrow keys; screen readers announce it), gets a line of text saying the table scrolls sideways, and fades at
   the edge where more columns are hidden. Boxes that fit stay plain. Loaded as a static file (the CSP forbids
   inline scripts); the page works without it, the tables still scroll. */
(function () {
  "use strict";
  var hintText = document.body.getAttribute("data-scroll-hint") || "";

  function labelOf(box) {
    if (box.getAttribute("data-label")) { return box.getAttribute("data-label"); }
    var table = box.querySelector("table");
    var caption = table && table.querySelector("caption");
    if (caption) { return caption.textContent.trim(); }
    var node = box.previousElementSibling;
    while (node) {
      if (/^H[1-6]$/.test(node.tagName)) { return node.textContent.trim(); }
      node = node.previousElementSibling;
    }
    var heading = document.querySelector("main h1");
    return heading ? heading.textContent.trim() : "";
  }

  function hintFor(box) {
    var hint = box.previousElementSibling;
    if (hint && hint.classList.contains("scroll-hint")) { return hint; }
    hint = document.createElement("p");
    hint.className = "scroll-hint";
    hint.textContent = hintText;
    hint.hidden = true;
    box.parentNode.insertBefore(hint, box);
    return hint;
  }

  function edges(box) {
    var left = box.scrollLeft > 1;
    var right = box.scrollLeft + box.clientWidth < box.scrollWidth - 1;
    box.classList.toggle("more-left", left);
    box.classList.toggle("more-right", right);
  }

  function update(box) {
    var overflowing = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle("is-overflowing", overflowing);
    hintFor(box).hidden = !overflowing;
    if (overflowing) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", labelOf(box));
    } else {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
    edges(box);
  }

  var boxes = Array.prototype.slice.call(document.querySelectorAll(".table-responsive"));
  boxes.forEach(function (box) {
    update(box);
    box.addEventListener("scroll", function () { edges(box); }, { passive: true });
  });
  var pending = false;
  window.addEventListener("resize", function () {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      boxes.forEach(update);
    });
  });
})();

/* Searchable lists: a <select data-searchable> (clusters.widgets.QuickSelect with `searchable=True`) gets a search box
   above it; typing narrows the options to those containing every word typed, without diacritics ("noi vu" finds
   "Sở Nội vụ"), as the app's server-side search does. The select keeps its value and works without it. */
(function () {
  "use strict";
  function fold(text) {
    return text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  Array.prototype.forEach.call(document.querySelectorAll("select[data-searchable]"), function (select) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "form-control form-control-sm mb-1";
    box.setAttribute("aria-label", select.getAttribute("data-search-label") || "");
    box.setAttribute("placeholder", select.getAttribute("data-search-label") || "");
    box.setAttribute("aria-controls", select.id);
    box.setAttribute("data-testid", "search-" + select.name);
    var options = Array.prototype.map.call(select.options, function (option) {
      return { option: option, text: fold(option.textContent) };
    });
    box.addEventListener("input", function () {
      var words = fold(box.value).split(/\s+/).filter(Boolean);
      var first = null;
      options.forEach(function (item) {
        var match = !item.option.value || words.every(function (word) { return item.text.indexOf(word) !== -1; });
        item.option.hidden = !match;
        if (match && item.option.value && first === null) { first = item.option; }
      });
      if (words.length && first && (select.selectedIndex < 0 || select.options[select.selectedIndex].hidden ||
          !select.options[select.selectedIndex].value)) {
        first.selected = true;
      }
    });
    select.parentNode.insertBefore(box, select);
  });
})();

/* The member form of a group's year (templates/clusters/group_members_form.html): the search box
   (`data-checklist-search`) narrows the checkbox list as one types, without diacritics, as its `?q=` does on the
   server; the officer selects (`data-officers`) offer only the ticked units, kept in sync with the ticks (the
   server checks it again). Without this script the page works: `?q=` filters, the server refuses an officer
   who is not a member. */
(function () {
  "use strict";
  function fold(text) {
    return text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-checklist]"), function (list) {
    var name = list.getAttribute("data-checklist");
    var boxes = Array.prototype.slice.call(list.querySelectorAll('input[type="checkbox"][name="' + name + '"]'));
    var items = boxes.map(function (box) {
      var row = box.closest(".form-check") || box.parentNode;
      return { box: box, row: row, text: fold(row.textContent) };
    });
    var search = document.querySelector('[data-checklist-search="' + name + '"]');
    if (search) {
      search.addEventListener("input", function () {
        var words = fold(search.value).split(/\s+/).filter(Boolean);
        items.forEach(function (item) {
          var match = item.box.checked || words.every(function (word) { return item.text.indexOf(word) !== -1; });
          item.row.hidden = !match;
        });
      });
    }
    var selects = (list.getAttribute("data-officers") || "").split(/\s+/).filter(Boolean).map(function (field) {
      var scope = list.closest("form") || document;
      return scope.querySelector('select[name="' + field + '"]');
    }).filter(Boolean);
    function sync() {
      var ticked = {};
      boxes.forEach(function (box) { if (box.checked) { ticked[box.value] = true; } });
      selects.forEach(function (select) {
        Array.prototype.forEach.call(select.options, function (option) {
          var offered = !option.value || ticked[option.value] === true;
          option.hidden = !offered;
          option.disabled = !offered;
          if (!offered && option.selected) { select.value = ""; }
        });
      });
    }
    boxes.forEach(function (box) { box.addEventListener("change", sync); });
    sync();
  });
})();

/* Server-side pickers: a <select data-picker> (clusters.pickers: a list too long to send, of which the page holds
   only the selected rows) gets a search box above it and a live line under it; as one types (2 characters at
   least, without diacritics) the box asks `data-picker-url` for at most 20 matches of the signed spec and refills
   the select with them, the selected rows kept. The select stays the control one chooses with (keyboard, screen
   readers and phones as any select); the server checks the choice again. */
(function () {
  "use strict";
  var counter = 0;
  Array.prototype.forEach.call(document.querySelectorAll("select[data-picker]"), function (select) {
    counter += 1;
    var box = document.createElement("input");
    var status = document.createElement("p");
    var label = select.getAttribute("data-search-label") || "";
    box.type = "search";
    box.className = "form-control mb-1";
    box.autocomplete = "off";
    box.setAttribute("aria-label", label);
    box.setAttribute("placeholder", label);
    box.setAttribute("aria-controls", select.id);
    box.setAttribute("data-testid", "picker-" + select.name);
    status.id = "picker-status-" + counter;
    status.className = "form-text mt-0 mb-1";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    status.textContent = select.getAttribute("data-picker-min");
    box.setAttribute("aria-describedby", status.id);
    select.parentNode.insertBefore(box, select);
    select.parentNode.insertBefore(status, select);

    var automatic = false; // the selected row was chosen by this script (the first match), not by the user
    select.addEventListener("change", function () { automatic = false; });
    var timer = null;
    var asked = 0;

    function refill(rows) {
      var keep = {};
      Array.prototype.slice.call(select.options).forEach(function (option) {
        var stays = !option.value || (option.selected && !(automatic && !select.multiple));
        if (stays) { keep[option.value] = true; } else { select.removeChild(option); }
      });
      var first = null;
      rows.forEach(function (row) {
        var value = String(row.id);
        if (keep[value]) { return; }
        var option = document.createElement("option");
        option.value = value;
        option.textContent = row.label;
        select.appendChild(option);
        if (first === null) { first = option; }
      });
      if (!select.multiple && first !== null && (automatic || !select.value)) {
        first.selected = true;
        automatic = true;
      }
    }

    function ask() {
      var words = box.value.trim();
      if (words.replace(/\s+/g, "").length < 2) {
        status.textContent = select.getAttribute("data-picker-min");
        return;
      }
      asked += 1;
      var mine = asked;
      var url = select.getAttribute("data-picker-url") + "?spec=" + encodeURIComponent(select.getAttribute("data-picker")) +
        "&q=" + encodeURIComponent(words);
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.json();
        })
        .then(function (rows) {
          if (mine !== asked) { return; } // an older answer after a newer question
          refill(rows);
          status.textContent = rows.length ?
            (select.getAttribute("data-picker-found") || "").replace("{n}", String(rows.length)) :
            select.getAttribute("data-picker-empty");
        })
        .catch(function () {
          if (mine === asked) { status.textContent = select.getAttribute("data-picker-error"); }
        });
    }

    box.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, 250);
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { // Enter searches now instead of submitting the form
        event.preventDefault();
        window.clearTimeout(timer);
        ask();
      } else if (event.key === "ArrowDown") {
        event.preventDefault();
        select.focus();
      }
    });
  });
})();
