"""The static files, served as in production by WhiteNoise in front of the application (so
that gunicorn alone serves them well: no web server needed for them).

Every asset URL carries a version, so a browser keeps it for a year (`immutable`) and a
new release changes every URL:
- the DSFR: `/dsfr/<DSFR version>/…` from `DSFR_DIST` (node_modules), its version read from
  the package; `flask --app wizard assets compress` (run by `make install`) writes the
  gzip and brotli copies of the files the pages load next to them;
- the application's own files (`wizard/static`): `/static/<content hash>/…`, copied and
  compressed once per content into `ASSETS_DIR/static-<hash>` (content-addressed: never
  stale, safe when several workers start at once).
Relative references inside the CSS (fonts, icons) stay inside the same version.
WhiteNoise picks the brotli or gzip copy the browser accepts; the Flask routes at the same
URLs (`static`, `web.dsfr_asset`) answer only when WhiteNoise is off (development).
"""

import hashlib
import json
import logging
import os
import shutil
import tempfile
from pathlib import Path

from whitenoise import WhiteNoise
from whitenoise.compress import Compressor

log = logging.getLogger(__name__)

STATIC_FOLDER = Path(__file__).resolve().parent.parent / "static"
# The DSFR files the pages load, and what their CSS refers to (icons, fonts, artwork).
DSFR_COMPRESSED = ("dsfr*.min.css", "dsfr*.min.js", "utility/**/*.min.css", "favicon/*",
                   "icons/**/*.svg", "artwork/**/*.svg")
YEAR = 365 * 24 * 3600


def static_version(folder: Path = STATIC_FOLDER) -> str:
    """A short hash of the names and contents of the application's static files."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def dsfr_version(dist: Path) -> str:
    """The DSFR package's version (its package.json next to dist/), else a content hash."""
    try:
        return json.loads((Path(dist).parent / "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        css = Path(dist) / "dsfr.min.css"
        return hashlib.sha256(css.read_bytes()).hexdigest()[:12] if css.exists() else "0"


def compressor() -> Compressor:
    return Compressor(quiet=True)


def compress_dsfr(dist: Path) -> int:
    """Write the .gz and .br copies of the DSFR files the pages load (skipping those done
    already); the number of files compressed."""
    done = 0
    squeeze = compressor()
    for pattern in DSFR_COMPRESSED:
        for path in Path(dist).glob(pattern):
            if not path.is_file() or path.suffix in (".gz", ".br", ".map"):
                continue
            if Path(f"{path}.gz").exists() or Path(f"{path}.br").exists():
                continue
            squeeze.compress(str(path))
            done += 1
    return done


def build_static(assets_dir: Path, version: str, folder: Path = STATIC_FOLDER) -> Path:
    """`assets_dir/static-<version>`: the static files with their compressed copies, built
    once (in a temporary folder, then renamed: a concurrent worker sees all or nothing)."""
    target = Path(assets_dir) / f"static-{version}"
    if target.is_dir():
        return target
    Path(assets_dir).mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=".static-", dir=assets_dir))
    try:
        shutil.copytree(folder, building, dirs_exist_ok=True)
        squeeze = compressor()
        for path in sorted(p for p in building.rglob("*") if p.is_file()):
            if squeeze.should_compress(path.name):
                squeeze.compress(str(path))
        os.chmod(building, 0o755)
        try:
            building.rename(target)
        except OSError:  # another worker finished first
            if not target.is_dir():
                raise
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return target


def _headers(headers, path, url):
    headers["X-Content-Type-Options"] = "nosniff"


def install(app, static_hash: str) -> None:
    """Put WhiteNoise in front of `app` for both versioned prefixes (not in development,
    where Flask serves the files as they are edited)."""
    if app.config.get("ENV_NAME") == "development":
        return
    try:
        static_root = build_static(app.config["ASSETS_DIR"], static_hash)
    except OSError as exc:  # a read-only disk: serve the files uncompressed
        log.warning("static files not compressed (%s): serving %s", exc, STATIC_FOLDER)
        static_root = STATIC_FOLDER
    served = _whitenoise(app.wsgi_app)
    served.files.update(_scanned(str(static_root), f"static/{static_hash}/"))
    dist = Path(app.config["DSFR_DIST"])
    if dist.is_dir():
        served.files.update(_scanned(str(dist), f"dsfr/{dsfr_version(dist)}/"))
    app.wsgi_app = served


def _whitenoise(application) -> WhiteNoise:
    return WhiteNoise(
        application, max_age=YEAR, allow_all_origins=False, add_headers_function=_headers,
        immutable_file_test=lambda path, url: True,
    )


_SCANS: dict[tuple[str, str], dict] = {}


def _scanned(root: str, prefix: str) -> dict:
    """WhiteNoise's table of the files under `root` (URL → file and headers), scanned once
    per process: the DSFR has some 2 500 files, and every application (each test's) reuses
    the table. The contents are immutable under their versioned prefix."""
    key = (root, prefix)
    if key not in _SCANS:
        scanner = _whitenoise(None)
        scanner.add_files(root, prefix=prefix)
        _SCANS[key] = scanner.files
    return _SCANS[key]
