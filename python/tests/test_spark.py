"""examples/spark_quotations.py in Spark local mode against the CLI's --jsonl.

Runs only with QUOTELENS_SPARK=1 (scripts/test-packages.sh sets it once pyspark and a Java
runtime are installed): starting Spark takes a JVM and several seconds.
"""

import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.skipif(
    os.environ.get("QUOTELENS_SPARK") != "1", reason="set QUOTELENS_SPARK=1 to run the Spark job"
)


def test_spark_job_writes_the_clis_quotations(cli, batch_records, tmp_path):
    import quotelens
    from pyspark.sql import SparkSession

    articles = tmp_path / "articles.jsonl"
    articles.write_text("".join(json.dumps(r) + "\n" for r in batch_records), encoding="utf-8")
    output = tmp_path / "quotations.parquet"
    subprocess.run(
        [sys.executable, str(ROOT / "examples" / "spark_quotations.py"), str(articles),
         str(output), "--master", "local[2]"],
        check=True,
    )

    stdin = articles.read_bytes()
    analyses = [json.loads(line) for line in cli(["analyze", "--jsonl"], stdin).splitlines()]
    expected = quotelens.quotation_rows(analyses, names=[a["id"] for a in analyses])
    assert expected, "the batch has quotations"

    spark = SparkSession.builder.master("local[1]").appName("check").getOrCreate()
    try:
        written = [r.asDict() for r in spark.read.parquet(str(output)).collect()]
    finally:
        spark.stop()

    def key(row):
        return (row["article"], row["start"])

    assert sorted(written, key=key) == sorted(expected, key=key)
