"""``time::*`` built-ins; ``time::now()`` reads the evaluation's clock (``Environment.now``)."""

from __future__ import annotations

from ..errors import EvaluationError
from ..values import Datetime, Duration, Value
from . import CONSTANTS, Context, builtin

_NANOS = 1_000_000_000

CONSTANTS["time::epoch"] = Datetime.from_epoch_ns(0)


def _at(nanoseconds: int, name: str) -> Datetime:
    try:
        return Datetime.from_epoch_ns(nanoseconds)
    except (OverflowError, ValueError):
        raise EvaluationError(
            f"Incorrect arguments for function {name}(). The timestamp is out of range"
        ) from None


@builtin("time::now", context=True)
def now(context: Context) -> Value:
    return context.now()


@builtin("time::unix", "option<datetime>", optional=1, context=True)
def unix(context: Context, moment: Datetime | None = None) -> Value:
    return (moment or context.now()).epoch_ns // _NANOS


@builtin("time::millis", "option<datetime>", optional=1, context=True)
def millis(context: Context, moment: Datetime | None = None) -> Value:
    return (moment or context.now()).epoch_ns // 1_000_000


@builtin("time::micros", "option<datetime>", optional=1, context=True)
def micros(context: Context, moment: Datetime | None = None) -> Value:
    return (moment or context.now()).epoch_ns // 1_000


@builtin("time::nano", "option<datetime>", optional=1, context=True)
def nano(context: Context, moment: Datetime | None = None) -> Value:
    return (moment or context.now()).epoch_ns


def _part(name: str, read: str) -> None:
    def run(context: Context, moment: Datetime | None = None) -> Value:
        value = (moment or context.now()).moment
        return int(getattr(value, read)() if read in ("weekday", "isoweekday") else
                   getattr(value, read))

    builtin(f"time::{name}", "option<datetime>", optional=1, context=True)(run)


for _name, _read in (("year", "year"), ("month", "month"), ("day", "day"), ("hour", "hour"),
                     ("minute", "minute"), ("second", "second"), ("wday", "isoweekday")):
    _part(_name, _read)


@builtin("time::yday", "option<datetime>", optional=1, context=True)
def yday(context: Context, moment: Datetime | None = None) -> Value:
    return (moment or context.now()).moment.timetuple().tm_yday


@builtin("time::week", "option<datetime>", optional=1, context=True)
def week(context: Context, moment: Datetime | None = None) -> Value:
    return (moment or context.now()).moment.isocalendar()[1]


@builtin("time::is_leap_year", "option<datetime>", optional=1, context=True)
def is_leap_year(context: Context, moment: Datetime | None = None) -> Value:
    year = (moment or context.now()).moment.year
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


@builtin("time::from_unix", "int")
def from_unix(seconds: int) -> Value:
    return _at(seconds * _NANOS, "time::from_unix")


@builtin("time::from_secs", "int")
def from_secs(seconds: int) -> Value:
    return _at(seconds * _NANOS, "time::from_secs")


@builtin("time::from_millis", "int")
def from_millis(millis: int) -> Value:
    return _at(millis * 1_000_000, "time::from_millis")


@builtin("time::from_micros", "int")
def from_micros(micros: int) -> Value:
    return _at(micros * 1_000, "time::from_micros")


@builtin("time::from_nanos", "int")
def from_nanos(nanos: int) -> Value:
    return _at(nanos, "time::from_nanos")


@builtin("time::floor", "datetime", "duration")
def floor(moment: Datetime, step: Duration) -> Value:
    if step.nanoseconds == 0:
        return moment
    ns = moment.epoch_ns
    return _at(ns - ns % step.nanoseconds, "time::floor")


@builtin("time::round", "datetime", "duration")
def round_(moment: Datetime, step: Duration) -> Value:
    if step.nanoseconds == 0:
        return moment
    ns = moment.epoch_ns
    down = ns - ns % step.nanoseconds
    up = down + step.nanoseconds
    return _at(up if ns - down >= up - ns else down, "time::round")
