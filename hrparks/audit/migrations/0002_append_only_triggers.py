"""Database triggers that refuse to change or remove audit entries, and to move the chain head backwards.

They guard against accidents and casual edits; tampering by someone who can drop them is what the
hash chain and verify_audit are for."""

from django.db import migrations

POSTGRESQL = (
    [
        """
        CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP;
        END $$
        """,
        """
        CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_auditentry
        FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()
        """,
        """
        CREATE OR REPLACE FUNCTION audit_head_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE' OR NEW.seq <= OLD.seq THEN
                RAISE EXCEPTION 'the audit chain head only moves forward: % refused', TG_OP;
            END IF;
            RETURN NEW;
        END $$
        """,
        """
        CREATE TRIGGER audit_head_forward_only BEFORE UPDATE OR DELETE ON audit_audithead
        FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only()
        """,
    ],
    [
        "DROP TRIGGER IF EXISTS audit_head_forward_only ON audit_audithead",
        "DROP FUNCTION IF EXISTS audit_head_forward_only()",
        "DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_auditentry",
        "DROP FUNCTION IF EXISTS audit_refuse_change()",
    ],
)

# Django's flush (run after every transactional test) empties SQLite tables with DELETE FROM, which
# removes the oldest row first: only that is let through, and verify_audit reports a missing entry 1.
# PostgreSQL flushes with TRUNCATE, which row triggers do not see.
SQLITE = (
    [
        """
        CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_auditentry
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: UPDATE refused'); END
        """,
        """
        CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_auditentry
        WHEN OLD.rowid > (SELECT min(rowid) FROM audit_auditentry)
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: DELETE refused'); END
        """,
        """
        CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON audit_audithead
        WHEN NEW.seq <= OLD.seq
        BEGIN SELECT RAISE(ABORT, 'the audit chain head only moves forward'); END
        """,
    ],
    [
        "DROP TRIGGER IF EXISTS audit_head_forward_only",
        "DROP TRIGGER IF EXISTS audit_entry_no_delete",
        "DROP TRIGGER IF EXISTS audit_entry_no_update",
    ],
)

STATEMENTS = {"postgresql": POSTGRESQL, "sqlite": SQLITE}


def run(schema_editor, which: int) -> None:
    for statement in STATEMENTS.get(schema_editor.connection.vendor, ([], []))[which]:
        schema_editor.execute(statement, params=None)  # no placeholders: "%" is PL/pgSQL here


def create_triggers(apps, schema_editor):
    run(schema_editor, 0)


def drop_triggers(apps, schema_editor):
    run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_audit_log")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
