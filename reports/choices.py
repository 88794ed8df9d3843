from django.db import models


class ReportKind(models.TextChoices):
    BRAND_DOSSIER = "brand_dossier", "Brand dossier"
    PERIOD_AUDIT = "period_audit", "Period audit report"


class ReportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    CSV = "csv", "CSV"


class ReportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class PageSize(models.TextChoices):
    A4 = "A4", "A4"
    LETTER = "Letter", "US Letter"


#: A period report spans at most this many days (a year and a day covers any calendar year).
MAX_PERIOD_DAYS = 366
#: Raw rows a PDF table shows before it says "… N more rows in the CSV".
PDF_ROW_LIMIT = 400
