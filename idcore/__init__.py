"""idcore — the shared kernel: clock, seeded randomness, storage, protocol errors, faults, control, testing.

It imports no other package of scimulator's.
"""
