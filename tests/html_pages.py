"""A small article page for the HTML metadata tests: a body long enough to be the article, and slots for head
markup, a header under the headline and a footer."""

from __future__ import annotations

BODY = (
    "<p>The council voted on Tuesday to extend the programme for another year, after a debate that ran late "
    "into the evening and drew a large crowd of residents to the town hall.</p>"
    "<p>Opponents said the scheme had cost more than planned, while supporters pointed to the new bus routes "
    "and the longer opening hours of the central library as proof that it worked.</p>"
) * 2


def page(head: str = "", header: str = "", body: str = BODY, footer: str = "") -> str:
    return (f"<html><head><title>Council extends programme | Town Herald</title>{head}</head><body>"
            "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
            f"<article><header><h1>Council extends programme</h1>{header}</header>{body}</article>"
            f"<footer>{footer}</footer></body></html>")
