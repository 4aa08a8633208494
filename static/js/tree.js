// The performance tree (templates/tree/tree.html): one button opens or closes every <details> of the tree at once.
// Without JS the tree still works (each level opens on its own) and the button stays hidden.
(function () {
  "use strict";
  const button = document.querySelector("[data-tree-toggle]");
  const tree = document.querySelector(".tree");
  if (!button || !tree) {
    return;
  }
  const label = button.querySelector("span");
  const icon = button.querySelector("i");

  function allOpen() {
    return Array.from(tree.querySelectorAll("details")).every(function (node) {
      return node.open;
    });
  }

  function show() {
    const expanded = allOpen();
    label.textContent = expanded ? button.dataset.labelCollapse : button.dataset.labelExpand;
    icon.className = expanded ? "bi bi-arrows-collapse" : "bi bi-arrows-expand";
    button.setAttribute("aria-pressed", expanded ? "true" : "false");
  }

  button.addEventListener("click", function () {
    const open = !allOpen();
    tree.querySelectorAll("details").forEach(function (node) {
      node.open = open;
    });
    show();
  });
  tree.addEventListener("toggle", show, true);
  button.hidden = false;
  show();
})();
