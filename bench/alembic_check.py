#!/usr/bin/python3
"""`alembic check` for Alembic 1.8 (which lacks the command): autogenerate's comparison of the
models in $BENCH_MODELS_PY_DIR with the database at $BENCH_ALEMBIC_URL. Exit 1 on a difference."""
import os
import sys

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

sys.path.insert(0, os.environ["BENCH_MODELS_PY_DIR"])
import models  # noqa: E402

with create_engine(os.environ["BENCH_ALEMBIC_URL"]).connect() as connection:
    context = MigrationContext.configure(connection, opts={"include_schemas": True,
                                                           "target_metadata": models.metadata})
    diff = compare_metadata(context, models.metadata)
for entry in diff:
    print(entry)
sys.exit(1 if diff else 0)
