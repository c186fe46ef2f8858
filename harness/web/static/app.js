// scimulator web: progressive enhancement only. Every form works without this file; it adds the typeahead,
// the user/group switch, the five-member limit as you choose, and the live target activity.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function readable(query) {
    try { return decodeURIComponent(query.replace(/\+/g, " ")); } catch (err) { return query; }
  }

  function text(tag, value, cls) {
    var el = document.createElement(tag);
    el.textContent = value;
    if (cls) el.className = cls;
    return el;
  }

  // -- "A user" / "A group" ----------------------------------------------------------------------------------
  function modes() {
    var radios = document.querySelectorAll('input[name="mode"]');
    if (!radios.length) return;
    function apply() {
      var chosen = document.querySelector('input[name="mode"]:checked');
      document.querySelectorAll("fieldset.pane").forEach(function (pane) {
        var on = !chosen || pane.dataset.mode === chosen.value;
        pane.hidden = !on;
      });
    }
    radios.forEach(function (r) { r.addEventListener("change", apply); });
    apply();
  }

  // -- the Search field's typeahead (a combobox with a listbox) -----------------------------------------------
  function typeahead() {
    var input = document.querySelector("input[data-search]");
    if (!input) return;
    var list = document.getElementById(input.getAttribute("aria-controls"));
    var note = document.getElementById("user-note");
    var timer = null, active = -1, asked = "";

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function options() { return list.querySelectorAll('[role="option"]'); }
    function highlight(i) {
      var all = options();
      if (!all.length) return;
      active = (i + all.length) % all.length;
      all.forEach(function (o, n) { o.setAttribute("aria-selected", n === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }
    function choose(option) {
      input.value = option.dataset.value;
      close();
      input.focus();
    }
    function show(users, why) {
      list.innerHTML = "";
      note.innerHTML = "";
      if (why) note.appendChild(text("p", why, "note"));
      users.forEach(function (u, n) {
        var li = text("li", u.displayName || u.userPrincipalName);
        li.id = "user-option-" + n;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.dataset.value = u.userPrincipalName;
        li.appendChild(document.createTextNode(" "));
        li.appendChild(text("span", u.userPrincipalName, "muted"));
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(li); });
        list.appendChild(li);
      });
      list.hidden = !users.length;
      input.setAttribute("aria-expanded", users.length ? "true" : "false");
      active = -1;
    }
    function search() {
      var q = input.value.trim();
      if (q === asked) return;
      asked = q;
      if (!q) { show([], null); return; }
      fetch(input.dataset.search + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (q !== asked) return;
          if (data.error) { show([], data.error.message); return; }
          show(data.users || [], data.note);
        })
        .catch(function () { show([], "The search could not reach the page's server."); });
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 200); });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) return;
      if (e.key === "ArrowDown") { e.preventDefault(); highlight(active + 1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); highlight(active - 1); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); choose(options()[active]); }
      else if (e.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  // -- at most five members ------------------------------------------------------------------------------------
  function memberLimit() {
    var box = document.querySelector("fieldset.members[data-limit]");
    if (!box) return;
    var limit = parseInt(box.dataset.limit, 10);
    var says = document.getElementById("limit-text");
    function apply() {
      var boxes = box.querySelectorAll('input[type="checkbox"]');
      var checked = box.querySelectorAll('input[type="checkbox"]:checked').length;
      boxes.forEach(function (b) {
        var off = !b.checked && checked >= limit;
        b.disabled = off;
        if (off) b.setAttribute("aria-describedby", "limit-text"); else b.removeAttribute("aria-describedby");
      });
      if (says) says.classList.toggle("note", checked >= limit);
    }
    box.addEventListener("change", apply);
    apply();
  }

  // -- live target activity --------------------------------------------------------------------------------------
  function liveJournal() {
    var table = document.getElementById("journal");
    if (!table || !table.dataset.source) return;
    var body = table.querySelector("tbody");
    var every = Math.max(1, parseFloat(table.dataset.poll || "2")) * 1000;
    var filters = new URLSearchParams(window.location.search);
    document.getElementById("live").hidden = false;
    function row(e) {
      var tr = document.createElement("tr");
      tr.appendChild(text("td", String(e.seq)));
      tr.appendChild(text("td", e.time));
      var req = document.createElement("td");
      req.appendChild(text("code", e.method + " " + e.path + (e.query ? "?" + readable(e.query) : "")));
      if (e.body) {
        var d = document.createElement("details");
        d.appendChild(text("summary", "Body"));
        var pretty = e.body;
        try { pretty = JSON.stringify(JSON.parse(e.body), null, 2); } catch (err) { /* not JSON: as sent */ }
        d.appendChild(text("pre", pretty));
        req.appendChild(d);
      }
      tr.appendChild(req);
      var st = document.createElement("td");
      st.appendChild(text("span", String(e.status), "badge badge-" + (e.status < 400 ? "success" : "failure")));
      tr.appendChild(st);
      return tr;
    }
    function poll() {
      var params = new URLSearchParams();
      ["method", "status", "q"].forEach(function (k) { if (filters.get(k)) params.set(k, filters.get(k)); });
      params.set("since", table.dataset.last || "0");
      fetch(table.dataset.source + "?" + params.toString(), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (!data.requests) return;
          if (data.last < parseInt(table.dataset.last || "0", 10)) { window.location.reload(); return; }
          table.dataset.last = String(data.last);
          if (data.requests.length) {
            var empty = body.querySelector("tr.empty");
            if (empty) empty.remove();
          }
          data.requests.forEach(function (e) { body.insertBefore(row(e), body.firstChild); });
          var count = document.getElementById("journal-count");
          if (count) count.textContent = String(body.querySelectorAll("tr:not(.empty)").length);
        })
        .catch(function () { /* the next poll tries again */ })
        .finally(function () { setTimeout(poll, every); });
    }
    setTimeout(poll, every);
  }

  document.addEventListener("DOMContentLoaded", function () {
    modes();
    typeahead();
    memberLimit();
    liveJournal();
  });
})();
