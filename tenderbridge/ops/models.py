from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """A row written by the `heartbeat` task: proves a worker is alive and which one ran it."""

    label = models.CharField(_("label"), max_length=100, db_index=True)
    worker_pid = models.IntegerField(_("worker process id"))
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self):
        return f"{self.label} by {self.worker_pid}"
