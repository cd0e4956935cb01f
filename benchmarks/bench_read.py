"""Time and peak memory of reading and extracting long inputs: text with no sentence end, and a
saved page carrying a large inline base64 image.

    python benchmarks/bench_read.py                 # 20 KB, 80 KB, 1 MB, 10 MB and the 4.4 MB page
    python benchmarks/bench_read.py --sizes 20 80   # only these sizes (KB)
    python benchmarks/bench_read.py --html          # ways to read saved pages, compared (decision note)

Each input is read and extracted (kg.api.extract: read, tag, rules, resolve) in a fresh process, so
the peak resident memory printed is that input's alone; the first line is a process that only loads
the model, for comparison. Growth should be linear in time and bounded in memory.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def no_sentence_ends(size: int) -> str:
    """Seed prose with every sentence end and line break made a comma, repeated to `size` bytes."""
    prose = "".join((ROOT / "seeds" / f).read_text(encoding="utf-8") for f in sorted(os.listdir(ROOT / "seeds")) if f.endswith(".txt"))
    prose = re.sub(r"[。！？!?；;\n]+", "，", prose)
    reps = size // len(prose.encode("utf-8")) + 1
    data = (prose * reps).encode("utf-8")[:size]
    return data.decode("utf-8", errors="ignore")


def page_with_image(size: int) -> str:
    """A saved news page whose photo is inlined as a base64 data: URI of about `size` bytes."""
    image = base64.b64encode(os.urandom(size * 3 // 4)).decode("ascii")
    article = (ROOT / "seeds" / "003_91b04151e7e4191c.txt").read_text(encoding="utf-8")
    paragraphs = "".join(f"<p>{p}</p>\n" for p in article.split("\n") if p.strip())
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>鄂托克旗工业高质量发展</title>"
        "<script>var x = 1;</script></head><body><div class='content'>"
        f"{paragraphs[: len(paragraphs) // 2]}<p><img src=\"data:image/jpeg;base64,{image}\" alt='现场'></p>"
        f"{paragraphs[len(paragraphs) // 2 :]}</div></body></html>"
    )


def _peak_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def run_one(path: str, read_only: bool = False) -> dict:
    """In this process: read (and unless `read_only`, extract) one file; seconds, peak RSS, output."""
    from kg.api import BuildReport, read_documents
    from kg.extraction import extract_documents
    from kg.extraction.ner import tag_sentences
    from kg.resolve import resolve

    if path == "-":
        t0 = time.perf_counter()
        tag_sentences(["鄂尔多斯市位于内蒙古自治区。"])
        return {"read_s": 0, "read_mb": 0, "seconds": round(time.perf_counter() - t0, 2), "peak_mb": _peak_mb(), "entities": 0, "sentences": 0}
    t0 = time.perf_counter()
    report = BuildReport()
    docs = read_documents([path], report)
    out = {"read_s": round(time.perf_counter() - t0, 2), "read_mb": _peak_mb()}
    if not docs:
        return {**out, "error": report.skipped[0][1][:100] if report.skipped else "nothing read"}
    out["sentences"] = sum(len(d.sentences) for d in docs)
    out["longest"] = max((len(s.text) for d in docs for s in d.sentences), default=0)
    if read_only:
        return out
    ex = resolve(extract_documents(docs))
    out.update(entities=len(ex.entities), seconds=round(time.perf_counter() - t0, 2), peak_mb=_peak_mb())
    return out


# ---------------------------------------------------------------- saved pages: ways to read them

_OLD_HIDDEN = re.compile(r"<(script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
_OLD_TAG = re.compile(r"<[^<>]{0,2000}>")
_OLD_BLOCK = re.compile(r"<\s*/?\s*(p|div|br|li|tr|h[1-6]|title|section|article|header|footer|ul|ol|table)\b", re.IGNORECASE)


def way_regex(page: str) -> str:
    """The reader's de-tagging before lexbor (kg/read.py up to commit a199c0e): regexes over the page."""
    import html

    chars = list(page)
    for m in _OLD_HIDDEN.finditer(page):
        chars[m.start() : m.end()] = " " * (m.end() - m.start())
    text = "".join(chars)
    text = _OLD_TAG.sub(lambda m: "\n" if _OLD_BLOCK.match(m.group()) else " ", text)
    return html.unescape(text)


