"""Writing a built site in place of the last one, all at once or not at all.

MkDocs empties the site folder first and fills it page by page, so a build that fails halfway
leaves half a site where the last good one was, and that is what a server or a deploy step then
publishes. Building into a fresh folder beside it and renaming it into place means the folder
holds, at every moment, either the whole old site or the whole new one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

_STAGING = ".{name}.building-"
_RETIRED = ".{name}.replaced-"


def replace_site(site: Path, build: Callable[[Path], bool]) -> bool:
    """Run `build(folder)` into a new folder beside `site`; if it succeeds, swap it in.

    `build` returns whether it succeeded. On failure, or on an exception, the new folder is
    removed and `site` is left exactly as it was. Returns what `build` returned."""
    site = site.absolute()
    site.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(site)
    staging = Path(tempfile.mkdtemp(prefix=_STAGING.format(name=site.name), dir=site.parent))
    try:
        ok = build(staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if not ok:
        shutil.rmtree(staging, ignore_errors=True)
        return False
    # mkdtemp makes the folder private; a site is for reading by anyone the umask allows.
    umask = os.umask(0)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)
    retired = None
    if site.exists():
        retired = Path(tempfile.mkdtemp(prefix=_RETIRED.format(name=site.name), dir=site.parent))
        os.rename(site, retired / site.name)
    os.rename(staging, site)
    if retired is not None:
        shutil.rmtree(retired, ignore_errors=True)
    return True


def _remove_leftovers(site: Path) -> None:
    """Clear what a killed build left behind (one build of a site at a time).

    A build killed between its two renames left the old site in a retired folder and none in
    place: put it back first. Anything else left over is never a good site."""
    if not site.exists():
        for retired in sorted(site.parent.glob(_RETIRED.format(name=site.name) + "*")):
            if (retired / site.name).is_dir():
                os.rename(retired / site.name, site)
                break
    for pattern in (_STAGING, _RETIRED):
        for path in site.parent.glob(pattern.format(name=site.name) + "*"):
            shutil.rmtree(path, ignore_errors=True)
