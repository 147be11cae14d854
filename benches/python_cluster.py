"""Benchmark: rows/s of lurescan.spark and lurescan.dask with 1 and 2 workers, against plain
``scan_many`` in one process, on the same synthetic posts.

    .venv/bin/python benches/python_cluster.py [--posts 200000] [--repeat 3] [--engines spark,dask]

Every engine gets its input already in the cluster (a cached Spark DataFrame, a persisted Dask
DataFrame) and writes its output nowhere (Spark's ``noop`` sink, Dask's ``persist``), so the
figures are the cost of scanning plus moving batches between the engine and lurescan, not of
reading files or collecting rows to the driver. One run of each is discarded as a warm-up (worker
start, detector build). Workers scan on one thread each (``LURESCAN_PARALLELISM=0``): the engine
supplies the parallelism, one task per core. Medians of ``--repeat`` runs; this machine is
shared, so read the ratios rather than the absolute figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import warnings
from collections.abc import Callable

import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from python_scan_many import corpus  # noqa: E402

import lurescan  # noqa: E402

ONE_THREAD = {"LURESCAN_PARALLELISM": "0"}


def median_seconds(run: Callable[[], object], repeat: int) -> float:
    run()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_scan_many(posts: list[str], repeat: int) -> list[tuple[str, float]]:
    detector = lurescan.Detector()
    out = []
    for label, parallelism in [("1 thread", "0"), (f"rayon, {os.cpu_count()} cores", "1")]:
        os.environ["LURESCAN_PARALLELISM"] = parallelism
        out.append(
            (f"scan_many, {label}", median_seconds(lambda: detector.scan_many(posts), repeat))
        )
    os.environ.pop("LURESCAN_PARALLELISM")
    return out


def bench_spark(frame: pd.DataFrame, workers: int, repeat: int) -> float:
    from pyspark.sql import SparkSession

    from lurescan.spark import scan_dataframe

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ["PYSPARK_PYTHON"] = sys.executable
    builder = (
        SparkSession.builder.master(f"local[{workers}]")
        .appName("lurescan-bench")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "2g")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
    )
    for key, value in ONE_THREAD.items():
        builder = builder.config(f"spark.executorEnv.{key}", value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    try:
        # Four tasks per core, so that both cores stay busy to the end.
        df = spark.createDataFrame(frame).repartition(4 * workers).cache()
        df.count()
        scanned = scan_dataframe(df, "text")
        return median_seconds(lambda: scanned.write.format("noop").mode("overwrite").save(), repeat)
    finally:
        spark.stop()


def bench_dask(frame: pd.DataFrame, workers: int, repeat: int) -> float:
    import dask.dataframe as dd
    from distributed import Client, LocalCluster, wait

    from lurescan.dask import scan_dataframe

    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        env=ONE_THREAD,
    )
    with cluster, Client(cluster) as client:
        # Dask keys are content hashes: scanning the same input twice would only look the first
        # result up. So each run gets its own persisted copy, told apart by a constant column.
        copies = [
            client.persist(dd.from_pandas(frame.assign(run=i), npartitions=4 * workers))
            for i in range(repeat + 1)
        ]
        wait(copies)
        runs = iter(copies)

        def run() -> None:
            result = client.persist(scan_dataframe(next(runs), "text"))
            wait(result)
            del result

        return median_seconds(run, repeat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--engines", default="spark,dask")
    args = parser.parse_args()
    # The input goes into the Dask graph from memory on purpose (to leave file reading out).
    warnings.filterwarnings("ignore", message="Sending large graph")
    engines = args.engines.split(",")

    posts = corpus(args.posts)
    frame = pd.DataFrame({"text": posts})
    mb = sum(len(p.encode()) for p in posts) / 1e6
    results = bench_scan_many(posts, args.repeat)
    for workers in (1, 2):
        if "spark" in engines:
            results.append((f"spark local[{workers}]", bench_spark(frame, workers, args.repeat)))
        if "dask" in engines:
            results.append((f"dask, {workers} worker(s)", bench_dask(frame, workers, args.repeat)))

    print(f"{args.posts} posts, {mb:.1f} MB, median of {args.repeat} runs, {os.cpu_count()} cores")
    base = results[0][1]
    for label, seconds in results:
        print(
            f"{label:28} {seconds:7.2f} s {args.posts / seconds:10.0f} rows/s"
            f"  {base / seconds:5.2f}x scan_many 1 thread"
        )


if __name__ == "__main__":
    main()
