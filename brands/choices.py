from django.db import models


class EntityType(models.TextChoices):
    """B1: the registry's entity types. Sole proprietors are refused (801/802)."""

    PRIVATE_PROFIT = "PRIVATE_PROFIT", "Private company"
    PUBLIC_PROFIT = "PUBLIC_PROFIT", "Publicly traded company"
    NON_PROFIT = "NON_PROFIT", "Non-profit organization"
    GOVERNMENT = "GOVERNMENT", "Government entity"
    SOLE_PROPRIETOR = "SOLE_PROPRIETOR", "Sole proprietor (not supported)"


class IdentityStatus(models.TextChoices):
    """B2."""

    UNVERIFIED = "UNVERIFIED", "Unverified"
    VERIFIED = "VERIFIED", "Verified"
    VETTED_VERIFIED = "VETTED_VERIFIED", "Vetted & verified"


class BrandStatus(models.TextChoices):
    """B7: our internal review of the registration."""

    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    IN_REVIEW = "in_review", "In review"
    APPROVED = "approved", "Approved"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    SUSPENDED = "suspended", "Suspended"


class TaxExemptStatus(models.TextChoices):
    NONE = "NONE", "None"
    C3 = "501C3", "501(c)(3)"
    C4 = "501C4", "501(c)(4)"
    C5 = "501C5", "501(c)(5)"
    C6 = "501C6", "501(c)(6)"


class IdentityFeedback(models.TextChoices):
    """Categories of the registry's identity-verification feedback."""

    TAX_ID = "TAX_ID", "Tax ID"
    STOCK_SYMBOL = "STOCK_SYMBOL", "Stock symbol"
    GOVERNMENT_ENTITY = "GOVERNMENT_ENTITY", "Government entity"
    NONPROFIT = "NONPROFIT", "Non-profit"
    ADDRESS = "ADDRESS", "Address"
    LEGAL_NAME = "LEGAL_NAME", "Legal name"


class Vertical(models.TextChoices):
    AGRICULTURE = "AGRICULTURE", "Agriculture"
    COMMUNICATION = "COMMUNICATION", "Communication & media"
    CONSTRUCTION = "CONSTRUCTION", "Construction & materials"
    EDUCATION = "EDUCATION", "Education"
    ENERGY = "ENERGY", "Energy & utilities"
    ENTERTAINMENT = "ENTERTAINMENT", "Entertainment"
    FINANCIAL = "FINANCIAL", "Financial services"
    GOVERNMENT = "GOVERNMENT", "Government services"
    HEALTHCARE = "HEALTHCARE", "Healthcare & life sciences"
    HOSPITALITY = "HOSPITALITY", "Hospitality & travel"
    HUMAN_RESOURCES = "HUMAN_RESOURCES", "HR, staffing & recruitment"
    INSURANCE = "INSURANCE", "Insurance"
    LEGAL = "LEGAL", "Legal"
    MANUFACTURING = "MANUFACTURING", "Manufacturing"
    NGO = "NGO", "Non-profit / NGO"
    POLITICAL = "POLITICAL", "Political"
    POSTAL = "POSTAL", "Postal & delivery"
    PROFESSIONAL = "PROFESSIONAL", "Professional services"
    REAL_ESTATE = "REAL_ESTATE", "Real estate"
    RETAIL = "RETAIL", "Retail & consumer products"
    TECHNOLOGY = "TECHNOLOGY", "Information technology"
    TRANSPORTATION = "TRANSPORTATION", "Transportation & logistics"


class StockExchange(models.TextChoices):
    NASDAQ = "NASDAQ", "NASDAQ"
    NYSE = "NYSE", "NYSE"
    AMEX = "AMEX", "NYSE American (AMEX)"
    TSX = "TSX", "Toronto Stock Exchange"
    LON = "LON", "London Stock Exchange"
    FRA = "FRA", "Frankfurt"
    JPX = "JPX", "Japan Exchange Group"
    ASX = "ASX", "Australian Securities Exchange"
    SEHK = "SEHK", "Hong Kong"
    OTHER = "OTHER", "Other"


class ReviewDecision(models.TextChoices):
    APPROVE = "approve", "Approve"
    REQUEST_CHANGES = "request_changes", "Request changes"


class ManualCheck(models.TextChoices):
    """B4: the registration checklist items an analyst verifies by hand (seed: manual vetting checklist)."""

    FOUND_IN_SEARCH = "found_in_search", "Company name is found in a web search"
    LEGITIMATE = "legitimate", "Brand is legitimate, without fraudulent or inauthentic representation"
    NAME_CONSISTENT = "name_consistent", "Brand name is consistent across materials, website and messages"
    EMAIL_CONSISTENT = "email_consistent", "Email address is consistent across all materials"
    PHONE_CONSISTENT = "phone_consistent", "Phone number is consistent across all materials"
    WEBSITE_LEGITIMATE = "website_legitimate", "Website is legitimate and clear in purpose or relationship to the brand"
    NO_THIRD_PARTY_SHARING = "no_third_party_sharing", "Website does not mention sharing information with third parties"
