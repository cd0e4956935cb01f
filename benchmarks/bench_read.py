"""Time and peak memory of reading and extracting long inputs: text with no sentence end, and a
saved page carrying a large inline base64 image.

    python benchmarks/bench_read.py                 # 20 KB, 80 KB, 1 MB, 10 MB and the 4.4 MB page
    python benchmarks/bench_read.py --sizes 20 80   # only these sizes (KB)

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


def run_one(path: str) -> dict:
    """In this process: read and extract one file; seconds, peak RSS and what came out."""
    from kg.api import extract

    t0 = time.perf_counter()
    if path == "-":
        from kg.extraction.ner import tag_sentences

        tag_sentences(["鄂尔多斯市位于内蒙古自治区。"])
        out = {"entities": 0, "sentences": 0}
    else:
        try:
            ex = extract([path])
            out = {"entities": len(ex.entities), "sentences": sum(len(d.sentences) for d in ex.documents),
                   "longest": max((len(s.text) for d in ex.documents for s in d.sentences), default=0)}
        except Exception as e:  # a refusal is a result too (the size bound)
            out = {"error": str(e).splitlines()[0][:120]}
    out["seconds"] = round(time.perf_counter() - t0, 2)
    out["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", nargs="*", type=int, default=[20, 80, 1024, 10240], help="sizes in KB of text without sentence ends")
    ap.add_argument("--page-kb", type=int, default=4400, help="size of the saved page with a base64 image (0: none)")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        cases = [("model only", "-")]
        for kb in args.sizes:
            f = Path(tmp) / f"long-{kb}k.txt"
            f.write_text(no_sentence_ends(kb * 1024), encoding="utf-8")
            cases.append((f"{kb:,} KB, no sentence end", str(f)))
        if args.page_kb:
            f = Path(tmp) / "page-with-image.html"
            f.write_text(page_with_image(args.page_kb * 1024), encoding="utf-8")
            cases.append((f"{f.stat().st_size / 1e6:.1f} MB page, base64 image", str(f)))
        print(f"{'input':32} {'seconds':>8} {'peak MB':>8} {'chars/s':>9}  result")
        for name, path in cases:
            proc = subprocess.run([sys.executable, __file__, "--one", path], capture_output=True, text=True, cwd=ROOT)
            if proc.returncode != 0:
                print(f"{name:32} failed: {proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else proc.returncode}")
                continue
            r = json.loads(proc.stdout.strip().splitlines()[-1])
            chars = len(Path(path).read_text(encoding="utf-8")) if path != "-" else 0
            rate = f"{chars / r['seconds']:,.0f}" if chars and r["seconds"] and "error" not in r else ""
            what = r.get("error") or f"{r['sentences']} sentences (longest {r.get('longest', 0)}), {r['entities']} entities"
            print(f"{name:32} {r['seconds']:>8} {r['peak_mb']:>8} {rate:>9}  {what}", flush=True)


if __name__ == "__main__":
    main()
