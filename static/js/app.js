// Small behaviours of every page, kept out of the HTML so the Content-Security-Policy needs no inline script.
document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
  form.addEventListener("change", function () { form.submit(); });
});

// The menu behind a button on narrow screens (the CSS shows it whole on wide ones).
document.querySelectorAll(".menu-toggle").forEach(function (button) {
  var menu = document.getElementById(button.getAttribute("aria-controls"));
  button.addEventListener("click", function () {
    var open = menu.classList.toggle("open");
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });
});

// A table wider than the screen scrolls sideways inside the page: keyboard users reach it with Tab too.
function markScrollableTables() {
  document.querySelectorAll(".table").forEach(function (table) {
    if (table.scrollWidth > table.clientWidth + 1) { table.tabIndex = 0; } else { table.removeAttribute("tabindex"); }
  });
}
markScrollableTables();
window.addEventListener("resize", markScrollableTables);

// Registration: choosing "Lập hồ sơ: …" opens that profile's section (and closes the other).
document.querySelectorAll("select[name='k-profile_kind']").forEach(function (select) {
  select.addEventListener("change", function () {
    document.querySelectorAll("details[data-profile-section]").forEach(function (section) {
      section.open = section.getAttribute("data-profile-section") === select.value;
    });
  });
});
