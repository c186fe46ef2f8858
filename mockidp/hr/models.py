"""The HR tables: Workday worker records and SuccessFactors persons with their employments.

Each row holds the values of one record and the dates that make it effective; what a client sees "as of" a date
is computed from those dates (``mockidp.hr.status``), so moving the clock past a hire date turns a pre-hire active
without touching the row. Columns used in filters (tenant, WID, Worker_ID, personIdExternal, last-modified time,
hire, start and end dates) are indexed, so Get_Workers and PerPerson queries stay in SQL at 100k workers.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field

from mockidp.base import IdpModel

__all__ = ["CONTINGENT", "EMPLOYEE", "Employment", "Person", "Worker"]

EMPLOYEE = "Employee"
CONTINGENT = "Contingent_Worker"


class Worker(IdpModel, table=True):
    """One Workday worker record: a WID; a rehire is a second record with the same Worker_ID."""

    __tablename__ = "hr_worker"
    __table_args__ = (
        UniqueConstraint("tenant_id", "wid"),
        Index("ix_hr_worker_tenant_worker_id", "tenant_id", "worker_id"),
        Index("ix_hr_worker_tenant_updated", "tenant_id", "last_updated"),
    )

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: str = Field(index=True, max_length=36)
    wid: str = Field(index=True, max_length=32)
    worker_id: str = Field(index=True, max_length=64)  # Employee_ID or Contingent_Worker_ID
    worker_type: str = Field(default=EMPLOYEE, max_length=32)
    user_id: str = Field(default="", max_length=255)
    first_name: str = Field(default="", max_length=255)
    last_name: str = Field(default="", max_length=255)
    preferred_first_name: str | None = Field(default=None, max_length=255)
    email: str | None = Field(default=None, max_length=255)
    mobile_phone: str | None = Field(default=None, max_length=64)
    business_title: str | None = Field(default=None, max_length=255)
    department: str | None = Field(default=None, max_length=255)  # the supervisory organization
    company: str | None = Field(default=None, max_length=255)
    cost_center: str | None = Field(default=None, max_length=255)  # a COST_CENTER organization's name
    city: str | None = Field(default=None, max_length=255)
    country: str | None = Field(default=None, max_length=64)
    manager_worker_id: str | None = Field(default=None, max_length=64)
    hire_date: date = Field(index=True)
    original_hire_date: date | None = None
    termination_date: date | None = Field(default=None, index=True)
    rehire: bool = False
    example: str | None = Field(default=None, max_length=32)  # a seeded example's kind (future_hire, ...)
    last_updated: datetime = Field(index=True)


class Person(IdpModel, table=True):
    """One SuccessFactors PerPerson with its PerPersonal, PerEmail and PerPhone values."""

    __tablename__ = "hr_person"
    __table_args__ = (
        UniqueConstraint("tenant_id", "person_id_external"),
        Index("ix_hr_person_tenant_modified", "tenant_id", "last_modified"),
    )

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: str = Field(index=True, max_length=36)
    person_id_external: str = Field(index=True, max_length=64)
    person_id: str = Field(max_length=64)  # SuccessFactors' internal person id
    first_name: str = Field(default="", max_length=255)
    last_name: str = Field(default="", max_length=255)
    display_name: str | None = Field(default=None, max_length=255)
    email: str | None = Field(default=None, max_length=255)
    phone: str | None = Field(default=None, max_length=64)
    date_of_birth: date | None = None
    example: str | None = Field(default=None, max_length=32)  # a seeded example's kind (pre_hire, ...)
    created: datetime
    last_modified: datetime = Field(index=True)


class Employment(IdpModel, table=True):
    """One EmpEmployment of a person, with its User and its (current) EmpJob values."""

    __tablename__ = "hr_employment"

    id: int | None = Field(default=None, primary_key=True)
    person_pk: int = Field(foreign_key="hr_person.id", index=True)
    tenant_id: str = Field(index=True, max_length=36)
    user_id: str = Field(index=True, max_length=64)
    start_date: date = Field(index=True)
    end_date: date | None = Field(default=None, index=True)  # the last day of employment
    empl_status: str = Field(default="A", max_length=2)  # the EmpJob status while employed (A, U, P, S, ...)
    job_title: str | None = Field(default=None, max_length=255)
    department: str | None = Field(default=None, max_length=255)
    company: str | None = Field(default=None, max_length=255)
    cost_center: str | None = Field(default=None, max_length=255)  # the FOCostCenter's name
    manager_id: str | None = Field(default=None, max_length=64)  # the manager's userId
    city: str | None = Field(default=None, max_length=255)
    country: str | None = Field(default=None, max_length=64)
    last_modified: datetime = Field(index=True)
