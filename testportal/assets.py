"""Static files every generated site serves: a stylesheet, the TRS pagination script, a logo, jpage."""

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

# A stand-in for the jQuery Hanweb jcms pages load: only what their list scripts call ($(fn), $('#id'),
# .find(sel).text(), .jpage(options)).
JQUERY = b"""(function () {
  function Q(els) { this.els = els; this.length = els.length; }
  Q.prototype.find = function (sel) {
    var found = [];
    for (var i = 0; i < this.els.length; i++) { found = found.concat([].slice.call(this.els[i].querySelectorAll(sel))); }
    return new Q(found);
  };
  Q.prototype.text = function () { return this.els.length ? this.els[0].textContent : ""; };
  Q.prototype.jpage = function (o) {
    for (var i = 0; i < this.els.length; i++) { window.jpageRun(this.els[i], o); }
    return this;
  };
  window.$ = window.jQuery = function (sel) {
    if (typeof sel === "function") {
      if (document.readyState !== "loading") { sel(); } else { document.addEventListener("DOMContentLoaded", sel); }
      return undefined;
    }
    if (typeof sel === "string") {
      var id = /^#([\\w-]+)$/.exec(sel);
      if (id) { var el = document.getElementById(id[1]); return new Q(el ? [el] : []); }
      return new Q([].slice.call(document.querySelectorAll(sel)));
    }
    return new Q(sel ? [sel] : []);
  };
})();
"""
# jpage as jcms pages use it: the first group from dataStore (an XML datastore), later groups by POST to
# proxyUrl?startrecord=…&endrecord=…&perpage=… with ajaxParam's fields in the form body.
JPAGE = """window.jpageRun = function (el, o) {
  var per = o.perPage || 15, group = per * (o.groupSize || 3), total = o.totalRecord || 0, recs = [];
  function parse(text) {
    var doc = new DOMParser().parseFromString(text, "text/xml"), r = doc.getElementsByTagName("record"), a = [];
    for (var i = 0; i < r.length; i++) { a.push(r[i].textContent); }
    return a;
  }
  function form(p) {
    var a = [];
    for (var k in p) { a.push(k + "=" + encodeURIComponent(p[k])); }
    return a.join("&");
  }
  if (typeof o.dataStore === "string" && o.dataStore.indexOf("<recordset") >= 0) { recs = parse(o.dataStore); }
  function fetchGroup(start, done) {
    var x = new XMLHttpRequest();
    x.open("POST", o.proxyUrl + "?startrecord=" + (start + 1) + "&endrecord=" + Math.min(start + group, total) + "&perpage=" + per);
    x.setRequestHeader("Content-Type", "application/x-www-form-urlencoded");
    x.onload = function () {
      var a = parse(x.responseText);
      for (var i = 0; i < a.length; i++) { recs[start + i] = a[i]; }
      done();
    };
    x.send(form(o.ajaxParam || {}));
  }
  function show(p) {
    var from = (p - 1) * per;
    if (total > 0 && !recs[from]) { fetchGroup(Math.floor(from / group) * group, function () { show(p); }); return; }
    var n = Math.max(1, Math.ceil(total / per)), bar = "共" + total + "条 " + p + "/" + n + "页 ";
    if (p > 1) { bar += '<a href="javascript:void(0)" data-p="' + (p - 1) + '">上一页</a> '; }
    if (p < n) { bar += '<a href="javascript:void(0)" data-p="' + (p + 1) + '">下一页</a>'; }
    el.innerHTML = '<div class="default_pgContainer">' + (o.dataBefore || "") +
      (total ? recs.slice(from, from + per).join("") : "<li>暂无信息</li>") + (o.dataAfter || "") +
      '</div><div class="default_pgToolbar">' + bar + "</div>";
    var links = el.querySelectorAll(".default_pgToolbar a");
    for (var i = 0; i < links.length; i++) { links[i].onclick = function () { show(parseInt(this.getAttribute("data-p"), 10)); }; }
  }
  show(1);
};
""".encode()


ASSETS = {
    "/css/main.css": (CSS, "text/css"),
    "/js/common.js": (JS, "application/javascript"),
    "/images/logo.png": (PNG, "image/png"),
    "/module/jslib/jquery/jquery.js": (JQUERY, "application/javascript"),
    "/module/jslib/jquery/jpage/jquery.jpage.js": (JPAGE, "application/javascript"),
}
