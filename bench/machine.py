"""What the machine was doing while a benchmark ran, reported beside its figures.

Timings on a shared machine are only comparable when nothing else ran: `Contention` records the
load average and the share of the CPUs other processes used (all busy time in /proc/stat minus
this process's and its children's) between `start()` and `report()`.
"""

from __future__ import annotations

import os
import platform


def _cpu_jiffies() -> tuple[int, int]:
    with open("/proc/stat", encoding="ascii") as stat:
        fields = [int(x) for x in stat.readline().split()[1:]]
    return sum(fields), fields[3] + fields[4]  # total, idle + iowait


def _own_seconds() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


class Contention:
    """Started at construction; `report()` says how busy the rest of the machine was since."""

    def __init__(self) -> None:
        self._load = os.getloadavg()[0]
        self._total, self._idle = _cpu_jiffies()
        self._own = _own_seconds()

    def report(self) -> dict[str, object]:
        total, idle = _cpu_jiffies()
        ticks = os.sysconf("SC_CLK_TCK")
        wall_cpu_s = (total - self._total) / ticks  # CPU-seconds available on all cores
        busy_s = (total - self._total - (idle - self._idle)) / ticks
        others_s = max(0.0, busy_s - (_own_seconds() - self._own))
        return {
            "machine": f"{platform.machine()}, {len(os.sched_getaffinity(0))} cores",
            "load_avg_1m_start": round(self._load, 2),
            "load_avg_1m_end": round(os.getloadavg()[0], 2),
            "other_processes_cpu_pct": round(100 * others_s / wall_cpu_s, 1) if wall_cpu_s else 0.0,
        }
