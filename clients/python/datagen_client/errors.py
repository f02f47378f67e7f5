"""Errors raised by the client: the server's RFC 9457 problem details, and an unreachable server."""
import json

PROBLEM_JSON = "application/problem+json"

# Members of a problem detail that become attributes; everything else is an extra property.
_STANDARD = ("type", "title", "status", "detail", "instance")


class DataGenError(Exception):
    """A request the server refused, or could not answer.

    Carries the problem detail's standard members as attributes (``status``, ``type``, ``title``,
    ``detail``, ``instance``) and its extra members in ``properties``; an extra member can also be read as
    an attribute (``err.part``, ``err.line``, ``err.reason``). ``str(err)`` is the server's detail.
    """

    def __init__(self, detail, status=None, type=None, title=None, instance=None, properties=None):
        super().__init__(detail)
        self.detail = detail
        self.status = status
        self.type = type
        self.title = title
        self.instance = instance
        self.properties = dict(properties or {})

    def __getattr__(self, name):
        # Called only for attributes not found normally: expose the problem's extra members.
        properties = self.__dict__.get("properties", {})
        if name in properties:
            return properties[name]
        raise AttributeError("%s has no attribute or problem property %r" % (type(self).__name__, name))

    def __str__(self):
        return self.detail

    def __reduce__(self):
        # Errors raised in Keras or DataLoader worker processes are pickled back to the trainer whole.
        return type(self), (self.detail, self.status, self.type, self.title, self.instance, self.properties)

    def __repr__(self):
        return "DataGenError(status=%r, type=%r, detail=%r, properties=%r)" % (
            self.status, self.type, self.detail, self.properties)

    @classmethod
    def from_response(cls, method, path, status, content_type, body):
        """The error for a non-2xx response: its problem detail, or a summary when it has none."""
        if content_type.split(";")[0].strip().lower() in (PROBLEM_JSON, "application/json"):
            try:
                problem = json.loads(body.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                problem = None
            if isinstance(problem, dict):
                extras = {k: v for k, v in problem.items() if k not in _STANDARD}
                detail = problem.get("detail") or problem.get("title") or "HTTP %d" % status
                return cls(detail, status=problem.get("status", status), type=problem.get("type"),
                           title=problem.get("title"), instance=problem.get("instance"), properties=extras)
        # Not a problem detail (a proxy's error page, say): keep the start of the body for the reader.
        text = body[:300].decode("utf-8", "replace").strip()
        return cls("%s %s answered HTTP %d%s" % (method, path, status, ": " + text if text else ""),
                   status=status)


class DataGenUnavailable(DataGenError, ConnectionError):
    """The server could not be reached (refused, reset, timed out) after every configured attempt.

    ``attempts`` is how many were made; the last low-level error is the ``__cause__``.
    """

    def __init__(self, detail, attempts):
        super().__init__(detail)
        self.attempts = attempts

    def __reduce__(self):
        return type(self), (self.detail, self.attempts)
