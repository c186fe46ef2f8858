"""The HR systems of record inside mockidp: Workday (SOAP ``Get_Workers``) and SuccessFactors (OData v2).

Public surface:

- ``init_app(app)`` registers the Workday blueprint (``POST /ccx/service/{tenant}/Human_Resources[/v{version}]``)
  and the SuccessFactors blueprint (``/odata/v2/``); the tables are defined on import (mockidp's registry).
- ``seed_hr(session, tenant_id, people, rng, clock)`` creates the worker and person behind each directory person
  with an ``employeeId``, plus the timing examples (``examples(session, tenant_id)`` lists them).
- ``add_worker``/``update_worker`` and ``add_person``/``add_employment``/``update_person`` add and change records
  for tests and the harness suite.
"""

from __future__ import annotations

from flask import Flask

from mockidp.hr.models import Employment, Person, Worker
from mockidp.hr.seed import (
    add_employment,
    add_person,
    add_worker,
    examples,
    seed_hr,
    update_person,
    update_worker,
)

__all__ = [
    "Employment",
    "Person",
    "Worker",
    "add_employment",
    "add_person",
    "add_worker",
    "examples",
    "init_app",
    "seed_hr",
    "update_person",
    "update_worker",
]


def init_app(app: Flask) -> None:
    """Register the Workday and SuccessFactors blueprints on the mockidp ``app``."""
    from idcore.errors import register_family
    from mockidp.hr import sf_views, workday_views
    from mockidp.hr.errors import ODataError, SoapFault

    app.register_blueprint(workday_views.make_blueprint())
    app.register_blueprint(sf_views.make_blueprint())
    # Injected faults and Flask's own errors under these prefixes answer in the HR protocols' shapes.
    register_family(app, "/ccx/service", SoapFault)
    register_family(app, "/odata/v2", ODataError)
