#!/usr/bin/env python3
"""Splits a one-revision migration set of the synthetic model into N revisions, one table each.

    synth_revisions.py INITIAL_MIGRATIONS_DIR OUT_MIGRATIONS_DIR

INITIAL_MIGRATIONS_DIR is what `strata-gen generate` wrote for the whole synthetic model (one
revision 0001_*). OUT gets 0001_create_t0000 ... NNNN_create_tNNNN: revision k creates table k
(revision 1 also the schemas and enums), with the up/down statements strata-gen wrote for that
table and the snapshot restricted to tables 0..k. Generating them one table at a time through
strata-gen would cost N scans; this takes seconds. Run `strata-gen hash` afterwards to write
strata.sum and the registry; `strata-gen check` on the full model then proves the chain ends at
the model's snapshot, and `migrator check` after an upgrade proves the SQL builds it. Like
strata-gen, each revision .cpp records only the hash of its snapshot; the registry `strata-gen hash`
writes embeds the head's.
"""
import argparse
import glob
import hashlib
import json
import os
import re

import pystache

# A schema-qualified table ("public"."t0004") or index ("public"."ix_t0004_parent_id").
TABLE_REF = re.compile(r'"\w+"\."(?:[a-z]+_)?t(\d{4})(?:_\w*)?"')
CREATED_AT = "2026-01-01T00:00:00Z"


def statements(path):
    """The SQL statements of an up/down file, with their warning comments, header dropped."""
    text = open(path).read()
    blocks = text.split("\n\n")
    return [b.strip("\n") for b in blocks[1:] if b.strip() and b.strip() != "-- No statements."]


def by_table(blocks):
    """{table index: [statements]}; statements naming no table (schemas, enums) go to table 0."""
    out = {}
    for block in blocks:
        match = TABLE_REF.search(block)
        out.setdefault(int(match.group(1)) if match else 0, []).append(block)
    return out


def snapshot_upto(snapshot, k):
    schemas = [dict(schema, tables=[t for t in schema["tables"] if int(t["name"][1:]) <= k])
               for schema in snapshot["schemas"]]
    return json.dumps(dict(snapshot, schemas=schemas), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# The templates strata-gen itself renders (generator/writer/templates), not a copy of them.
TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "generator", "writer", "templates")
RENDERER = pystache.Renderer(escape=lambda text: text, missing_tags="strict")


def render(template, view):
    with open(os.path.join(TEMPLATES, template)) as f:
        return RENDERER.render(f.read(), view)


def sql_file(rev_id, parent, message, kind, blocks):
    """The revision's up or down SQL; `blocks` are statements as strata-gen wrote them (warnings included)."""
    return render(f"{kind}.sql.mustache", {
        "id": rev_id, "parent_text": parent or "none (first revision)", "message_text": message,
        "created_at_text": CREATED_AT,
        "statements": [{"sql": b, "warnings": [], "step_marker": "", "allow_line": ""} for b in blocks]})


def source_file(rev_id, parent, message, snapshot_text):
    return render("revision.cpp.mustache", {
        "id": rev_id, "parent": parent, "namespace": "r" + rev_id, "message_literal": json.dumps(message),
        "created_at_literal": json.dumps(CREATED_AT),
        "snapshot_hash": hashlib.sha256(snapshot_text.encode()).hexdigest(), "online": False})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("initial")
    parser.add_argument("out")
    args = parser.parse_args()
    [up] = glob.glob(os.path.join(args.initial, "0001_*.up.sql"))
    down = up[: -len(".up.sql")] + ".down.sql"
    snapshot_text = open(os.path.join(args.initial, "snapshot.json")).read()
    snapshot = json.loads(snapshot_text)
    n = sum(len(s["tables"]) for s in snapshot["schemas"])
    if snapshot_upto(snapshot, n - 1) != snapshot_text:
        raise SystemExit("snapshot.json is not in the canonical form this script reproduces")
    ups, downs = by_table(statements(up)), by_table(statements(down))
    os.makedirs(args.out, exist_ok=True)
    parent = ""
    for k in range(n):
        rev_id, message = f"{k + 1:04d}_create_t{k:04d}", f"create t{k:04d}"
        text = snapshot_upto(snapshot, k)
        files = {".up.sql": sql_file(rev_id, parent, message, "up", ups.get(k, [])),
                 ".down.sql": sql_file(rev_id, parent, message, "down", downs.get(k, [])),
                 ".cpp": source_file(rev_id, parent, message, text)}
        for ext, content in files.items():
            with open(os.path.join(args.out, rev_id + ext), "w") as f:
                f.write(content)
        parent = rev_id
    with open(os.path.join(args.out, "snapshot.json"), "w") as f:
        f.write(snapshot_text)


if __name__ == "__main__":
    main()
