#!/usr/bin/env python3
"""Writes a synthetic Strata model of N tables (two schemas, FKs, indexes, uniques, enums).

    synth_models.py N OUT_DIR [--alembic ALEMBIC_DIR] [--alembic-versions DIR] [--edit]

OUT_DIR gets models_NNN.hpp headers (50 tables each) and models.txt listing them. With
--alembic, the same schema as SQLAlchemy models (models.py) for the Alembic comparison. With
--alembic-versions, N hand-style Alembic revisions (op.create_table, one table each) that build
the same schema. --edit adds one field (`note`, nullable text) to the last table: the "one-field
edit" of the benchmarks. Deterministic: the same arguments give the same files.
"""
import argparse
import os

TABLES_PER_HEADER = 50


def table_spec(i):
    schema = "audit" if i % 4 == 3 else "public"
    parent = None
    if i >= 1:
        parent = (i * 7919) % i  # an earlier table: FKs form a DAG
    return schema, f"t{i:04d}", parent


def write_strata(n, out, edit=False):
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
            if edit and i == n - 1:
                lines.append("  std::optional<std::string> note;")
            lines.append("};")
            lines.append("")
        with open(path, "w") as f:
            f.write("\n".join(lines))
        headers.append(path)
    with open(os.path.join(out, "models.txt"), "w") as f:
        f.write("\n".join(headers) + "\n")


def sa_schema(schema):
    """Alembic users leave the default schema unnamed: with include_schemas=True, naming "public"
    makes autogenerate report every FK into it as changed (reflection drops the default schema)."""
    return None if schema == "public" else schema


def sa_ref(schema, table):
    return f"{table}.id" if schema == "public" else f"{schema}.{table}.id"


def write_alembic(n, out, edit=False):
    os.makedirs(out, exist_ok=True)
    lines = ["import enum", "import sqlalchemy as sa", "from sqlalchemy.orm import declarative_base", "",
             "Base = declarative_base()", "metadata = Base.metadata", "",
             "class ItemState(enum.Enum):", "    draft = 'draft'", "    active = 'active'", "    archived = 'archived'", "",
             "class EventLevel(enum.Enum):", "    info = 'info'", "    warn = 'warn'", "    error = 'error'", "",
             "item_state = sa.Enum(ItemState, name='item_state')",
             "event_level = sa.Enum(EventLevel, name='event_level', schema='audit')", ""]
    for i in range(n):
        schema, name, parent = table_spec(i)
        lines.append(f"class T{i:04d}(Base):")
        lines.append(f"    __tablename__ = '{name}'")
        lines.append(f"    __table_args__ = (sa.Index('ix_{name}_owner_created', 'owner_id', 'created_at'), "
                     f"{{'schema': {sa_schema(schema)!r}}})")
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
            lines.append(f"    parent_id = sa.Column(sa.BigInteger, sa.ForeignKey('{sa_ref(pschema, pname)}', "
                         f"ondelete='CASCADE'), nullable=True, index=True)")
        if edit and i == n - 1:
            lines.append("    note = sa.Column(sa.Text, nullable=True)")
        lines.append("")
    with open(os.path.join(out, "models.py"), "w") as f:
        f.write("\n".join(lines))


def write_alembic_versions(n, out):
    """One revision per table, as Alembic users write them (what autogenerate emits, tidied)."""
    os.makedirs(out, exist_ok=True)
    for i in range(n):
        schema, name, parent = table_spec(i)
        rev, down = f"r{i:04d}", (f"'r{i - 1:04d}'" if i else "None")
        lines = [f'"""create {name}', "", f"Revision ID: {rev}", f"Revises: {down.strip(chr(39))}", '"""',
                 "from alembic import op", "import sqlalchemy as sa", "from sqlalchemy.dialects import postgresql", "",
                 f"revision = '{rev}'", f"down_revision = {down}", "branch_labels = None", "depends_on = None", "",
                 "", "def upgrade():"]
        if i == 0:
            lines += ["    op.execute('CREATE SCHEMA audit')",
                      "    postgresql.ENUM('draft', 'active', 'archived', name='item_state')"
                      ".create(op.get_bind())",
                      "    postgresql.ENUM('info', 'warn', 'error', name='event_level', schema='audit')"
                      ".create(op.get_bind())"]
        lines += [f"    op.create_table('{name}',",
                  "        sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),",
                  "        sa.Column('code', sa.String(length=120), nullable=False),",
                  "        sa.Column('title', sa.Text(), nullable=False),",
                  "        sa.Column('owner_id', sa.BigInteger(), nullable=False),",
                  "        sa.Column('score', sa.Float(precision=53), nullable=True),",
                  "        sa.Column('enabled', sa.Boolean(), server_default=sa.text('true'), nullable=False),",
                  "        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),"]
        if schema == "public":
            lines.append("        sa.Column('state', postgresql.ENUM(name='item_state', create_type=False), nullable=False),")
        else:
            lines.append("        sa.Column('level', postgresql.ENUM(name='event_level', schema='audit', create_type=False), nullable=False),")
        if parent is not None:
            pschema, pname, _ = table_spec(parent)
            lines.append("        sa.Column('parent_id', sa.BigInteger(), nullable=True),")
            lines.append(f"        sa.ForeignKeyConstraint(['parent_id'], ['{sa_ref(pschema, pname)}'], ondelete='CASCADE'),")
        lines += ["        sa.PrimaryKeyConstraint('id'),",
                  "        sa.UniqueConstraint('code'),",
                  f"        schema={sa_schema(schema)!r}",
                  "    )",
                  f"    op.create_index('ix_{name}_owner_created', '{name}', ['owner_id', 'created_at'], unique=False, schema={sa_schema(schema)!r})"]
        if parent is not None:
            prefix = "" if schema == "public" else f"{schema}_"
            lines.append(f"    op.create_index(op.f('ix_{prefix}{name}_parent_id'), '{name}', ['parent_id'], unique=False, "
                         f"schema={sa_schema(schema)!r})")
        lines += ["", "", "def downgrade():", f"    op.drop_table('{name}', schema={sa_schema(schema)!r})"]
        if i == 0:
            lines += ["    op.execute('DROP TYPE audit.event_level')", "    op.execute('DROP TYPE item_state')",
                      "    op.execute('DROP SCHEMA audit')"]
        with open(os.path.join(out, f"{rev}_create_{name}.py"), "w") as f:
            f.write("\n".join(lines) + "\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int)
    parser.add_argument("out")
    parser.add_argument("--alembic", help="directory for the SQLAlchemy models.py")
    parser.add_argument("--alembic-versions", help="directory for N Alembic revisions (op.create_table)")
    parser.add_argument("--edit", action="store_true", help="add one field to the last table")
    args = parser.parse_args()
    write_strata(args.n, args.out, args.edit)
    if args.alembic:
        write_alembic(args.n, args.alembic, args.edit)
    if args.alembic_versions:
        write_alembic_versions(args.n, args.alembic_versions)


if __name__ == "__main__":
    main()
