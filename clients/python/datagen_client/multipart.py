"""multipart/form-data bodies, built with the standard library (RFC 7578)."""
import os
import uuid


def encode(fields, files):
    """Returns (body bytes, content type) for text ``fields`` and ``files``.

    fields: name -> str. files: name -> (filename, bytes). Order is kept, so the server sees the parts in
    the order the caller gave them.
    """
    boundary = "datagen-" + uuid.uuid4().hex
    chunks = []
    for name, value in fields.items():
        chunks.append(_header(boundary, name) + b"\r\n" + value.encode("utf-8") + b"\r\n")
    for name, (filename, data) in files.items():
        chunks.append(_header(boundary, name, filename)
                      + b"Content-Type: text/plain\r\n\r\n" + data + b"\r\n")
    chunks.append(("--%s--\r\n" % boundary).encode("ascii"))
    return b"".join(chunks), "multipart/form-data; boundary=" + boundary


def read_part(value):
    """A list-file part as (filename, bytes): ``value`` is bytes, or a local path (str or os.PathLike)."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "list.txt", bytes(value)
    if isinstance(value, (str, os.PathLike)):
        path = os.fspath(value)
        with open(path, "rb") as f:
            return os.path.basename(path), f.read()
    raise TypeError("a list-file part must be a path or bytes, not %s" % type(value).__name__)


def _header(boundary, name, filename=None):
    _check_token(name)
    disposition = 'form-data; name="%s"' % name
    if filename is not None:
        _check_token(filename)
        disposition += '; filename="%s"' % filename
    return ("--%s\r\nContent-Disposition: %s\r\n" % (boundary, disposition)).encode("utf-8")


def _check_token(text):
    # Quotes and line breaks would end the header value early and corrupt the form.
    if any(c in text for c in '"\r\n'):
        raise ValueError("part and file names may not contain quotes or line breaks: %r" % text)
