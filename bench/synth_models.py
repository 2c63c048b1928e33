#!/usr/bin/env python3
"""Writes a synthetic Strata model of N tables (two schemas, FKs, indexes, uniques, enums).

    synth_models.py N OUT_DIR [--alembic ALEMBIC_DIR]

OUT_DIR gets models_NNN.hpp headers (50 tables each) and models.txt listing them. With
--alembic, the same schema as SQLAlchemy models (models.py) for the Alembic comparison.
Deterministic: the same N gives the same files.
"""
import argparse
import os

TABLES_PER_HEADER = 50


def table_spec(i):
    schema = "audit" if i % 4 == 3 else "public"
    parent = None
    if i >= 1:
        parent = (i * 7) % i  # an earlier table: FKs form a DAG
    return schema, f"t{i:04d}", parent


def write_strata(n, out):
    os.makedirs(out, exist_ok=True)
    headers = []
    for h in range(0, n, TABLES_PER_HEADER):
        path = os.path.join(out, f"models_{h // TABLES_PER_HEADER:03d}.hpp")
        lines = ["#pragma once", "#include <chrono>", "#include <cstdint>", "#include <optional>",
                 "#include <string>", "#include <strata/annotate.hpp>", ""]
        if h == 0:
            lines += ["enum class STRATA_ENUM(\"item_state\") ItemState { draft, active, archived };",
                      "enum class STRATA_ENUM(\"event_level\") STRATA_SCHEMA(\"audit\") EventLevel { info, warn, error };",
                      ""]
        else:
            lines += ['#include "models_000.hpp"', ""]
        for i in range(h, min(n, h + TABLES_PER_HEADER)):
            schema, name, parent = table_spec(i)
            lines.append(f'struct STRATA_TABLE("{name}") STRATA_SCHEMA("{schema}") '
                         f'STRATA_INDEX("ix_{name}_owner_created", "owner_id, created_at") T{i:04d} {{')
            lines.append("  STRATA_PK STRATA_IDENTITY std::int64_t id;")
            lines.append("  STRATA_LENGTH(120) STRATA_UNIQUE std::string code;")
            lines.append("  std::string title;")
            lines.append("  std::int64_t owner_id;")
            lines.append("  std::optional<double> score;")
            lines.append('  STRATA_DEFAULT("true") bool enabled;')
            lines.append('  STRATA_DEFAULT("now()") std::chrono::system_clock::time_point created_at;')
            lines.append("  ItemState state;" if schema == "public" else "  EventLevel level;")
            if parent is not None:
                pschema, pname, _ = table_spec(parent)
                lines.append(f'  STRATA_FK("{pschema}.{pname}.id") STRATA_ON_DELETE("cascade") STRATA_INDEXED '
                             f"std::optional<std::int64_t> parent_id;")
            lines.append("};")
            lines.append("")
        with open(path, "w") as f:
            f.write("\n".join(lines))
        headers.append(path)
    with open(os.path.join(out, "models.txt"), "w") as f:
        f.write("\n".join(headers) + "\n")


def write_alembic(n, out):
    os.makedirs(out, exist_ok=True)
    lines = ["import enum", "import sqlalchemy as sa", "from sqlalchemy.orm import declarative_base", "",
             "Base = declarative_base()", "metadata = Base.metadata", "",
             "class ItemState(enum.Enum):", "    draft = 'draft'", "    active = 'active'", "    archived = 'archived'", "",
             "class EventLevel(enum.Enum):", "    info = 'info'", "    warn = 'warn'", "    error = 'error'", "",
             "item_state = sa.Enum(ItemState, name='item_state', schema='public')",
             "event_level = sa.Enum(EventLevel, name='event_level', schema='audit')", ""]
    for i in range(n):
        schema, name, parent = table_spec(i)
        lines.append(f"class T{i:04d}(Base):")
        lines.append(f"    __tablename__ = '{name}'")
        lines.append(f"    __table_args__ = (sa.Index('ix_{name}_owner_created', 'owner_id', 'created_at'), "
                     f"{{'schema': '{schema}'}})")
        lines.append("    id = sa.Column(sa.BigInteger, sa.Identity(always=False), primary_key=True)")
        lines.append(f"    code = sa.Column(sa.String(120), nullable=False, unique=True)")
        lines.append("    title = sa.Column(sa.Text, nullable=False)")
        lines.append("    owner_id = sa.Column(sa.BigInteger, nullable=False)")
        lines.append("    score = sa.Column(sa.Float(53), nullable=True)")
        lines.append("    enabled = sa.Column(sa.Boolean, nullable=False, server_default=sa.text('true'))")
        lines.append("    created_at = sa.Column(sa.DateTime(timezone=True), nullable=False, server_default=sa.text('now()'))")
        if schema == "public":
            lines.append("    state = sa.Column(item_state, nullable=False)")
        else:
            lines.append("    level = sa.Column(event_level, nullable=False)")
        if parent is not None:
            pschema, pname, _ = table_spec(parent)
            lines.append(f"    parent_id = sa.Column(sa.BigInteger, sa.ForeignKey('{pschema}.{pname}.id', "
                         f"ondelete='CASCADE'), nullable=True, index=True)")
        lines.append("")
    with open(os.path.join(out, "models.py"), "w") as f:
        f.write("\n".join(lines))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int)
    parser.add_argument("out")
    parser.add_argument("--alembic")
    args = parser.parse_args()
    write_strata(args.n, args.out)
    if args.alembic:
        write_alembic(args.n, args.alembic)


if __name__ == "__main__":
    main()
