// The need form sends a capability's weight only when the capability is checked, so the address
// of a proposal stays short (the weights of all unchecked capabilities made it ~3,700 characters).
// Without JavaScript every weight is sent, and the page ignores those of unchecked capabilities.
(function () {
  const form = document.getElementById("need-form");
  if (!form) return;
  form.addEventListener("formdata", function (event) {
    const checked = new Set(event.formData.getAll("cap"));
    for (const name of Array.from(event.formData.keys())) {
      if (name.startsWith("weight_") && !checked.has(name.slice("weight_".length))) {
        event.formData.delete(name);
      }
    }
  });
})();
