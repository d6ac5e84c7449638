"""Write the labelled extraction corpus: tests/corpus/pages/NNN-<family>-<kind>.html + .expected.json.

    .venv/bin/python tests/corpus/make_corpus.py

Deterministic (one seed; each page its own `random.Random`), so re-running rewrites
the same bytes. The pages are committed: tests read them and never regenerate them.

Families: `trs` (TRS WCM: t20261120_1234567.html URLs, SiteName/PubDate metas,
createPageHTML pagers, JS arrays), `hanweb` (大汉: /art/2026/11/27/art_… URLs, jpage
`<datastore>` lists), `table` (home-made ASP table layouts, ShowArticle.asp?id=…).
Encodings: utf-8, utf-8 with BOM, GBK declared only in a meta tag, GBK with no
declaration, GBK declared as utf-8, and utf-8 declared as gb2312.
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen.chrome import page_html  # noqa: E402
from gen.common import Site, Spec, make_site  # noqa: E402
from gen.docs import article_page, document_page  # noqa: E402
from gen.lists import list_page  # noqa: E402
from gen.people import leader_list_page, leader_single_page, mailbox_list_page, mailbox_single_page  # noqa: E402
from gen.services import home_page, service_page  # noqa: E402

SEED = 20261128
PAGES_DIR = Path(__file__).resolve().parent / "pages"
FAMILIES = ("trs", "hanweb", "table")
Builder = Callable[[random.Random, Site, int], Spec]
PLAN: list[tuple[Builder, int]] = [
    (list_page, 30), (document_page, 27), (article_page, 27), (leader_list_page, 12), (leader_single_page, 12),
    (mailbox_list_page, 12), (mailbox_single_page, 12), (service_page, 18), (home_page, 18),
]
# (name, bytes codec, declared charset or None, BOM): the mix real estates serve
ENCODINGS = {
    "utf-8": ("utf-8", "utf-8", False),
    "utf-8-bom": ("utf-8", "utf-8", True),
    "gbk-meta": ("gbk", "gbk", False),
    "gb2312-meta": ("gbk", "gb2312", False),
    "gbk-undeclared": ("gbk", None, False),
    "gbk-declared-utf-8": ("gbk", "utf-8", False),
    "utf-8-declared-gb2312": ("utf-8", "gb2312", False),
}
SLOTS = (["utf-8"] * 6 + ["utf-8-bom"] * 2 + ["gbk-meta"] * 2 + ["gb2312-meta"] + ["gbk-undeclared"] * 2
         + ["gbk-declared-utf-8"] + ["utf-8-declared-gb2312"] + ["utf-8"])


def encode(html: str, encoding: str) -> bytes:
    codec, _, bom = ENCODINGS[encoding]
    data = html.encode(codec, errors="xmlcharrefreplace")  # as GBK sites write ©, ℃ …
    return b"\xef\xbb\xbf" + data if bom else data


def build(number: int, builder: Builder, index: int, seed: int = SEED) -> tuple[str, bytes, dict]:
    rng = random.Random(f"{seed}-{number}")
    family = FAMILIES[index % len(FAMILIES)]
    site = make_site(rng, family, (index * 7 + number) % 20)
    encoding = SLOTS[(number * 7) % len(SLOTS)]
    spec = builder(rng, site, index)
    column = {"list": "政务要闻", "document": "政府文件", "article": "政务要闻", "leader": "领导信息",
              "mailbox": "县长信箱", "service": "办事指南", "home": "首页"}[spec.kind]
    html, identity = page_html(site, spec, rng, ENCODINGS[encoding][1], column=column)
    if spec.kind == "home":
        spec.expect["identity"] = identity
    label = {"url": spec.path, "kind": spec.kind, "family": family, "as_of": spec.as_of.isoformat(),
             "encoding": encoding, "expect": spec.expect}
    return f"{number:03d}-{family}-{spec.kind}", encode(html, encoding), label


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description="write the labelled corpus")
    parser.add_argument("--seed", type=int, default=SEED, help="another seed gives a fresh draw (a held-out set)")
    parser.add_argument("--out", type=Path, default=PAGES_DIR)
    args = parser.parse_args()
    pages_dir: Path = args.out
    pages_dir.mkdir(parents=True, exist_ok=True)
    for old in pages_dir.glob("*"):
        old.unlink()
    counts: Counter[str] = Counter()
    number = 1
    for builder, how_many in PLAN:
        for index in range(how_many):
            stem, data, label = build(number, builder, index, args.seed)
            (pages_dir / f"{stem}.html").write_bytes(data)
            text = json.dumps(label, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
            (pages_dir / f"{stem}.expected.json").write_text(text, encoding="utf-8")
            counts.update([f"kind:{label['kind']}", f"family:{label['family']}", f"encoding:{label['encoding']}"])
            number += 1
    size = sum(path.stat().st_size for path in pages_dir.iterdir())
    print(f"{number - 1} pages, {size / 1e6:.2f} MB")
    for key, count in sorted(counts.items()):
        print(f"  {key}: {count}")


if __name__ == "__main__":
    main()
