"""`python -m eventwire`: the same as the `eventwire` command."""

from eventwire.cli import app

if __name__ == "__main__":
    app()
