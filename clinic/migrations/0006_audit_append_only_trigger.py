"""Make the chain position required; on PostgreSQL, refuse UPDATE and DELETE in SQL.

The triggers make tampering a deliberate act (disable the trigger first) rather than
one stray statement; the hash chain then shows what was done.
"""

from django.db import migrations, models

CREATE = """
CREATE OR REPLACE FUNCTION clinic_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER clinic_auditevent_append_only
    BEFORE UPDATE OR DELETE ON clinic_auditevent
    FOR EACH ROW EXECUTE FUNCTION clinic_audit_append_only();

CREATE OR REPLACE FUNCTION clinic_audit_head_advances() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' OR NEW.seq <> OLD.seq + 1 OR NOT EXISTS (
        SELECT 1 FROM clinic_auditevent
        WHERE seq = NEW.seq AND entry_hash = NEW.entry_hash
    ) THEN
        RAISE EXCEPTION 'the audit chain head only moves to the next event'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER clinic_auditchainhead_advances
    BEFORE UPDATE OR DELETE ON clinic_auditchainhead
    FOR EACH ROW EXECUTE FUNCTION clinic_audit_head_advances();
"""

DROP = """
DROP TRIGGER IF EXISTS clinic_auditchainhead_advances ON clinic_auditchainhead;
DROP FUNCTION IF EXISTS clinic_audit_head_advances();
DROP TRIGGER IF EXISTS clinic_auditevent_append_only ON clinic_auditevent;
DROP FUNCTION IF EXISTS clinic_audit_append_only();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            # No parameters: the PL/pgSQL `%` is not a placeholder.
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(sql)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("clinic", "0005_chain_existing_events"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="seq",
            field=models.BigIntegerField(editable=False, unique=True, verbose_name="position in the chain"),
        ),
        migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP)),
    ]
