"""``python -m apmg.deploy`` (``make deploy``): publish a built site to the bucket.

With ``--prefix previews/pr-12/`` the site goes under that prefix of the bucket (a pull
request's preview) and the live site is not touched; ``--remove --prefix ...`` deletes
that preview, every object under the prefix and nothing else (apmg/deploy/prefix.py).

Exit status: 0 done (or dry run), 1 the store or CDN failed, 2 a setting or the
site folder is wrong, or the deploy would retire too much of the live site without
--force (the message says which and how to fix it).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

from apmg.deploy import cdn
from apmg.deploy.config import ConfigError, DeployConfig
from apmg.deploy.execute import execute, run_parallel
from apmg.deploy.plan import Plan, keys_to_inspect, make_plan, refusal, scan, site_keys
from apmg.deploy.prefix import PREVIEWS, clean_prefix, is_preview_key
from apmg.deploy.references import site_url_of
from apmg.deploy.report import Reporter
from apmg.deploy.s3 import Bucket, make_client

RESUME_HINT = ("The live site is still whole (every file goes up after what it references, "
               "nothing is deleted before the uploads are done): fix the cause and run "
               "make deploy again to finish.")


def positive(text: str) -> int:
    """argparse type: a count of at least 1 (zero threads would wait forever)."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m apmg.deploy", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Settings come from APMG_S3_BUCKET, APMG_S3_REGION, APMG_S3_ENDPOINT_URL, "
               "APMG_CLOUDFRONT_DISTRIBUTION_ID, APMG_DEPLOY_RETIRE_DAYS, "
               "APMG_DEPLOY_RETIRE_DEPLOYS, APMG_DEPLOY_MAX_RETIRE_PERCENT and the usual "
               "AWS credential variables; see docs/deploying.md.")
    parser.add_argument("--output", type=Path, default=Path("output"),
                        help="the built site to publish (default: %(default)s)")
    parser.add_argument("--dry-run", action="store_true",
                        help="print what would be uploaded, kept, retired and deleted; "
                             "change nothing")
    parser.add_argument("--force", action="store_true",
                        help="deploy even if it retires more of the live site than "
                             "APMG_DEPLOY_MAX_RETIRE_PERCENT allows")
    parser.add_argument("--jobs", type=positive, default=8, help="parallel requests (default: 8)")
    parser.add_argument("--log", type=Path, help="append every change as a JSON line to LOG")
    parser.add_argument("-v", "--verbose", action="store_true", help="also list kept files")
    parser.add_argument("--prefix", default="",
                        help=f"deploy under this folder of the bucket, one under {PREVIEWS} "
                             f"(a preview, like {PREVIEWS}pr-12/); the live site is not "
                             "touched")
    parser.add_argument("--remove", action="store_true",
                        help="delete every object under --prefix (a preview) and nothing "
                             "else; reads no site folder")
    args = parser.parse_args(argv)
    if args.remove and not args.prefix:
        parser.error("--remove needs --prefix: it removes a preview, never the live site")
    return args


def check_site(output: Path) -> Path:
    """The release folder to read (``output`` is a link that a new build switches, so the
    deploy resolves it once); refuse a missing or half-built folder: deploying it would
    retire the live site."""
    if not output.is_dir():
        raise ConfigError(f"{output} does not exist: build the site first (make publish)")
    if not (output / "index.html").is_file():
        raise ConfigError(f"{output} has no index.html: is it a built site? "
                          "(make publish, or pass --output DIR)")
    return output.resolve()


def check_no_previews(output: Path) -> None:
    """The live site may not have a ``previews/`` folder: the bucket keeps it for previews."""
    clash = [key for key in site_keys(output) if is_preview_key(key)]
    if clash:
        raise ConfigError(f"{output} has {len(clash)} file(s) under {PREVIEWS} (like "
                          f"{clash[0]}): that folder of the bucket is kept for previews, "
                          "so the live site cannot use it")