def way_lexbor(page: str) -> str:
    """The reader now: lexbor's text nodes placed back where they stand in the page."""
    from kg.read.html import page_view
    from kg.read.layout import SKIP

    return page_view(page)[0].replace(SKIP, "")  # (the reader's line rules come after this)


def _line_rules(view: str, links=None) -> str:
    from collections import Counter

    from kg.read.layout import SKIP, clean

    return "\n".join(" ".join(view[a:b] for a, b in [(p[0], p[1]), *p[2:]]) for p in clean(view, Counter(), links)).replace(SKIP, "")


def way_regex_lines(page: str) -> str:
    """The regex de-tagging, then the reader's line rules (clutter, repeats, links)."""
    return _line_rules(way_regex(page))


def way_reader(page: str) -> str:
    """The reader as it is: lexbor, then the line rules (with the links lexbor marks)."""
    from kg.read.html import page_view

    view, _, links = page_view(page)
    return _line_rules(view, links)


def way_lxml(page: str) -> str:
    import lxml.html

    doc = lxml.html.fromstring(page)
    for el in list(doc.iter("script", "style", "noscript", "template", "svg", "head")):
        el.drop_tree()
    return lxml.html.tostring(doc, method="text", encoding="unicode")


def way_trafilatura(page: str) -> str:
    import trafilatura

    return trafilatura.extract(page, include_tables=True, include_comments=False) or ""


def way_justext(page: str) -> str:
    import justext

    # no Chinese stop list: jusText's language-independent mode (no stop-word density)
    paragraphs = justext.justext(page.encode("utf-8"), frozenset(), stopwords_low=0, stopwords_high=0, encoding="utf-8")
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def way_readability(page: str) -> str:
    import lxml.html
    from readability import Document

    return lxml.html.fromstring(Document(page).summary()).text_content()


WAYS = {"regex (before)": way_regex, "lexbor (now)": way_lexbor, "regex + line rules": way_regex_lines,
        "reader (lexbor + line rules)": way_reader, "lxml": way_lxml,
        "trafilatura": way_trafilatura, "jusText": way_justext, "readability-lxml": way_readability}
OFFSETS = {"regex (before)", "lexbor (now)", "regex + line rules", "reader (lexbor + line rules)"}  # ways whose text stands where it stood in the page
_FURNITURE = re.compile(r"首页|版权|ICP|分享|责任编辑|上一篇|下一篇|当前位置|您的位置|相关新闻|相关阅读|打印|关闭|扫一扫|网站地图|联系我们|主办")


