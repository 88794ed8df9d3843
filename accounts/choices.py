from django.db import models


class Role(models.TextChoices):
    ANALYST = "analyst", "Analyst"
    MANAGER = "manager", "Manager"
    CUSTOMER = "customer", "Customer"


# Django groups that carry the staff roles' permissions (created by migration 0002).
ANALYST_GROUP = "Analyst"
MANAGER_GROUP = "Manager"
