/* Attachments without a page load: the upload and delete forms of "#vedlegg" are posted with
   fetch and answered with the attachments' part of the page, which replaces the old part. The
   forms work without this script (plain posts). skjema.js saves pending text first (it holds
   every other form's submit until its save is done, then submits again). */
(function () {
  "use strict";
  if (!window.fetch || !window.FormData || !window.DOMParser) return;

  function replace(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var fresh = doc.getElementById("vedlegg");
    var old = document.getElementById("vedlegg");
    if (!fresh || !old) return false;
    old.replaceWith(document.importNode(fresh, true));
    /* An error: the cursor to the file field, which the message describes; else the status
       (role="status") announces what was done. */
    var input = document.getElementById("vedlegg-fil");
    var message = document.getElementById("vedlegg-feil");
    if (input && input.getAttribute("aria-invalid") === "true") input.focus();
    else if (message) message.focus();
    return true;
  }

  document.addEventListener("submit", function (ev) {
    var f = ev.target;
    if (ev.defaultPrevented || !f.classList || !f.classList.contains("vedlegg-skjema")) return;
    ev.preventDefault();
    var button = f.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    fetch(f.action, {
      method: "POST",
      body: new FormData(f),
      headers: { "X-Vedlegg-Del": "1" },
      credentials: "same-origin"
    }).then(function (r) {
      var html = r.headers.get("Content-Type") || "";
      if ((r.status === 200 || r.status === 400) && html.indexOf("text/html") === 0) {
        return r.text().then(function (t) { if (!replace(t)) f.submit(); });
      }
      /* Anything else (a logged-out session, a refusal): the plain post shows it. */
      f.submit();
    }).catch(function () { f.submit(); });
  });
})();
