import pytest
from django.contrib.auth.models import Group

from clinic.roles import Role, has_role
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_migrate_creates_the_four_role_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Radiologist",
        "Front desk",
        "Content admin",
        "Medical director",
    }


def test_content_admin_may_edit_the_catalog_and_local_names():
    user = make_user("editor", Role.CONTENT_ADMIN)

    assert user.has_perm("procedures.change_procedure")
    assert user.has_perm("procedures.add_risk")
    assert user.has_perm("intake.change_localmedicationname")


def test_only_the_medical_director_may_change_clinical_attributes():
    director = make_user("director", Role.MEDICAL_DIRECTOR)
    editor = make_user("editor", Role.CONTENT_ADMIN)

    assert director.has_perm("procedures.change_clinical_attributes")
    assert not director.has_perm("procedures.change_procedure")
    assert not director.has_perm("procedures.delete_procedure")
    assert not editor.has_perm("procedures.change_clinical_attributes")


@pytest.mark.parametrize("role", [Role.FRONT_DESK, Role.RADIOLOGIST])
def test_other_roles_may_not_edit_the_catalog(role):
    user = make_user("someone", role)

    assert not user.has_perm("procedures.change_procedure")


def test_has_role_checks_membership(radiologist, front_desk):
    assert has_role(radiologist, Role.RADIOLOGIST)
    assert not has_role(front_desk, Role.RADIOLOGIST)
    assert has_role(front_desk, Role.RADIOLOGIST, Role.FRONT_DESK)


def test_inactive_users_have_no_role(radiologist):
    radiologist.is_active = False

    assert not has_role(radiologist, Role.RADIOLOGIST)


def test_superusers_hold_every_role(superuser):
    assert all(has_role(superuser, role) for role in Role)


def test_medical_director_is_pointed_to_the_procedures_admin(client, medical_director):
    client.force_login(medical_director)

    html = client.get("/staff/").content.decode()

    assert 'href="/admin/procedures/procedure/"' in html
    assert client.get("/admin/procedures/procedure/").status_code == 200
