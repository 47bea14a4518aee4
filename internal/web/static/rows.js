// Rows inside a record: add and remove table rows in place. Without this
// script the form still works: it offers blank rows, and a ticked 删除 box
// leaves its row out when saved.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("table[data-rows]").forEach(function (table) {
    var name = table.dataset.rows;
    var body = table.tBodies[0];
    var tpl = document.getElementById("t-" + name);
    var add = document.querySelector('button[data-add-row="' + name + '"]');
    var next = parseInt(table.dataset.next, 10) || body.rows.length;
    function wire(tr) {
      var box = tr.querySelector('input[type="checkbox"][name$="._delete"]');
      if (!box) return;
      var btn = document.createElement("button");
      btn.type = "button";
      btn.className = "btn secondary";
      btn.textContent = "删除";
      btn.addEventListener("click", function () { tr.remove(); });
      box.closest("label").replaceWith(btn);
    }
    Array.prototype.forEach.call(body.rows, wire);
    if (!tpl || !add) return;
    add.hidden = false;
    add.addEventListener("click", function () {
      body.insertAdjacentHTML("beforeend", tpl.innerHTML.split("__row__").join(String(next)));
      next++;
      var tr = body.rows[body.rows.length - 1];
      wire(tr);
      var first = tr.querySelector("input, select, textarea");
      if (first) first.focus();
    });
  });
});
