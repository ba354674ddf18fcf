"""An S3-compatible bucket as a deploy target (`s3://bucket/prefix`), through boto3.

boto3 is AWS's own client and speaks the S3 API that Cloudflare R2, Backblaze B2, MinIO and
Google Cloud Storage's interoperability endpoint also answer (`endpoint` in sitegen.toml). Its
credentials come from where every AWS tool finds them (AWS_ACCESS_KEY_ID and
AWS_SECRET_ACCESS_KEY, AWS_PROFILE, ~/.aws/credentials, an instance role), never from
sitegen.toml, which is committed with the site.

Each object is one PUT (whole or not at all: S3 has no half-written objects), with the
Content-Type and Cache-Control of deploy/policy.py; its ETag, which changes with every write,
is what the manifest checks the listing against.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import boto3
import botocore.config
import botocore.exceptions

from generator.deploy.local import LocalFile
from generator.deploy.targets import MANIFEST_KEY, Listed, target_error

_DELETE_BATCH = 1000  # keys per DeleteObjects request, the API's limit
_DENIED = frozenset({"AccessDenied", "403", "Forbidden", "AllAccessDisabled", "AccountProblem"})
_BAD_KEYS = frozenset({"InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken", "ExpiredToken",
                       "InvalidClientTokenId", "AuthorizationHeaderMalformed"})


class BucketTarget:
    parallel = 8  # each PUT waits on the network, not on the CPU
    cheap_listing = False  # a listing costs a request per 1,000 objects: spot-checked (deploy/plan.py)

    def __init__(self, url: str, bucket: str, prefix: str, endpoint: str | None, region: str | None,
                 gzip: bool = False) -> None:
        self.url = url
        self.gzip = gzip
        self.bucket = bucket
        self.prefix = f"{prefix}/" if prefix else ""
        self._endpoint = endpoint
        config = botocore.config.Config(retries={"max_attempts": 5, "mode": "standard"},
                                        max_pool_connections=self.parallel * 2)
        with self._faults():
            self._s3 = boto3.session.Session().client("s3", endpoint_url=endpoint, region_name=region or None,
                                                     config=config)

    @contextlib.contextmanager
    def _faults(self, key: str | None = None) -> Iterator[None]:
        """What went wrong, in words a desk can act on, instead of a botocore traceback."""
        try:
            yield
        except botocore.exceptions.NoCredentialsError:
            raise target_error(self.url, "no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
                               "(or AWS_PROFILE, or write ~/.aws/credentials); sitegen.toml never holds them") from None
        except botocore.exceptions.ClientError as error:
            raise target_error(self.url, self._client_error(error, key)) from None
        except (botocore.exceptions.EndpointConnectionError, botocore.exceptions.ConnectionError) as error:
            where = self._endpoint or "the S3 endpoint"
            raise target_error(self.url, f"cannot reach {where}: {error}") from None
        except botocore.exceptions.BotoCoreError as error:
            raise target_error(self.url, f"{error}") from None

    def _client_error(self, error: botocore.exceptions.ClientError, key: str | None) -> str:
        details = error.response.get("Error", {})
        code = str(details.get("Code", ""))
        said = details.get("Message") or code
        if code in ("NoSuchBucket", "404") and key is None:
            return f"the bucket '{self.bucket}' does not exist{f' at {self._endpoint}' if self._endpoint else ''}"
        if code in _BAD_KEYS:
            return f"the AWS credentials were refused ({code}: {said}); check the key id and secret"
        what = f" {key}" if key else ""
        if code in _DENIED:
            return f"access denied{what}: the credentials may not do this on bucket '{self.bucket}' ({said})"
        return f"{code}{what}: {said}"

    def read_manifest(self) -> bytes | None:
        with self._faults():
            try:
                return self._s3.get_object(Bucket=self.bucket, Key=self.prefix + MANIFEST_KEY)["Body"].read()
            except self._s3.exceptions.NoSuchKey:
                return None

    def write_manifest(self, data: bytes) -> None:
        with self._faults(MANIFEST_KEY):
            self._s3.put_object(Bucket=self.bucket, Key=self.prefix + MANIFEST_KEY, Body=data,
                                ContentType="application/gzip", CacheControl="no-store")

    def listing(self, start_after: str = "", limit: int | None = None) -> tuple[dict[str, Listed], bool]:
        found: dict[str, Listed] = {}
        arguments = {"Bucket": self.bucket, "Prefix": self.prefix}
        if start_after:
            arguments["StartAfter"] = self.prefix + start_after
        manifest = self.prefix + MANIFEST_KEY
        with self._faults():
            while True:
                page = self._s3.list_objects_v2(**arguments, **({"MaxKeys": limit} if limit else {}))
                for item in page.get("Contents", ()):
                    if item["Key"] != manifest:
                        found[item["Key"][len(self.prefix):]] = Listed(item["Size"], item["ETag"])
                more = bool(page.get("IsTruncated"))
                if limit or not more:
                    return found, more
                arguments["ContinuationToken"] = page["NextContinuationToken"]

    def put(self, file: LocalFile, body: bytes) -> str:
        headers = {"ContentType": file.content_type, "CacheControl": file.cache_control}
        if file.gzipped:
            headers["ContentEncoding"] = "gzip"
        with self._faults(file.path):
            return str(self._s3.put_object(Bucket=self.bucket, Key=self.prefix + file.path, Body=body,
                                           **headers)["ETag"])

    def delete(self, paths: list[str]) -> None:
        for start in range(0, len(paths), _DELETE_BATCH):
            batch = paths[start:start + _DELETE_BATCH]
            with self._faults():
                answer = self._s3.delete_objects(Bucket=self.bucket, Delete={
                    "Objects": [{"Key": self.prefix + path} for path in batch], "Quiet": True})
            if failed := answer.get("Errors"):
                first = failed[0]
                raise target_error(self.url, f"could not delete {len(failed):,} objects, e.g. {first.get('Key')}: "
                                   f"{first.get('Code')}: {first.get('Message')}")
