"""The PostgreSQL store's own matters, on a real throwaway cluster: several store objects (as on
several servers) on one database, migrations, and a database that goes down and comes back."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import psycopg
import pytest

from canvas.core.model import Canvas
from canvas.storage import ConflictError, StoredCanvas, StoreUnavailable, open_store
from canvas.storage.postgres import PostgresStore, migrations
from tests.support.postgres import PostgresCluster
from tests.support.stores import raw


def edited(canvas: Canvas, goal: str) -> Canvas:
    copy = canvas.model_copy(deep=True)
    copy.business_goal = goal
    return copy


@pytest.fixture
def second_store(postgres_store: PostgresStore) -> Iterator[PostgresStore]:
    """Another store object on the same database, as another server would hold."""
    other = PostgresStore(postgres_store.url, wait_seconds=1)
    yield other
    other.close()


def in_threads(count: int, work: Callable[[int], None]) -> None:
    threads = [threading.Thread(target=work, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


# --- several servers on one database ----------------------------------------------------------


def test_a_save_through_another_store_object_is_a_conflict(
    postgres_store: PostgresStore, second_store: PostgresStore, bakery: Canvas
) -> None:
    base = postgres_store.create(bakery).canvas
    theirs = second_store.save(edited(base, "Theirs"), base_revision=1)
    with pytest.raises(ConflictError) as caught:
        postgres_store.save(edited(base, "Mine"), base_revision=1)
    assert caught.value.latest == theirs
    assert postgres_store.load(base.id) == theirs
    assert raw(postgres_store, "SELECT count(*) FROM revisions") == [(2,)]


def test_two_servers_saving_at_once_from_one_revision_have_one_winner(
    postgres_store: PostgresStore, second_store: PostgresStore, bakery: Canvas
) -> None:
    base = postgres_store.create(bakery).canvas
    servers = [postgres_store, second_store]
    rounds = 10
    for n in range(rounds):
        barrier = threading.Barrier(2)
        won: list[StoredCanvas] = []
        lost: list[ConflictError] = []

        def attempt(
            which: int,
            n: int = n,
            barrier: threading.Barrier = barrier,
            won: list[StoredCanvas] = won,
            lost: list[ConflictError] = lost,
        ) -> None:
            mine = edited(base, f"Round {n} server {which}")
            barrier.wait()
            try:
                won.append(servers[which].save(mine, base_revision=n + 1))
            except ConflictError as exc:
                lost.append(exc)

        in_threads(2, attempt)
        assert len(won) == 1, n
        assert len(lost) == 1, n
        assert lost[0].latest == won[0]
        assert second_store.load(base.id) == won[0]
    history = postgres_store.revisions(base.id)
    assert [r.revision for r in history] == list(range(rounds + 1, 0, -1))


def test_writers_on_two_servers_that_retry_lose_no_update(
    postgres_store: PostgresStore, second_store: PostgresStore, bakery: Canvas
) -> None:
    canvas_id = postgres_store.create(edited(bakery, "")).canvas.id
    writers = 6
    barrier = threading.Barrier(writers)

    def append(n: int) -> None:
        store = (postgres_store, second_store)[n % 2]
        latest = store.load(canvas_id)
        barrier.wait()
        while True:
            try:
                store.save(
                    edited(latest.canvas, f"{latest.canvas.business_goal} w{n}"), latest.revision
                )
                return
            except ConflictError as exc:
                latest = exc.latest

    in_threads(writers, append)
    final = postgres_store.load(canvas_id)
    assert final.revision == writers + 1
    assert sorted(final.canvas.business_goal.split()) == [f"w{n}" for n in range(writers)]


def test_samples_from_servers_starting_together_appear_once(
    postgres_cluster: PostgresCluster,
) -> None:
    url = postgres_cluster.new_database()
    stores = [PostgresStore(url, wait_seconds=1) for _ in range(4)]
    in_threads(4, lambda n: stores[n].ensure_samples())
    assert len(stores[0].list_canvases()) == 2
    for store in stores:
        store.close()


# --- migrations -------------------------------------------------------------------------------


def test_migrations_are_applied_once_when_servers_open_together(
    postgres_cluster: PostgresCluster, bakery: Canvas
) -> None:
    url = postgres_cluster.new_database()
    stores: list[PostgresStore] = []
    in_threads(5, lambda n: stores.append(PostgresStore(url, wait_seconds=1)))
    latest = [version for version, _ in migrations()]
    assert raw(stores[0], "SELECT version FROM schema_migrations ORDER BY 1") == [
        (version,) for version in latest
    ]
    stores[0].create(bakery)
    again = PostgresStore(url, wait_seconds=1)  # opening again changes nothing
    assert again.load(bakery.id).canvas.business_name == "Crumb & Co."
    assert len(raw(again, "SELECT version FROM schema_migrations")) == len(latest)
    for store in [*stores, again]:
        store.close()


def test_a_database_from_a_newer_app_is_refused_plainly(postgres_store: PostgresStore) -> None:
    raw(postgres_store, "INSERT INTO schema_migrations (version) VALUES (9999)")
    try:
        with pytest.raises(StoreUnavailable, match="newer version of the app") as caught:
            PostgresStore(postgres_store.url, wait_seconds=1)
        assert caught.value.kind == "refused"
    finally:
        raw(postgres_store, "DELETE FROM schema_migrations WHERE version = 9999")


# --- choosing the store -----------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["postgresql", "postgres"])
def test_a_database_url_in_canvas_store_opens_the_postgresql_store(
    postgres_url: str, scheme: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CANVAS_STORE", scheme + postgres_url[postgres_url.index(":") :])
    store = open_store()
    assert isinstance(store, PostgresStore)
    store.list_canvases()
    store.close()


# --- a database that goes down ----------------------------------------------------------------


def secrets_of(url: str) -> list[str]:
    """The URL and its password: never in a message nor the log."""
    return [url, str(urlsplit(url).password)]


def address_of(url: str) -> list[str]:
    """Where the database is: never in a message (psycopg's pool logs it when it cannot connect,
    which is for whoever runs the app)."""
    parts = urlsplit(url)
    return [f"{parts.hostname}:{parts.port}", str(parts.port), str(parts.hostname)]


def refused_plainly(call: Callable[[], object], *words: str) -> StoreUnavailable:
    with pytest.raises(StoreUnavailable) as caught:
        call()
    message = str(caught.value)
    assert caught.value.kind == "offline", message
    assert all(word in message for word in words), message
    return caught.value


def back_within(seconds: float, call: Callable[[], object]) -> object:
    """What `call` gives once the database answers again (within `seconds`)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return call()
        except StoreUnavailable:
            if time.monotonic() > deadline:
                raise


