"""Member PATCHes touch only the named member rows: same results as the general path, without loading the list."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from mockscim.state import state

ADD = {"op": "Add", "path": "members", "value": [{"value": "{c}"}]}
REMOVE_VALUE = {"op": "Remove", "path": "members", "value": [{"value": "{a}"}]}
REMOVE_FILTER = {"op": "remove", "path": 'members[value eq "{a}"]'}


def _fill(template, ids):
    if isinstance(template, dict):
        return {k: _fill(v, ids) for k, v in template.items()}
    if isinstance(template, list):
        return [_fill(v, ids) for v in template]
    return template.format(**ids) if isinstance(template, str) else template


@pytest.mark.parametrize(
    "profile, operation, expected",
    [
        ("entra-compatible", ADD, ["a", "b", "c"]),
        ("entra-compatible", {**ADD, "value": [{"value": "{a}"}]}, ["a", "b"]),  # already a member
        ("entra-compatible", REMOVE_VALUE, ["b"]),
        ("entra-compatible", REMOVE_FILTER, ["b"]),
        ("strict-rfc", REMOVE_FILTER, ["b"]),
        ("strict-rfc", REMOVE_VALUE, []),  # RFC 7644 §3.5.2.2: remove with a value removes every value
        ("drops-member-removal", REMOVE_VALUE, ["a", "b"]),
        ("add-replaces-members", ADD, ["c"]),
        ("rfc-literal-remove", REMOVE_VALUE, []),
    ],
)
def test_member_patches_per_profile(make_client, profile, operation, expected):
    scim = make_client(profile)
    users = {name: scim.user(name)["id"] for name in "abc"}
    group = scim.group("Sales", members=[users["a"], users["b"]])
    response = scim.patch(f"/Groups/{group['id']}", _fill(operation, users))
    assert response.status_code == 200, response.text
    names = {v: k for k, v in users.items()}
    members = scim.get(f"/Groups/{group['id']}").json().get("members", [])
    assert sorted(names[m["value"]] for m in members) == expected
    assert [m["value"] for m in response.json().get("members", [])] == [m["value"] for m in members]


@pytest.mark.parametrize(
    "operation, version",
    [(ADD, 'W/"2"'), ({**ADD, "value": [{"value": "{a}"}]}, 'W/"1"'), (REMOVE_FILTER, 'W/"2"')],
)
def test_version_moves_only_when_members_change(scim, operation, version):
    users = {name: scim.user(name)["id"] for name in "abc"}
    group = scim.group("Sales", members=[users["a"]])
    response = scim.patch(f"/Groups/{group['id']}", _fill(operation, users))
    assert response.headers["ETag"] == version == scim.get(f"/Groups/{group['id']}").json()["meta"]["version"]


@pytest.mark.parametrize(
    "value",
    [[{"value": "nobody"}], [{"value": "{c}"}, {"value": "nobody"}]],
)
def test_unknown_member_in_add_changes_nothing(scim, value):
    users = {name: scim.user(name)["id"] for name in "abc"}
    group = scim.group("Sales", members=[users["a"]])
    response = scim.patch(
        f"/Groups/{group['id']}", {"op": "add", "path": "members", "value": _fill(value, users)}
    )
    assert (response.status_code, response.json()["scimType"]) == (400, "invalidValue")
    after = scim.get(f"/Groups/{group['id']}").json()
    assert [m["value"] for m in after["members"]] == [users["a"]] and after["meta"]["version"] == 'W/"1"'


@pytest.mark.parametrize("operation", [ADD, REMOVE_VALUE, REMOVE_FILTER])
def test_member_patch_does_not_read_or_rewrite_the_member_list(scim, operation):
    users = {name: scim.user(name)["id"] for name in "abc"}
    group = scim.group("Sales", members=[users["a"], users["b"]])
    statements: list[str] = []
    engine = state(scim.app).store.db.engine

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(" ".join(statement.split()).lower())

    event.listen(engine, "before_cursor_execute", record)
    try:
        response = scim.patch(
            f"/Groups/{group['id']}", _fill(operation, users), params={"excludedAttributes": "members"}
        )
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert response.status_code == 200 and "members" not in response.json()
    on_members = [s for s in statements if "scim_member" in s]
    assert on_members, statements
    assert all(
        "scim_member.value in" in s or "max(scim_member.position)" in s or "insert" in s for s in on_members
    )
