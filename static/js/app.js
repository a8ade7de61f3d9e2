// Small behaviours of every page, kept out of the HTML so the Content-Security-Policy needs no inline script.
document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
  form.addEventListener("change", function () { form.submit(); });
});
