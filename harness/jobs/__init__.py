"""The job language: what a provisioning job says, read and checked, with no engine behind it (design.md layout).

``model`` holds the job's frozen dataclasses and ``load_job``; ``reader``, ``mappings`` and ``fields`` read a
YAML/JSON job into them; ``defaults`` holds a non-gallery app's mappings and the job settings; ``graph_schema``
reads Graph's ``synchronizationSchema`` into a job; ``expressions/`` is Entra's expression language; ``scoping``
evaluates scoping filters and ``scope_decision`` combines them with assignment into the scope verdict.

A job is data: nothing here imports the engine (``harness.pipeline``, ``harness.clients``), the outputs or the
faces — tests/test_boundaries.py checks it.
"""
