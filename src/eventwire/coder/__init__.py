"""The learned event coder: candidates, the event model, its decision and its training (docs/coder.md)."""
