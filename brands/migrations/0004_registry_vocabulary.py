"""N4: the registry's vocabulary for brands: identity status SELF_DECLARED (shown, never set here), the GAMBLING
vertical and the full list of stock exchanges. Choices only: every stored value stays valid."""

import django_fsm
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("brands", "0003_account_key_required"),
    ]

    operations = [
        migrations.AlterField(
            model_name="brand",
            name="identity_status",
            field=django_fsm.FSMField(
                choices=[
                    ("SELF_DECLARED", "Self-declared"),
                    ("UNVERIFIED", "Unverified"),
                    ("VERIFIED", "Verified"),
                    ("VETTED_VERIFIED", "Vetted & verified"),
                ],
                default="UNVERIFIED",
                max_length=20,
                protected=True,
            ),
        ),
        migrations.AlterField(
            model_name="brand",
            name="stock_exchange",
            field=models.CharField(
                blank=True,
                choices=[
                    ("NASDAQ", "NASDAQ"),
                    ("NYSE", "New York Stock Exchange"),
                    ("AMEX", "NYSE American (AMEX)"),
                    ("AMX", "Amsterdam (Euronext)"),
                    ("ASX", "Australian Securities Exchange"),
                    ("B3", "B3 (Brasil Bolsa Balcão)"),
                    ("BME", "Bolsas y Mercados Españoles"),
                    ("BSE", "Bombay Stock Exchange"),
                    ("FRA", "Frankfurt Stock Exchange"),
                    ("ICEX", "Nasdaq Iceland"),
                    ("JPX", "Japan Exchange Group"),
                    ("JSE", "Johannesburg Stock Exchange"),
                    ("KRX", "Korea Exchange"),
                    ("LON", "London Stock Exchange"),
                    ("NSE", "National Stock Exchange of India"),
                    ("OMX", "Nasdaq Nordic (OMX)"),
                    ("SEHK", "Hong Kong Stock Exchange"),
                    ("SGX", "Singapore Exchange"),
                    ("SSE", "Shanghai Stock Exchange"),
                    ("STO", "Nasdaq Stockholm"),
                    ("SWX", "SIX Swiss Exchange"),
                    ("SZSE", "Shenzhen Stock Exchange"),
                    ("TSX", "Toronto Stock Exchange"),
                    ("TWSE", "Taiwan Stock Exchange"),
                    ("VSE", "Vienna Stock Exchange"),
                    ("OTHER", "Other"),
                    ("NONE", "None (not listed)"),
                ],
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="brand",
            name="vertical",
            field=models.CharField(
                choices=[
                    ("AGRICULTURE", "Agriculture"),
                    ("COMMUNICATION", "Communication & media"),
                    ("CONSTRUCTION", "Construction & materials"),
                    ("EDUCATION", "Education"),
                    ("ENERGY", "Energy & utilities"),
                    ("ENTERTAINMENT", "Entertainment"),
                    ("FINANCIAL", "Financial services"),
                    ("GAMBLING", "Gambling & lottery"),
                    ("GOVERNMENT", "Government services"),
                    ("HEALTHCARE", "Healthcare & life sciences"),
                    ("HOSPITALITY", "Hospitality & travel"),
                    ("HUMAN_RESOURCES", "HR, staffing & recruitment"),
                    ("INSURANCE", "Insurance"),
                    ("LEGAL", "Legal"),
                    ("MANUFACTURING", "Manufacturing"),
                    ("NGO", "Non-profit / NGO"),
                    ("POLITICAL", "Political"),
                    ("POSTAL", "Postal & delivery"),
                    ("PROFESSIONAL", "Professional services"),
                    ("REAL_ESTATE", "Real estate"),
                    ("RETAIL", "Retail & consumer products"),
                    ("TECHNOLOGY", "Information technology"),
                    ("TRANSPORTATION", "Transportation & logistics"),
                ],
                max_length=20,
            ),
        ),
    ]
