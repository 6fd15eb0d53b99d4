"""``array::*`` built-ins (and ``count``)."""

from __future__ import annotations

import functools

from .. import operators
from ..errors import EvaluationError
from ..values import Value, to_raw_string
from . import builtin

Array = tuple[Value, ...]


def _distinct(items: Array) -> Array:
    out: list[Value] = []
    for item in items:
        if not any(operators.equal(item, seen) for seen in out):
            out.append(item)
    return tuple(out)


def _has(items: Array, value: Value) -> bool:
    return any(operators.equal(item, value) for item in items)


@builtin("array::len", "array")
def length(items: Array) -> Value:
    return len(items)


@builtin("count", "any", optional=1)
def count(value: Value = True) -> Value:
    if isinstance(value, tuple):
        return sum(1 for item in value if operators.truthy(item))
    return 1 if operators.truthy(value) else 0


@builtin("array::append", "array", "any")
def append(items: Array, value: Value) -> Value:
    return (*items, value)


@builtin("array::push", "array", "any")
def push(items: Array, value: Value) -> Value:
    return (*items, value)


@builtin("array::prepend", "array", "any")
def prepend(items: Array, value: Value) -> Value:
    return (value, *items)


@builtin("array::add", "array", "any")
def add(items: Array, value: Value) -> Value:
    extra = value if isinstance(value, tuple) else (value,)
    out = list(items)
    for item in extra:
        if not _has(tuple(out), item):
            out.append(item)
    return tuple(out)


@builtin("array::at", "array", "int")
def at(items: Array, index: int) -> Value:
    if index < 0:
        index += len(items)
    return items[index] if 0 <= index < len(items) else None


@builtin("array::first", "array")
def first(items: Array) -> Value:
    return items[0] if items else None


@builtin("array::last", "array")
def last(items: Array) -> Value:
    return items[-1] if items else None


@builtin("array::pop", "array")
def pop(items: Array) -> Value:
    return items[-1] if items else None


@builtin("array::concat", variadic="array")
def concat(*arrays: Array) -> Value:
    return tuple(item for array in arrays for item in array)


@builtin("array::distinct", "array")
def distinct(items: Array) -> Value:
    return _distinct(items)


@builtin("array::flatten", "array")
def flatten(items: Array) -> Value:
    out: list[Value] = []
    for item in items:
        out.extend(item if isinstance(item, tuple) else (item,))
    return tuple(out)


@builtin("array::group", "array")
def group(items: Array) -> Value:
    return _distinct(flatten(items))  # type: ignore[arg-type]


@builtin("array::any", "array")
def any_(items: Array) -> Value:
    return any(operators.truthy(item) for item in items)


@builtin("array::all", "array")
def all_(items: Array) -> Value:
    return all(operators.truthy(item) for item in items)


@builtin("array::find_index", "array", "any")
def find_index(items: Array, value: Value) -> Value:
    for index, item in enumerate(items):
        if operators.equal(item, value):
            return index
    return None


@builtin("array::filter_index", "array", "any")
def filter_index(items: Array, value: Value) -> Value:
    return tuple(i for i, item in enumerate(items) if operators.equal(item, value))


@builtin("array::intersect", "array", "array")
def intersect(left: Array, right: Array) -> Value:
    return tuple(item for item in left if _has(right, item))


@builtin("array::union", "array", "array")
def union(left: Array, right: Array) -> Value:
    return _distinct(left + right)


@builtin("array::difference", "array", "array")
def difference(left: Array, right: Array) -> Value:
    out = [item for item in left if not _has(right, item)]
    out += [item for item in right if not _has(left, item)]
    return tuple(out)


@builtin("array::complement", "array", "array")
def complement(left: Array, right: Array) -> Value:
    return tuple(item for item in left if not _has(right, item))


@builtin("array::join", "array", "string")
def join(items: Array, separator: str) -> Value:
    return separator.join(to_raw_string(item) for item in items)


@builtin("array::max", "array")
def maximum(items: Array) -> Value:
    best: Value = None
    for item in items:
        if operators.compare(item, best) >= 0:
            best = item
    return best


@builtin("array::min", "array")
def minimum(items: Array) -> Value:
    best: Value = items[0] if items else None
    for item in items[1:]:
        if operators.compare(item, best) < 0:
            best = item
    return best


@builtin("array::remove", "array", "int")
def remove(items: Array, index: int) -> Value:
    if index < 0:
        index += len(items)
    if not 0 <= index < len(items):
        return items
    return items[:index] + items[index + 1:]


@builtin("array::reverse", "array")
def reverse(items: Array) -> Value:
    return items[::-1]


@builtin("array::slice", "array", "option<int>", "option<int>", optional=2)
def slice_(items: Array, start: int | None = None, end: int | None = None) -> Value:
    return items[start:end]


def _sorted(items: Array, descending: bool) -> Array:
    key = functools.cmp_to_key(operators.compare)
    return tuple(sorted(items, key=key, reverse=descending))


@builtin("array::sort", "array", "option<bool | string>", optional=1)
def sort(items: Array, order: Value = True) -> Value:
    if order is False:
        return items
    descending = isinstance(order, str) and order.lower() == "desc"
    return _sorted(items, descending)


@builtin("array::sort::asc", "array")
def sort_asc(items: Array) -> Value:
    return _sorted(items, False)


@builtin("array::sort::desc", "array")
def sort_desc(items: Array) -> Value:
    return _sorted(items, True)


@builtin("array::is_empty", "array")
def is_empty(items: Array) -> Value:
    return not items


@builtin("array::insert", "array", "any", "option<int>", optional=1)
def insert(items: Array, value: Value, index: int | None = None) -> Value:
    if index is None:
        return (*items, value)
    if index < 0:
        index += len(items)
    if not 0 <= index <= len(items):
        return items
    return (*items[:index], value, *items[index:])


@builtin("array::clump", "array", "int")
def clump(items: Array, size: int) -> Value:
    if size <= 0:
        raise EvaluationError(
            "Incorrect arguments for function array::clump(). The second argument must be an "
            "integer greater than 0"
        )
    return tuple(items[i:i + size] for i in range(0, len(items), size))


@builtin("array::combine", "array", "array")
def combine(left: Array, right: Array) -> Value:
    return tuple((a, b) for a in left for b in right)


@builtin("array::transpose", "array")
def transpose(items: Array) -> Value:
    rows = [row if isinstance(row, tuple) else (row,) for row in items]
    width = max((len(row) for row in rows), default=0)
    return tuple(tuple(row[i] for row in rows if i < len(row)) for i in range(width))


@builtin("array::windows", "array", "int")
def windows(items: Array, size: int) -> Value:
    if size <= 0:
        raise EvaluationError(
            "Incorrect arguments for function array::windows(). The second argument must be "
            "an integer greater than 0"
        )
    return tuple(items[i:i + size] for i in range(len(items) - size + 1))


@builtin("array::matches", "array", "any")
def matches(items: Array, value: Value) -> Value:
    return tuple(operators.equal(item, value) for item in items)


@builtin("array::swap", "array", "int", "int")
def swap(items: Array, first_index: int, second_index: int) -> Value:
    out = list(items)
    size = len(out)
    a = first_index + size if first_index < 0 else first_index
    b = second_index + size if second_index < 0 else second_index
    if not (0 <= a < size and 0 <= b < size):
        raise EvaluationError(
            "Incorrect arguments for function array::swap(). Argument 1 is out of range."
        )
    out[a], out[b] = out[b], out[a]
    return tuple(out)
