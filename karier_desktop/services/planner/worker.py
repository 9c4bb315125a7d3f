"""Running HiGHS so that the clerk's time limit holds whatever HiGHS does.

HiGHS honours its `time_limit` option and a cancel only at its own check points. Measured on a
5,000-employee regency with per-person caps (issue 24): one root heuristic (line-search rounding
propagating the conflict pool) ran 57 s past a 17 s limit with no check point on its way, and a
45 s sweep hung for more than 30 minutes. So a large model is solved in a worker process
(spawned — safe beside Qt's threads, and what a frozen program supports): the option and a cancel
timer stop it softly, and past the hard deadline the process is killed. The worker reports every
improving solution as it finds it, so a killed run still leaves its best plan.

A small model (fewer than WORKER_PAIRS pairs) is solved in this process: HiGHS ends it in
moments, and a process start costs about a second on a loaded laptop.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

WORKER_PAIRS = 2_000  # models with at least this many pairs run in the worker process
GRACE_SECONDS = 0.5  # past the soft limit, HiGHS gets this long to stop before it is killed
POLL_SECONDS = 0.25

Arrays = tuple[Any, ...]  # the arguments of Highs.passModel after its format and sense


@dataclass(frozen=True)
class HighsRun:
    """What one HiGHS run left: `status` is the HighsModelStatus name, or "dihentikan" when
    the worker was killed at the hard deadline."""

    status: str
    col_value: np.ndarray | None  # all columns of the final solution (None: none valid)
    incumbent: np.ndarray | None  # indices of the x columns at 1 in the best solution seen
    mip_gap: float
    dual_bound: float  # nan: none known


KILLED = "dihentikan"


def _soft_run(h: Any, seconds: float) -> None:
    """HiGHS's own time limit plus a timer that cancels the run at its next check point."""
    h.HandleUserInterrupt = True
    timer = threading.Timer(max(0.0, seconds), h.cancelSolve)
    timer.daemon = True
    timer.start()
    try:
        h.run()
    finally:
        timer.cancel()


def _model(arrays: Arrays, integral: bool, options: dict[str, Any]) -> Any:
    import highspy

    from karier_desktop.services.planner.mip import _new_highs

    h = _new_highs()
    (n_col, n_row, n_nz, cost, lower, upper, rows_lo, rows_hi, starts, index, value,
     integer) = arrays
    ints = integer if integral else np.zeros_like(integer)
    h.passModel(n_col, n_row, n_nz, int(highspy.MatrixFormat.kRowwise),
                int(highspy.ObjSense.kMaximize), 0.0, cost, lower, upper, rows_lo, rows_hi,
                starts, index, value, ints)
    for key, val in options.items():
        h.setOptionValue(key, val)
    return h


def _solve_here(arrays: Arrays, integral: bool, options: dict[str, Any],
                start: np.ndarray | None, seconds: float, n_x: int,
                report: Callable[[tuple[Any, ...]], None] | None = None,
                tick: Callable[[], None] | None = None) -> HighsRun:
    h = _model(arrays, integral, dict(options, time_limit=max(0.05, seconds)))
    stop: list[BaseException] = []
    if tick is not None:
        def on_interrupt(e: Any) -> None:
            if not stop:
                try:
                    tick()
                except BaseException as exc:  # noqa: BLE001 - the caller cancelled
                    stop.append(exc)
            if stop:
                e.interrupt()
        h.cbMipInterrupt.subscribe(on_interrupt)
    if start is not None:
        h.setSolution(len(start), np.arange(len(start), dtype=np.int32), start)
    best: list[np.ndarray] = []
    if integral:
        def improving(e: Any) -> None:
            x = np.flatnonzero(np.asarray(e.data_out.mip_solution)[:n_x] > 0.5)
            best[:] = [x]
            if report is not None:
                report(("sol", x, float(e.data_out.mip_gap), float(e.data_out.mip_dual_bound)))
        h.cbMipImprovingSolution.subscribe(improving)
        if report is not None:
            sent = [0.0]

            def on_bound(e: Any) -> None:  # the bound, for a gap if the run is killed
                now = time.perf_counter()
                if now - sent[0] >= POLL_SECONDS:
                    sent[0] = now
                    report(("bound", float(e.data_out.mip_dual_bound)))
            h.cbMipInterrupt.subscribe(on_bound)
    _soft_run(h, seconds)
    if stop:
        raise stop[0]
    sol = h.getSolution()
    info = h.getInfo()
    gap = float(info.mip_gap) if integral else float("nan")
    bound = float(info.mip_dual_bound) if integral else float("nan")
    return HighsRun(h.getModelStatus().name, np.asarray(sol.col_value).copy()
                    if sol.value_valid else None, best[0] if best else None, gap, bound)


