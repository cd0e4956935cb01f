"""The page `kg serve` shows at `/`: type a query or pick a ready question, see a table.

Self-contained (no external resources); every text from the graph or the question
files is escaped (html.escape in the markup, textContent in the script, and the
questions are embedded as JSON with <, > and & escaped).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json

STYLE = """
body { font: 15px/1.45 system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.3em; margin: 0 0 .6em; }
textarea { width: 100%; height: 14em; font: 13px/1.4 ui-monospace, monospace; box-sizing: border-box; }
select { max-width: 100%; }
#about { color: #555; margin: .4em 0; white-space: pre-wrap; }
#status { margin: .6em 0; color: #555; }
#status.error { color: #a00; white-space: pre-wrap; font-family: ui-monospace, monospace; }
table { border-collapse: collapse; margin-top: .5em; }
th, td { border: 1px solid #ccc; padding: .2em .5em; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
td.num { text-align: right; }
pre { background: #f7f7f7; padding: .6em; overflow: auto; }
"""

SCRIPT = """
const questions = JSON.parse(document.getElementById('questions').textContent);
const pick = document.getElementById('pick');
const text = document.getElementById('query');
const about = document.getElementById('about');
const status = document.getElementById('status');
const out = document.getElementById('results');
pick.addEventListener('change', () => {
  const q = questions[pick.value];
  if (!q) { about.textContent = ''; return; }
  text.value = q.sparql;
  about.textContent = q.description + (q.params.length ? '\\nParameters (bind them in the query, e.g. with VALUES): '
    + q.params.map(p => '?' + p.name + ' \u2014 ' + p.description).join('; ') : '');
});
function cell(term) {
  const td = document.createElement('td');
  if (!term) return td;
  td.textContent = term.value;
  if (term.datatype && /#(integer|decimal|double|float|int|long)$/.test(term.datatype)) td.className = 'num';
  if (term['xml:lang']) td.title = '@' + term['xml:lang'];
  return td;
}
document.getElementById('form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  out.replaceChildren();
  status.className = '';
  status.textContent = 'Running\u2026';
  const t0 = performance.now();
  let resp;
  try {
    resp = await fetch('sparql', {method: 'POST', body: text.value, headers: {
      'Content-Type': 'application/sparql-query; charset=utf-8',
      'Accept': 'application/sparql-results+json, text/turtle;q=0.9'}});
  } catch (e) {
    status.className = 'error'; status.textContent = 'The server did not answer: ' + e; return;
  }
  const ms = Math.round(performance.now() - t0);
  const body = await resp.text();
  if (!resp.ok) { status.className = 'error'; status.textContent = resp.status + ': ' + body; return; }
  const cut = resp.headers.get('X-KG-Truncated');
  const note = cut ? ' \u2014 cut at ' + cut + ' rows (the server\\'s --max-rows)' : '';
  if ((resp.headers.get('Content-Type') || '').includes('json')) {
    const data = JSON.parse(body);
    if ('boolean' in data) { status.textContent = String(data.boolean) + ' (' + ms + ' ms)'; return; }
    const vars = data.head.vars, rows = data.results.bindings;
    const table = document.createElement('table');
    const head = table.createTHead().insertRow();
    for (const v of vars) { const th = document.createElement('th'); th.textContent = v; head.appendChild(th); }
    const tbody = table.createTBody();
    for (const r of rows) { const tr = tbody.insertRow(); for (const v of vars) tr.appendChild(cell(r[v])); }
    out.appendChild(table);
    status.textContent = rows.length + (rows.length === 1 ? ' row' : ' rows') + ' (' + ms + ' ms)' + note;
  } else {
    const pre = document.createElement('pre');
    pre.textContent = body;
    out.appendChild(pre);
    status.textContent = 'Graph (' + ms + ' ms)' + note;
  }
});
"""

def _example() -> str:
    from ..sparql import query_text

    return query_text("page-example").split("\n", 1)[1].strip()  # without its header comment


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


#: The Content-Security-Policy for the page: only its own inline style and script, requests to itself.
CSP = (f"default-src 'none'; style-src {_hash(STYLE)}; script-src {_hash(SCRIPT)}; connect-src 'self'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


def _json_for_script(data) -> str:
    """JSON safe inside <script type="application/json">: no '<', '>' or '&' can end the element."""
    return (json.dumps(data, ensure_ascii=False)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def ready_questions() -> list[dict]:
    """The ready questions as plain data, or none if they cannot be read."""
    try:
        from ..sparql.questions import questions
    except ImportError:
        return []
    try:
        return [dict(q.as_dict(), sparql=q.sparql) for q in questions()]
    except Exception:  # noqa: BLE001 - a broken .rq file must not take the page down
        return []


def page(questions: list[dict] | None = None, location: str = "") -> bytes:
    qs = ready_questions() if questions is None else questions
    options = "".join(
        f'<option value="{i}">{html.escape(q.get("title_zh", ""))} · {html.escape(q.get("title_en", ""))}'
        f' ({html.escape(q.get("name", ""))})</option>'
        for i, q in enumerate(qs))
    return f"""<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ordos KG · SPARQL</title>
<style>{STYLE}</style>
</head>
<body>
<h1>Ordos KG · SPARQL <small>{html.escape(location)}</small></h1>
<form id="form">
<label>Ready question 现成问题:
<select id="pick"><option value="">— type your own query, or pick one —</option>{options}</select></label>
<div id="about"></div>
<textarea id="query" name="query" spellcheck="false">{html.escape(_example())}</textarea>
<p><button type="submit">Run 运行</button>
Prefixes okg: res: rdfs: skos: prov: dcterms: xsd: owl: are predeclared. Endpoint: <code>/sparql</code>.</p>
</form>
<div id="status"></div>
<div id="results"></div>
<script type="application/json" id="questions">{_json_for_script(qs)}</script>
<script>{SCRIPT}</script>
</body>
</html>
""".encode("utf-8")
