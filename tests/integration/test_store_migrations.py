"""Migrations shipped in the package, driven from code, and opening failures as StorageError."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.pool import NullPool

from auditor.errors import StorageError
from auditor.models import Finding, Severity
from auditor.store import Store, fingerprint, problem_id
from auditor.store.judgements import JudgementRecord
from auditor.store.migrate import alembic_config, head_revision
from auditor.store.tables import metadata

EXPECTED_TABLES = {
    "sites", "site_columns", "audit_runs", "pages", "column_items", "links", "link_results",
    "violations", "violation_sightings", "scores", "probes", "outbox", "alert_outbox", "alert_sites",
    "page_cache", "site_judgements", "link_claims",
}
AS_OF = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)


def _inspect(url: str) -> sa.Engine:
    return sa.create_engine(url, poolclass=NullPool)


def test_open_migrates_an_empty_database_to_head(empty_db_url: str) -> None:
    with Store.open(empty_db_url):
        pass
    engine = _inspect(empty_db_url)
    try:
        with engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() == head_revision()
            assert EXPECTED_TABLES <= set(sa.inspect(conn).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_twice_is_a_no_op(empty_db_url: str) -> None:
    with Store.open(empty_db_url) as store:
        run_id = store.start_run(AS_OF, ["portal"])
        assert store.upgrade() == head_revision() == "0014"
        assert store.upgrade() == head_revision()
        assert store.run(run_id) is not None  # data kept


def test_migrated_schema_matches_the_table_metadata(empty_db_url: str) -> None:
    Store.open(empty_db_url).close()
    engine = _inspect(empty_db_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, metadata) == []
    finally:
        engine.dispose()


def _downgrade(url: str, revision: str, *statements: str) -> None:
    """Take a migrated database down to `revision`, then run `statements` on it."""
    engine = _inspect(url)
    try:
        config = alembic_config()
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, revision)
            for statement in statements:
                conn.execute(sa.text(statement))
    finally:
        engine.dispose()


def test_a_0001_database_keeps_its_link_verdicts_through_0002(empty_db_url: str) -> None:
    Store.open(empty_db_url).close()
    _downgrade(
        empty_db_url, "0001",
        "INSERT INTO audit_runs (as_of, started_at, status, kind, site_ids) "
        "VALUES ('2026-11-01 00:00:00', '2026-11-01 00:00:00', 'complete', 'full', '[]')",
        "INSERT INTO link_results (run_id, url, outcome, redirects) VALUES (1, 'http://127.0.0.9/a', 'ok', '[]')",
    )
    with Store.open(empty_db_url) as store:
        assert store.upgrade() == "0014"
    engine = _inspect(empty_db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT url, outcome, title FROM link_results")).all()
    finally:
        engine.dispose()
    assert [tuple(row) for row in rows] == [("http://127.0.0.9/a", "ok", "")]


BROKEN = Finding(
    ruleset="mengjin-2011", rule="links-valid", check="link.broken", severity="minor", points=0.5, veto=False,
    site="portal", column=None, url="http://127.0.0.9/gone", message="链接失效",
)


def test_a_0004_database_keeps_its_violations_through_0005(empty_db_url: str) -> None:
    """Rows stored before problems had ids become one problem each (their key was never kept),
    keep their lifecycle, and join their problem when an audit finds them again."""
    with Store.open(empty_db_url) as store:
        run_id = store.start_run(AS_OF, ["portal"])
    _downgrade(
        empty_db_url, "0004",
        "INSERT INTO violations (fingerprint, ruleset, rule, check_type, severity, points, veto, site_id, column_id, "
        f"url, message, evidence, status, first_seen, last_seen) VALUES ('{fingerprint(BROKEN)}', 'mengjin-2011', "
        "'links-valid', 'link.broken', 'minor', 0.5, false, 'portal', NULL, 'http://127.0.0.9/gone', '链接失效', "
        "'{}', 'new', '2026-11-01 00:00:00', '2026-11-01 00:00:00')",
        f"INSERT INTO violation_sightings (violation_id, run_id, status) VALUES (1, {run_id}, 'new')",
    )
    with Store.open(empty_db_url) as store:
        assert store.upgrade() == "0014"
        (old,) = store.violations()
        assert (old.id, old.status, old.rule, old.first_seen) == (
            fingerprint(BROKEN), "new", "links-valid", datetime(2026, 11, 1, tzinfo=UTC))
        assert [v.id for v in store.violations(run_id=run_id)] == [fingerprint(BROKEN)]
        national = replace(BROKEN, ruleset="gov-cn-2019", rule="other-links-broken")
        again = store.start_run(AS_OF, ["portal"])
        (found,) = store.reconcile_violations(again, AS_OF, ["portal"], ["mengjin-2011", "gov-cn-2019"], [BROKEN, national])
    assert (found.id, found.status, found.first_seen) == (problem_id(BROKEN), "open", datetime(2026, 11, 1, tzinfo=UTC))
    # equally severe: listed by ruleset id
    assert [(r.ruleset, r.rule) for r in found.rules] == [("gov-cn-2019", "other-links-broken"), ("mengjin-2011", "links-valid")]
    # and back: the column goes, no row and no sighting with it
    _downgrade(empty_db_url, "0004")
    engine = _inspect(empty_db_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT COUNT(*) FROM violations")).scalar() == 2
            assert conn.execute(sa.text("SELECT COUNT(*) FROM violation_sightings")).scalar() == 3
    finally:
        engine.dispose()


def test_downgrade_to_base_then_upgrade_again(empty_db_url: str) -> None:
    Store.open(empty_db_url).close()
    _downgrade(empty_db_url, "base")
    engine = _inspect(empty_db_url)
    try:
        with engine.connect() as conn:
            assert not EXPECTED_TABLES & set(sa.inspect(conn).get_table_names())
    finally:
        engine.dispose()
    with Store.open(empty_db_url) as store:
        assert store.runs() == []


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("not a url at all", "数据库地址无效"),
        ("nosuchdb://user@127.0.0.1/x", "不支持的数据库驱动"),
        ("postgresql+nosuchdriver://user@127.0.0.1/x", "不支持的数据库驱动"),
        ("mysql+mysqldb://user@127.0.0.1/x", "不支持的数据库驱动"),  # its DBAPI module is not installed
    ],
)
def test_bad_urls_and_drivers_raise_storage_error(url: str, expected: str) -> None:
    with pytest.raises(StorageError) as caught:
        Store.open(url)
    assert expected in str(caught.value)


def test_unreachable_server_raises_storage_error_without_the_password() -> None:
    with pytest.raises(StorageError) as caught:
        Store.open("postgresql+psycopg://auditor:s3cret@127.0.0.1:1/auditor?connect_timeout=3")
    message = str(caught.value)
    assert "无法连接" in message and "unreachable" in message
    assert "127.0.0.1:1" in message
    assert "s3cret" not in message


def test_sqlite_folder_that_cannot_be_created_raises_storage_error(tmp_path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(StorageError) as caught:
        Store.open(f"sqlite:///{blocker / 'sub' / 'auditor.db'}")
    assert "无法创建数据库目录" in str(caught.value)


def test_a_file_that_is_not_a_database_raises_storage_error(tmp_path) -> None:
    garbage = tmp_path / "auditor.db"
    garbage.write_bytes(b"this is no sqlite file, just text" * 100)
    with pytest.raises(StorageError) as caught:
        Store.open(f"sqlite:///{garbage}")
    assert "auditor.db" in str(caught.value)


def test_sqlite_folder_is_created_and_wal_is_on(tmp_path) -> None:
    path = tmp_path / "deep" / "er" / "auditor.db"
    with Store.open(f"sqlite:///{path}") as store:
        store.start_run(AS_OF, ["portal"])
    assert path.is_file()
    engine = _inspect(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        engine.dispose()


def test_a_database_from_a_newer_program_raises_storage_error(empty_db_url: str) -> None:
    Store.open(empty_db_url).close()
    engine = _inspect(empty_db_url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    finally:
        engine.dispose()
    with pytest.raises(StorageError) as caught:
        Store.open(empty_db_url)
    assert "9999" in str(caught.value) and "请升级 auditor" in str(caught.value)


def test_a_0007_database_keeps_its_scores_through_0008(empty_db_url: str) -> None:
    """Scores stored before a site could fail whatever its score read back with no reason (fail_reason ""),
    and the reason is stored from then on."""
    with Store.open(empty_db_url) as store:
        run_id = store.start_run(AS_OF, ["portal"])
    _downgrade(
        empty_db_url, "0007",
        "INSERT INTO scores (run_id, site_id, ruleset, score, veto, rank, points, previous) "
        f"VALUES ({run_id}, 'portal', 'mengjin-2011', 97.5, false, 1, 2.5, NULL)",
    )
    with Store.open(empty_db_url) as store:
        assert store.upgrade() == "0014"
        (old,) = store.scores(run_id)
        assert (old.site, old.score, old.fail_reason) == ("portal", 97.5, "")
        store.save_scores(run_id, [replace(old, veto=True, fail_reason="单项否决：互动回应差")])
        (vetoed,) = store.scores(run_id)
    assert (vetoed.veto, vetoed.fail_reason) == (True, "单项否决：互动回应差")


def test_a_0010_database_keeps_its_links_through_0011(empty_db_url: str) -> None:
    """0011 indexes a run's links by site alone (each written at the end of the index, not at its
    target's place); the links stay and are read with their verdicts as before."""
    with Store.open(empty_db_url) as store:
        run_id = store.start_run(AS_OF, ["portal"])
    _downgrade(
        empty_db_url, "0010",
        "INSERT INTO links (run_id, site_id, source_url, target, element, attribute, text) "
        f"VALUES ({run_id}, 'portal', 'http://127.0.0.1/', 'http://127.0.0.9/gone', 'a', 'href', '县教育局')",
        "INSERT INTO link_results (run_id, url, outcome, status, redirects) "
        f"VALUES ({run_id}, 'http://127.0.0.9/gone', 'broken', 404, '[]')",
    )
    with Store.open(empty_db_url) as store:
        assert store.upgrade() == "0014"
        (found,) = store.problem_link_occurrences(run_id, "portal", "http://127.0.0.1/")
    assert (found.link.target, found.link.text, found.result.status, found.on_home) == (
        "http://127.0.0.9/gone", "县教育局", 404, True)
    engine = _inspect(empty_db_url)
    try:
        with engine.connect() as conn:
            indexes = {index["name"]: index["column_names"] for index in sa.inspect(conn).get_indexes("links")}
    finally:
        engine.dispose()
    assert indexes == {"ix_links_run_id_site_id": ["run_id", "site_id"]}