def _serve(conn: Any) -> None:
    """The worker process: solve each request, report improving solutions on the way."""
    with contextlib.suppress(EOFError, KeyboardInterrupt, BrokenPipeError):
        while True:
            request = conn.recv()
            if request is None:
                return
            arrays, integral, options, start, seconds, n_x = request
            out = _solve_here(arrays, integral, options, start, seconds, n_x, conn.send)
            conn.send(("done", out))


class SolverProcess:
    """One HiGHS worker process; start it early (its start overlaps the quick plan), reuse it
    for every run of a plan, `close` it at the end. A run past its hard deadline kills it; the
    next run starts a new one."""

    def __init__(self) -> None:
        self._proc: Any = None
        self._conn: Any = None
        self.start()

    def start(self) -> None:
        if self._proc is not None:
            return
        ctx = multiprocessing.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_serve, args=(child,), daemon=True,
                                 name="karier-highs")
        self._proc.start()
        child.close()

    def kill(self) -> None:
        if self._proc is None:
            return
        self._proc.kill()
        self._proc.join()
        self._conn.close()
        self._proc = self._conn = None

    def close(self) -> None:
        """End the worker. It holds nothing worth keeping between plans, so it is killed
        rather than waited for (its exit took 0.35 s on a loaded machine)."""
        self.kill()

    def run(self, arrays: Arrays, integral: bool, options: dict[str, Any],
            start: np.ndarray | None, seconds: float, n_x: int, hard_deadline: float,
            clock: Callable[[], float], tick: Callable[[], None] | None = None) -> HighsRun:
        """Solve in the worker; at `hard_deadline` (a time of `clock`) kill it and return the
        best solution it reported. `tick` is called while waiting (progress; it may raise to
        cancel, which kills the run)."""
        self.start()
        conn = self._conn
        best: tuple[np.ndarray, float, float] | None = None
        dual = float("nan")
        try:
            conn.send((arrays, integral, options, start, seconds, n_x))
            while True:
                if tick is not None:
                    tick()
                left = hard_deadline - clock()
                if left <= 0:
                    break
                if not conn.poll(min(POLL_SECONDS, left)):
                    continue
                msg = conn.recv()
                if msg[0] == "done":
                    out: HighsRun = msg[1]
                    return out
                if msg[0] == "bound":
                    dual = msg[1]
                else:
                    best, dual = (msg[1], msg[2], msg[3]), msg[3]
        except (EOFError, OSError):
            pass  # the worker died: what it reported stands
        except BaseException:
            self.kill()
            raise
        self.kill()
        if best is None:
            return HighsRun(KILLED, None, None, float("inf"), dual)
        return HighsRun(KILLED, None, best[0], best[1], dual)


def run_model(arrays: Arrays, integral: bool, options: dict[str, Any],
              start: np.ndarray | None, seconds: float, n_x: int,
              worker: SolverProcess | None, clock: Callable[[], float] = time.perf_counter,
              deadline: float | None = None, tick: Callable[[], None] | None = None
              ) -> HighsRun:
    """Solve in `worker` when given (killed at `deadline` + GRACE_SECONDS, or `seconds` +
    GRACE_SECONDS from now), else in this process."""
    if worker is None:
        return _solve_here(arrays, integral, options, start, seconds, n_x, tick=tick)
    hard = (clock() + seconds if deadline is None else deadline) + GRACE_SECONDS
    return worker.run(arrays, integral, options, start, seconds, n_x, hard, clock, tick)
