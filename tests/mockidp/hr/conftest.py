"""Fixtures for the HR endpoints: a mockidp app in process with one tenant, its HR client and seeded people."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
import requests
from flask import Flask

from idcore import appkit, db
from idcore.clock import ManualClock
from idcore.control import ControlHooks
from idcore.errors import ProtocolError
from idcore.ids import Randomness
from idcore.testing import mount
from mockidp import hr
from mockidp.base import IdpModel
from mockidp.tenants import add_app_registration, create_tenant

BASE = "http://idp.test"
CLIENT_ID = "hr-client"
SECRET = "s3cret-value"
WD = "urn:com.workday/bsvc"

PEOPLE = [
    {
        "employeeId": "1001",
        "givenName": "Ada",
        "surname": "Lovelace",
        "displayName": "Ada Lovelace",
        "mail": "ada@contoso.test",
        "jobTitle": "CEO",
        "department": "Executive",
        "companyName": "Contoso",
        "accountEnabled": True,
        "managerEmployeeId": None,
        "mobilePhone": "+1 555 0100",
        "city": "Seattle",
        "country": "US",
    },
    {
        "employeeId": "1002",
        "givenName": "Émile",
        "surname": "Zoë",
        "displayName": "Émile Zoë",
        "mail": "emile@contoso.test",
        "jobTitle": "Engineer",
        "department": "R&D",
        "companyName": "Contoso",
        "accountEnabled": True,
        "managerEmployeeId": "1001",
        "mobilePhone": None,
        "city": "Paris",
        "country": "FR",
    },
    {
        "employeeId": "1003",
        "givenName": "Gone",
        "surname": "Person",
        "displayName": "Gone Person",
        "mail": "gone@contoso.test",
        "jobTitle": "Clerk",
        "department": "Sales",
        "companyName": "Contoso",
        "accountEnabled": False,
        "managerEmployeeId": "1001",
        "mobilePhone": None,
        "city": None,
        "country": None,
    },
    {
        "employeeId": None,
        "givenName": "No",
        "surname": "Hr",
        "displayName": "No Hr",
        "mail": "nohr@contoso.test",
        "jobTitle": None,
        "department": None,
        "companyName": None,
        "accountEnabled": True,
        "managerEmployeeId": None,
        "mobilePhone": None,
        "city": None,
        "country": None,
    },
]


class OtherFamily(ProtocolError):
    """Stands in for the app's own (Graph) error family: HR routes must not answer in it."""

    code = "graphLike"


@dataclass
class Env:
    app: Flask
    http: requests.Session
    clock: ManualClock
    tenant_id: str

    def today(self) -> date:
        return self.clock.now().date()


def _bare_app(url: str, clock: ManualClock) -> Flask:
    app = Flask("mockidp-hr-test")
    app.config.update(DATABASE_URL=url, TESTING=True)
    bp = appkit.init_app(app, OtherFamily, ControlHooks(family=OtherFamily, reset=lambda: None), clock=clock)
    app.register_blueprint(bp)
    hr.init_app(app)
    db.init_app(app, IdpModel.metadata, "mockidp")
    return app


def build_app(url: str, clock: ManualClock) -> Flask:
    """Build the real mockidp app when it exists, else a bare app with the kernel and the HR blueprints."""
    import mockidp

    create_app = getattr(mockidp, "create_app", None)
    if create_app is None:
        return _bare_app(url, clock)
    return create_app({"DATABASE_URL": url, "TESTING": True}, clock=clock)


@pytest.fixture
def env(database_url: str) -> Env:
    clock = ManualClock()
    app = build_app(database_url, clock)
    with app.app_context(), db.get_db(app).session() as session:
        tenant = create_tenant(session, "hrtenant", 7, clock.now())
        add_app_registration(session, tenant, CLIENT_ID, SECRET, "HR inbound", [])
        hr.seed_hr(session, tenant.id, PEOPLE, Randomness(42), clock)
        tenant_id = tenant.id
    return Env(app, mount(requests.Session(), BASE, app), clock, tenant_id)
