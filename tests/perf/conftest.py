"""The benchmark suite is run with `python tests/perf/run.py`, never collected by pytest."""

collect_ignore_glob = ["*.py"]
