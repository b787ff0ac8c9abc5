(function () {
  var form = document.getElementById("filter");
  if (!form) { return; }
  form.hidden = false;
  function apply() {
    var dept = form.elements.dept.value, status = form.elements.status.value;
    document.querySelectorAll("section.dept").forEach(function (s) {
      s.hidden = dept !== "" && s.getAttribute("data-department") !== dept;
    });
    document.querySelectorAll("tr[data-status]").forEach(function (r) {
      r.hidden = status !== "" && r.getAttribute("data-status") !== status;
    });
  }
  form.addEventListener("change", apply);
  apply();
})();
