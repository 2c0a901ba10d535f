"""`POST /api/v1/imports/` (multipart): read files into a preview; confirm it, or send `?commit=1`."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from journal.api.serializers import FieldErrorsSerializer
from journal.imports import flow
from journal.models import ImportBatch

MAX_FILES = 100


class ImportItemSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The file's name (inside an archive, its path there).")
    outcome = serializers.ChoiceField(["new", "duplicate", "error", "saved"])
    message = serializers.CharField(help_text="Why a file was not imported, or that it is a duplicate.")
    date = serializers.DateField(required=False, help_text="The run's date in the runner's time zone.")
    started_at = serializers.DateTimeField(required=False)
    distance_m = serializers.IntegerField(required=False)
    duration_s = serializers.IntegerField(required=False, help_text="Moving time, seconds.")
    shoe_id = serializers.UUIDField(required=False, allow_null=True)
    shoe_name = serializers.CharField(required=False, allow_blank=True)
    source = serializers.CharField(required=False)


class ImportBatchSerializer(serializers.ModelSerializer):
    items = ImportItemSerializer(many=True, read_only=True)

    class Meta:
        model = ImportBatch
        fields = ["id", "status", "created_at", "files_done", "items", "saved_count", "error"]
        read_only_fields = fields


class ImportUploadSerializer(serializers.Serializer):
    files = serializers.ListField(
        child=serializers.FileField(allow_empty_file=False),
        min_length=1,
        max_length=MAX_FILES,
        help_text="GPX, TCX or FIT files, or zips of a Strava or Garmin export.",
    )


COMMIT = OpenApiParameter(
    "commit", OpenApiTypes.BOOL, OpenApiParameter.QUERY, required=False, description="Save at once."
)
BATCH_ID = [OpenApiParameter("id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="The import's id.")]


class ImportViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ImportBatchSerializer
    parser_classes = [MultiPartParser]
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ImportBatch.objects.none()
        return ImportBatch.objects.filter(owner=self.request.user)

    def get_object(self):
        try:
            return super().get_object()
        except DjangoValidationError as error:  # not a UUID
            raise Http404 from error

    @extend_schema(
        request={"multipart/form-data": ImportUploadSerializer},
        parameters=[COMMIT],
        responses={201: ImportBatchSerializer, 400: FieldErrorsSerializer},
        summary="Import runs from files",
        description=(
            "Reads the files and answers with a preview: each run's date, distance, moving time and "
            "shoe, and which are duplicates or could not be read. Nothing is stored until "
            "`POST /imports/{id}/confirm/`, or at once with `?commit=1`. A large upload is read in the "
            "background: `status` is then `queued` or `working`; poll `GET /imports/{id}/`."
        ),
    )
    def create(self, request, *args, **kwargs):
        upload = ImportUploadSerializer(data={"files": request.FILES.getlist("files")})
        upload.is_valid(raise_exception=True)
        commit = request.query_params.get("commit", "").lower()
        if commit not in {"", "0", "1", "true", "false"}:
            raise serializers.ValidationError({"commit": ["Send 1 or true to save at once."]})
        batch = flow.batch_create(owner=request.user, files=upload.validated_data["files"])
        batch = flow.batch_after_commit(batch)
        if commit in {"1", "true"}:
            flow.batch_save(batch=batch)
            batch = flow.batch_after_commit(batch)
        return Response(ImportBatchSerializer(batch).data, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=BATCH_ID, summary="An import's progress and preview")
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        request=None,
        parameters=BATCH_ID,
        responses={200: ImportBatchSerializer},
        summary="Save an import's new runs",
        description="Stores the preview's new runs once; confirming again stores nothing more.",
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request, *args, **kwargs):
        batch = self.get_object()
        flow.batch_save(batch=batch)
        return Response(ImportBatchSerializer(flow.batch_after_commit(batch)).data)
