"""The upload order: every object goes up after everything it references.

A visitor may load any page at any moment of a deploy, and a deploy may be killed at
any moment, so uploads run in *steps*: a step starts only when the one before it has
finished, and an object is put in a later step than every object it needs
(:mod:`apmg.deploy.references`) that this deploy also uploads.

**The guarantee.** If every page reachable from the home page could load everything
it references when the deploy started, that stays true after every upload, and so
after a kill at any moment. The reason: an object only becomes reachable through a
page that links to it, and a new version of that page goes up only after the objects
it needs; old versions keep working because nothing is deleted until every upload is
done (and then only objects retired by earlier deploys, :mod:`apmg.deploy.retirement`).

**Cycles.** Pages link to each other, so the reference graph has cycles, and some
edge of each must give way:

1. first the edges to an object that is already in the bucket: the page that goes up
   first links to the old version, which works (it is whole, see above);
2. what is left are cycles of objects that are all new (a new English page and its new
   Spanish translation link to each other; on a first deploy, the whole site). Their
   non-HTML members go up first, in their own order; then their pages, each as soon as
   its references outside the cycle are up; and whatever references any member waits
   for the whole cycle. So a page of such a cycle can, for a few steps, link to a page
   of the same cycle that is not up yet, but nothing links into the cycle until it is
   complete: no *reachable* page is affected (on a first deploy the home page itself is
   in the cycle: the site is not whole until that deploy finishes).

Objects of such a cycle that a killed deploy left behind may link to a member that
never went up; the deploy state records them as *partial*, and a later deploy does
not relax edges to them (rule 1) until a complete deploy has replaced them.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Mapping
from dataclasses import dataclass, field
from graphlib import TopologicalSorter


@dataclass
class UploadOrder:
    steps: list[list[str]] = field(default_factory=list)
    # groups of new objects that reference each other (rule 2 above), for the report
    # and the deploy state
    cycles: list[list[str]] = field(default_factory=list)


def strongly_connected(nodes: Iterable[str], edges: Mapping[str, Iterable[str]]
                       ) -> list[list[str]]:
    """Tarjan's strongly connected components (iterative: a long chain of pages must not
    hit the recursion limit), each sorted; only edges between ``nodes`` count."""
    nodes = sorted(set(nodes))
    members = set(nodes)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(sorted(n for n in edges.get(root, ()) if n in members)))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            advanced = False
            for succ in successors:
                if succ not in index:
                    index[succ] = low[succ] = counter
                    counter += 1
                    stack.append(succ)
                    on_stack.add(succ)
                    work.append((succ, iter(sorted(n for n in edges.get(succ, ())
                                                   if n in members))))
                    advanced = True
                    break
                if succ in on_stack:
                    low[node] = min(low[node], index[succ])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(sorted(component))
    return components


def upload_order(uploads: Iterable[str], needs: Mapping[str, Iterable[str]], *,
                 present: Container[str], partial: Container[str] = frozenset(),
                 is_page: Callable[[str], bool]) -> UploadOrder:
    """Steps for ``uploads``, given what each site file ``needs`` (its references).

    ``present``: keys already in the bucket; ``partial``: those a killed deploy may have
    left incomplete (never relied on). A reference to a file that is not uploaded (kept
    as it is) stands for that file's own references, so a page never goes up before
    what an unchanged page it links to still waits for.
    """
    uploads = set(uploads)
    edges = _needs_among_uploads(uploads, needs)

    def relaxable(target: str) -> bool:
        return target in present and target not in partial

    order = UploadOrder()
    for component in strongly_connected(uploads, edges):
        if len(component) == 1:
            continue
        members = set(component)
        for key in component:  # rule 1: link to the old version instead
            edges[key] = {t for t in edges[key] if t not in members or not relaxable(t)}
        for cycle in strongly_connected(component, edges):
            if len(cycle) > 1:
                order.cycles.append(cycle)
                _assets_then_pages(cycle, edges, is_page)
    _wait_for_whole_cycles(order.cycles, edges)
    level: dict[str, int] = {}
    for key in TopologicalSorter(edges).static_order():
        level[key] = 1 + max((level[t] for t in edges.get(key, ())), default=-1)
    order.steps = [sorted(k for k in uploads if level[k] == step)
                   for step in range(max(level.values(), default=-1) + 1)]
    return order


def _needs_among_uploads(uploads: set[str], needs: Mapping[str, Iterable[str]]
                         ) -> dict[str, set[str]]:
    """What each upload needs among ``uploads``, looking through files that are kept.

    What a kept file stands for is worked out once per group of kept files that link to
    each other (dependencies first), not once per upload: thousands of unchanged pages
    linking to each other cost one pass, not one per uploaded file.
    """
    kept = {k for k in needs if k not in uploads}
    kept |= {t for k in needs for t in needs[k] if t not in uploads}
    frontier: dict[str, set[str]] = {}
    for group in strongly_connected(kept, needs):
        members = set(group)
        found: set[str] = set()
        for key in group:
            for target in needs.get(key, ()):
                if target in uploads:
                    found.add(target)
                elif target not in members:
                    found |= frontier[target]
        for key in group:
            frontier[key] = found
    edges = {}
    for key in uploads:
        found = set()
        for target in needs.get(key, ()):
            found |= {target} if target in uploads else frontier[target]
        found.discard(key)
        edges[key] = found
    return edges


def _assets_then_pages(cycle: list[str], edges: dict[str, set[str]],
                       is_page: Callable[[str], bool]) -> None:
    """Rule 2: the cycle's pages after all its other members; those in their own order
    (edges among them kept, unless they too form a cycle: then together)."""
    members = set(cycle)
    pages = {k for k in cycle if is_page(k)}
    assets = members - pages
    for page in pages:
        edges[page] = (edges[page] - members) | assets
    for asset in assets:
        edges[asset] -= pages
    for group in strongly_connected(assets, edges):
        if len(group) > 1:
            for asset in group:
                edges[asset] -= set(group)


def _wait_for_whole_cycles(cycles: list[list[str]], edges: dict[str, set[str]]) -> None:
    """Whatever needs a member of a cycle goes up after every member of it."""
    cycle_of = {key: i for i, cycle in enumerate(cycles) for key in cycle}
    for key, targets in edges.items():
        extra: set[str] = set()
        for target in targets:
            i = cycle_of.get(target)
            if i is not None and cycle_of.get(key) != i:
                extra.update(cycles[i])
        targets |= extra
