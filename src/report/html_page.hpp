// The fixed parts of the html report: its style sheet and its script, kept
// out of html.cpp so the reporter reads as C++. Both are inline in the page
// (one self-contained file) and the page's Content-Security-Policy allows
// exactly these two texts by their SHA-256, so their bytes are what the
// browser hashes: edit them freely, the hashes are computed from them.
#pragma once

#include <string_view>

namespace urlcheck::report_detail::html_page {

// The rows carry their state as a class (down, unverifiable, degraded,
// skipped, up) that sets --state, the state's colour; the state is also
// written in the first cell, so nothing depends on seeing colour. A phase
// bar is one element drawn by a gradient with a hard stop where each phase
// ends; the ends --a (DNS) .. --e (rest) come from classes a1..e200 (half a
// percent each) that the reporter writes after this text: a style attribute
// would need 'unsafe-inline' in the policy.
//
// table.big (a report of many thousand entries): a real table lays out
// every row before it shows one, and again after each sort (Chromium: ~13 s
// for 20,000 rows on a loaded CI machine), so its rows become grids of the
// same columns with content-visibility:auto, and only the rows on screen are
// laid out (~3 s, mostly parsing). Smaller reports keep a real table.
inline constexpr std::string_view style = R"css(
:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--head:#f6f8fa;--link:#0550ae;
--up:#1a7f37;--down:#cf222e;--degraded:#9a6700;--unverifiable:#8250df;--skipped:#6e7781;--acknowledged:#0969da;
--dns:#218bff;--connect:#1b7c83;--tls:#a475f9;--ttfb:#d4a72c;--rest:#afb8c1}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#30363d;--head:#161b22;
--link:#4493f8;--up:#3fb950;--down:#ff7b72;--degraded:#d29922;--unverifiable:#bc8cff;--skipped:#8b949e;
--acknowledged:#58a6ff;
--dns:#4493f8;--connect:#39c5cf;--tls:#bc8cff;--ttfb:#e3b341;--rest:#6e7681}}
*{box-sizing:border-box}
body{margin:0;padding:1.25rem 1.5rem;background:var(--bg);color:var(--fg);
font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
h1{font-size:1.4rem;margin:0 0 .2rem}
a{color:var(--link)}
.run{color:var(--muted);margin:0 0 1rem}
.counts{display:flex;flex-wrap:wrap;gap:.6rem;margin:0 0 1rem;padding:0;list-style:none}
.counts li{border:1px solid var(--line);border-left:.45rem solid var(--state);border-radius:6px;padding:.3rem .9rem .4rem;
min-width:8.5rem}
.counts b{display:block;font-size:1.5rem;line-height:1.2;color:var(--state)}
.counts .label{font-weight:600;text-transform:uppercase;letter-spacing:.03em}
.counts .fails{display:block;font-size:.8rem;color:var(--muted)}
.down{--state:var(--down)}.unverifiable{--state:var(--unverifiable)}.degraded{--state:var(--degraded)}
.skipped{--state:var(--skipped)}.up{--state:var(--up)}.acknowledged{--state:var(--acknowledged)}
.controls{display:flex;flex-wrap:wrap;align-items:center;gap:.4rem 1.2rem;margin:0 0 .6rem}
.controls[hidden]{display:none}
.controls input[type=search]{font:inherit;padding:.25rem .5rem;min-width:18rem;border:1px solid var(--line);
border-radius:6px;background:var(--bg);color:var(--fg)}
.controls fieldset{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.2rem .8rem}
.controls legend{float:left;margin-right:.5rem;color:var(--muted)}
.controls label{white-space:nowrap}
#shown{color:var(--muted)}
.key{color:var(--muted);margin:0 0 .6rem}
.key span{white-space:nowrap;margin-right:.9rem}
.key i{display:inline-block;width:.9rem;height:.9rem;margin-right:.3rem;vertical-align:-.15rem;border-radius:2px}
table{width:100%;border-collapse:collapse;table-layout:fixed}
caption{text-align:left;color:var(--muted);padding:0 0 .3rem}
th,td{padding:.3rem .5rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
thead th{position:sticky;top:0;z-index:1;background:var(--head);font-weight:600;white-space:nowrap}
th button{font:inherit;color:inherit;background:none;border:0;padding:0;cursor:pointer}
th button:focus-visible{outline:2px solid var(--link);outline-offset:2px}
th button::after{content:" \2195";opacity:.35}
th[aria-sort=ascending] button::after{content:" \25B2";opacity:1}
th[aria-sort=descending] button::after{content:" \25BC";opacity:1}
col.state{width:8.5rem}col.status{width:5rem}col.kind{width:10.5rem}col.time{width:5.6rem}col.source{width:11rem}
col.phases{width:14rem}
tbody td:first-child{border-left:.3rem solid var(--state);color:var(--state);font-weight:700;text-transform:uppercase;
font-size:.85rem;letter-spacing:.03em}
td:nth-child(2),td:nth-child(5){overflow-wrap:anywhere}
td:nth-child(4),td:nth-child(7){white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
td:nth-child(3),td:nth-child(6){text-align:right;font-variant-numeric:tabular-nums}
th:nth-child(3),th:nth-child(6){text-align:right}
td:nth-child(7){color:var(--muted)}
tbody tr:hover{background:var(--head)}
.bar{display:block;height:.95rem;margin-top:.15rem;border-radius:2px;--a:0%;--b:0%;--c:0%;--d:0%;--e:0%;
background:linear-gradient(to right,var(--dns) 0 var(--a),var(--connect) 0 var(--b),var(--tls) 0 var(--c),
var(--ttfb) 0 var(--d),var(--rest) 0 var(--e),transparent 0)}
.pd{background:var(--dns)}.pc{background:var(--connect)}.pt{background:var(--tls)}.pf{background:var(--ttfb)}
.pr{background:var(--rest)}
.empty{color:var(--muted)}
.ctl{font:.85em ui-monospace,monospace;padding:0 .15em;border-radius:3px;background:var(--head);color:var(--muted);
outline:1px solid var(--line)}
table.hide-down tr.down,table.hide-unverifiable tr.unverifiable,table.hide-degraded tr.degraded,
table.hide-skipped tr.skipped,table.hide-up tr.up,table.hide-acknowledged tr.acknowledged{display:none}
table.big,table.big caption,table.big thead,table.big tbody{display:block}
table.big colgroup{display:none}
table.big thead{position:sticky;top:0;z-index:1}
table.big tr{display:grid;grid-template-columns:8.5rem minmax(0,1fr) 5rem 10.5rem minmax(0,1fr) 5.6rem 11rem 14rem}
table.big tbody tr{content-visibility:auto;contain-intrinsic-size:auto 2.4rem}
@media print{thead th,table.big thead{position:static}.controls{display:none}
table.big tbody tr{content-visibility:visible}}
)css";

// Sorting and filtering, on the rows the reporter rendered: the page works
// without it (failing entries first, every number in the cells), and with
// it the column headers become buttons. Keys are read from the cells once
// per column and cached; a sort reorders the existing <tr> nodes (a stable
// sort, ties keep the report's order), so 100,000 rows are sorted without
// rendering anything again.
inline constexpr std::string_view script = R"js(
(function () {
  'use strict';
  var table = document.getElementById('entries');
  if (!table) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var rank = {down: 0, unverifiable: 1, degraded: 2, acknowledged: 3, skipped: 4, up: 5};
  var keys = [];
  var sorted = {column: 0, direction: 1};

  // null for an empty cell: empty cells go last whichever the direction.
  function keyOf(row, column, type) {
    var cell = row.cells[column];
    if (type === 'state') return rank[row.className];
    if (type === 'number') {
      var value = cell.getAttribute('data-v');
      if (value === null) value = cell.textContent;
      value = parseFloat(value);
      return isNaN(value) ? null : value;
    }
    var text = cell.textContent;
    if (text === '') return null;
    if (type === 'source') {
      // FILE:LINE by file, then by line as a number.
      var colon = text.lastIndexOf(':');
      var line = colon < 0 ? NaN : parseInt(text.slice(colon + 1), 10);
      if (!isNaN(line)) return text.slice(0, colon).toLowerCase() + '\u0000' + ('000000000000' + line).slice(-12);
    }
    return text.toLowerCase();
  }

  function sortBy(column, direction) {
    var type = heads[column].getAttribute('data-type');
    var k = keys[column];
    if (!k) {
      k = keys[column] = new Array(rows.length);
      for (var r = 0; r < rows.length; r++) k[r] = keyOf(rows[r], column, type);
    }
    var order = new Array(rows.length);
    for (var i = 0; i < rows.length; i++) order[i] = i;
    order.sort(function (a, b) {
      var x = k[a], y = k[b];
      if (x !== y) {
        if (x === null) return 1;
        if (y === null) return -1;
        if (x < y) return -direction;
        if (x > y) return direction;
      }
      return a - b;
    });
    // Rows are moved while the body is out of the document, so moving one
    // invalidates nothing on the page.
    var parent = body.parentNode, next = body.nextSibling;
    parent.removeChild(body);
    for (var j = 0; j < order.length; j++) body.appendChild(rows[order[j]]);
    parent.insertBefore(body, next);
    heads.forEach(function (th, c) {
      if (c === column) th.setAttribute('aria-sort', direction > 0 ? 'ascending' : 'descending');
      else th.removeAttribute('aria-sort');
    });
    sorted = {column: column, direction: direction};
  }

  heads.forEach(function (th, column) {
    var button = document.createElement('button');
    button.type = 'button';
    while (th.firstChild) button.appendChild(th.firstChild);
    th.appendChild(button);
    button.addEventListener('click', function () {
      sortBy(column, sorted.column === column ? -sorted.direction : 1);
    });
  });

  var controls = document.getElementById('controls');
  var filter = document.getElementById('filter');
  var shown = document.getElementById('shown');
  var texts = null;
  var timer = 0;

  function countShown() {
    var n = 0;
    for (var i = 0; i < rows.length; i++) {
      if (!rows[i].hidden && !table.classList.contains('hide-' + rows[i].className)) n++;
    }
    shown.textContent = n + ' of ' + rows.length + ' entries shown';
  }

  function applyFilter() {
    var query = filter.value.trim().toLowerCase();
    if (query !== '' && !texts) texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
    for (var i = 0; i < rows.length; i++) {
      var hide = query !== '' && texts[i].indexOf(query) < 0;
      if (rows[i].hidden !== hide) rows[i].hidden = hide;
    }
    countShown();
  }

  filter.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(applyFilter, rows.length > 20000 ? 250 : 50);
  });
  Array.prototype.forEach.call(controls.querySelectorAll('input[data-state]'), function (box) {
    box.addEventListener('change', function () {
      table.classList.toggle('hide-' + box.getAttribute('data-state'), !box.checked);
      countShown();
    });
  });
  controls.hidden = false;
  countShown();
})();
)js";

}  // namespace urlcheck::report_detail::html_page
