"""The Python package against the CLI: the same contract, value for value."""

import csv
import io
import json

import pytest

import quotelens


def cli_jsonl(cli, records, jobs=1):
    """The CLI's --jsonl analyses of `records`, without the fields the CLI adds or copies."""
    stdin = "".join(json.dumps(r) + "\n" for r in records).encode("utf-8")
    out = cli(["analyze", "--jsonl", "--jobs", str(jobs)], stdin)
    analyses = [json.loads(line) for line in out.splitlines()]
    assert len(analyses) == len(records)
    for record, analysis in zip(records, analyses):
        analysis.pop("path")
        for key in record:
            if key != "text" and key not in ("version", "text_length", "quotes", "entities"):
                analysis.pop(key)
    return analyses


def test_demo_article_equals_the_cli(cli, demo_text, tmp_path):
    article = tmp_path / "demo.txt"
    article.write_text(demo_text, encoding="utf-8")
    expected = json.loads(cli(["analyze", str(article)]))
    assert expected.pop("path") == str(article)
    got = quotelens.analyze(demo_text)
    assert got == expected
    assert got["quotes"] and got["entities"]
    # Code-point offsets index a Python str.
    for q in got["quotes"]:
        assert demo_text[q["start"] : q["end"]] == q["text"]
    # Floats are the CLI's, bit for bit (the dicts compare them with ==).
    assert any(isinstance(e["salience"], float) for e in got["entities"])


def test_the_benchmark_batch_equals_the_cli(cli, batch_records):
    texts = [r["text"] for r in batch_records]
    expected = cli_jsonl(cli, batch_records, jobs=2)
    assert quotelens.analyze_many(texts, jobs=2) == expected
    assert quotelens.analyze_many(texts[:6], jobs=1) == expected[:6]
    assert [quotelens.analyze(t) for t in texts[:6]] == expected[:6]


def test_generated_odd_texts_equal_the_cli(cli, demo_text):
    # A batch of texts the pipeline finds hard: no quotes, emoji and other scripts, unclosed
    # and nested marks, whitespace only, long repetitions, pieces of the demo article.
    paragraphs = [p for p in demo_text.split("\n\n") if p.strip()]
    texts = [
        "",
        "   \n\t",
        "No quotation here at all.",
        "“Unclosed quotation, said nobody",
        "She said: “He told me ‘never’ — twice 🙂.” Then she left.",
        "Le ministre a déclaré : « Nous ne céderons pas », selon l'AFP. 東京で「はい」と述べた。",
        "“Yes,” " * 400 + "he said.",
        "\n\n".join(reversed(paragraphs)),
    ] + ["\n\n".join(paragraphs[i : i + 3]) for i in range(0, len(paragraphs), 3)]
    records = [{"text": t} for t in texts]
    expected = cli_jsonl(cli, records)
    assert quotelens.analyze_many(texts) == expected
    assert quotelens.analyze_many(iter(texts), jobs=3) == expected
    assert [quotelens.analyze(t) for t in texts] == expected


def test_analyze_many_accepts_empty_and_generators():
    assert quotelens.analyze_many([]) == []
    assert quotelens.analyze_many(t for t in ["a", "b"]) == [
        quotelens.analyze("a"),
        quotelens.analyze("b"),
    ]


@pytest.mark.parametrize("bad", [b"bytes", None, 42, ["a list"]])
def test_non_str_is_a_value_error(bad):
    with pytest.raises(ValueError, match="must be a str"):
        quotelens.analyze(bad)


def test_bad_batches_name_the_item():
    with pytest.raises(ValueError, match=r"texts\[1\] must be a str, not int"):
        quotelens.analyze_many(["fine", 3])
    with pytest.raises(ValueError, match="not one str"):
        quotelens.analyze_many("a str is not a batch")
    with pytest.raises(ValueError, match="jobs"):
        quotelens.analyze_many(["fine"], jobs=0)


def test_text_over_the_size_limit_is_a_value_error():
    at_limit_plus_one = "a" * (quotelens.MAX_INPUT_BYTES + 1)
    with pytest.raises(ValueError, match="over the 32 MB limit"):
        quotelens.analyze(at_limit_plus_one)
    with pytest.raises(ValueError, match=r"texts\[0\]"):
        quotelens.analyze_many([at_limit_plus_one])
    # Bytes of UTF-8 count, not characters: 11.2 M "€" are 33.6 MB.
    with pytest.raises(ValueError, match="limit"):
        quotelens.analyze("€" * (quotelens.MAX_INPUT_BYTES // 3 + 1))


def test_lone_surrogate_is_a_value_error():
    with pytest.raises(ValueError, match="not valid Unicode"):
        quotelens.analyze("he said \ud800")


def _csv_cell(value):
    """A frame value written as the CSV export writes it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def test_quotation_frame_has_the_csv_exports_columns_and_values(demo_text, batch_records):
    pd = pytest.importorskip("pandas")
    texts = [demo_text] + [r["text"] for r in batch_records[:5]]
    names = ["demo"] + [r["id"] for r in batch_records[:5]]
    analyses = quotelens.analyze_many(texts)
    frame = quotelens.quotations_frame(analyses, names=names)
    assert isinstance(frame, pd.DataFrame)

    exported = list(csv.reader(io.StringIO(quotelens.quotations_csv(analyses, names), newline="")))
    header, rows = exported[0], exported[1:]
    assert list(frame.columns) == header == list(quotelens.QUOTATION_COLUMNS)
    assert len(frame) == len(rows) == sum(len(a["quotes"]) for a in analyses)
    as_csv = [
        [_csv_cell(v) for v in row]
        for row in frame.astype(object).where(frame.notna(), None).itertuples(index=False)
    ]
    assert as_csv == rows
    assert set(frame["article"]) <= set(names)
    assert frame["speaker_gender"].dropna().isin(["female", "male", "not stated"]).all()


def test_entities_frame(demo_text):
    pd = pytest.importorskip("pandas")
    analyses = [quotelens.analyze(demo_text), quotelens.analyze("Nothing to see.")]
    frame = quotelens.entities_frame(analyses)
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == list(quotelens.ENTITY_COLUMNS)
    assert len(frame) == sum(len(a["entities"]) for a in analyses)
    assert set(frame["article"]) <= {0, 1}
    first = frame.iloc[0]
    entity = analyses[0]["entities"][0]
    assert first["name"] == entity["name"] and first["mention_count"] == len(entity["mentions"])
    # Empty analyses give empty frames with the same columns.
    empty = quotelens.quotations_frame([quotelens.analyze("")])
    assert list(empty.columns) == list(quotelens.QUOTATION_COLUMNS) and empty.empty


def test_rows_without_pandas_and_names_check():
    rows = quotelens.quotation_rows([quotelens.analyze("“Go,” she said.")], names=["x"])
    assert rows and set(rows[0]) == set(quotelens.QUOTATION_COLUMNS)
    with pytest.raises(ValueError):
        quotelens.quotation_rows([quotelens.analyze("a")], names=["x", "y"])


def test_module_metadata():
    assert quotelens.CONTRACT_VERSION == quotelens.analyze("x")["version"] == 1
    assert quotelens.MAX_INPUT_BYTES == 32 * 1024 * 1024
    assert quotelens.analyze.__doc__ and quotelens.analyze_many.__doc__
    assert quotelens._quotelens.analyze_json.__doc__.startswith("Analyses `text`")
