import factory
from django.contrib.auth.models import Group

from accounts.choices import ANALYST_GROUP, MANAGER_GROUP
from accounts.models import Account, SubAccount, User

PASSWORD = "s3cret-pass-for-tests"
GROUPS = {"analyst": ANALYST_GROUP, "manager": MANAGER_GROUP}


class AccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Account
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Account {n}")


class SubAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubAccount

    account = factory.SubFactory(AccountFactory)
    name = factory.Sequence(lambda n: f"Brand {n}")


class UserFactory(factory.django.DjangoModelFactory):
    """``role="analyst"|"manager"`` makes a staff user in that group; ``account=`` a customer."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted in GROUPS:
            self.is_staff = True
            self.save(update_fields=["is_staff"])
            self.groups.add(Group.objects.get(name=GROUPS[extracted]))
