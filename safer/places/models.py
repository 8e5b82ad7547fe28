"""Addresses of property from the council's gazetteer (LLPG or AddressBase): not personal data."""

from django.db import models

from safer.core.models import TimeStampedModel


class GazetteerAddress(TimeStampedModel):
    """One addressable property, found by its postcode; the coordinates are computed on import
    from its British National Grid easting and northing, so nobody types them."""

    uprn = models.CharField("UPRN", max_length=12, unique=True)
    address = models.CharField(max_length=300)
    postcode = models.CharField(max_length=8, db_index=True)  # normalised: "OX16 1AA"
    easting = models.FloatField()
    northing = models.FloatField()
    latitude = models.FloatField()
    longitude = models.FloatField()

    class Meta:
        verbose_name = "gazetteer address"
        verbose_name_plural = "gazetteer addresses"

    def __str__(self) -> str:
        return f"{self.address}, {self.postcode}"
