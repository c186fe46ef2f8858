"""What every function of the library is: a spec (name, documented parameters, arity) and an implementation."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NoReturn

from ..errors import ExpressionEvaluationError

if TYPE_CHECKING:
    from ..context import EvalContext
    from ..nodes import Node
    from ..values import Value


class Invocation:
    """One call being evaluated: gives a function its context and, for lazy functions, its evaluator."""

    def __init__(self, name: str, evaluator: Any) -> None:
        self.name = name
        self._evaluator = evaluator

    @property
    def ctx(self) -> EvalContext:
        return self._evaluator.ctx

    @property
    def changed_attributes(self) -> set[str] | None:
        return self._evaluator.changed_attributes

    def eval(self, node: Node) -> Value:
        """Evaluate an argument node (for lazy functions)."""
        return self._evaluator.eval(node)

    def lookup(self, name: str) -> Value:
        """Return a source attribute's value, or None when absent."""
        return self._evaluator.lookup(name)

    def fail(self, reason: str) -> NoReturn:
        """Raise an evaluation error naming this function."""
        raise ExpressionEvaluationError(self.name, reason)


Impl = Callable[[Invocation, Sequence[Any]], Any]


@dataclass(frozen=True)
class FunctionSpec:
    """A documented function: `params` are S28's parameter names ("..." marks the repeating one)."""

    name: str
    params: tuple[str, ...]
    impl: Impl
    min_args: int
    max_args: int | None
    lazy: bool = False  # the impl receives argument nodes, not values
    even_args: bool = False
    top_level_only: bool = False

    @property
    def signature(self) -> str:
        return f"{self.name}({', '.join(self.params)})"

    @property
    def expected_args(self) -> str:
        if self.max_args is None:
            base = f"at least {self.min_args}"
        elif self.min_args == self.max_args:
            base = f"exactly {self.min_args}"
        else:
            base = f"{self.min_args} to {self.max_args}"
        return f"an even number of, {base}," if self.even_args else base


def spec(
    name: str, params: str, impl: Impl, min_args: int | None = None, max_args: int | None = -1, **kw: Any
):
    """Build a FunctionSpec from a comma-separated parameter list; optional ones are written `[name]`."""
    names = tuple(p.strip() for p in params.split(",") if p.strip())
    required = sum(1 for p in names if not p.startswith("[") and p != "...")
    repeating = "..." in names
    shown = tuple(p.strip("[]") for p in names)
    low = required if min_args is None else min_args
    high = None if repeating else (len(names) if max_args == -1 else max_args)
    return FunctionSpec(name, shown, impl, low, high, **kw)
