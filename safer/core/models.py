"""Base models shared by every domain app."""

from django.db import models


class TimeStampedModel(models.Model):
    """Creation and last-change times, kept on every domain record."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
