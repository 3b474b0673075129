"""Re-vendor the map's front-end files from the npm registry into static/vendor.

Usage: python scripts/vendor_assets.py  (needs npm; run it to upgrade Leaflet).
"""

from __future__ import annotations

import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "static" / "vendor"

# package spec -> files inside the npm tarball ("package/..." prefix stripped) to keep
PACKAGES: dict[str, dict[str, list[str]]] = {
    "leaflet@1.9.4": {
        "leaflet": [
            "dist/leaflet.js",
            "dist/leaflet.css",
            "dist/images/layers.png",
            "dist/images/layers-2x.png",
            "dist/images/marker-icon.png",
            "dist/images/marker-icon-2x.png",
            "dist/images/marker-shadow.png",
            "LICENSE",
        ]
    },
}


def _pack(spec: str, workdir: Path) -> Path:
    out = subprocess.run(
        ["npm", "pack", spec, "--silent", "--pack-destination", str(workdir)],
        check=True,
        capture_output=True,
        text=True,
    )
    return workdir / out.stdout.strip().splitlines()[-1]


def vendor() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        for spec, targets in PACKAGES.items():
            archive = _pack(spec, workdir)
            with tarfile.open(archive) as tar:
                for folder, files in targets.items():
                    dest = VENDOR / folder
                    shutil.rmtree(dest, ignore_errors=True)
                    for name in files:
                        member = tar.getmember(f"package/{name}")
                        data = tar.extractfile(member)
                        assert data is not None, name
                        # dist/ prefix dropped so CSS-relative image paths stay valid
                        target = dest / name.removeprefix("dist/")
                        target.parent.mkdir(parents=True, exist_ok=True)
                        target.write_bytes(data.read())
                    (dest / "VERSION").write_text(spec + "\n")
            print(f"vendored {spec}")


if __name__ == "__main__":
    vendor()
