// 报告审校 upload form: refuse oversized files before sending them, so the
// user gets the size message at once instead of after a long upload.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form.check-form");
  if (!form) return;
  var input = form.querySelector("input[type=file]");
  var out = document.getElementById("check-size-error");
  var max = parseInt(form.getAttribute("data-max-bytes"), 10);
  function check() {
    var big = [], total = 0;
    for (var i = 0; i < input.files.length; i++) {
      total += input.files[i].size;
      if (input.files[i].size > max) big.push(input.files[i].name);
    }
    if (!big.length && total > max) {
      out.textContent = "所选文件合计超过 " + form.getAttribute("data-max-label") + "，请分批上传。";
      out.hidden = false;
      return false;
    }
    if (big.length) {
      out.textContent = "文件过大：" + big.join("、") + " 超过 " + form.getAttribute("data-max-label") + "，请拆分后再上传。";
      out.hidden = false;
      return false;
    }
    out.hidden = true;
    return true;
  }
  input.addEventListener("change", check);
  form.addEventListener("submit", function (e) { if (!check()) e.preventDefault(); });
});
