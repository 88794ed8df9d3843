from django.db import models


class Family(models.TextChoices):
    """Groups of rejection codes, by code range in the registry's catalogue."""

    REGISTRATION_CONSISTENCY = "registration_consistency", "Registration consistency"
    PROHIBITED_CONTENT = "prohibited_content", "Prohibited content"
    SOLE_PROPRIETOR_CTA_WEBSITE = "sole_proprietor_cta_website", "Sole proprietor, CTA and website"
    ATTRIBUTES = "attributes", "Attributes"
    DESCRIPTION = "description", "Description"
    CALL_TO_ACTION = "call_to_action", "Call to action (A/B)"
    MESSAGE_CONTENT = "message_content", "Message content"
    PROHIBITED_PROGRAMS = "prohibited_programs", "Prohibited programs"
    USE_CASE_MISMATCH = "use_case_mismatch", "Use-case mismatch"
    SPECIAL_USE_CASES = "special_use_cases", "Special use cases"
