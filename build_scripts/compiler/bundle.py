"""Serialise the compiled rules and write them as one content-hashed file with its manifest."""

import hashlib
import json
from pathlib import Path


def serialise(bundle):
    """Deterministic JSON and its content hash (the bundle's version)."""
    body = json.dumps(bundle, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()[:12]
    bundle = dict(bundle, version=digest)
    return json.dumps(bundle, ensure_ascii=False, sort_keys=True, separators=(",", ":")), digest


def write_bundle(bundle, out_dir):
    """Write regles.<hash>.json and manifest.json naming it; remove older bundles of out_dir."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    text, digest = serialise(bundle)
    name = f"regles.{digest}.json"
    for old in out_dir.glob("regles.*.json"):
        if old.name != name:
            old.unlink()
    (out_dir / name).write_text(text, encoding="utf-8")
    (out_dir / "manifest.json").write_text(json.dumps({"regles": name, "version": digest}, indent=2) + "\n", encoding="utf-8")
    return out_dir / name
