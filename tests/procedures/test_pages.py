import pytest

from procedures.models import Procedure

pytestmark = pytest.mark.django_db


def test_home_leads_a_patient_to_the_procedures(client):
    response = client.get("/")

    assert response.status_code == 200
    assert b'href="/procedures/"' in response.content
    assert b'href="/procedures/vertebroplasty/"' in response.content


def test_list_shows_every_published_procedure(client):
    response = client.get("/procedures/")

    assert response.status_code == 200
    for procedure in Procedure.objects.all():
        assert procedure.name in response.content.decode()


def test_list_hides_drafts(client):
    Procedure.objects.filter(slug="hip-joint-injection").update(published=False)

    response = client.get("/procedures/")

    assert "Hip joint injection" not in response.content.decode()


def test_detail_shows_sections_in_order(client):
    response = client.get("/procedures/vertebroplasty/")

    html = response.content.decode()
    headings = [
        "What it is",
        "What to expect",
        "How long it takes",
        "Expected results",
        "How to prepare",
        "After the procedure",
        "Benefits",
        "Risks",
    ]
    positions = [html.index(f">{heading}</h2>") for heading in headings]
    assert positions == sorted(positions)
    assert "The procedure takes about 1 hour." in html
    assert "less than 1 in 1,000" in html


def test_detail_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    with django_assert_num_queries(4):
        client.get("/procedures/facet-joint-injection/")


def test_unknown_slug_gets_the_friendly_404(client):
    response = client.get("/procedures/no-such-thing/")

    assert response.status_code == 404
    assert "Sorry, we could not find that page" in response.content.decode()


def test_unpublished_procedure_is_a_404(client):
    Procedure.objects.filter(slug="vertebroplasty").update(published=False)

    response = client.get("/procedures/vertebroplasty/")

    assert response.status_code == 404


def test_pages_set_a_strict_content_security_policy(client):
    response = client.get("/procedures/")

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy


def test_pages_load_nothing_from_other_sites(client):
    html = client.get("/procedures/vertebroplasty/").content.decode()

    assert 'src="http' not in html
    assert 'href="http' not in html
