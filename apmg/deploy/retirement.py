"""Objects that left the site stay for a grace period, so a tab opened before a deploy
keeps working (its stylesheet, its search index chunks, the page it links to).

The deploy keeps a small state object in the bucket, ``.apmg/deploy-state.json``:
how many deploys changed the site, when and at which deploy each object left it
(*retired*), and which objects a killed deploy may have left *partial*
(:mod:`apmg.deploy.order`). A retired object is deleted only once it was retired at
least ``days`` days **and** at least ``deploys`` deploys ago: the days cover a tab
left open, the deploys a burst of deploys in one afternoon (an open tab must survive
more than one of them). Both at 0 deletes what leaves the site in the same deploy.

Why one JSON object rather than a tag or metadata on each retired object: it needs
only the GetObject/PutObject the deploy already has (tagging is a separate permission,
and Cloudflare R2 does not implement it; changing metadata means copying each object
onto itself, which rewrites it), it costs one request per deploy instead of one per
object, a listing plus this one read gives the whole picture, and it is the one place
that can count deploys. SeaweedFS, MinIO, R2, B2 and AWS all store it the same way.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

STATE_PREFIX = ".apmg/"  # never part of the site, never retired or deleted
STATE_KEY = STATE_PREFIX + "deploy-state.json"
FORMAT = 1


@dataclass(frozen=True)
class Retired:
    at: datetime
    deploy: int


@dataclass(frozen=True)
class Grace:
    """How long a retired object stays: both must have passed before it is deleted."""

    days: float = 7
    deploys: int = 3

    def expired(self, retired: Retired, now: datetime, deploy: int) -> bool:
        return (now - retired.at >= timedelta(days=self.days)
                and deploy - retired.deploy >= self.deploys)


@dataclass(frozen=True)
class DeployState:
    deploys: int = 0  # deploys that changed the site (uploaded or retired something)
    retired: dict[str, Retired] = field(default_factory=dict)
    partial: frozenset[str] = frozenset()

    @classmethod
    def from_json(cls, text: str | bytes) -> DeployState:
        """Read the state; an unknown format is an error (better stop than delete)."""
        data = json.loads(text)
        if data.get("format") != FORMAT:
            raise ValueError(f"{STATE_KEY}: format {data.get('format')!r} is not {FORMAT}: "
                             "written by a newer apmg.deploy?")
        retired = {key: Retired(datetime.fromisoformat(v["at"]), int(v["deploy"]))
                   for key, v in data.get("retired", {}).items()}
        return cls(int(data.get("deploys", 0)), retired, frozenset(data.get("partial", ())))

    def to_json(self) -> str:
        return json.dumps({
            "format": FORMAT,
            "note": "Written by make deploy (apmg/deploy/retirement.py): do not edit.",
            "deploys": self.deploys,
            "retired": {key: {"at": r.at.isoformat(timespec="seconds"), "deploy": r.deploy}
                        for key, r in sorted(self.retired.items())},
            "partial": sorted(self.partial),
        }, indent=1) + "\n"


@dataclass(frozen=True)
class RetirementPlan:
    retires: list[str]  # leave the site in this deploy: kept, recorded as retired
    deletes: list[str]  # retired long enough ago: deleted after every upload
    during: DeployState | None  # to write before the first upload, if it must change
    after: DeployState  # to write once everything else is done


def plan_retirement(state: DeployState, *, site: Iterable[str], bucket: Iterable[str],
                    uploads: Iterable[str], cycles: Iterable[Iterable[str]],
                    now: datetime, grace: Grace) -> RetirementPlan:
    """What leaves the site, what goes, and the state before and after the deploy.

    ``site``: keys of the site being deployed; ``bucket``: keys in the bucket now (the
    state object excluded); ``cycles``: the upload order's cycles of new objects.
    """
    site, bucket, uploads = set(site), set(bucket), set(uploads)
    retires = sorted(bucket - site - set(state.retired))
    changes_site = bool(uploads or retires)
    deploy = state.deploys + (1 if changes_site else 0)
    still_retired = {k: r for k, r in state.retired.items() if k in bucket and k not in site}
    retired = {**still_retired, **{k: Retired(now, deploy) for k in retires}}
    deletes = sorted(k for k, r in retired.items() if grace.expired(r, now, deploy))
    in_cycles = {k for cycle in cycles for k in cycle}
    during = None
    if not in_cycles <= state.partial:
        during = replace(state, partial=state.partial | in_cycles)
    # once every upload is done the whole site is complete; left-overs of a killed deploy
    # that are not part of it stay suspect until they are deleted
    partial = frozenset(k for k in state.partial | in_cycles
                        if k in bucket and k not in site and k not in deletes)
    after = DeployState(deploy, {k: r for k, r in retired.items() if k not in deletes}, partial)
    return RetirementPlan(retires, deletes, during, after)


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)
