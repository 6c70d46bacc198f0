"""What a deploy must do, worked out before anything changes: pure functions.

Compare the built site with the bucket: upload what is new or differs (bytes or
headers), keep the rest, retire what left the site and delete what was retired long
enough ago. Uploads are ordered by the reference graph (:mod:`apmg.deploy.order`, which
states the guarantee); nothing is deleted before every upload is done.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

from apmg.deploy.mediatypes import describe
from apmg.deploy.order import upload_order
from apmg.deploy.references import reference_graph
from apmg.deploy.retirement import (
    STATE_PREFIX,
    DeployState,
    Grace,
    plan_retirement,
    utc_now,
)
from apmg.headers import SERVER_FILES, cache_control, strip_compression

EXCLUDED_NAMES = frozenset({*SERVER_FILES, ".DS_Store", "Thumbs.db"})
EXCLUDED_DIRS = frozenset({".git", ".webassets-cache", STATE_PREFIX.strip("/")})


@dataclass(frozen=True)
class Headers:
    """The object headers a deploy sets and later compares."""

    content_type: str
    cache_control: str
    content_encoding: str | None = None


@dataclass(frozen=True)
class LocalFile:
    key: str
    path: Path
    size: int
    sha256: str
    headers: Headers


@dataclass(frozen=True)
class RemoteObject:
    """An object in the bucket; ``sha256`` and ``headers`` are known only after a HEAD."""

    key: str
    size: int
    sha256: str | None = None
    headers: Headers | None = None


@dataclass
class Plan:
    steps: list[list[LocalFile]] = field(default_factory=list)  # uploads, step by step
    keeps: list[str] = field(default_factory=list)
    retires: list[str] = field(default_factory=list)  # left the site: kept for a while
    deletes: list[str] = field(default_factory=list)  # retired long enough ago
    cycles: list[list[str]] = field(default_factory=list)  # new objects linking each other
    live: int = 0  # objects of the site in the bucket before the deploy (not retired)
    state_before: DeployState = field(default_factory=DeployState)
    state_during: DeployState | None = None
    state_after: DeployState = field(default_factory=DeployState)

    @property
    def uploads(self) -> list[LocalFile]:
        return [f for step in self.steps for f in step]

    @property
    def changed(self) -> bool:
        return bool(self.steps or self.retires or self.deletes)

    @property
    def writes_state(self) -> bool:
        return self.state_after != self.state_before

    def retire_share(self) -> float:
        """The share of the live site this deploy takes out of it."""
        return len(self.retires) / self.live if self.live else 0.0


def is_html(key: str) -> bool:
    return PurePosixPath(key).suffix.lower() in (".html", ".htm")


def site_keys(output_dir: Path) -> list[str]:
    """Object keys (POSIX paths relative to the folder) of every file to publish."""
    keys = []
    for path in output_dir.rglob("*"):
        rel = path.relative_to(output_dir)
        if (path.is_file() and rel.name not in EXCLUDED_NAMES
                and not EXCLUDED_DIRS.intersection(rel.parts[:-1])):
            keys.append(rel.as_posix())
    return sorted(keys)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def scan(output_dir: Path) -> list[LocalFile]:
    """Every publishable file of a built site, hashed and with the headers it needs."""
    keys = site_keys(output_dir)
    key_set = set(keys)
    files = []
    for key in keys:
        path = output_dir / key
        ctype, encoding = describe(key, key_set)
        headers = Headers(ctype, cache_control("/" + key), encoding)
        files.append(LocalFile(key, path, path.stat().st_size, sha256_of(path), headers))
    return files


def keys_to_inspect(local: Sequence[LocalFile], remote: Mapping[str, RemoteObject]) -> list[str]:
    """Keys whose remote hash and headers must be read (HEAD) before deciding.

    A different size already proves a change, so only same-size objects are asked.
    """
    return [f.key for f in local if f.key in remote and remote[f.key].size == f.size]


def make_plan(local: Iterable[LocalFile], remote: Mapping[str, RemoteObject], *,
              state: DeployState | None = None, siteurl: str = "",
              now: datetime | None = None, grace: Grace | None = None) -> Plan:
    """Upload what is new or differs (bytes or headers), keep the rest, retire what left
    the site, delete what was retired long enough ago.

    Headers count: a change of policy must reach objects whose bytes did not change.
    ``remote`` may include the deploy's own state object: it is never part of the site.
    """
    state = state or DeployState()
    local = list(local)
    remote = {k: v for k, v in remote.items() if not k.startswith(STATE_PREFIX)}
    by_key = {f.key: f for f in local}
    plan = Plan(state_before=state)
    uploads = []
    for f in local:
        obj = remote.get(f.key)
        if obj and obj.sha256 == f.sha256 and obj.headers == f.headers:
            plan.keeps.append(f.key)
        else:
            uploads.append(f.key)
    needs = reference_graph(by_key, lambda key: by_key[key].path.read_bytes(), siteurl)
    order = upload_order(uploads, needs, present=remote, partial=state.partial,
                         is_page=lambda key: is_html(strip_compression(key)))
    plan.steps = [[by_key[k] for k in step] for step in order.steps]
    plan.cycles = order.cycles
    retirement = plan_retirement(state, site=by_key, bucket=remote, uploads=uploads,
                                 cycles=order.cycles, now=now or utc_now(),
                                 grace=grace or Grace())
    plan.retires, plan.deletes = retirement.retires, retirement.deletes
    plan.state_during, plan.state_after = retirement.during, retirement.after
    plan.live = len(set(remote) - set(state.retired))
    return plan


def refusal(plan: Plan, max_share: float) -> str | None:
    """Why this deploy should not run without --force, or None.

    Retiring most of the bucket means the folder is not the site that is live (a wrong
    --output, a half-empty build): the grace period would delete it within days.
    """
    share = plan.retire_share()
    if share <= max_share:
        return None
    return (f"it would retire {len(plan.retires)} of the {plan.live} objects of the live "
            f"site ({share:.0%}; the limit is {max_share:.0%}), because they are not in "
            "the folder being deployed: it looks like a different or incomplete site. "
            "Check that --output is the build you mean; if the change is intended, run "
            "again with --force (make deploy ARGS=--force)")
