"""Records to IIIF Presentation 3 manifests, one canvas per published image, in page order."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eheritage.iiif import _models as m
from eheritage.iiif.errors import ManifestError, NoImagesError
from eheritage.iiif.output import write_document
from eheritage.iiif.published import ImageFile, PublishedImage, read_published_image
from eheritage.iiif.spec import LabelValue, ManifestSpec, Provider, SeeAlso
from eheritage.iiif.urls import canvas_url, manifest_url, normalise_base_url
from eheritage.progress import Progress


def build_manifest(spec: ManifestSpec, out: Path, base_url: str) -> dict[str, Any]:
    """The manifest for `spec` as a JSON-ready dict, its images read from `OUT/iiif/<image id>/`.

    Raises `NoImagesError` for a record without images (Presentation 3 requires a canvas)
    and `ManifestError` when an image's tiles are missing or incomplete.
    """
    base_url = normalise_base_url(base_url)  # a bad --base-url is the command's error, not the record's
    if not spec.images:
        raise NoImagesError(
            f"record {spec.id}: no images, so no IIIF manifest",
            hint="metadata-only records are still published as RDF and OAI-PMH; add scans to get a manifest",
        )
    images = [read_published_image(image_id, out, base_url) for image_id in spec.images]
    canvases = [_canvas(canvas_url(base_url, spec.id, n), n, image) for n, image in enumerate(images, start=1)]
    manifest = m.Manifest(
        id=manifest_url(base_url, spec.id),
        label=spec.label,
        summary=spec.summary or None,
        metadata=[_pair(pair) for pair in spec.metadata] or None,
        requiredStatement=_pair(spec.required_statement) if spec.required_statement else None,
        rights=spec.rights,
        provider=[_provider(spec.provider)] if spec.provider else None,
        seeAlso=[_see_also(link) for link in spec.see_also] or None,
        thumbnail=[_image(images[0].thumbnail)],
        items=canvases,
    )
    return m.to_json(manifest)


def write_manifest(spec: ManifestSpec, out: Path, base_url: str) -> dict[str, Any]:
    """Build the manifest and write it atomically to `OUT/iiif/manifest/<id>.json`; return it."""
    manifest = build_manifest(spec, out, base_url)
    write_document(manifest, out, base_url)
    return manifest


@dataclass
class ManifestBatch:
    """What `write_manifests` did: manifests written, records without images, failures."""

    written: list[dict[str, Any]] = field(default_factory=list)
    without_images: list[str] = field(default_factory=list)
    failed: dict[str, ManifestError] = field(default_factory=dict)


def write_manifests(
    specs: Iterable[ManifestSpec], out: Path, base_url: str, progress: Progress | None = None
) -> ManifestBatch:
    """Write a manifest per record; one record's missing tiles do not stop the others."""
    specs = list(specs)
    batch = ManifestBatch()
    for done, spec in enumerate(specs, start=1):
        try:
            batch.written.append(write_manifest(spec, out, base_url))
        except NoImagesError:
            batch.without_images.append(spec.id)
        except ManifestError as err:
            batch.failed[spec.id] = err
        if progress:
            progress(done, len(specs), spec.id)
    return batch


def _canvas(canvas_id: str, page: int, image: PublishedImage) -> Any:
    """A canvas the size of the full image, painted with its file and its level-0 service."""
    body = m.AnnotationBody(
        id=image.body.url,
        type="Image",
        format=image.body.format,
        width=image.body.width,
        height=image.body.height,
        service=[
            m.ServiceV3(id=image.service_id, type=image.service_type, profile=image.profile, sizes=image.sizes)
        ],
    )
    painting = m.Annotation(id=f"{canvas_id}/annotation/1", motivation="painting", body=body, target=canvas_id)
    return m.Canvas(
        id=canvas_id,
        label={"none": [str(page)]},
        width=image.width,
        height=image.height,
        thumbnail=[_image(image.thumbnail)],
        items=[m.AnnotationPage(id=f"{canvas_id}/page/1", items=[painting])],
    )


def _image(file: ImageFile) -> Any:
    return m.AnnotationBody(id=file.url, type="Image", format=file.format, width=file.width, height=file.height)


def _pair(pair: LabelValue) -> Any:
    label, value = pair
    return m.KeyValueString(label=label, value=value)


def _provider(provider: Provider) -> Any:
    homepage = (
        [m.Homepage(id=provider.homepage, type="Text", label=provider.label, format="text/html")]
        if provider.homepage
        else None
    )
    return m.Provider(id=provider.id, label=provider.label, homepage=homepage)


def _see_also(link: SeeAlso) -> Any:
    return m.LinkedResource(id=link.id, type=link.type, format=link.format, profile=link.profile, label=link.label)
