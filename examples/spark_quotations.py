"""Who is quoted across an archive: quotelens on Spark.

Reads articles as JSON Lines (one ``{"id": ..., "text": ...}`` object a line, the input of
``quotelens analyze --jsonl``), analyses each partition with the quotelens Python package
(``mapPartitions``: one ``analyze_many`` call per chunk of articles, on the executor that holds
them), and writes one row per quotation as Parquet, with the columns of the app's CSV export
(``quotelens.QUOTATION_COLUMNS``; ``article`` is the article's id).

Needs ``pip install pyspark`` and ``pip install ./python`` (the quotelens package, on every
executor) and Java 17 or later. In Spark local mode on this machine's cores::

    python examples/spark_quotations.py articles.jsonl quotations.parquet --master 'local[*]'

On a cluster, pass the script to ``spark-submit`` instead (without ``--master``), with the
quotelens wheel installed on the executors.
"""

import argparse
import os
import sys
import time

from pyspark.sql import SparkSession
from pyspark.sql import types as T

import quotelens

#: The Parquet schema: the CSV export's columns with their types.
QUOTATION_SCHEMA = T.StructType(
    [
        T.StructField("article", T.StringType()),
        T.StructField("speaker", T.StringType()),
        T.StructField("anonymous", T.BooleanType()),
        T.StructField("cue", T.StringType()),
        T.StructField("kind", T.StringType()),
        T.StructField("text", T.StringType()),
        T.StructField("start", T.LongType()),
        T.StructField("end", T.LongType()),
        T.StructField("resolved_by", T.StringType()),
        T.StructField("confidence", T.DoubleType()),
        T.StructField("quote_confidence", T.DoubleType()),
        T.StructField("cue_loaded", T.StringType()),
        T.StructField("anonymity_reason", T.StringType()),
        T.StructField("speaker_gender", T.StringType()),
        T.StructField("title", T.StringType()),
        T.StructField("source_url", T.StringType()),
    ]
)
assert tuple(QUOTATION_SCHEMA.names) == tuple(quotelens.QUOTATION_COLUMNS)

ARTICLE_SCHEMA = T.StructType(
    [T.StructField("id", T.StringType()), T.StructField("text", T.StringType())]
)

#: Articles analysed per call: bounds an executor's memory on partitions of any size.
CHUNK = 256


def quotations_of_partition(articles):
    """The quotation rows of one partition's articles, chunk by chunk."""
    chunk = []
    for article in articles:
        chunk.append(article)
        if len(chunk) == CHUNK:
            yield from _rows(chunk)
            chunk = []
    if chunk:
        yield from _rows(chunk)


def _rows(chunk):
    # One thread per task: Spark already runs one task per core.
    analyses = quotelens.analyze_many([a["text"] for a in chunk], jobs=1)
    for row in quotelens.quotation_rows(analyses, names=[a["id"] for a in chunk]):
        yield tuple(row[c] for c in QUOTATION_SCHEMA.names)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("articles", help="JSON Lines of {\"id\": ..., \"text\": ...}")
    parser.add_argument("output", help="Parquet folder to write (replaced if it exists)")
    parser.add_argument("--master", help="Spark master, e.g. 'local[2]' (default: spark-submit's)")
    parser.add_argument(
        "--partitions",
        type=int,
        help="analyse in at least N partitions (default: Spark's default parallelism, so that "
        "one small file still keeps every core busy)",
    )
    args = parser.parse_args()

    builder = SparkSession.builder.appName("quotelens quotations")
    if args.master:
        builder = builder.master(args.master)
    if (args.master or "").startswith("local"):
        # Local workers run this interpreter, the one quotelens is installed in.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    try:
        started = time.perf_counter()
        articles = spark.read.schema(ARTICLE_SCHEMA).json(args.articles)
        partitions = args.partitions or spark.sparkContext.defaultParallelism
        if articles.rdd.getNumPartitions() < partitions:
            articles = articles.repartition(partitions)
        rows = articles.rdd.mapPartitions(quotations_of_partition)
        quotations = spark.createDataFrame(rows, QUOTATION_SCHEMA)
        quotations.write.mode("overwrite").parquet(args.output)
        seconds = time.perf_counter() - started
        written = spark.read.parquet(args.output).count()
        print(f"{written} quotations written to {args.output} in {seconds:.1f} s")
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
