"""`POST /api/v1/exports/`: build the zip of everything; `GET .../{id}/download/` while the link lasts."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, renderers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from journal.exports import flow
from journal.models import DataExport


class ExportSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField(help_text="Set once the zip is built, until it expires.")

    class Meta:
        model = DataExport
        fields = ["id", "status", "created_at", "expires_at", "size_bytes", "download_url", "error"]
        read_only_fields = fields

    def get_download_url(self, export: DataExport) -> str | None:
        if export.status != "done" or export.is_expired:
            return None
        return reverse("api:export-download", args=[export.pk])


class ZipRenderer(renderers.BaseRenderer):
    media_type = "application/zip"
    format = "zip"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


EXPORT_ID = [OpenApiParameter("id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="The export's id.")]


class ExportViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ExportSerializer
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return DataExport.objects.none()
        return DataExport.objects.filter(owner=self.request.user)

    def get_object(self):
        try:
            return super().get_object()
        except DjangoValidationError as error:
            raise Http404 from error

    @extend_schema(
        request=None,
        responses={201: ExportSerializer},
        summary="Export everything you stored",
        description=(
            "Builds one zip: data.json in this API's shapes and a CSV per table. A large journal is "
            "built in the background (`status` queued or working); poll `GET /exports/{id}/`. The "
            "download link works for 24 hours."
        ),
    )
    def create(self, request, *args, **kwargs):
        export = flow.export_request(owner=request.user)
        return Response(ExportSerializer(export).data, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=EXPORT_ID, summary="An export's status and download link")
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        parameters=EXPORT_ID,
        responses={
            (200, "application/zip"): OpenApiResponse(OpenApiTypes.BINARY, description="The zip."),
            (404, "application/json"): OpenApiResponse(description="Not yours, not built yet, or expired."),
        },
        summary="Download an export",
    )
    @action(detail=True, methods=["get"], renderer_classes=[renderers.JSONRenderer, ZipRenderer])
    def download(self, request, *args, **kwargs):
        export = flow.export_for_download(owner=request.user, export_id=self.get_object().pk)
        if export is None:
            raise Http404
        return FileResponse(
            default_storage.open(export.file, "rb"),
            as_attachment=True,
            filename=flow.export_filename(export),
            content_type="application/zip",
        )
