"""Number formatting shared by the report modules."""
import statistics


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def mb(x):
    return "%.0f" % (x / 2 ** 20) if x else "-"


def fmt(x, digits=0):
    return "-" if x is None else ("%%.%df" % digits) % x