def test_a_0011_database_keeps_its_pages_through_0012(empty_db_url: str) -> None:
    """0012 drops the pages' (site_id, run_id) index, which only page_validators read: the pages
    stay, are read as before, and a downgrade puts the index back."""
    with Store.open(empty_db_url) as store:
        run_id = store.start_run(AS_OF, ["portal"])
    _downgrade(
        empty_db_url, "0011",
        "INSERT INTO pages (run_id, site_id, url, final_url, outcome, redirects, status, title, size) "
        f"VALUES ({run_id}, 'portal', 'http://127.0.0.1/a.html', 'http://127.0.0.1/a.html', 'ok', '[]', 200, '通知', 42)",
    )
    assert "ix_pages_site_id_run_id" in _page_indexes(empty_db_url)
    with Store.open(empty_db_url) as store:
        assert store.upgrade() == "0014"
        (page,) = store.fetched_pages(run_id, ["http://127.0.0.1/a.html"])
    assert (page.url, page.status, page.title, page.size) == ("http://127.0.0.1/a.html", 200, "通知", 42)
    assert _page_indexes(empty_db_url) == {"ix_pages_run_id_site_id_url": ["run_id", "site_id", "url"]}
    _downgrade(empty_db_url, "0011")
    assert _page_indexes(empty_db_url)["ix_pages_site_id_run_id"] == ["site_id", "run_id"]


