#!/usr/bin/env python3
"""An independent BagIt 1.0 validator (RFC 8493), for the archives module's tests.

Written from the RFC's text in a different language from the code that builds the bags (TypeScript), so that
a mistake in the builder is not repeated by the checker. Standard library only. The Library of Congress's
bagit-python (`bagit.py --validate`) is the reference validator; the tests run it too when it is installed
(BAGIT_PY=/path/to/bagit.py, or `import bagit` works) — see README.md beside this file.

Usage: validate_bag.py TAR_OR_DIR   → prints JSON {"valid": bool, "errors": [...]} and exits 0 if valid, 1 if not.
A tar is extracted with Python's tarfile first (it must hold exactly one top-level directory, the bag).
"""
import hashlib
import json
import os
import re
import sys
import tarfile
import tempfile

ALGORITHMS = {"md5", "sha1", "sha256", "sha512"}


def read_text(path):
    with open(path, "rb") as f:
        raw = f.read()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    return raw.decode("utf-8")


def parse_manifest(path, errors, name):
    entries = {}
    for n, line in enumerate(read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        m = re.match(r"^([0-9a-fA-F]+)[ \t]+\*?(.+)$", line)
        if not m:
            errors.append(f"{name}:{n}: malformed line")
            continue
        rel = m.group(2).replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")
        if rel.startswith("/") or ".." in rel.split("/"):
            errors.append(f"{name}:{n}: unsafe path {rel}")
            continue
        entries[os.path.normpath(rel)] = m.group(1).lower()
    return entries


def digest(path, algorithm):
    h = hashlib.new(algorithm)
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def validate(bag):
    errors = []
    declaration = os.path.join(bag, "bagit.txt")
    if not os.path.isfile(declaration):
        return ["bagit.txt missing"]
    lines = read_text(declaration).splitlines()
    if len(lines) != 2 or not re.match(r"^BagIt-Version: \d+\.\d+$", lines[0]) or not re.match(
        r"^Tag-File-Character-Encoding: \S+$", lines[1]
    ):
        errors.append("bagit.txt: not two lines 'BagIt-Version: M.N' and 'Tag-File-Character-Encoding: ENC'")
    if not os.path.isdir(os.path.join(bag, "data")):
        errors.append("data/ missing")

    payload = set()
    for root, _dirs, files in os.walk(os.path.join(bag, "data")):
        for f in files:
            payload.add(os.path.normpath(os.path.relpath(os.path.join(root, f), bag)))

    manifests = [f for f in os.listdir(bag) if re.match(r"^manifest-(\w+)\.txt$", f)]
    if not manifests:
        errors.append("no payload manifest")
    for name in manifests:
        algorithm = re.match(r"^manifest-(\w+)\.txt$", name).group(1)
        if algorithm not in ALGORITHMS:
            errors.append(f"{name}: unsupported algorithm")
            continue
        entries = parse_manifest(os.path.join(bag, name), errors, name)
        for rel, expected in entries.items():
            if not rel.startswith("data" + os.sep):
                errors.append(f"{name}: {rel} is not under data/")
            full = os.path.join(bag, rel)
            if not os.path.isfile(full):
                errors.append(f"{name}: {rel} listed but missing")
            elif digest(full, algorithm) != expected:
                errors.append(f"{name}: {rel} checksum mismatch")
        for rel in sorted(payload - set(entries)):
            errors.append(f"{name}: payload file {rel} not listed")

    for name in [f for f in os.listdir(bag) if re.match(r"^tagmanifest-(\w+)\.txt$", f)]:
        algorithm = re.match(r"^tagmanifest-(\w+)\.txt$", name).group(1)
        for rel, expected in parse_manifest(os.path.join(bag, name), errors, name).items():
            full = os.path.join(bag, rel)
            if rel.startswith("data" + os.sep):
                errors.append(f"{name}: lists payload file {rel}")
            elif not os.path.isfile(full):
                errors.append(f"{name}: {rel} listed but missing")
            elif digest(full, algorithm) != expected:
                errors.append(f"{name}: {rel} checksum mismatch")

    info = os.path.join(bag, "bag-info.txt")
    if os.path.isfile(info):
        fields = {}
        label = None
        for n, line in enumerate(read_text(info).splitlines(), 1):
            if not line:
                continue
            if line[0] in " \t" and label:
                fields[label] += " " + line.strip()
                continue
            if ":" not in line:
                errors.append(f"bag-info.txt:{n}: no label")
                continue
            label, value = line.split(":", 1)
            label = label.strip()
            fields[label] = value.strip()
        oxum = fields.get("Payload-Oxum")
        if oxum is not None:
            m = re.match(r"^(\d+)\.(\d+)$", oxum)
            octets = sum(os.path.getsize(os.path.join(bag, p)) for p in payload)
            if not m or int(m.group(1)) != octets or int(m.group(2)) != len(payload):
                errors.append(f"bag-info.txt: Payload-Oxum {oxum} but payload is {octets}.{len(payload)}")
    return errors


def main():
    target = sys.argv[1]
    if os.path.isdir(target):
        errors = validate(target)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            with tarfile.open(target) as tar:
                members = tar.getmembers()
                tops = {m.name.split("/")[0] for m in members}
                if len(tops) != 1 or any(m.name.startswith("/") or ".." in m.name.split("/") for m in members):
                    print(json.dumps({"valid": False, "errors": ["the tar does not hold exactly one safe top-level directory"]}))
                    return 1
                if hasattr(tarfile, "data_filter"):
                    tar.extractall(tmp, filter="data")
                else:
                    # Python before 3.11.4 (Debian 12 ships 3.11.2) has no extraction filters: refuse links and
                    # special files ourselves; names were checked above.
                    if any(not (m.isfile() or m.isdir()) for m in members):
                        print(json.dumps({"valid": False, "errors": ["the tar holds links or special files"]}))
                        return 1
                    tar.extractall(tmp)
            errors = validate(os.path.join(tmp, tops.pop()))
    print(json.dumps({"valid": not errors, "errors": errors}, ensure_ascii=False))
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
