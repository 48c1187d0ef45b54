"""A list of names or tags is no story, however long (issue 16, class 3: the dense-block fallback took a list of
thousands of user names for the story)."""

import random

import pytest

from cleaners import extract_article
from cleaners.context import prose_chars

STORY = [
    "The harbour authority said on Friday that the new container terminal would open two months late because "
    "cranes ordered from abroad had been held up by a strike at the supplier's factory.",
    "Shipping companies had already moved some of their autumn schedules to the new quay and will now have to "
    "change them again, a spokesperson for the largest operator said in a written statement.",
]
_rng = random.Random(7)
NAMES = [f"{_rng.choice(['anna', 'ben', 'carla', 'dirk', 'emil'])}_{_rng.randint(10, 9999)}" for _ in range(600)]
URL = "https://port.example/news/terminal-delay"


@pytest.mark.parametrize("members", [
    "<div class='online'><h3>Members online</h3><p>" + ", ".join(NAMES) + "</p></div>",
    "<div><p>" + " · ".join(f"<a href='/u/{n}'>{n}</a>" for n in NAMES) + "</p></div>",
])
def test_a_long_list_of_user_names_is_not_the_story(members):
    story = "".join(f"<p>{p}</p>" for p in STORY)
    html = (f"<html><body><h1>Terminal opening delayed</h1><div class='text'>{story}</div>{members}"
            "</body></html>")
    article = extract_article(html, URL)
    assert all(p in article.body for p in STORY)
    assert NAMES[5] not in article.body


def test_prose_chars():
    assert prose_chars(", ".join(NAMES[:100])) == 0
    assert prose_chars(STORY[0] * 3) == len(STORY[0] * 3)  # a comma every ten words or so is prose
    # the names of a cabinet are a list too, but a paragraph holding them among sentences is not
    cabinet = "The new cabinet: " + ", ".join(f"Minister{k} Surname{k}" for k in range(12)) + ". " + STORY[1] * 2
    assert prose_chars(cabinet) == len(cabinet)


def test_a_list_of_names_beside_the_story_leaves_the_body():
    from cleaners.namelists import is_name_list

    members = "<div class='online'><h3>Members online</h3><p>" + ", ".join(NAMES) + "</p></div>"
    story = "".join(f"<p>{p}</p>" for p in STORY)
    html = f"<html><body><h1>Terminal opening delayed</h1><div class='text'>{story}{members}</div></body></html>"
    article = extract_article(html, URL)
    assert all(p in article.body for p in STORY) and NAMES[5] not in article.body
    assert is_name_list(", ".join(NAMES[:120]))
    full_names = ", ".join(f"Anna{k} Berg{k}" for k in range(80))  # a story's list of people stays
    assert not is_name_list(full_names)