def test_a_database_that_goes_down_is_told_plainly_and_the_store_carries_on(
    running_cluster: PostgresCluster,
    postgres_store: PostgresStore,
    bakery: Canvas,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    store = postgres_store
    created = store.create(bakery)
    running_cluster.stop()

    mine = edited(created.canvas, "Written while the database was down")
    said = [
        refused_plainly(
            lambda: store.save(mine, base_revision=1), "could not be saved", "not answering"
        ),
        refused_plainly(lambda: store.load(bakery.id), "could not be read", "not answering"),
        refused_plainly(store.list_canvases, "could not be read"),
        refused_plainly(lambda: store.create(edited(bakery, "New")), "could not be saved"),
    ]
    for text in (str(exc) for exc in said):
        for secret in [bakery.id, *secrets_of(store.url), *address_of(store.url)]:
            assert secret not in text
    for secret in [bakery.id, *secrets_of(store.url)]:
        assert secret not in caplog.text

    running_cluster.start()
    assert back_within(10, lambda: store.load(bakery.id)) == created  # nothing was written
    saved = store.save(mine, base_revision=1)
    assert saved.revision == 2
    assert [r.revision for r in store.revisions(bakery.id)] == [2, 1]
    assert len(store.list_canvases()) == 1
    assert bakery.id not in caplog.text


def test_a_store_opened_while_the_database_is_down_works_once_it_is_up(
    running_cluster: PostgresCluster, postgres_url: str, bakery: Canvas
) -> None:
    running_cluster.stop()
    store = PostgresStore(postgres_url, wait_seconds=1)  # opens: a server may start first
    refused_plainly(store.list_canvases, "could not be read")
    running_cluster.start()
    back_within(10, store.list_canvases)
    assert store.create(bakery).revision == 1
    store.close()


def test_connections_cut_mid_session_are_replaced(
    postgres_store: PostgresStore, bakery: Canvas
) -> None:
    """The server ends every connection of the store (as a failover or an admin would)."""
    postgres_store.create(bakery)
    others = "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
    with psycopg.connect(postgres_store.url, autocommit=True) as admin:
        admin.execute(f"SELECT pg_terminate_backend(pid) {others}")
        while admin.execute(f"SELECT count(*) {others}").fetchone()[0]:
            time.sleep(0.01)  # a terminated server process ends a moment later
    # The pool finds its connections dead and makes new ones; a call may be told "not answering"
    # while it does (seen once in a few runs), never for long.
    assert back_within(5, lambda: postgres_store.load(bakery.id)).revision == 1
    assert postgres_store.save(bakery, base_revision=1).revision == 2
