"""mockscim."""
