"""The page-ready marker the browser tests wait for (tests/browser/navigation.py).

ready.js sets ``<html data-ready>`` from its DOMContentLoaded handler; it only runs after every other page
script's handler if it is the last script on the page and deferred like them.
"""

import re

import pytest

from tests.campaigns.factories import make_campaign
from tests.campaigns.test_pages import verified_brand

pytestmark = pytest.mark.django_db

SCRIPT = re.compile(r"<script\b[^>]*>", re.IGNORECASE)


def last_script(html: str) -> str:
    tags = SCRIPT.findall(html)
    assert tags, "the page loads no script"
    return tags[-1]


@pytest.mark.parametrize("url", ["/login/", "/", "/brands/", "/campaigns/"])
def test_every_page_loads_the_ready_marker_last_and_deferred(client, customer_a, url):
    if url != "/login/":
        client.force_login(customer_a)
    response = client.get(url)
    assert response.status_code == 200
    tag = last_script(response.content.decode())
    assert "js/ready.js" in tag and "defer" in tag


def test_the_ready_marker_is_last_after_a_page_script(client, analyst, customer_a, sub_account_a):
    # The review page adds the code picker in its scripts block: the marker still comes after it.
    brand = verified_brand(customer=customer_a, sub_account=sub_account_a, analyst=analyst)
    campaign = make_campaign(customer=customer_a, brand=brand, status="submitted")
    client.force_login(analyst)
    html = client.get(f"/campaigns/{campaign.pk}/").content.decode()
    tags = SCRIPT.findall(html)
    assert any("code-picker.js" in t for t in tags)
    assert "js/ready.js" in tags[-1]
