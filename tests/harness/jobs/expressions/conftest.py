import random
from datetime import UTC, datetime

import pytest

from harness.jobs.expressions import EvalContext, EvalSettings, evaluate

FIXED_NOW = datetime(2021, 7, 2, 15, 33, 38, tzinfo=UTC)


@pytest.fixture
def ctx() -> EvalContext:
    return EvalContext(now=lambda: FIXED_NOW, random=random.Random(42), default_domain="contoso.com")


@pytest.fixture
def run(ctx):
    """Evaluate an expression against keyword attributes with the fixed context."""

    def _run(text: str, settings: EvalSettings | None = None, **source):
        context = (
            ctx if settings is None else EvalContext(ctx.now, ctx.random, ctx.default_domain, None, settings)
        )
        return evaluate(text, source, context)

    return _run
