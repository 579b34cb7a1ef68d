#!/usr/bin/env python3
"""Checks bml's CSV export of one run against its metrics.jsonl, independently of the Java code.

Usage: check_csv.py METRICS_JSONL CSV_DIR

For every record type, reads CSV_DIR/<type>.csv with Python's csv module and checks the header (the JSONL keys in
first-seen order, without "type"; a config record's "changes" replaced by key, old, new) and every cell against the
JSONL value: numbers parse back to the identical value, texts are equal, objects and arrays are their JSON. When
pandas is installed, also checks that pandas.read_csv reads each file in one call with every row, and with
float_precision="round_trip" every double identical. Prints a JSON summary; a mismatch exits with status 1 and says
where on stderr.
"""

import csv
import json
import math
import os
import sys


class Mismatch(Exception):
    pass


def expected_rows(records):
    """The rows each type's CSV should hold, in order."""
    rows = {}
    for record in records:
        record = dict(record)
        kind = record.pop("type")
        if kind == "config" and isinstance(record.get("changes"), dict):
            changes = record["changes"]
            base = {}
            for key, value in record.items():
                if key == "changes":
                    base.update({"key": None, "old": None, "new": None})
                else:
                    base[key] = value
            exploded = []
            for key, change in changes.items():
                old, new = (change[0], change[1]) if isinstance(change, list) else (change["old"], change["new"])
                exploded.append({**base, "key": key, "old": old, "new": new})
            rows.setdefault(kind, []).extend(exploded or [base])
        else:
            rows.setdefault(kind, []).append(record)
    return rows


def same(cell, value):
    if value is None:
        return cell == ""
    if isinstance(value, bool):
        return cell == ("true" if value else "false")
    if isinstance(value, int):
        return int(cell) == value
    if isinstance(value, float):
        parsed = float(cell)
        return (math.isnan(parsed) and math.isnan(value)) or parsed == value
    if isinstance(value, str):
        return cell == value
    return json.loads(cell) == value


def check_type(csv_dir, kind, rows):
    path = os.path.join(csv_dir, kind + ".csv")
    columns = []
    for row in rows:
        columns.extend(key for key in row if key not in columns)
    with open(path, newline="", encoding="utf-8") as file:
        reader = csv.reader(file)
        header = next(reader)
        body = list(reader)
    if header != columns:
        raise Mismatch(f"{path}: header {header}, expected {columns}")
    if len(body) != len(rows):
        raise Mismatch(f"{path}: {len(body)} rows, expected {len(rows)}")
    for number, (cells, row) in enumerate(zip(body, rows), start=2):
        for column, cell in zip(header, cells):
            value = row.get(column)
            if not same(cell, value):
                raise Mismatch(f"{path} row {number} column {column!r}: {cell!r} is not {value!r}")
    return path


def check_pandas(path, rows):
    """One plain read_csv call reads every row; with float_precision="round_trip" every double is identical.

    pandas' default float parser can be one unit in the last place off on 17-digit values (0.30000000000000004
    reads as 0.3), so the plain read is checked to 1e-15 and the round-trip read exactly.
    """
    try:
        import pandas
    except ImportError:
        return False
    for options, exact in (({}, False), ({"float_precision": "round_trip"}, True)):
        frame = pandas.read_csv(path, **options)
        if len(frame) != len(rows):
            raise Mismatch(f"{path}: pandas read {len(frame)} rows, expected {len(rows)}")
        for column in frame.columns:
            if frame[column].dtype.kind != "f":
                continue
            for index, row in enumerate(rows):
                value = row.get(column)
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    read = float(frame[column].iloc[index])
                    equal = read == value if exact else math.isclose(read, value, rel_tol=1e-15)
                    if not (equal or (math.isnan(read) and math.isnan(value))):
                        raise Mismatch(f"{path}: pandas read {read!r} in {column!r} row {index} "
                                       f"({options or 'default options'}), not {value!r}")
    return True


def main(args):
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    metrics, csv_dir = args
    with open(metrics, encoding="utf-8") as file:
        records = [json.loads(line) for line in file if line.strip()]
    try:
        checked, with_pandas = [], False
        for kind, rows in expected_rows(records).items():
            path = check_type(csv_dir, kind, rows)
            with_pandas = check_pandas(path, rows)
            checked.append(os.path.basename(path))
    except Mismatch as mismatch:
        print(mismatch, file=sys.stderr)
        return 1
    print(json.dumps({"files": checked, "rows": len(records), "pandas": with_pandas}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
