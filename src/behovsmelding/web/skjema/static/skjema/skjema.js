/* The owners' form: live checks and autosave on leaving a field, rows added and removed,
   computed sums beside the written ones, and the conflict message. No framework. */
(function () {
  "use strict";
  var form = document.getElementById("skjema");
  if (!form) return;
  var editable = form.dataset.redigerbar === "1";
  var versjon = document.getElementById("versjon");
  var status = document.getElementById("lagret-status");
  var konflikt = document.getElementById("konflikt");
  var inFlight = null, pending = false, blocked = false, sendAfter = null, note = "";
  var T = form.dataset;

  function kr(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, " "); }
  function amount(el) {
    if (!el) return null;
    var t = el.value.trim().toLowerCase().replace(/^kr\.?\s*/, "").replace(/\s*(,-|,00)?\s*(kr)?$/, "");
    if (!t) return null;
    if (!/^\d{1,3}([ .\u00a0\u202f]\d{3})+$|^\d+$/.test(t)) return NaN;
    return parseInt(t.replace(/\D/g, ""), 10);
  }
  function byName(n) { return form.querySelector('[name="' + n.replace(/"/g, '\\"') + '"]'); }
  /* Elements are built with text nodes, never from HTML strings: the texts hold what owners
     typed (and the Content-Security-Policy would stop a script anyway). */
  function build(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { e.append(c); });
    return e;
  }
  function txt(v) { return v === null || v === undefined ? "" : String(v); }
  function link(id, text) { return build("a", { "class": "ds-link", href: "#" + txt(id) }, [txt(text)]); }

  /* Computed sums: Eier + UH beside each row's Totalt, the column sums beside the Sum row. */
  function sums() {
    var rows = form.querySelectorAll('[data-prefix="budsjett.rader"] tbody tr');
    var col = { eier: 0, uh: 0, totalt: 0 }, any = { eier: false, uh: false, totalt: false };
    rows.forEach(function (tr, i) {
      var p = "budsjett.rader[" + i + "].";
      var e = amount(byName(p + "eier")), u = amount(byName(p + "uh")), t = amount(byName(p + "totalt"));
      [["eier", e], ["uh", u], ["totalt", t]].forEach(function (x) { if (x[1] !== null && !isNaN(x[1])) { col[x[0]] += x[1]; any[x[0]] = true; } });
      var out = tr.querySelector("output.beregnet");
      if (!out) return;
      if ((e === null && u === null) || isNaN(e) || isNaN(u)) { out.textContent = ""; out.classList.remove("avvik"); return; }
      var s = (e || 0) + (u || 0);
      out.textContent = T.tekstBeregnet + ": " + kr(s);
      out.classList.toggle("avvik", t !== null && t !== s);
    });
    ["eier", "uh", "totalt"].forEach(function (k) {
      var el = byName("budsjett.sum." + k), out = el && el.parentNode.querySelector("output.beregnet");
      if (!out) return;
      if (!any[k]) { out.textContent = ""; return; }
      out.textContent = T.tekstBeregnet + ": " + kr(col[k]);
      var v = amount(el);
      out.classList.toggle("avvik", v !== null && v !== col[k]);
    });
  }

  /* Findings beside their field (or the nearest part of the form that exists) and on top. */
  function anchor(id) {
    var parts = id.split("-");
    while (parts.length > 1) {
      var slot = document.getElementById("funn-" + parts.join("-"));
      if (slot) return slot;
      parts.pop();
    }
    return null;
  }
  function showFindings(funn, antall) {
    form.querySelectorAll(".funn-slot").forEach(function (s) { s.replaceChildren(); });
    document.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    var list = document.getElementById("funnliste");
    var items = [];
    funn.forEach(function (f) {
      var slot = f.id ? anchor(f.id) : null;
      var target = slot ? slot.id.slice(5) : "funnoversikt";
      if (slot) {
        var p = document.createElement("p");
        p.className = "ds-validation-message funn funn-" + f.alvorlighet;
        p.dataset.color = f.alvorlighet === "feil" ? "danger" : f.alvorlighet === "advarsel" ? "warning" : "info";
        p.dataset.kode = f.kode;
        p.textContent = f.melding;
        slot.appendChild(p);
        var input = document.getElementById(target);
        if (input && f.alvorlighet === "feil" && /^(INPUT|TEXTAREA|SELECT)$/.test(input.tagName)) input.setAttribute("aria-invalid", "true");
      }
      items.push(build("li", { "class": "funn-" + txt(f.alvorlighet), "data-kode": txt(f.kode) }, [link(target, f.melding)]));
    });
    list.replaceChildren.apply(list, items);
    if (antall) {
      document.getElementById("funn-status").textContent = T.tekstAntall
        .replace("__f__", antall.feil).replace("__a__", antall.advarsel).replace("__m__", antall.merknad);
    }
  }

  /* Autosave + live check: on leaving a changed field. One request at a time; the last
     change wins a second round. A conflict stops autosaving until it is resolved. */
  var dirty = {};
  function save() {
    if (!editable) return;
    if (inFlight) { pending = true; return; }
    if (blocked) return;
    status.textContent = T.tekstLagrer;
    var data = new FormData(form);
    var sentDirty = dirty;
    dirty = {};
    inFlight = fetch(form.dataset.lagre, { method: "POST", body: data, credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (r) { return r.json().then(function (b) { return { status: r.status, body: b }; }); })
      .then(function (res) {
        showFindings(res.body.funn || [], res.body.antall);
        if (res.status === 409) {
          Object.keys(sentDirty).forEach(function (k) { dirty[k] = true; });
          openConflict(res.body.konflikt);
          return;
        }
        if (res.status !== 200) { status.textContent = T.tekstFeil; return; }
        versjon.value = res.body.versjon;
        /* A note from the action that asked for this save is shown once it is done. */
        status.textContent = (note ? note + " " : "") + T.tekstLagret + " " + res.body.lagret;
        note = "";
        form.dataset.lagretVersjon = res.body.versjon;
      })
      .catch(function () {
        Object.keys(sentDirty).forEach(function (k) { dirty[k] = true; });
        status.textContent = T.tekstFeil;
      })
      .finally(function () {
        inFlight = null;
        if (pending) { pending = false; save(); return; }
        if (sendAfter && !blocked) { var b = sendAfter; sendAfter = null; form.requestSubmit(b); }
      });
  }

  function openConflict(k) {
    blocked = true;
    var endringer = k.endringer.map(function (e) {
      return build("li", {}, [link(e.id, e.label), ": «" + txt(e["for"]) + "» → «" + txt(e.etter) + "»"]);
    });
    konflikt.replaceChildren(
      build("h2", { "class": "ds-heading", "data-size": "xs" }, [txt(k.tittel)]),
      build("p", { "class": "ds-paragraph" }, [txt(k.melding)]),
      build("ul", { "class": "endringer" }, endringer),
      build("button", { "class": "ds-button", "data-variant": "primary", type: "button", id: "ta-inn" }, [txt(k.knapp)])
    );
    konflikt.hidden = false;
    konflikt.focus();
    document.getElementById("ta-inn").addEventListener("click", function () {
      /* Theirs where this person has not typed since the version they started from; what
         they typed stays. Then save on top of the new version. */
      k.endringer.forEach(function (e) {
        if (dirty[e.felt]) return;
        setValue(e.felt, e.verdi);
      });
      versjon.value = k.versjon;
      konflikt.hidden = true;
      konflikt.replaceChildren();
      blocked = false;
      note = T.tekstTattInn;
      save();
    });
  }

  function setValue(name, value) {
    var els = form.querySelectorAll('[name="' + name.replace(/"/g, '\\"') + '"]');
    if (!els.length) return;
    els.forEach(function (el) {
      if (el.type === "checkbox") el.checked = Array.isArray(value) ? value.indexOf(el.value) >= 0 : false;
      else if (el.type === "radio") el.checked = el.value === value;
      else el.value = Array.isArray(value) ? value.join(", ") : (value || "");
    });
  }

  /* Rows: add from the table's template, remove, and renumber names, ids and labels. */
  function renumber(table) {
    var prefix = table.dataset.prefix;
    var esc2 = prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    var rx = new RegExp("^" + esc2 + "\\[(\\d+|__i__)\\]");
    var idPrefix = "f-" + prefix.toLowerCase().replace(/[^a-z0-9]+/g, "-");
    /* The template row's ids come from html_id("prefix[__i__]"), which makes "-i". */
    var idRx = new RegExp("^(funn-|beregnet-)?" + idPrefix + "-(\\d+|i)(?=-|$)");
    table.querySelectorAll("tbody tr").forEach(function (tr, i) {
      tr.id = idPrefix + "-" + i;
      tr.querySelectorAll("[name]").forEach(function (el) { el.name = el.name.replace(rx, prefix + "[" + i + "]"); });
      tr.querySelectorAll("[id]").forEach(function (el) { el.id = el.id.replace(idRx, "$1" + idPrefix + "-" + i); });
      tr.querySelectorAll("[for]").forEach(function (el) { el.htmlFor = el.htmlFor.replace(idRx, "$1" + idPrefix + "-" + i); });
      tr.querySelectorAll("[aria-describedby]").forEach(function (el) {
        el.setAttribute("aria-describedby", el.getAttribute("aria-describedby").replace(idRx, "$1" + idPrefix + "-" + i));
      });
      tr.querySelectorAll("label[data-mal]").forEach(function (l) { l.textContent = l.dataset.mal.replace("__n__", i + 1); });
    });
  }
  form.querySelectorAll(".tabell").forEach(function (table) {
    var add = table.querySelector(".legg-til");
    if (add) add.addEventListener("click", function () {
      var tpl = table.querySelector("template");
      var tbody = table.querySelector("tbody");
      tbody.appendChild(tpl.content.cloneNode(true));
      renumber(table);
      var first = tbody.lastElementChild.querySelector("input, select, textarea");
      if (first) first.focus();
      sums();
    });
    table.addEventListener("click", function (ev) {
      var btn = ev.target.closest(".fjern");
      if (!btn) return;
      var tr = btn.closest("tr");
      var next = tr.nextElementSibling || tr.previousElementSibling;
      tr.remove();
      renumber(table);
      sums();
      (next ? next.querySelector("input, select") : add).focus();
      save();
    });
  });

  form.addEventListener("input", function (ev) { if (ev.target.name) dirty[ev.target.name] = true; sums(); });
  form.addEventListener("change", function (ev) {
    if (ev.target.name) dirty[ev.target.name] = true;
    sums();
    save();
  });

  /* The save button keeps working without scripts; with them, it saves in place. */
  form.addEventListener("submit", function (ev) {
    var action = ev.submitter && ev.submitter.value;
    if (action === "lagre") { ev.preventDefault(); pending = false; save(); return; }
    /* Sending waits for an autosave under way, so that it is based on the latest version. */
    if (inFlight) { ev.preventDefault(); sendAfter = ev.submitter; }
  });

  try { showFindings(JSON.parse(document.getElementById("funn-data").textContent), null); } catch (e) { /* none */ }
  sums();
})();
