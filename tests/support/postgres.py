"""A throwaway PostgreSQL cluster for the tests: the Debian binaries, a temporary folder, a free
loopback port, a password; started once per test session, removed at its end.

`initdb` refuses to run as root, so as root the cluster is made and run by the `postgres` user
(the Debian package creates it); otherwise by the current user. Without PostgreSQL the tests that
need it are skipped with the reason, except where CI=true: there they fail.

`PostgresCluster.stop()` and `.start()` take the database away and bring it back on the same port,
for the tests of a database that goes down in the middle of a session.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from hosting.postgres_cluster import NoPostgres, PostgresCluster, start_cluster

if TYPE_CHECKING:
    from canvas.storage.postgres import PostgresStore


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    """A running throwaway cluster for the whole test session (skipped without PostgreSQL,
    failed where CI=true)."""
    try:
        cluster = start_cluster()
    except NoPostgres as exc:
        reason = f"No PostgreSQL for the store tests: {exc}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    yield cluster
    cluster.remove()


@pytest.fixture
def running_cluster(postgres_cluster: PostgresCluster) -> Iterator[PostgresCluster]:
    """The cluster, for a test that may stop it: running again after the test, whatever happened."""
    yield postgres_cluster
    with contextlib.suppress(NoPostgres):  # it was running
        postgres_cluster.start()


@pytest.fixture(scope="session")
def postgres_url(postgres_cluster: PostgresCluster) -> str:
    """One database for the store tests of the session (each test empties it first)."""
    return postgres_cluster.new_database()


@pytest.fixture
def postgres_store(postgres_url: str) -> Iterator[PostgresStore]:
    """An empty PostgresStore that says the database is down after a second (not five)."""
    import psycopg

    from canvas.storage.postgres import PostgresStore

    store = PostgresStore(postgres_url, wait_seconds=1)
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("TRUNCATE revisions, share_links, canvases, coach_clients, people")
    yield store
    store.close()


APP_ROLE = "canvas_web"  # a login role in canvas_app, as the hosted app connects


def add_app_role(cluster: PostgresCluster, admin_url: str) -> str:
    """The URL of `admin_url`'s database for a login role that is a member of canvas_app (made
    once per cluster; the migrations make canvas_app): not a superuser, not the tables' owner, so
    row-level security applies to it."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_url, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (APP_ROLE,)).fetchone():
            return admin_url.replace("postgres:", f"{APP_ROLE}:", 1)
        conn.execute(
            sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE canvas_app").format(
                sql.Identifier(APP_ROLE), sql.Literal(cluster.password)
            )
        )
    return admin_url.replace("postgres:", f"{APP_ROLE}:", 1)


@pytest.fixture
def app_role_url(postgres_cluster: PostgresCluster, postgres_store: PostgresStore) -> str:
    """The store tests' database, for the hosted app's role (the database is empty and migrated:
    `postgres_store`)."""
    return add_app_role(postgres_cluster, postgres_store.url)
