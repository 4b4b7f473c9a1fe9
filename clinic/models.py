from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Audit events are append-only.")

    def delete(self):
        raise TypeError("Audit events are append-only.")

    def about(self, *objects):
        """Keep the events whose target is any of the objects (one query)."""
        ids = {}
        for obj in objects:
            ids.setdefault(obj._meta.label_lower, []).append(str(obj.pk))
        match = models.Q(pk__in=[])
        for target_type, target_ids in ids.items():
            match |= models.Q(target_type=target_type, target_id__in=target_ids)
        return self.filter(match)


class AuditEvent(models.Model):
    """One thing that happened, append-only: who, when, what, from where.

    Holds identifiers, never clinical answers or names: `data` carries codes and ids.
    """

    code = models.CharField(_("event"), max_length=64, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    occurred_at = models.DateTimeField(_("when"), db_index=True)
    ip_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    target_type = models.CharField(_("object type"), max_length=64, blank=True)
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    # The hash chain (clinic.audit): set once, when the event is appended.
    seq = models.BigIntegerField(
        _("position in the chain"), unique=True, editable=False
    )
    prev_hash = models.CharField(_("previous hash"), max_length=64, editable=False)
    entry_hash = models.CharField(_("hash"), max_length=64, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "occurred_at"])]

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.code}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Audit events are append-only.")
        if self.seq is None:
            # Any way of creating an event (objects.create included) joins the chain.
            from clinic.audit import append

            with transaction.atomic(savepoint=False):
                append(self, head_model=AuditChainHead)
            return
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit events are append-only.")


class AuditChainHead(models.Model):
    """The last event of the audit chain; every writer locks this one row."""

    seq = models.BigIntegerField(default=0)
    entry_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self):
        return f"{self.seq} {self.entry_hash}"
