/* The report form: autosave of the changed fields (with the version they were based on),
   live checks shown at their fields, computed unused amounts, and nothing typed lost: every
   change is kept in the browser's storage until the server has it, offered back when the
   page opens, and leaving the page with unsaved changes asks first. No inline script
   (strict CSP): the saved values come from a JSON script element. */
(function () {
  "use strict";
  var form = document.getElementById("rapport-skjema");
  if (!form || !form.dataset.endre) { return; }
  var url = form.dataset.lagre;
  var storeKey = form.dataset.lager;
  var versjon = document.getElementById("versjon");
  var status = document.getElementById("lagrestatus");
  var saved = JSON.parse(document.getElementById("lagret").textContent);
  var t = JSON.parse(document.getElementById("tekster").textContent);
  var touched = {};
  var busy = false;
  var again = false;
  var lastFunn = [];

  function fields() {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "versjon" || el.name === "csrfmiddlewaretoken") { return; }
      if (el.type === "radio") {
        if (!(el.name in out)) { out[el.name] = ""; }
        if (el.checked) { out[el.name] = el.value; }
      } else if (el.tagName === "TEXTAREA" || el.tagName === "INPUT") {
        out[el.name] = el.value;
      }
    });
    return out;
  }

  function changed() {
    var now = fields();
    var out = {};
    Object.keys(now).forEach(function (k) {
      if ((saved[k] || "") !== now[k]) { out[k] = now[k]; }
    });
    return out;
  }

  function keep() {
    var c = changed();
    try {
      if (Object.keys(c).length) {
        localStorage.setItem(storeKey, JSON.stringify({ versjon: versjon.value, felt: c }));
      } else {
        localStorage.removeItem(storeKey);
      }
    } catch (e) { /* storage full or off: the server save still runs */ }
    return c;
  }

  function kr(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0") + "\u00a0kr";
  }

  function amount(text) {
    var t = (text || "").replace(/[\s.\u00a0]/g, "").replace(/^kr/i, "").replace(/,-$/, "");
    return /^\d+$/.test(t) ? parseInt(t, 10) : null;
  }

  function recompute() {
    var brukt = 0, ubrukt = 0;
    Array.prototype.forEach.call(form.querySelectorAll("fieldset.linje"), function (fs) {
      var used = 0;
      Array.prototype.forEach.call(fs.querySelectorAll("[data-belop]"), function (i) {
        used += amount(i.value) || 0;
      });
      var left = Math.max(parseInt(fs.dataset.innvilget, 10) - used, 0);
      fs.querySelector("output.ubrukt").textContent = kr(left);
      brukt += used; ubrukt += left;
    });
    document.getElementById("sum-brukt").textContent = kr(brukt);
    document.getElementById("sum-ubrukt").textContent = kr(ubrukt);
  }

  function showFunn(funn, all) {
    lastFunn = funn;
    Array.prototype.forEach.call(form.querySelectorAll(".funn-slot"), function (s) {
      s.textContent = "";
    });
    Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (el) {
      el.removeAttribute("aria-invalid");
    });
    var list = document.getElementById("kontroll-liste");
    list.textContent = "";
    var shown = 0;
    funn.forEach(function (f) {
      if (!all && !touched[f.felt]) { return; }
      var slot = document.getElementById("funn-" + f.felt);
      if (slot) {
        var p = document.createElement("p");
        p.className = f.alvor;
        p.textContent = f.melding;
        slot.appendChild(p);
      }
      var input = document.getElementById("f-" + f.felt);
      if (input && f.alvor === "feil") { input.setAttribute("aria-invalid", "true"); }
      var li = document.createElement("li");
      li.dataset.alvor = f.alvor;
      var a = document.createElement("a");
      a.className = "ds-link";
      a.href = "#f-" + f.felt;
      a.textContent = f.melding;
      li.appendChild(a);
      list.appendChild(li);
      shown += 1;
    });
    document.getElementById("kontroll").hidden = shown === 0;
  }

  function showConflicts(konflikter) {
    Object.keys(konflikter).forEach(function (k) {
      var slot = document.getElementById("funn-" + k);
      if (!slot) { return; }
      var p = document.createElement("p");
      p.className = "konflikt advarsel";
      p.textContent = t.konflikt.replace("%s", konflikter[k]);
      slot.appendChild(p);
    });
  }

  function clock() {
    var d = new Date();
    return ("0" + d.getHours()).slice(-2) + ":" + ("0" + d.getMinutes()).slice(-2);
  }

  function save(keepalive) {
    var c = keep();
    if (!Object.keys(c).length) { return Promise.resolve(); }
    if (busy) { again = true; return Promise.resolve(); }
    busy = true;
    var fd = new FormData();
    fd.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
    fd.append("versjon", versjon.value);
    Object.keys(c).forEach(function (k) { fd.append(k, c[k]); });
    status.textContent = t.lagrer;
    return fetch(url, { method: "POST", body: fd, credentials: "same-origin", keepalive: !!keepalive,
                        headers: { "X-Requested-With": "fetch" } })
      .then(function (r) {
        if (r.status === 401 || r.redirected) {
          status.textContent = t.utlogget;
          return null;
        }
        return r.json().then(function (data) { return { ok: r.ok || r.status === 409, data: data }; });
      })
      .then(function (res) {
        if (!res) { return; }
        if (!res.ok) { status.textContent = res.data.feil || t.ikke_lagret; return; }
        var d = res.data;
        versjon.value = d.versjon;
        Object.keys(c).forEach(function (k) {
          if (!(k in d.konflikter)) { saved[k] = c[k]; }
        });
        Object.keys(d.andre || {}).forEach(function (k) {
          saved[k] = d.andre[k];
          var el = form.elements[k];
          if (el && el !== document.activeElement && el.value !== undefined && !(k in c) && el.type !== undefined) {
            el.value = d.andre[k];
          }
        });
        keep();
        showFunn(d.funn, false);
        showConflicts(d.konflikter || {});
        recompute();
        status.textContent = Object.keys(d.konflikter || {}).length
          ? t.delvis
          : t.lagret + " " + clock();
      })
      .catch(function () {
        status.textContent = t.offline;
      })
      .finally(function () {
        busy = false;
        if (again) { again = false; save(); }
      });
  }

  var timer = null;
  form.addEventListener("input", function (ev) {
    keep();
    recompute();
    if (ev.target && ev.target.name) { status.textContent = t.ulagret; }
    clearTimeout(timer);
    timer = setTimeout(save, 2500);
  });
  form.addEventListener("focusout", function (ev) {
    if (ev.target && ev.target.name) { touched[ev.target.name] = true; }
    save();
  });
  form.addEventListener("change", function (ev) {
    if (ev.target && ev.target.name) { touched[ev.target.name] = true; }
    save();
  });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    Object.keys(fields()).forEach(function (k) { touched[k] = true; });
    save().then(function () { showFunn(lastFunn, true); });
  });
  var send = document.getElementById("send-skjema");
  if (send) {
    send.addEventListener("submit", function (ev) {
      if (!Object.keys(changed()).length) { return; }
      ev.preventDefault();
      save().then(function () { if (!Object.keys(changed()).length) { send.submit(); } });
    });
  }
  window.addEventListener("beforeunload", function (ev) {
    if (Object.keys(changed()).length) {
      save(true);
      ev.preventDefault();
      ev.returnValue = "";
    }
  });

  // Changes the server does not have (a crash, a closed tab, an ended session): offer them.
  var stored = null;
  try { stored = JSON.parse(localStorage.getItem(storeKey) || "null"); } catch (e) { stored = null; }
  if (stored && stored.felt) {
    var differs = Object.keys(stored.felt).filter(function (k) {
      return form.elements[k] && (saved[k] || "") !== stored.felt[k];
    });
    if (differs.length) {
      var box = document.getElementById("gjenopprett");
      box.hidden = false;
      document.getElementById("ta-inn").addEventListener("click", function () {
        differs.forEach(function (k) {
          var el = form.elements[k];
          if (el instanceof RadioNodeList) {
            Array.prototype.forEach.call(el, function (r) { r.checked = r.value === stored.felt[k]; });
          } else if (el) {
            el.value = stored.felt[k];
          }
        });
        box.hidden = true;
        recompute();
        save();
      });
      document.getElementById("forkast").addEventListener("click", function () {
        localStorage.removeItem(storeKey);
        box.hidden = true;
      });
    } else {
      localStorage.removeItem(storeKey);
    }
  }
  recompute();
})();
