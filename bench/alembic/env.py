# Alembic environment of the benchmark's project: the SQLAlchemy models are bench/synth_models.py's
# models.py in $BENCH_MODELS_PY_DIR; the database is $BENCH_ALEMBIC_URL. Online mode only.
import os
import sys

from alembic import context
from sqlalchemy import create_engine

sys.path.insert(0, os.environ["BENCH_MODELS_PY_DIR"])
import models  # noqa: E402  (the path is only known at run time)


def run_migrations_online():
    engine = create_engine(os.environ["BENCH_ALEMBIC_URL"])
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=models.metadata, include_schemas=True)
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
