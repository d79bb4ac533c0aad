"""Cross-source merging: event mentions -> events (events.py), articles -> story threads (stories.py)."""
