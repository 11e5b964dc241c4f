/* A refused "Send inn" on the review page: the cursor goes to the message that says why
   (Designsystemet's ErrorSummary). */
(function () {
  "use strict";
  var box = document.getElementById("ikke-klar") || document.getElementById("endret");
  if (box) box.focus();
})();
