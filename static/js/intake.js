// Patient intake: save the step as the patient types, and move focus to errors.
// The form works fully without this script; nothing is kept in browser storage.
(function () {
  "use strict";

  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }

  // On a clinic tablet, a page left alone goes to the neutral screen (which ends
  // the session), so the next person never sees the previous patient's answers.
  var idle = document.querySelector("[data-tablet-idle]");
  if (idle) {
    var idleTimer = null;
    var restart = function () {
      window.clearTimeout(idleTimer);
      idleTimer = window.setTimeout(function () {
        window.location.replace(idle.dataset.idleUrl);
      }, Number(idle.dataset.tabletIdle) * 1000);
    };
    ["input", "keydown", "pointerdown", "scroll"].forEach(function (name) {
      document.addEventListener(name, restart, { passive: true });
    });
    restart();
  }

  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var status = form.querySelector("[data-autosave-status]");
  var timer = null;
  var submitting = false;
  var DELAY_MS = 1500;

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function save() {
    timer = null;
    if (submitting) {
      return;
    }
    fetch(window.location.pathname, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      redirect: "manual",
      // The revision lets the server refuse a save that arrives after a newer one.
      headers: { "X-Autosave": "1", "X-Draft-Rev": form.dataset.rev || "0" },
    })
      .then(function (response) {
        if (response.status === 204) {
          form.dataset.rev = response.headers.get("X-Draft-Rev") || form.dataset.rev;
          say(form.dataset.savedText);
        } else if (!submitting) {
          say(form.dataset.unsavedText);
        }
      })
      .catch(function () {
        if (!submitting) {
          say(form.dataset.unsavedText);
        }
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
  form.addEventListener("submit", function () {
    // The button's own save carries everything on the page: no autosave after it.
    submitting = true;
    if (timer) {
      window.clearTimeout(timer);
    }
  });
})();
