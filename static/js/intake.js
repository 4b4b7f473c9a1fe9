// Patient intake: save the step as the patient types, and move focus to errors.
// The form works fully without this script; nothing is kept in browser storage.
(function () {
  "use strict";

  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }

  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var status = form.querySelector("[data-autosave-status]");
  var timer = null;
  var DELAY_MS = 1500;

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function save() {
    timer = null;
    fetch(form.action || window.location.href, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Autosave": "1" },
    })
      .then(function (response) {
        if (response.status === 204) {
          var now = new Date();
          var time = now.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
          say(form.dataset.savedText || "Saved " + time);
        }
      })
      .catch(function () {
        say("");
      });
  }

  function schedule() {
    if (timer) {
      window.clearTimeout(timer);
    }
    timer = window.setTimeout(save, DELAY_MS);
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
})();
