// Running totals on the prioritisation and decision pages: per frame (year 1), per network
// and per UH institution, recomputed on every keystroke. The server computes the same sums
// (forum_calc.py) and refuses to finish when a frame is exceeded; this only shows it at once.
(() => {
  "use strict";
  const form = document.getElementById("poster-skjema");
  if (!form) return;
  const groups = new Intl.NumberFormat("nb-NO", { useGrouping: true });
  const kr = (n) => (n < 0 ? "\u2212" : "") + groups.format(Math.abs(n)).replace(/\s/g, "\u00a0") + "\u00a0kr";
  const amount = (text) => {
    const t = (text || "").replace(/[\s.\u00a0]/g, "").replace(/kr$/i, "").replace(/,-$/, "");
    return /^\d+$/.test(t) ? parseInt(t, 10) : 0;
  };
  const add = (map, key, first, all) => {
    const s = map.get(key) || { first: 0, all: 0 };
    s.first += first;
    s.all += all;
    map.set(key, s);
  };
  const status = document.getElementById("ramme-status");
  const finish = document.getElementById("fullfor");

  function recompute() {
    const perFrame = new Map(), perNetwork = new Map(), perUh = new Map();
    let totalFirst = 0, totalAll = 0;
    form.querySelectorAll("[data-post]").forEach((card) => {
      const select = card.querySelector("select[id$='-status']");
      if (!select || select.value !== "prioritert") return;
      let eier1 = 0, uh1 = 0, eierAll = 0, uhAll = 0;
      card.querySelectorAll("input[data-aar]").forEach((input) => {
        const v = amount(input.value);
        const first = input.dataset.aar === "0";
        if (input.dataset.del === "eier") { eierAll += v; if (first) eier1 += v; }
        else { uhAll += v; if (first) uh1 += v; }
      });
      if (card.dataset.ramme) add(perFrame, card.dataset.ramme, eier1 + uh1, eierAll + uhAll);
      add(perNetwork, card.dataset.nettverk, eier1 + uh1, eierAll + uhAll);
      if (uhAll > 0) add(perUh, card.dataset.uh, uh1, uhAll);
      totalFirst += eier1 + uh1;
      totalAll += eierAll + uhAll;
    });
    const over = [];
    document.querySelectorAll("#rammer tr[data-ramme]").forEach((row) => {
      const limit = parseInt(row.dataset.belop, 10);
      const used = (perFrame.get(row.dataset.ramme) || { first: 0 }).first;
      row.querySelector(".brukt").textContent = kr(used);
      row.querySelector(".rest").textContent = kr(limit - used);
      row.classList.toggle("over", used > limit);
      if (used > limit) over.push(`Rammen «${row.dataset.navn}» er overskredet med ${kr(used - limit)}.`);
    });
    const fill = (selector, attr, map) => {
      document.querySelectorAll(`${selector} tr[${attr}]`).forEach((row) => {
        const s = map.get(row.getAttribute(attr)) || { first: 0, all: 0 };
        row.querySelector(".sum1").textContent = kr(s.first);
        row.querySelector(".sumalle").textContent = kr(s.all);
      });
    };
    fill("#per-nettverk", "data-nettverk", perNetwork);
    fill("#per-uh", "data-uh", perUh);
    document.getElementById("total-aar1").textContent = kr(totalFirst);
    document.getElementById("total-alle").textContent = kr(totalAll);
    const hasFrames = document.querySelector("#rammer tr[data-ramme]") !== null;
    const text = over.length ? over.join(" ") : hasFrames ? "Innenfor rammene." : "Ingen rammer er satt.";
    if (status.textContent.trim() !== text) status.textContent = text;
    if (finish) finish.disabled = over.length > 0;
  }

  form.addEventListener("input", recompute);
  form.addEventListener("change", recompute);
  recompute();
})();
