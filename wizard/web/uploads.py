"""Views that receive or send a supporting document: the upload marker (a larger body
limit, see `inputs.CleanRequest`, and the view's own answer to an oversized file) and the
one way a stored file is sent."""

import io

from flask import send_file


def accepts_file(too_large):
    """Mark a view as receiving one file. `too_large(**view_args)` answers a body over the
    limit (the 413 is raised before the view runs, often before its blueprint's checks):
    it returns the page with the message next to the file field, or None for the plain
    413 page; it must neither read the request's form nor abort."""

    def decorate(view):
        view.accepts_file = True
        view.too_large = too_large
        return view

    return decorate


def file_response(data: bytes, content_type: str, filename: str, sha256: str | None = None):
    """A download: `Content-Disposition: attachment` (non-ASCII names as RFC 5987), the
    stored type, no sniffing, no caching, the SHA-256 when known."""
    response = send_file(io.BytesIO(data), mimetype=content_type, as_attachment=True,
                         download_name=filename, conditional=False, etag=False, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    if sha256:
        response.headers["X-Content-SHA256"] = sha256
    return response