def plan_deploy(bucket: Bucket, output: Path, config: DeployConfig, jobs: int) -> Plan:
    """Compare the folder with the bucket (the state, a listing, a HEAD per same-size
    object) and order the changes."""
    if not bucket.prefix:
        check_no_previews(output)
    state = bucket.read_state()
    local = scan(output)
    remote = bucket.list()
    for obj in run_parallel(keys_to_inspect(local, remote), bucket.inspect, jobs):
        remote[obj.key] = obj
    siteurl = site_url_of((output / "index.html").read_bytes()) or config.site_url
    return make_plan(local, remote, state=state, siteurl=siteurl, grace=config.grace)


def deploy(config: DeployConfig, args: argparse.Namespace, reporter: Reporter) -> None:
    """Plan, then (unless a dry run or refused) execute and invalidate the changed pages."""
    bucket = Bucket(make_client(config, max_pool=args.jobs + 2), config.bucket, args.prefix)
    bucket.check()
    if args.remove:
        remove(bucket, config, args, reporter)
        return
    plan = plan_deploy(bucket, args.output, config, args.jobs)
    # a retired page is still in the bucket, unchanged: only uploads and deletions
    # change what the CDN should serve
    paths = cdn.invalidation_paths(
        [args.prefix + key for key in [f.key for f in plan.uploads] + plan.deletes])
    reporter.plan(plan, bucket=config.bucket, dry_run=args.dry_run)
    # the refusal guards the live site; a preview is the pull request's own
    reason = None if args.prefix else refusal(plan, config.max_retire_share)
    if reason and not args.force:
        raise ConfigError(f"refusing to deploy: {reason}")
    if args.dry_run:
        if config.distribution_id and paths:
            reporter.say(f"would invalidate on {config.distribution_id}: {' '.join(paths)}")
        return
    execute(plan, bucket, reporter, jobs=args.jobs)
    invalidation = None
    if config.distribution_id:
        invalidation = cdn.invalidate(cdn.make_client(), config.distribution_id, paths)
    reporter.summary(plan, invalidation=invalidation)


def remove(bucket: Bucket, config: DeployConfig, args: argparse.Namespace,
           reporter: Reporter) -> None:
    """Delete the preview under ``args.prefix``: every object under it, nothing else."""
    where = f"s3://{config.bucket}/{args.prefix}"
    if args.dry_run:
        keys = sorted(bucket.list())
        for key in keys:
            reporter.event("would-remove", key=args.prefix + key)
        reporter.say(f"would remove {len(keys)} objects under {where}")
        return
    keys = bucket.remove_all()
    for key in keys:
        reporter.event("remove", key=args.prefix + key)
    reporter.say(f"removed {len(keys)} objects under {where}")
    paths = cdn.invalidation_paths(args.prefix + key for key in keys)
    if config.distribution_id and paths:
        cdn.invalidate(cdn.make_client(), config.distribution_id, paths)


def explain(error: ClientError, config: DeployConfig) -> str:
    """A sentence an operator can act on, for the store's usual refusals."""
    code = error.response.get("Error", {}).get("Code", "")
    where = config.endpoint_url or f"AWS region {config.region}"
    if code in ("404", "NoSuchBucket"):
        return f"bucket {config.bucket!r} does not exist at {where}: create it first"
    if code in ("403", "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch"):
        return (f"access to bucket {config.bucket!r} at {where} was refused ({code}): "
                "check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY and the bucket policy")
    return str(error)


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``make deploy`` (and of ``apmg deploy``); returns the exit status."""
    args = parse_args(argv)
    try:
        config = DeployConfig.from_env()
        args.prefix = clean_prefix(args.prefix) if args.prefix else ""
        if not args.remove:
            args.output = check_site(args.output)
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    reporter = Reporter(sys.stdout, log_path=args.log, verbose=args.verbose)
    try:
        deploy(config, args, reporter)
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except NoCredentialsError:
        print("error: no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
              "(or a profile or role)", file=sys.stderr)
        return 2
    except (ClientError, BotoCoreError, OSError, RuntimeError) as error:
        reason = explain(error, config) if isinstance(error, ClientError) else str(error)
        print(f"error: deploy failed: {reason}\n{RESUME_HINT}", file=sys.stderr)
        return 1
    finally:
        reporter.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
