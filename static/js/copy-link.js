// Front desk: a "Copy link" button for the intake link shown once. Without this
// script the button stays hidden and the link sits in a read-only box to copy by hand.
(function () {
  "use strict";

  function setup(button) {
    var input = document.getElementById(button.dataset.copyTarget);
    var status = document.getElementById(button.dataset.copyStatus);
    if (!input) {
      return;
    }

    function say(text) {
      if (status) {
        status.textContent = text;
      }
    }

    function copyBySelection() {
      input.focus();
      input.select();
      try {
        say(document.execCommand("copy") ? button.dataset.copiedText : button.dataset.failedText);
      } catch (error) {
        say(button.dataset.failedText);
      }
    }

    button.hidden = false;
    button.addEventListener("click", function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(function () {
          say(button.dataset.copiedText);
        }, copyBySelection);
      } else {
        copyBySelection();
      }
    });
  }

  document.querySelectorAll("[data-copy-target]").forEach(setup);
})();
