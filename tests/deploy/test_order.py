"""The upload order on small graphs: every object after what it references, and how
cycles give way (apmg/deploy/order.py states the guarantee)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from apmg.deploy.order import strongly_connected, upload_order


def is_page(key: str) -> bool:
    return key.endswith(".html")


def steps(uploads, needs, present=(), partial=()):
    order = upload_order(uploads, needs, present=set(present), partial=set(partial),
                         is_page=is_page)
    return {key: i for i, step in enumerate(order.steps) for key in step}, order.cycles


def test_everything_after_what_it_references():
    needs = {"index.html": {"a.css", "new.html"}, "new.html": {"a.css"}, "a.css": {"f.woff2"}}
    step, cycles = steps(needs.keys() | {"f.woff2"}, needs)
    assert step["f.woff2"] < step["a.css"] < step["new.html"] < step["index.html"]
    assert cycles == []


def test_pages_linking_each_other_link_to_the_old_version_first():
    # home links the new page, the new page links home (which is live): new page first
    needs = {"index.html": {"new.html", "b.css"}, "new.html": {"index.html", "b.css"}}
    step, cycles = steps({"index.html", "new.html", "b.css"}, needs, present={"index.html"})
    assert step["b.css"] < step["new.html"] < step["index.html"] and cycles == []


def test_a_cycle_of_new_pages_goes_up_after_its_assets_and_before_its_dependents():
    needs = {"en.html": {"es.html", "en.css"}, "es.html": {"en.html", "es.css"},
             "index.html": {"en.html"}, "en.css": {"font.woff2"}}
    uploads = {"en.html", "es.html", "index.html", "en.css", "es.css", "font.woff2"}
    step, cycles = steps(uploads, needs, present={"index.html"})
    assert cycles == [["en.html", "es.html"]]
    assert step["font.woff2"] < step["en.css"] < step["en.html"]
    assert step["es.css"] < step["es.html"]
    assert step["index.html"] > max(step["en.html"], step["es.html"]), "waits for the cycle"


def test_non_html_members_of_a_cycle_go_first_in_their_own_order():
    # a first deploy: the search index names the pages, the pages load the index
    needs = {"search.html": {"entry.json"}, "entry.json": {"meta"}, "meta": {"frag"},
             "frag": {"page.html"}, "page.html": {"search.html"}}
    step, cycles = steps(needs, needs)
    assert cycles == [sorted(needs)]
    assert step["frag"] < step["meta"] < step["entry.json"] < step["search.html"]
    assert step["entry.json"] < step["page.html"]


def test_an_unchanged_file_stands_for_what_it_needs():
    # about.html is kept as it is, but links to new.html: home must wait for new.html too
    needs = {"index.html": {"about.html"}, "about.html": {"new.html"}}
    step, _ = steps({"index.html", "new.html"}, needs, present={"index.html", "about.html"})
    assert step["new.html"] < step["index.html"]


def test_a_partial_object_is_not_relied_on():
    needs = {"index.html": {"new.html"}, "new.html": {"index.html"}}
    step, cycles = steps({"index.html", "new.html"}, needs, present={"index.html"},
                         partial={"index.html"})
    assert cycles == [["index.html", "new.html"]]
    step, cycles = steps({"index.html", "new.html"}, needs, present={"index.html"})
    assert cycles == [] and step["new.html"] < step["index.html"]


def test_strongly_connected_handles_long_chains():
    chain = {f"p{i}": {f"p{i + 1}"} for i in range(5000)}
    chain["p5000"] = {"p0"}
    assert len(strongly_connected(chain.keys() | {"p5000"}, chain)) == 1
    step, _ = steps({f"p{i}" for i in range(3000)},
                    {f"p{i}": {f"p{i + 1}"} for i in range(2999)})
    assert step["p2999"] == 0 and step["p0"] == 2999


nodes = st.sampled_from([f"p{i}.html" for i in range(8)] + [f"a{i}.css" for i in range(6)])


@settings(max_examples=300, deadline=None)
@given(needs=st.dictionaries(nodes, st.sets(nodes, max_size=5), max_size=14),
       uploads=st.sets(nodes, min_size=1), present=st.sets(nodes), partial=st.sets(nodes))
def test_every_link_a_visitor_can_follow_is_up_first(needs, uploads, present, partial):
    """For any graph: what a file needs goes up before it, unless the old version is live
    (present, not partial) or both are new members of one cycle (whose pages still come
    after its other files); whatever links into a cycle waits for all of it."""
    step, cycles = steps(uploads, needs, present, partial)
    assert set(step) == uploads
    cycle_of = {k: i for i, c in enumerate(cycles) for k in c}

    def through_kept(key):  # what ``key`` needs among uploads, looking through kept files
        found, seen, todo = set(), {key}, list(needs.get(key, ()))
        while todo:
            target = todo.pop()
            if target in seen:
                continue
            seen.add(target)
            if target in uploads:
                found.add(target)
            else:
                todo += needs.get(target, ())
        return found

    for key in uploads:
        for target in through_kept(key):
            live = target in present and target not in partial
            same_cycle = key in cycle_of and cycle_of.get(target) == cycle_of[key]
            if not live and not same_cycle:
                assert step[target] < step[key], (key, target)
            if same_cycle and is_page(key) and not is_page(target):
                assert step[target] < step[key], ("a cycle's assets first", key, target)
            if target in cycle_of and not same_cycle:
                assert step[key] > max(step[k] for k in cycles[cycle_of[target]]), (key, target)
