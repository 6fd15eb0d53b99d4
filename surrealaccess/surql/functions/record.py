"""``record::*`` built-ins."""

from __future__ import annotations

from ..values import RecordId, Value
from . import Context, builtin


@builtin("record::id", "record")
def record_id(record: RecordId) -> Value:
    return record.key


@builtin("record::tb", "record")
def tb(record: RecordId) -> Value:
    return record.table


@builtin("record::table", "record")
def table(record: RecordId) -> Value:
    return record.table


@builtin("record::exists", "record", context=True)
def exists(context: Context, record: RecordId) -> Value:
    return context.delegate("record::exists", [record])
