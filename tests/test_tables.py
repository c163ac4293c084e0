"""Tables rebuilt from one-cell-per-line lists: the seed's 公示 list and hand-written shapes."""

from wxintel.extract.tables import extract_tables


def test_seed_publicity_list_has_sixty_rows(seed_by_aid):
    article = seed_by_aid["2650689395_1"]
    [table] = extract_tables(article.content)
    assert table.columns == ["企业名称", "所属领域", "所属区"]
    assert len(table.rows) == 60
    assert table.rows[0] == ["瑞庭时代（上海）新能源科技有限公司", "汽车", "临港新片区"]
    assert ["巴斯夫化工有限公司", "先进材料", "化工区"] in table.rows
    assert all(len(row) == 3 for row in table.rows)
    span = article.content[table.start : table.end]
    assert span.startswith("序号") and span.endswith("闵行区")


def test_width_comes_from_the_numbering_not_the_header_names():
    cells = ["编号", "单位", "负责人", "电话", "地区"]
    for n, row in enumerate([["甲公司", "张三", "123", "东区"], ["乙公司", "李四", "456", "西区"],
                             ["丙公司", "王五", "789", "南区"]], start=1):  # fmt: skip
        cells += [str(n), *row]
    text = "名单如下\n" + "\n".join(cells)
    [table] = extract_tables(text)
    assert table.columns == ["单位", "负责人", "电话", "地区"]
    assert table.rows[2] == ["丙公司", "王五", "789", "南区"]


def test_two_column_list():
    text = "序号\n项目\n1\n甲\n2\n乙\n3\n丙"
    [table] = extract_tables(text)
    assert table.columns == ["项目"] and table.rows == [["甲"], ["乙"], ["丙"]]


def test_prose_and_numbered_paragraphs_are_not_tables(seed_clean):
    assert extract_tables("一、申报条件\n1.申报主体为企业。\n2.信用良好。\n3.无违法行为。") == []
    tables = [t for a in seed_clean for t in extract_tables(a.content)]
    assert len(tables) == 1  # the seed holds one flattened table
