"""Summarise web server access logs: requests per path, status codes, slow requests."""

import argparse
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Iterator, Optional

LINE_PATTERN = re.compile(
    r'(?P<host>\S+) \S+ \S+ \[(?P<time>[^\]]+)\] '
    r'"(?P<method>[A-Z]+) (?P<path>\S+) [^"]*" '
    r'(?P<status>\d{3}) (?P<size>\d+|-) (?P<duration>\d+)'
)
TIME_FORMAT = "%d/%b/%Y:%H:%M:%S %z"


@dataclass(frozen=True)
class Request:
    host: str
    time: datetime
    method: str
    path: str
    status: int
    size: int
    duration_ms: int

    @property
    def is_error(self) -> bool:
        return self.status >= 500


def parse_line(line: str) -> Optional[Request]:
    """Parse one log line, or return None when it does not look like a request."""
    match = LINE_PATTERN.match(line)
    if match is None:
        return None
    size = match.group("size")
    return Request(
        host=match.group("host"),
        time=datetime.strptime(match.group("time"), TIME_FORMAT),
        method=match.group("method"),
        path=match.group("path").split("?", 1)[0],
        status=int(match.group("status")),
        size=0 if size == "-" else int(size),
        duration_ms=int(match.group("duration")),
    )


def parse_lines(lines: Iterable[str]) -> Iterator[Request]:
    for line in lines:
        request = parse_line(line.rstrip("\n"))
        if request is not None:
            yield request


def percentile(values: list[int], fraction: float) -> int:
    """The value below which `fraction` of the values fall (nearest rank)."""
    if not values:
        return 0
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(fraction * len(ordered)) - 1))
    return ordered[index]


class Summary:
    def __init__(self) -> None:
        self.total = 0
        self.statuses: Counter[int] = Counter()
        self.paths: Counter[str] = Counter()
        self.durations: dict[str, list[int]] = defaultdict(list)
        self.bytes_sent = 0
        self.first: Optional[datetime] = None
        self.last: Optional[datetime] = None

    def add(self, request: Request) -> None:
        self.total += 1
        self.statuses[request.status] += 1
        self.paths[request.path] += 1
        self.durations[request.path].append(request.duration_ms)
        self.bytes_sent += request.size
        if self.first is None or request.time < self.first:
            self.first = request.time
        if self.last is None or request.time > self.last:
            self.last = request.time

    def error_rate(self) -> float:
        if self.total == 0:
            return 0.0
        errors = sum(count for status, count in self.statuses.items() if status >= 500)
        return errors / self.total

    def slowest_paths(self, limit: int = 5) -> list[tuple[str, int]]:
        p95 = {path: percentile(values, 0.95) for path, values in self.durations.items()}
        return sorted(p95.items(), key=lambda item: item[1], reverse=True)[:limit]

    def report(self, top: int = 10) -> str:
        lines = [f"{self.total} requests, {self.bytes_sent / 1_000_000:.1f} MB sent"]
        if self.first and self.last:
            lines.append(f"from {self.first.isoformat()} to {self.last.isoformat()}")
        lines.append(f"error rate: {self.error_rate():.2%}")
        lines.append("status codes:")
        for status, count in sorted(self.statuses.items()):
            lines.append(f"  {status}: {count}")
        lines.append(f"top {top} paths:")
        for path, count in self.paths.most_common(top):
            lines.append(f"  {count:>8}  {path}")
        lines.append("slowest paths (p95):")
        for path, duration in self.slowest_paths():
            lines.append(f"  {duration:>6} ms  {path}")
        return "\n".join(lines)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="*", help="log files (standard input when none)")
    parser.add_argument("--top", type=int, default=10, help="how many paths to list")
    args = parser.parse_args(argv)

    summary = Summary()
    if not args.files:
        for request in parse_lines(sys.stdin):
            summary.add(request)
    for name in args.files:
        with open(name, encoding="utf-8", errors="replace") as handle:
            for request in parse_lines(handle):
                summary.add(request)
    print(summary.report(top=args.top))
    return 0 if summary.total else 1


if __name__ == "__main__":
    sys.exit(main())
