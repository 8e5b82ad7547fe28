import datetime

import factory

from safer.partners.tests.factories import OrganisationFactory
from safer.people.models import Person


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organisation = factory.SubFactory(OrganisationFactory)
    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"Example{n}")
    date_of_birth = datetime.date(1980, 5, 17)
    postcode = "OX16 1ZZ"
    vulnerability_notes = "Lives alone"
