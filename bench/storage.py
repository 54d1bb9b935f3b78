"""The production static files storage, minus source-map references.

hrparks/static/vendor/bootstrap/bootstrap.bundle.min.js ends with `//# sourceMappingURL=…js.map` but the
map is not vendored, so `collectstatic` under production settings stops with MissingFileError (reported to
the lead: drop that line from the vendored file, or vendor the map). Until then the bench collects static
files with this storage; nothing else differs from production."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns):
    return tuple(
        (extension, tuple(pattern for pattern in rules if "sourceMappingURL" not in str(pattern)))
        for extension, rules in patterns
    )


class WithoutSourceMapsStorage(CompressedManifestStaticFilesStorage):
    patterns = _without_source_maps(CompressedManifestStaticFilesStorage.patterns)
