"""Schemathesis hooks for Posko's API fuzz (scripts/api-fuzz.sh): the photo and workbook bodies
are bytes, sent as schemathesis sends `application/octet-stream`."""

import schemathesis

for media_type in (
    "image/jpeg",
    "image/png",
    "image/webp",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
):
    schemathesis.serializer.alias(media_type, "application/octet-stream")
