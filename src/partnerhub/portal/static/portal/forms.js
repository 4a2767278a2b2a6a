/* Sent once: a form's buttons are disabled while it is being submitted, so that a second click (or an
   impatient double click) cannot send it twice. Served as a file because the Content-Security-Policy allows
   no inline script. The buttons are disabled just after the submit event, not during it: a disabled
   button would not send its own name and value (the "step" of a two-step action). */
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (event.defaultPrevented || form.method.toLowerCase() !== "post" || form.hasAttribute("hx-post")) {
    return;
  }
  window.setTimeout(function () {
    form.querySelectorAll("button, input[type=submit]").forEach(function (button) {
      button.disabled = true;
      button.setAttribute("aria-disabled", "true");
    });
    form.setAttribute("aria-busy", "true");
  }, 0);
});
/* A page shown again from the back-forward cache gets its buttons back. */
window.addEventListener("pageshow", function () {
  document.querySelectorAll("form[aria-busy=true]").forEach(function (form) {
    form.removeAttribute("aria-busy");
    form.querySelectorAll("button, input[type=submit]").forEach(function (button) {
      button.disabled = false;
      button.removeAttribute("aria-disabled");
    });
  });
});
