"""Compare what was sent with what the endpoint returns, the way Entra's next diff will see it."""

from __future__ import annotations

from typing import Any

from harness.clients import Reply
from harness.pipeline.wire import PATCH_SCHEMA
from harness.validate.model import Failed, expect

__all__ = [
    "differences",
    "engine_run",
    "error_text",
    "last_sent",
    "list_resources",
    "lookup_user",
    "read_back",
    "read_user",
]

IGNORED = frozenset({"schemas", "meta", "id"})


def differences(sent: Any, got: Any, path: str = "") -> list[str]:
    """Return, in words, every value of ``sent`` that ``got`` does not hold (elements matched by ``type``)."""
    if isinstance(sent, dict):
        if not isinstance(got, dict):
            return [f"{path or 'the resource'}: sent an object, read back {got!r}"]
        problems: list[str] = []
        lowered = {str(k).lower(): v for k, v in got.items()}
        for key, value in sent.items():
            if key in IGNORED or value is None or value == []:
                continue
            problems += differences(value, lowered.get(str(key).lower()), f"{path}.{key}" if path else key)
        return problems
    if isinstance(sent, list):
        if not isinstance(got, list):
            return [f"{path}: sent {sent!r}, read back {got!r}"]
        problems = []
        for element in sent:
            problems += _element(element, got, path)
        return problems
    if sent != got:
        return [f"{path}: sent {sent!r}, read back {got!r}"]
    return []


def _element(element: Any, got: list[Any], path: str) -> list[str]:
    if isinstance(element, dict) and "type" in element:
        same = [g for g in got if isinstance(g, dict) and g.get("type") == element["type"]]
        if not same:
            return [f"{path}[type eq {element['type']!r}]: missing from the answer"]
        return differences(element, same[0], f"{path}[type eq {element['type']!r}]")
    if element in got:
        return []
    return [f"{path}: {element!r} missing from the answer"]


def error_text(result: Any) -> str:
    """Return a run's error as 'code: message', or its result when it has none."""
    error = getattr(result, "error", None)
    if error is None:
        return f"{result.result} ({result.action})"
    return f"{error.code}: {error.message}"


def list_resources(reply: Reply) -> list[dict[str, Any]] | None:
    """Return the Resources of a ListResponse, or None when the answer is not one."""
    if not isinstance(reply.body, dict) or not isinstance(reply.body.get("totalResults"), int):
        return None
    found = reply.body.get("Resources", [])
    return [r for r in found if isinstance(r, dict)] if isinstance(found, list) else None


def read_back(reply: Reply, what: str) -> dict[str, Any]:
    """Return a GET's body, or fail saying the endpoint could not return ``what``."""
    if reply.status != 200 or not isinstance(reply.body, dict):
        raise Failed(f"GET {what} answered {reply.status or reply.error}, not 200 with the resource")
    return reply.body


def replace_pathless(run: Any, resource: str, id_: str, attribute: str, value: Any) -> None:
    """PATCH a path-less replace of one attribute (the SCIM Validator's form), then read the value back."""
    body = {"schemas": [PATCH_SCHEMA], "Operations": [{"op": "replace", "value": {attribute: value}}]}
    reply = run.client.patch(resource, id_, body)
    expect(reply.ok, f"the PATCH answered {reply.status}: {reply.body}")
    got = read_back(run.client.get(resource, id_), f"/{resource}/{id_}").get(attribute)
    expect(got == value, f"{attribute} reads back {got!r}")


def engine_run(run: Any, upn: str, want: tuple[str, ...], **settings: Any) -> Any:
    """Provision ``upn`` on demand with ``settings``; fail unless it ended Success with an action in ``want``."""
    result = run.provision(run.job(**settings), user=upn)
    expect(
        result.result == "Success" and result.action in want,
        f"on-demand provisioning of {upn} ended {result.result}/{result.action}, wanted {'/'.join(want)}: "
        f"{error_text(result)}",
    )
    return result


def read_user(run: Any, key: str = "user_id") -> dict[str, Any]:
    """GET the user whose id an earlier check saved under ``key``."""
    user_id = run.need(key)
    return read_back(run.client.get("Users", user_id), f"/Users/{user_id}")


def last_sent(run: Any, method: str) -> Any:
    """Return the last exchange of the running check with ``method`` (None when there was none)."""
    sent = [e for e in run.exchanges if e.method == method]
    return sent[-1] if sent else None


def lookup_user(run: Any, attribute: str, value: str) -> str | None:
    """Fail unless the filter ``attribute eq value`` finds exactly the run's user."""
    run.need("user_id")
    reply = run.client.query("Users", attribute, value)
    found = list_resources(reply)
    expect(
        found is not None, f"the filter {attribute} eq {value!r} answered {reply.status}, not a ListResponse"
    )
    ids = [str(r.get("id")) for r in found or []]
    expect(ids == [run.need("user_id")], f"the filter {attribute} eq {value!r} found {ids or 'nobody'}")
    return None
