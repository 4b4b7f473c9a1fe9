"""Chain the audit events written before the chain existed, in the order written."""

from django.db import migrations

from clinic.audit import GENESIS, HEAD_PK, entry_hash


def chain_existing(apps, schema_editor):
    AuditEvent = apps.get_model("clinic", "AuditEvent")
    AuditChainHead = apps.get_model("clinic", "AuditChainHead")
    seq, previous = 0, GENESIS
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        seq += 1
        event.seq, event.prev_hash = seq, previous
        event.entry_hash = previous = entry_hash(event)
        AuditEvent.objects.filter(pk=event.pk).update(
            seq=event.seq, prev_hash=event.prev_hash, entry_hash=event.entry_hash
        )
    AuditChainHead.objects.update_or_create(
        pk=HEAD_PK, defaults={"seq": seq, "entry_hash": previous}
    )


class Migration(migrations.Migration):

    dependencies = [
        ("clinic", "0004_audit_hash_chain"),
    ]

    operations = [migrations.RunPython(chain_existing, migrations.RunPython.noop)]
