"""HR source attributes as Entra defines them: names bound to XPath (Workday) or JSONPath (SuccessFactors) expressions.

``workday-attributes.yaml`` and ``successfactors-attributes.yaml`` ship Microsoft's documented attribute lists as
data; ``attributes`` reads them, merges a job's own ``source.attributes`` over them and checks each expression;
``evaluate`` applies them to one worker of a Get_Workers response or one PerPerson; ``request`` derives what the
connector asks for from the attributes mapped (Workday's Response_Group, SuccessFactors' ``$expand``).
"""

from harness.jobs.hr.attributes import (
    ENGINE_ATTRIBUTES,
    HrKind,
    attribute_list,
    check_expression,
    default_attributes,
    workday_version,
)
from harness.jobs.hr.evaluate import person_values, worker_values
from harness.jobs.hr.request import response_groups, sf_expand

__all__ = [
    "ENGINE_ATTRIBUTES",
    "HrKind",
    "attribute_list",
    "check_expression",
    "default_attributes",
    "person_values",
    "response_groups",
    "sf_expand",
    "workday_version",
    "worker_values",
]
