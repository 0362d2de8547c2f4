// A little help where it helps; every page works without it. The as-of slider shows the point it stands on and
// submits its own form when let go.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("input[type=range][data-autosubmit]").forEach(function (slider) {
    var output = document.getElementById(slider.getAttribute("aria-describedby"));
    slider.addEventListener("input", function () { if (output) { output.textContent = "seq " + slider.value; } });
    slider.addEventListener("change", function () { slider.form.submit(); });
  });
});
