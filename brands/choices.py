from django.db import models


class EntityType(models.TextChoices):
    """B1: the registry's entity types. Sole proprietors are refused (801/802)."""

    PRIVATE_PROFIT = "PRIVATE_PROFIT", "Private company"
    PUBLIC_PROFIT = "PUBLIC_PROFIT", "Publicly traded company"
    NON_PROFIT = "NON_PROFIT", "Non-profit organization"
    GOVERNMENT = "GOVERNMENT", "Government entity"
    SOLE_PROPRIETOR = "SOLE_PROPRIETOR", "Sole proprietor (not supported)"


class IdentityStatus(models.TextChoices):
    """B2 / N4: the registry's identity statuses. SELF_DECLARED is what the registry reports for a sole
    proprietor (no verification done): shown, never set here (sole proprietors are refused, 801/802)."""

    SELF_DECLARED = "SELF_DECLARED", "Self-declared"
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
    OTHERS = "OTHERS", "Others"


class Vertical(models.TextChoices):
    AGRICULTURE = "AGRICULTURE", "Agriculture"
    COMMUNICATION = "COMMUNICATION", "Communication & media"
    CONSTRUCTION = "CONSTRUCTION", "Construction & materials"
    EDUCATION = "EDUCATION", "Education"
    ENERGY = "ENERGY", "Energy & utilities"
    ENTERTAINMENT = "ENTERTAINMENT", "Entertainment"
    FINANCIAL = "FINANCIAL", "Financial services"
    #: N4: a registry vertical whose content the onboarding guidelines prohibit: its campaigns are refused (C1).
    GAMBLING = "GAMBLING", "Gambling & lottery"
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
    """N4: the registry's stock exchanges (a public company's listing); NONE for a company not listed."""

    NASDAQ = "NASDAQ", "NASDAQ"
    NYSE = "NYSE", "New York Stock Exchange"
    AMEX = "AMEX", "NYSE American (AMEX)"
    AMX = "AMX", "Amsterdam (Euronext)"
    ASX = "ASX", "Australian Securities Exchange"
    B3 = "B3", "B3 (Brasil Bolsa Balcão)"
    BME = "BME", "Bolsas y Mercados Españoles"
    BSE = "BSE", "Bombay Stock Exchange"
    FRA = "FRA", "Frankfurt Stock Exchange"
    ICEX = "ICEX", "Nasdaq Iceland"
    JPX = "JPX", "Japan Exchange Group"
    JSE = "JSE", "Johannesburg Stock Exchange"
    KRX = "KRX", "Korea Exchange"
    LON = "LON", "London Stock Exchange"
    NSE = "NSE", "National Stock Exchange of India"
    OMX = "OMX", "Nasdaq Nordic (OMX)"
    SEHK = "SEHK", "Hong Kong Stock Exchange"
    SGX = "SGX", "Singapore Exchange"
    SSE = "SSE", "Shanghai Stock Exchange"
    STO = "STO", "Nasdaq Stockholm"
    SWX = "SWX", "SIX Swiss Exchange"
    SZSE = "SZSE", "Shenzhen Stock Exchange"
    TSX = "TSX", "Toronto Stock Exchange"
    TWSE = "TWSE", "Taiwan Stock Exchange"
    VSE = "VSE", "Vienna Stock Exchange"
    OTHER = "OTHER", "Other"
    NONE = "NONE", "None (not listed)"


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
