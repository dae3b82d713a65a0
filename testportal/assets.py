"""Static files every generated site serves: a stylesheet, the TRS pagination script, a logo."""

from __future__ import annotations

import base64

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
CSS = b"body{font:14px/1.6 'Microsoft YaHei',SimSun,sans-serif;margin:0}.w1200{width:1200px;margin:0 auto}\n"
JS = """function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt) {
  if (_nPageCount == null || _nPageCount <= 1) { return; }
  var name = function (i) { return i == 0 ? _sPageName + "." + _sPageExt : _sPageName + "_" + i + "." + _sPageExt; };
  var html = "共" + _nPageCount + "页 ";
  html += _nCurrIndex == 0 ? "<span>首页</span> " : "<a href=\\"" + name(0) + "\\">首页</a> ";
  if (_nCurrIndex > 0) { html += "<a href=\\"" + name(_nCurrIndex - 1) + "\\">上一页</a> "; }
  if (_nCurrIndex < _nPageCount - 1) { html += "<a href=\\"" + name(_nCurrIndex + 1) + "\\">下一页</a> "; }
  html += "<a href=\\"" + name(_nPageCount - 1) + "\\">尾页</a>";
  document.write(html);
}
""".encode()


ASSETS = {
    "/css/main.css": (CSS, "text/css"),
    "/js/common.js": (JS, "application/javascript"),
    "/images/logo.png": (PNG, "image/png"),
}