def test_a_0012_database_keeps_its_runs_through_0013_and_keeps_site_judgements(empty_db_url: str) -> None:
    """0013 adds the site judgements (a run in stages); a running run of a 0012 database stays, takes
    a judgement afterwards and reads it back; a downgrade drops the table and keeps the run."""
    with Store.open(empty_db_url) as store:
        run_id = store.start_run(AS_OF, ["portal"])
    _downgrade(empty_db_url, "0012")
    assert "site_judgements" not in _tables(empty_db_url)
    finding = Finding("mengjin-2011", "links", "link.broken", Severity.MAJOR, 0.5, False, "portal", None,
                      "http://127.0.0.1/gone", "链接无法打开", evidence={"status": 404})
    with Store.open(empty_db_url) as store:
        assert store.upgrade() == "0014"
        store.save_site_judgement(run_id, JudgementRecord("portal", findings=(finding,), pages=3, targets=7))
        (kept,) = store.site_judgements(run_id).values()
        assert store.run(run_id) is not None
    assert (kept.findings, kept.pages, kept.targets) == ((finding,), 3, 7)
    _downgrade(empty_db_url, "0012")
    assert "site_judgements" not in _tables(empty_db_url)
    with Store.open(empty_db_url) as store:
        assert store.run(run_id) is not None  # opening upgrades again


def _tables(url: str) -> set[str]:
    engine = _inspect(url)
    try:
        with engine.connect() as conn:
            return set(sa.inspect(conn).get_table_names())
    finally:
        engine.dispose()


def _page_indexes(url: str) -> dict[str, list[str]]:
    engine = _inspect(url)
    try:
        with engine.connect() as conn:
            return {index["name"]: index["column_names"] for index in sa.inspect(conn).get_indexes("pages")}
    finally:
        engine.dispose()