def compare_html() -> None:
    """Each way on the saved pages of tests/data: share of gold evidence sentences kept, page-furniture
    lines let through, time; and time on a 4.4 MB page with a base64 image and on unclosed scripts."""
    from kg.read import to_simplified

    pages = sorted((ROOT / "tests" / "data").glob("heldout*/*.html"))
    gold = []
    for p in pages:
        g = json.loads((p.parent / "gold" / f"{p.stem}.json").read_text(encoding="utf-8"))
        gold.append({re.sub(r"\s+", "", r["evidence"]) for r in g["relations"] if r.get("evidence")})
    big = page_with_image(4400 * 1024)
    scripts = "<html><body>" + ("<p>鄂托克旗工业园区负极材料项目开工。</p><script>var a = 1;" * 2500) + "</body></html>"
    print(f"{len(pages)} saved pages, {sum(map(len, gold))} gold evidence sentences; "
          f"adversarial: {len(big) / 1e6:.1f} MB page with a base64 image, {len(scripts) / 1e3:.0f} KB page of unclosed scripts")
    print(f"{'way':28} {'evidence kept':>14} {'furniture lines':>16} {'ms (7 pages)':>13} {'base64 page s':>14} {'longest line':>13} {'scripts s':>10}  offsets")
    for name, way in WAYS.items():
        texts = [p.read_text(encoding="utf-8") for p in pages]
        t0 = time.perf_counter()
        outs = [way(t) for t in texts]
        ms = (time.perf_counter() - t0) * 1000
        kept = sum(sum(1 for e in g if e in to_simplified(re.sub(r"\s+", "", o)) or e in re.sub(r"\s+", "", o)) for g, o in zip(gold, outs))
        furniture = sum(1 for o in outs for line in o.splitlines() if _FURNITURE.search(line))
        times, longest = [], 0
        for adversarial in (big, scripts):
            t0 = time.perf_counter()
            try:
                out = way(adversarial)
                times.append(f"{time.perf_counter() - t0:.2f}")
                longest = longest or max(map(len, out.splitlines()), default=0)
            except Exception as e:  # a way that fails on a page is a result too
                times.append(type(e).__name__)
        total = sum(map(len, gold))
        print(f"{name:28} {kept:>7}/{total} {100 * kept / total:3.0f}% {furniture:>16} {ms:>13.0f} {times[0]:>14} {longest:>13,} {times[1]:>10}  "
              f"{'kept' if name in OFFSETS else 'lost'}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", nargs="*", type=int, default=[20, 80, 1024, 10240], help="sizes in KB of text without sentence ends")
    ap.add_argument("--page-kb", type=int, default=4400, help="size of the saved page with a base64 image (0: none)")
    ap.add_argument("--html", action="store_true", help="compare ways of reading saved pages (needs trafilatura, justext, readability-lxml, lxml)")
    ap.add_argument("--read-only-kb", type=int, default=10240, help="from this size (KB) on, time reading only (extraction runs at LAC's pace, several minutes for 10 MB)")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--read-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.html:
        compare_html()
        return
    if args.one:
        print(json.dumps(run_one(args.one, args.read_only)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        cases = [("model only", "-", False)]
        for kb in args.sizes:
            f = Path(tmp) / f"long-{kb}k.txt"
            f.write_text(no_sentence_ends(kb * 1024), encoding="utf-8")
            cases.append((f"{kb:,} KB, no sentence end", str(f), kb >= args.read_only_kb))
        if args.page_kb:
            f = Path(tmp) / "page-with-image.html"
            f.write_text(page_with_image(args.page_kb * 1024), encoding="utf-8")
            cases.append((f"{f.stat().st_size / 1e6:.1f} MB page, base64 image", str(f), False))
        print(f"{'input':30} {'chars':>10} {'read s':>7} {'read MB':>8} {'total s':>8} {'peak MB':>8} {'chars/s':>8}  result")
        for name, path, read_only in cases:
            cmd = [sys.executable, __file__, "--one", path] + (["--read-only"] if read_only else [])
            proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
            if proc.returncode != 0:
                print(f"{name:30} failed: {proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else proc.returncode}")
                continue
            r = json.loads(proc.stdout.strip().splitlines()[-1])
            chars = len(Path(path).read_text(encoding="utf-8")) if path != "-" else 0
            total = r.get("seconds", "-")
            rate = f"{chars / total:,.0f}" if chars and isinstance(total, float) and total else ""
            what = r.get("error") or f"{r['sentences']} sentences (longest {r.get('longest', 0)})" + (
                f", {r['entities']} entities" if "entities" in r else ", read only")
            print(f"{name:30} {chars:>10,} {r['read_s']:>7} {r['read_mb']:>8} {total:>8} {r.get('peak_mb', '-'):>8} {rate:>8}  {what}", flush=True)


if __name__ == "__main__":
    main()
