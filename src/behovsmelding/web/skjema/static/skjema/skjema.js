/* The owners' form: nothing typed is lost. Each field keeps the version its value came from;
   a save sends the changed fields with those versions and the server merges them field by
   field (rows by their id, never by position). A field someone else changed meanwhile gets a
   notice at the field (never the focus) with mine / theirs / both; everything else goes on
   saving. Unsaved text is kept in the browser's storage and offered back; leaving the page,
   logging out and following links wait for the save. No framework. */
(function () {
  "use strict";
  var form = document.getElementById("skjema");
  if (!form) return;
  var T = {};
  try { T = JSON.parse(document.getElementById("skjema-tekster").textContent); } catch (e) { /* none */ }
  var editable = form.dataset.redigerbar === "1";
  var versjonEl = document.getElementById("versjon");
  var status = document.getElementById("lagret-status");
  var csrf = form.querySelector("[name=csrfmiddlewaretoken]");
  var kjent = parseInt(versjonEl.value, 10) || 0;
  var storeKey = "behovsmelding-skjema-" + form.dataset.utkast + "-" + form.dataset.bruker;
  var ROW_KEY = /^(budsjett\.rader|partnere|medbestemmelse\.deltakere)\[([\w-]+)\]\.(\w+)$/;

  var dirty = {};      /* key → typed or changed since it was last sent */
  var sending = {};    /* key → sent, answer not yet here */
  var pins = {};       /* key → the version its value is based on, when not `kjent` */
  var conflicts = {};  /* key → the open conflict */
  var removed = {};    /* row id → removed here, the server not yet told */
  var inFlight = null, idle = null, lastSaved = "", loggedOut = false;
  var tables = {}, rowsBase = {};

  /* --- small helpers ------------------------------------------------------------------- */
  function build(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { e.append(c); });
    return e;
  }
  function txt(v) { return v === null || v === undefined ? "" : String(v); }
  function link(id, text) { return build("a", { "class": "ds-link", href: "#" + txt(id) }, [txt(text)]); }
  function norm(v) {
    if (Array.isArray(v)) return v.slice().sort().join("\u0000");
    return txt(v).split(/\s+/).filter(Boolean).join(" ");
  }
  function same(a, b) { return norm(a) === norm(b); }
  function kr(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, " "); }
  function amount(el) {
    if (!el) return null;
    var t = el.value.trim().toLowerCase().replace(/^kr\.?\s*/, "").replace(/\s*(,-|,00)?\s*(kr)?$/, "");
    if (!t) return null;
    if (!/^\d{1,3}([ .\u00a0\u202f]\d{3})+$|^\d+$/.test(t)) return NaN;
    return parseInt(t.replace(/\D/g, ""), 10);
  }
  function byName(n) { return form.querySelector('[name="' + n.replace(/"/g, '\\"') + '"]'); }
  function newId() {
    var a = new Uint8Array(5);
    (window.crypto || window.msCrypto).getRandomValues(a);
    return "n" + Array.prototype.map.call(a, function (x) { return ("0" + x.toString(16)).slice(-2); }).join("");
  }
  function setStatus(text) { if (status) status.textContent = text; }

  /* --- fields by their stable key ------------------------------------------------------ */
  function rowById(t, rid) {
    var table = tables[t];
    if (!table) return null;
    var rows = table.querySelectorAll("tbody tr.rad");
    for (var i = 0; i < rows.length; i++) if (rows[i].dataset.rad === rid) return rows[i];
    return null;
  }
  function rowIds(t) {
    return Array.prototype.map.call(tables[t].querySelectorAll("tbody tr.rad"), function (tr) { return tr.dataset.rad; });
  }
  function keyOf(el) {
    var m = /^(.+)\[(\d+)\]\.(\w+)$/.exec(el.name || "");
    var tr = el.closest("tr.rad");
    if (m && tr) return m[3] === "id" ? null : m[1] + "[" + tr.dataset.rad + "]." + m[3];
    return el.name || null;
  }
  function elsFor(key) {
    var m = ROW_KEY.exec(key);
    if (m) {
      var tr = rowById(m[1], m[2]);
      return tr ? tr.querySelectorAll('[name$="].' + m[3] + '"]') : [];
    }
    return form.querySelectorAll('[name="' + key.replace(/"/g, '\\"') + '"]');
  }
  function valueOf(key) {
    var els = elsFor(key);
    if (!els.length) return null;
    if (els[0].type === "checkbox") return Array.prototype.filter.call(els, function (e) { return e.checked; }).map(function (e) { return e.value; });
    if (els[0].type === "radio") {
      var c = Array.prototype.filter.call(els, function (e) { return e.checked; });
      return c.length ? c[0].value : "";
    }
    return els[0].value;
  }
  function setValue(key, value) {
    elsFor(key).forEach(function (el) {
      if (el.type === "checkbox") el.checked = Array.isArray(value) && value.indexOf(el.value) >= 0;
      else if (el.type === "radio") el.checked = el.value === value;
      else el.value = Array.isArray(value) ? value.join(", ") : txt(value);
    });
  }
  function base(key) { return key in pins ? pins[key] : kjent; }
  function rowValues(t, rid) {
    var out = {}, tr = rowById(t, rid);
    if (!tr) return out;
    tr.querySelectorAll("[name]").forEach(function (el) {
      var m = /\]\.(\w+)$/.exec(el.name);
      if (m && m[1] !== "id") out[m[1]] = el.value;
    });
    return out;
  }
  function rowIsEmpty(t, rid) {
    var v = rowValues(t, rid);
    return Object.keys(v).every(function (k) { return !txt(v[k]).trim(); });
  }
  function rowsChanged() {
    return Object.keys(tables).some(function (t) {
      var mine = rowIds(t), was = rowsBase[t];
      /* A new row with nothing in it yet is nothing to save. */
      var added = mine.filter(function (r) { return was.indexOf(r) < 0 && !rowIsEmpty(t, r); });
      var gone = was.filter(function (r) { return mine.indexOf(r) < 0; });
      return added.length > 0 || gone.length > 0;
    });
  }
  function unsavedKeys() {
    return Object.keys(dirty).concat(Object.keys(sending), Object.keys(conflicts))
      .filter(function (k, i, a) { return a.indexOf(k) === i && elsFor(k).length > 0; });
  }
  function hasUnsaved() { return editable && (unsavedKeys().length > 0 || rowsChanged()); }

  /* --- computed sums ------------------------------------------------------------------- */
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
      out.textContent = T.beregnet + ": " + kr(s);
      out.classList.toggle("avvik", t !== null && t !== s);
    });
    /* The Sum row is computed (as the server stores it): a column with text that is not an
       amount, or with nothing in it, has no sum. */
    var bad = { eier: false, uh: false, totalt: false };
    rows.forEach(function (tr, i) {
      ["eier", "uh", "totalt"].forEach(function (k) { if (isNaN(amount(byName("budsjett.rader[" + i + "]." + k)))) bad[k] = true; });
    });
    ["eier", "uh", "totalt"].forEach(function (k) {
      var out = document.getElementById("f-budsjett-sum-" + k);
      if (out) out.textContent = any[k] && !bad[k] ? kr(col[k]) : "–";
    });
  }

  /* --- findings ------------------------------------------------------------------------ */
  function anchor(id) {
    var parts = id.split("-");
    while (parts.length > 1) {
      var slot = document.getElementById("funn-" + parts.join("-"));
      if (slot) return slot;
      parts.pop();
    }
    return null;
  }
  /* A field's findings show once the person has left it (or it was filled in before), and
     all of them once they tried to send in: an empty new form is not a page of errors. */
  var touched = {}, submitted = false, lastFindings = [];
  form.querySelectorAll("input, textarea, select").forEach(function (el) {
    if (!el.id || el.type === "hidden") return;
    if ((el.type === "checkbox" || el.type === "radio") ? el.checked : el.value.trim()) touched[el.id] = true;
  });
  form.addEventListener("focusout", function (ev) {
    if (!ev.target.id || !/^(INPUT|TEXTAREA|SELECT)$/.test(ev.target.tagName)) return;
    if (touched[ev.target.id]) return;
    touched[ev.target.id] = true;
    showFindings(lastFindings, null);
  });
  function shown(f) {
    if (submitted || !f.id) return true;
    return Object.keys(touched).some(function (t) { return t === f.id || t.indexOf(f.id + "-") === 0; });
  }
  function showFindings(all, antall) {
    lastFindings = all;
    var funn = all.filter(shown);
    form.querySelectorAll(".funn-slot").forEach(function (s) { s.replaceChildren(); });
    form.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
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
    updateNav();
    if (antall) {
      document.getElementById("funn-status").textContent = T.antall
        .replace("__f__", antall.feil).replace("__a__", antall.advarsel).replace("__m__", antall.merknad);
    }
  }

  /* --- saving -------------------------------------------------------------------------- */
  function payload(keys) {
    var felt = {}, rader = {};
    keys.forEach(function (k) {
      var v = valueOf(k);
      if (v !== null) felt[k] = { v: v, b: base(k) };
    });
    Object.keys(tables).forEach(function (t) {
      var mine = rowIds(t), verdier = {};
      mine.forEach(function (rid) {
        var touched = rowsBase[t].indexOf(rid) < 0 || keys.some(function (k) { return k.indexOf(t + "[" + rid + "].") === 0; });
        if (touched) verdier[rid] = rowValues(t, rid);
      });
      rader[t] = { mine: mine, base: rowsBase[t].slice(), verdier: verdier };
    });
    return { felt: felt, rader: rader };
  }
  function post(url, fields, keepalive) {
    var fd = new FormData();
    fd.append("csrfmiddlewaretoken", csrf ? csrf.value : "");
    Object.keys(fields).forEach(function (k) { fd.append(k, fields[k]); });
    return fetch(url, { method: "POST", body: fd, credentials: "same-origin", keepalive: !!keepalive, headers: { "X-Requested-With": "fetch" } });
  }

  /* Resolves true when everything asked for is stored (conflicts aside), false otherwise. */
  function save() {
    if (!editable || loggedOut) return Promise.resolve(!loggedOut);
    if (inFlight) return inFlight.then(function () { return save(); });
    clearTimeout(idle);
    var keys = Object.keys(dirty).filter(function (k) { return !conflicts[k]; });
    if (!keys.length && !rowsChanged()) return Promise.resolve(true);
    keys.forEach(function (k) { delete dirty[k]; sending[k] = true; });
    var body = payload(keys);
    setStatus(T.lagrer);
    var sentRemoved = Object.keys(removed);
    inFlight = post(form.dataset.lagre, { kjent: kjent, versjon: kjent, endringer: JSON.stringify(body) })
      .then(function (r) {
        return r.json().then(function (b) { return { status: r.status, body: b }; }, function () { return { status: r.status, body: null }; });
      })
      .then(function (res) {
        keys.forEach(function (k) { delete sending[k]; });
        if ((res.status === 200 || res.status === 409) && res.body) {
          apply(res.body, body, sentRemoved);
          return true;
        }
        keys.forEach(function (k) { dirty[k] = true; });
        if (res.status === 401 || (res.status === 403 && !res.body)) lostSession();
        else setStatus(T.feil);
        return false;
      }, function () {
        keys.forEach(function (k) { delete sending[k]; dirty[k] = true; });
        setStatus(T.feil);
        return false;
      })
      .then(function (ok) { inFlight = null; remember(); return ok; });
    return inFlight;
  }
  /* Everything saved, whatever is typed meanwhile (for leaving, logging out, sending). */
  function flush() {
    return save().then(function (ok) {
      if (!ok) return false;
      var left = Object.keys(dirty).filter(function (k) { return !conflicts[k]; });
      return left.length || rowsChanged() ? save() : true;
    });
  }
  function soon() {
    clearTimeout(idle);
    idle = setTimeout(save, 2500);
  }

  function apply(b, sent, sentRemoved) {
    var old = kjent;
    kjent = b.versjon;
    versjonEl.value = b.versjon;
    var stored = {};
    (b.lagrede || []).forEach(function (k) { stored[k] = true; delete pins[k]; });
    sentRemoved.forEach(function (rid) { delete removed[rid]; });
    reconcileRows(b.rader || {}, b.beholdt || []);
    /* Conflicts first: their fields keep what is typed in them. */
    var fresh = {};
    (b.konflikter || []).forEach(function (c) {
      pins[c.felt] = sent.felt[c.felt] ? sent.felt[c.felt].b : base(c.felt);
      dirty[c.felt] = true;
      conflicts[c.felt] = c;
      fresh[c.felt] = true;
      showConflict(c);
    });
    var incoming = b.oppdatert || {}, versions = b.versjoner || {};
    Object.keys(incoming).forEach(function (k) {
      if (fresh[k]) return;
      if (conflicts[k]) {
        /* Theirs changed again: the notice shows the latest. */
        conflicts[k].deres_verdi = incoming[k];
        conflicts[k].deres = Array.isArray(incoming[k]) ? incoming[k].join(", ") : txt(incoming[k]);
        conflicts[k].diff_deres = [[false, conflicts[k].deres]];
        conflicts[k].versjon = versions[k] || kjent;
        showConflict(conflicts[k]);
        return;
      }
      if (dirty[k] || sending[k]) {
        /* Typed here while theirs came in: the next save is compared with theirs. */
        if (!stored[k] && !(k in pins)) pins[k] = old;
        return;
      }
      delete pins[k];
      if (!same(valueOf(k), incoming[k])) setValue(k, incoming[k]);
      else if (document.activeElement && elsFor(k)[0] !== document.activeElement && valueOf(k) !== incoming[k] && !Array.isArray(incoming[k])) setValue(k, incoming[k]);
    });
    Object.keys(pins).forEach(function (k) { if (!dirty[k] && !sending[k] && !conflicts[k]) delete pins[k]; });
    var n = Object.keys(conflicts).length;
    lastSaved = b.lagret;
    setStatus(T.lagret + " " + b.lagret + (n ? " – " + T.avklar.replace("__n__", n) : "") + (b.beholdt && b.beholdt.length ? " " + T.beholdt : ""));
    showFindings(b.funn || [], b.antall);
    sums();
    armSession(b.okt_sekunder);
  }

  /* --- rows ---------------------------------------------------------------------------- */
  function renumber(table) {
    var prefix = table.dataset.prefix;
    var esc2 = prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    var rx = new RegExp("^" + esc2 + "\\[(\\d+|__i__)\\]");
    var idPrefix = "f-" + prefix.toLowerCase().replace(/[^a-z0-9]+/g, "-");
    /* The template row's ids come from html_id("prefix[__i__]"), which makes "-i". */
    var idRx = new RegExp("^(funn-|beregnet-|hjelp-)?" + idPrefix + "-(\\d+|i)(?=-|$)");
    table.querySelectorAll("tbody tr.rad").forEach(function (tr, i) {
      tr.id = idPrefix + "-" + i;
      tr.querySelectorAll("[name]").forEach(function (el) { el.name = el.name.replace(rx, prefix + "[" + i + "]"); });
      tr.querySelectorAll("[id]").forEach(function (el) { el.id = el.id.replace(idRx, "$1" + idPrefix + "-" + i); });
      tr.querySelectorAll("[for]").forEach(function (el) { el.htmlFor = el.htmlFor.replace(idRx, "$1" + idPrefix + "-" + i); });
      tr.querySelectorAll("[aria-describedby]").forEach(function (el) {
        el.setAttribute("aria-describedby", el.getAttribute("aria-describedby").split(" ").map(function (x) { return x.replace(idRx, "$1" + idPrefix + "-" + i); }).join(" "));
      });
      tr.querySelectorAll("label[data-mal]").forEach(function (l) { l.textContent = l.dataset.mal.replace("__n__", i + 1); });
    });
  }
  function makeRow(table, rid, after) {
    var tpl = table.querySelector("template");
    var tbody = table.querySelector("tbody");
    var frag = tpl.content.cloneNode(true);
    var tr = frag.querySelector("tr");
    tr.dataset.rad = rid;
    tr.querySelector(".rad-id").value = rid;
    if (after === undefined) tbody.appendChild(tr);
    else if (after === null) tbody.insertBefore(tr, tbody.firstChild);
    else after.after(tr);
    return tr;
  }
  function reconcileRows(server, kept) {
    Object.keys(server).forEach(function (t) {
      var table = tables[t];
      if (!table) return;
      var ids = server[t], was = rowsBase[t];
      rowIds(t).forEach(function (rid) {
        if (ids.indexOf(rid) >= 0 || was.indexOf(rid) < 0) return; /* kept, or new here */
        var touched = Object.keys(dirty).concat(Object.keys(conflicts)).some(function (k) { return k.indexOf(t + "[" + rid + "].") === 0; });
        if (!touched) rowById(t, rid).remove(); /* removed by someone else */
      });
      ids.forEach(function (rid, i) {
        if (rowById(t, rid)) return;
        if (removed[rid] && kept.indexOf(rid) < 0) return; /* removal here not yet told */
        delete removed[rid];
        var prev = null;
        for (var j = i - 1; j >= 0 && !prev; j--) prev = rowById(t, ids[j]);
        makeRow(table, rid, prev);
      });
      renumber(table);
      rowsBase[t] = ids.slice();
    });
  }
  form.querySelectorAll(".tabell").forEach(function (table) {
    tables[table.dataset.prefix] = table;
    rowsBase[table.dataset.prefix] = rowIds(table.dataset.prefix);
    var add = table.querySelector(".legg-til");
    if (add) add.addEventListener("click", function () {
      var tr = makeRow(table, newId());
      renumber(table);
      var first = tr.querySelector("input:not([type=hidden]), select, textarea");
      if (first) first.focus();
      sums();
    });
    /* Removing a row asks first, in the row (not a dialog): "Ja, fjern" or "Avbryt". */
    table.addEventListener("click", function (ev) {
      var btn = ev.target.closest(".fjern");
      if (!btn) return;
      var tr = btn.closest("tr");
      var open = table.querySelector(".bekreft-fjern");
      if (open) open.cancel();
      var label = tr.querySelector("input:not([type=hidden])");
      var question = T.fjerneSporsmal.replace("__navn__", (label && label.value.trim()) || "–");
      var yes = build("button", { type: "button", "class": "ds-button ja-fjern", "data-variant": "primary", "data-color": "danger", "data-size": "sm" }, [T.jaFjern]);
      var no = build("button", { type: "button", "class": "ds-button avbryt-fjern", "data-variant": "secondary", "data-size": "sm" }, [T.avbryt]);
      var box = build("div", { "class": "bekreft-fjern", role: "group", "aria-label": question }, [build("p", { "class": "ds-paragraph", "data-size": "sm" }, [question]), yes, no]);
      box.cancel = function () { box.remove(); btn.hidden = false; };
      btn.hidden = true;
      btn.after(box);
      yes.focus();
      no.addEventListener("click", function () { box.cancel(); btn.focus(); });
      box.addEventListener("keydown", function (e) { if (e.key === "Escape") { e.preventDefault(); box.cancel(); btn.focus(); } });
      yes.addEventListener("click", function () { box.cancel(); removeRow(table, tr); });
    });
  });
  function removeRow(table, tr) {
    var next = tr.nextElementSibling || tr.previousElementSibling;
    var prev = tr.previousElementSibling;
    var t = table.dataset.prefix;
    var rid = tr.dataset.rad;
    var label = tr.querySelector("input:not([type=hidden])");
    Object.keys(dirty).forEach(function (k) { if (k.indexOf(t + "[" + rid + "].") === 0) delete dirty[k]; });
    removed[rid] = true;
    tr.remove();
    renumber(table);
    sums();
    offerUndo(table, tr, prev, label ? label.value : "");
    (next ? next.querySelector("input:not([type=hidden]), select") : table.querySelector(".angre") || table.querySelector(".legg-til")).focus();
    save();
  }
  /* A removed row can be put back (with the same id: the server takes it in again). */
  function offerUndo(table, tr, prev, name) {
    var box = table.querySelector(".angre-boks");
    var btn = build("button", { type: "button", "class": "ds-button angre", "data-variant": "secondary", "data-size": "sm" }, [T.angre]);
    box.replaceChildren(build("span", {}, [T.fjernet.replace("__navn__", name || "–") + " "]), btn);
    btn.addEventListener("click", function () {
      var tbody = table.querySelector("tbody");
      if (prev && prev.parentNode === tbody) prev.after(tr); else tbody.insertBefore(tr, tbody.firstChild);
      delete removed[tr.dataset.rad];
      renumber(table);
      sums();
      box.replaceChildren();
      var first = tr.querySelector("input:not([type=hidden]), select");
      if (first) first.focus();
      save();
    });
  }

  /* --- conflicts: a notice at the field, never the focus ------------------------------- */
  function fieldBox(key) {
    var el = elsFor(key)[0];
    if (!el) return null;
    return el.closest("fieldset.gruppe") || el.closest(".ds-field") || el.parentNode;
  }
  function diffText(segments) {
    return build("p", { "class": "ds-paragraph diff" }, (segments || []).map(function (s) {
      return s[0] ? build("mark", {}, [txt(s[1])]) : document.createTextNode(txt(s[1]));
    }));
  }
  function showConflict(c) {
    var boxId = "konflikt-" + c.felt.replace(/[^A-Za-z0-9_-]+/g, "-");
    var old = document.getElementById(boxId);
    var anchorBox = fieldBox(c.felt);
    if (!anchorBox) return;
    var note = build("div", { "class": "ds-alert konflikt-felt", "data-color": "warning", id: boxId, role: "group", "aria-label": T.konfliktTittel + ": " + c.label });
    var sides = build("div", { "class": "sider" }, [
      build("div", {}, [build("p", { "class": "ds-label" }, [c.tekst ? T.dinTekst : T.dinVerdi]), c.tekst ? diffText(c.diff_mine) : build("p", { "class": "ds-paragraph" }, [txt(valueOf(c.felt))])]),
      build("div", {}, [build("p", { "class": "ds-label" }, [(c.tekst ? T.deresTekst : T.deresVerdi).replace("__hvem__", c.hvem)]), c.tekst ? diffText(c.diff_deres) : build("p", { "class": "ds-paragraph" }, [txt(c.deres)])])
    ]);
    var buttons = build("div", { "class": "knapper" });
    function button(cls, text, fn) {
      var b = build("button", { type: "button", "class": "ds-button " + cls, "data-variant": "secondary", "data-size": "sm" }, [text]);
      b.addEventListener("click", fn);
      buttons.append(b);
    }
    button("behold-min", T.beholdMin, function () { resolve(c, null); });
    button("ta-deres", T.taDeres, function () { resolve(c, c.deres_verdi); });
    if (c.tekst) button("behold-begge", T.beholdBegge, function () {
      var mine = txt(valueOf(c.felt)).replace(/\s+$/, ""), theirs = txt(c.deres_verdi).replace(/^\s+/, "");
      resolve(c, mine && theirs ? mine + "\n\n" + theirs : mine || theirs);
    });
    note.append(build("p", { "class": "ds-paragraph" }, [T.konflikt.replace("__hvem__", c.hvem).replace("__felt__", c.label)]), sides, buttons);
    if (old) old.replaceWith(note); else anchorBox.after(note);
  }
  /* value null: keep what is in the field now (every keystroke since the notice came). */
  function resolve(c, value) {
    var hadFocus = document.getElementById("konflikt-" + c.felt.replace(/[^A-Za-z0-9_-]+/g, "-"));
    delete conflicts[c.felt];
    pins[c.felt] = c.versjon;
    if (value !== null) setValue(c.felt, value);
    if (value !== null && same(value, c.deres_verdi)) delete dirty[c.felt];
    else dirty[c.felt] = true;
    if (hadFocus) hadFocus.remove();
    var el = elsFor(c.felt)[0];
    if (el) el.focus();
    sums();
    remember();
    save();
  }

  /* --- the browser's storage: unsaved text survives a crash, a closed tab, a lost session */
  function remember() {
    if (!editable) return;
    try {
      var keys = unsavedKeys();
      var newRows = {};
      Object.keys(tables).forEach(function (t) {
        rowIds(t).forEach(function (rid) { if (rowsBase[t].indexOf(rid) < 0 && !rowIsEmpty(t, rid)) (newRows[t] = newRows[t] || {})[rid] = rowValues(t, rid); });
      });
      if (!keys.length && !Object.keys(newRows).length) { localStorage.removeItem(storeKey); return; }
      var felt = {};
      keys.forEach(function (k) { var v = valueOf(k); if (v !== null) felt[k] = { v: v, b: base(k) }; });
      localStorage.setItem(storeKey, JSON.stringify({ tid: Date.now(), felt: felt, rader: newRows }));
    } catch (e) { /* storage full or blocked: the server copy is all there is */ }
  }
  function offerRestore() {
    var saved = null;
    try { saved = JSON.parse(localStorage.getItem(storeKey) || "null"); } catch (e) { saved = null; }
    if (!saved || !editable) return;
    var rows = saved.rader || {};
    var differs = Object.keys(saved.felt || {}).filter(function (k) {
      var v = valueOf(k);
      return v === null || !same(v, saved.felt[k].v);
    });
    var newRows = [];
    Object.keys(rows).forEach(function (t) { Object.keys(rows[t]).forEach(function (rid) { if (tables[t] && !rowById(t, rid)) newRows.push([t, rid]); }); });
    if (!differs.length && !newRows.length) { localStorage.removeItem(storeKey); return; }
    var box = document.getElementById("gjenopprett");
    var take = build("button", { type: "button", "class": "ds-button", "data-variant": "primary", id: "ta-inn-lagret" }, [T.taInn]);
    var drop = build("button", { type: "button", "class": "ds-button", "data-variant": "secondary", id: "forkast-lagret" }, [T.forkast]);
    var when = new Date(saved.tid || Date.now());
    box.replaceChildren(
      build("p", { "class": "ds-paragraph" }, [T.gjenopprett + " (" + when.toLocaleString() + ")"]),
      build("div", { "class": "knapper" }, [take, drop])
    );
    box.hidden = false;
    take.addEventListener("click", function () {
      newRows.forEach(function (x) {
        var tr = makeRow(tables[x[0]], x[1]);
        renumber(tables[x[0]]);
        var v = rows[x[0]][x[1]];
        Object.keys(v).forEach(function (f) { setValue(x[0] + "[" + x[1] + "]." + f, v[f]); });
        Object.keys(v).forEach(function (f) { dirty[x[0] + "[" + x[1] + "]." + f] = true; });
        void tr;
      });
      Object.keys(saved.felt || {}).forEach(function (k) {
        var m = ROW_KEY.exec(k);
        if (m && tables[m[1]] && !rowById(m[1], m[2])) { makeRow(tables[m[1]], m[2]); renumber(tables[m[1]]); }
        if (valueOf(k) === null || same(valueOf(k), saved.felt[k].v)) return;
        setValue(k, saved.felt[k].v);
        dirty[k] = true;
        pins[k] = saved.felt[k].b;
      });
      box.hidden = true;
      box.replaceChildren();
      sums();
      save();
    });
    drop.addEventListener("click", function () {
      try { localStorage.removeItem(storeKey); } catch (e) { /* ignore */ }
      box.hidden = true;
      box.replaceChildren();
    });
  }

  /* --- the session: a warning before it ends, "Forleng"; a lost one keeps the text ---- */
  var sessionTimer = null, sessionEnds = 0;
  var warning = document.getElementById("okt-varsel");
  function armSession(seconds) {
    if (!seconds || !warning) return;
    clearTimeout(sessionTimer);
    sessionEnds = Date.now() + seconds * 1000;
    var lead = parseInt(form.dataset.oktVarsel, 10) || 300;
    sessionTimer = setTimeout(warnSession, Math.max(0, seconds - lead) * 1000);
    if (!loggedOut) { warning.hidden = true; warning.replaceChildren(); }
  }
  function warnSession() {
    var end = new Date(sessionEnds);
    var hhmm = ("0" + end.getHours()).slice(-2) + ":" + ("0" + end.getMinutes()).slice(-2);
    var btn = build("button", { type: "button", "class": "ds-button", "data-variant": "primary", "data-size": "sm", id: "forleng" }, [T.forleng]);
    warning.replaceChildren(build("p", { "class": "ds-paragraph" }, [T.okt.replace("__t__", hhmm) + " "]), btn);
    warning.hidden = false;
    btn.addEventListener("click", function () {
      post(form.dataset.forleng, {}).then(function (r) { return r.json().then(function (b) { return { status: r.status, body: b }; }); })
        .then(function (res) { if (res.status === 200) { armSession(res.body.okt_sekunder); save(); } else lostSession(); }, function () { setStatus(T.feil); });
    });
  }
  function lostSession() {
    loggedOut = true;
    remember();
    if (!warning) return;
    warning.replaceChildren(
      build("p", { "class": "ds-paragraph" }, [T.utlogget + " "]),
      build("a", { "class": "ds-link", href: form.dataset.loggInn + "?next=" + encodeURIComponent(location.pathname), target: "_blank", rel: "noopener" }, [T.loggInn])
    );
    warning.hidden = false;
    setStatus(T.ikkeLagret);
  }

  /* --- steps: the paper form's sections one at a time ---------------------------------- */
  /* Every step's fields stay in the form (hidden, never removed), so saving, merging and the
     browser's storage see the whole form whichever step is shown. Without scripts the page
     shows all steps one after the other. */
  var stegEls = Array.prototype.slice.call(form.querySelectorAll(".steg"));
  var nav = document.getElementById("stegnav");
  var stepped = editable && stegEls.length > 1;
  var current = 0, baseTitle = document.title;
  var prevBtn = document.getElementById("forrige-steg"), nextBtn = document.getElementById("neste-steg");
  function stepOf(el) {
    var s = el && el.closest ? el.closest(".steg") : null;
    return s ? parseInt(s.dataset.steg, 10) : 0;
  }
  function showStep(n, focus) {
    if (!stepped) return;
    n = Math.min(Math.max(n, 1), stegEls.length);
    current = n;
    stegEls.forEach(function (s) { s.hidden = parseInt(s.dataset.steg, 10) !== n; });
    // Parts outside the form that belong to one step (the attachments: the budget's).
    document.querySelectorAll("[data-i-steg]").forEach(function (e) { e.hidden = e.dataset.iSteg !== String(n); });
    if (nav) nav.querySelectorAll("li[data-steg]").forEach(function (li) {
      var a = li.querySelector("a");
      var on = li.dataset.steg === String(n);
      li.classList.toggle("naa", on);
      if (on) a.setAttribute("aria-current", "step"); else a.removeAttribute("aria-current");
    });
    var el = stegEls[n - 1];
    [[prevBtn, stegEls[n - 2]], [nextBtn, stegEls[n]]].forEach(function (x) {
      if (!x[0]) return;
      x[0].hidden = !x[1];
      if (x[1]) { x[0].dataset.til = x[1].dataset.steg; x[0].querySelector(".stegnavn").textContent = x[1].dataset.tittel; }
    });
    var review = document.getElementById("se-over");
    if (review) review.dataset.variant = n === stegEls.length ? "primary" : "secondary";
    document.title = T.stegAv.replace("__n__", n).replace("__m__", stegEls.length + 1) + ": " + el.dataset.tittel + " – " + baseTitle;
    try { history.replaceState(history.state, "", location.pathname + "?steg=" + n); } catch (e) { /* file: or sandbox */ }
    /* The language switch comes back to this step. */
    document.querySelectorAll(".sprakvalg input[name=next]").forEach(function (i) { i.value = location.pathname + "?steg=" + n; });
    if (focus) {
      var h = el.querySelector("h2");
      h.setAttribute("tabindex", "-1");
      h.focus();
    }
  }
  function goReview() {
    flush().then(function (ok) {
      if (Object.keys(conflicts).length) { setStatus(T.avklarForst); return; }
      if (!ok) return;
      leaving = true;
      location.href = form.dataset.seOver;
    });
  }
  function updateNav() {
    if (!nav) return;
    var per = {};
    function at(n) { return per[n] = per[n] || { feil: 0, advarsel: 0, visteFeil: 0, visteAdvarsler: 0, avklar: 0 }; }
    lastFindings.forEach(function (f) {
      var n = stepOf(f.id ? anchor(f.id) : null);
      if (!n) return;
      var c = at(n), vist = shown(f);
      if (f.alvorlighet === "feil") { c.feil++; if (vist) c.visteFeil++; }
      if (f.alvorlighet === "advarsel") { c.advarsel++; if (vist) c.visteAdvarsler++; }
    });
    Object.keys(conflicts).forEach(function (k) { var n = stepOf(elsFor(k)[0]); if (n) at(n).avklar++; });
    nav.querySelectorAll("li[data-steg]").forEach(function (li) {
      var n = parseInt(li.dataset.steg, 10);
      if (!n) return;
      var c = at(n), text, st;
      if (c.avklar) { st = "avklar"; text = T.stegAvklar.replace("__n__", c.avklar); }
      else if (c.visteFeil) { st = "feil"; text = T.stegFeil.replace("__n__", c.visteFeil); }
      else if (c.feil) { st = "ikke-ferdig"; text = T.stegIkkeFerdig; }
      else if (c.visteAdvarsler) { st = "advarsel"; text = (c.visteAdvarsler === 1 ? T.stegAdvarsel : T.stegAdvarsler).replace("__n__", c.visteAdvarsler); }
      else { st = "ferdig"; text = T.stegFerdig; }
      li.dataset.status = st;
      var span = li.querySelector(".stegstatus");
      if (span && span.textContent !== text) span.textContent = text;
    });
  }
  if (stepped) {
    form.classList.add("i-steg");
    [prevBtn, nextBtn].forEach(function (b) {
      if (b) b.addEventListener("click", function () { showStep(parseInt(b.dataset.til, 10), true); save(); });
    });
    /* Links within the page (the steps, the findings, the error summary) open the step that
       holds their target. */
    document.addEventListener("click", function (ev) {
      var a = ev.target.closest && ev.target.closest('a[href^="#"]');
      if (!a || ev.defaultPrevented) return;
      var id = a.getAttribute("href").slice(1);
      if (id === "se-over") { ev.preventDefault(); goReview(); return; }
      var m = /^steg-(\d+)$/.exec(id);
      if (m) { ev.preventDefault(); showStep(parseInt(m[1], 10), true); save(); return; }
      var target = document.getElementById(id);
      var n = stepOf(target);
      if (n && n !== current) showStep(n, false);
    });
  }
  function firstStep() {
    var hash = decodeURIComponent(location.hash.slice(1));
    var m = /^steg-(\d+)$/.exec(hash);
    if (m) return parseInt(m[1], 10);
    var n = hash ? stepOf(document.getElementById(hash)) : 0;
    if (n) return n;
    var q = /[?&]steg=(\d+)/.exec(location.search);
    return q ? parseInt(q[1], 10) : 1;
  }

  /* --- events -------------------------------------------------------------------------- */
  form.addEventListener("input", function (ev) {
    var k = ev.target.name ? keyOf(ev.target) : null;
    if (k) dirty[k] = true;
    sums();
    remember();
    if (lastSaved) setStatus(T.ulagret + " " + T.sistLagret.replace("__t__", lastSaved));
    soon();
  });
  form.addEventListener("change", function (ev) {
    var k = ev.target.name ? keyOf(ev.target) : null;
    if (k) dirty[k] = true;
    sums();
    remember();
    save();
  });

  /* Set when this page itself leaves after everything was saved (no prompt then). */
  var leaving = false;
  form.addEventListener("submit", function (ev) {
    var action = ev.submitter && ev.submitter.value;
    if (action === "lagre") { ev.preventDefault(); flush(); return; }
    if (action === "se-over") { ev.preventDefault(); goReview(); return; }
    if (form.dataset.sender === "1") return;
    /* Sending waits for every save, and for the fields that are in conflict to be settled. */
    if (Object.keys(conflicts).length) { ev.preventDefault(); setStatus(T.avklarForst); return; }
    if (!inFlight && !hasUnsaved()) { leaving = true; return; }
    ev.preventDefault();
    var submitter = ev.submitter;
    flush().then(function (ok) {
      if (Object.keys(conflicts).length) { setStatus(T.avklarForst); return; }
      if (!ok) return;
      form.dataset.sender = "1";
      leaving = true;
      /* Not from inside this submit event: a form does not submit again while firing one. */
      setTimeout(function () { form.requestSubmit(submitter); }, 0);
    });
  });

  /* Leaving: links and other forms (log out, language) wait for the save; the browser asks
     before a page with unsaved text is left; a last save goes out as the page goes. */
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("a[href]");
    if (!a || ev.defaultPrevented || a.target || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button !== 0) return;
    if (a.getAttribute("href").charAt(0) === "#" || !hasUnsaved()) return;
    ev.preventDefault();
    flush().then(function (ok) { leaving = ok && !Object.keys(conflicts).length; location.href = a.href; });
  });
  document.addEventListener("submit", function (ev) {
    var f = ev.target;
    if (f === form || f.dataset.flushed === "1" || !hasUnsaved()) return;
    ev.preventDefault();
    var submitter = ev.submitter;
    flush().then(function (ok) {
      f.dataset.flushed = "1";
      leaving = ok && !Object.keys(conflicts).length;
      setTimeout(function () { f.requestSubmit(submitter); }, 0);
    });
  }, true);
  window.addEventListener("beforeunload", function (ev) {
    remember();
    if (leaving || !hasUnsaved()) return;
    ev.preventDefault();
    ev.returnValue = "";
  });
  window.addEventListener("pageshow", function (ev) { if (ev.persisted) { leaving = false; form.dataset.sender = ""; } });
  window.addEventListener("pagehide", function () {
    if (!hasUnsaved() || loggedOut) return;
    var keys = Object.keys(dirty).concat(Object.keys(sending)).filter(function (k) { return !conflicts[k]; });
    try { post(form.dataset.lagre, { kjent: kjent, versjon: kjent, endringer: JSON.stringify(payload(keys)) }, true); } catch (e) { /* the storage has it */ }
  });
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") { remember(); save(); } });

  /* A refused submission: every finding shows, and the cursor goes to the error summary
     (Designsystemet's ErrorSummary). */
  var summary = document.getElementById("ikke-klar");
  if (summary) submitted = true;
  try { showFindings(JSON.parse(document.getElementById("funn-data").textContent), null); } catch (e) { /* none */ }
  if (summary) summary.focus();
  sums();
  if (stepped) {
    showStep(firstStep(), false);
    if (location.hash && !/^#steg-/.test(location.hash)) {
      var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (target) target.scrollIntoView();
    }
  }
  if (editable) {
    offerRestore();
    armSession(parseInt(form.dataset.okt, 10));
  }
})();
