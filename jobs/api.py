"""API: imports (upload → check → confirm) and background jobs (status, progress, result file)."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.reverse import reverse

from accounts.models import REGISTRARS, Role
from common.exports import XLSX
from jobs import registry, selectors, services
from jobs.models import Job
from jobs.views import result_response


class CellErrorSerializer(serializers.Serializer):
    sheet = serializers.CharField()
    row = serializers.IntegerField(help_text="Số dòng trong bảng tính (dòng tiêu đề là 1).")
    column = serializers.CharField(help_text="Tiêu đề cột, hoặc “(cả dòng)”.")
    message = serializers.CharField()


class JobSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    title = serializers.CharField(read_only=True)
    percent = serializers.IntegerField(read_only=True)
    errors = CellErrorSerializer(many=True, read_only=True,
                                 help_text="Tối đa JOB_ERRORS_KEPT lỗi; error_count là tổng số.")
    counts = serializers.DictField(read_only=True, help_text="Số dòng, số người, số hộ…; timing: giây từng bước.")
    result_file = serializers.SerializerMethodField(help_text="Tệp kết quả: bản sao có đánh dấu lỗi, hoặc tệp xuất.")
    submit = serializers.SerializerMethodField()

    class Meta:
        model = Job
        fields = ["id", "kind", "import_kind", "title", "status", "status_display", "step", "message", "done",
                  "total", "percent", "counts", "error_count", "errors", "upload_name", "submit", "result_file",
                  "result_url", "created_at", "started_at", "finished_at", "confirmed_at"]
        read_only_fields = fields

    def get_result_file(self, job) -> str | None:
        if not job.result:
            return None
        return reverse("job-result", args=[job.pk], request=self.context.get("request"))

    def get_submit(self, job) -> bool:
        return bool(job.params.get("submit"))


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="Tệp .xlsx (theo mẫu) hoặc .csv UTF-8.")
    kind = serializers.ChoiceField(choices=())
    submit = serializers.BooleanField(default=False, help_text="Hồ sơ nhập vào ở trạng thái “đã gửi” thay vì “nháp”.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = registry.import_kinds()  # declared by the apps at start-up


class JobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Your background jobs (an administrator sees all): status, progress, counts, errors, result file."""

    serializer_class = JobSerializer
    queryset = Job.objects.none()
    filterset_fields = ["kind", "status"]

    def get_queryset(self):
        return selectors.job_list(user=self.request.user)

    @extend_schema(request=None, responses={202: JobSerializer})
    @action(detail=True, methods=["post"])
    def restart(self, request, pk=None):
        """Run again a job whose worker died (status ``interrupted``); only its owner."""
        job = services.job_restart(by=request.user, job=self.get_object())
        return Response(JobSerializer(job, context=self.get_serializer_context()).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses={(200, XLSX): bytes, (200, "application/pdf"): bytes})
    @action(detail=True, methods=["get"])
    def result(self, request, pk=None):
        """Download the result file: the marked copy of an import with errors, an export, a PDF."""
        return result_response(request, self.get_object())


class ImportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Imports from Excel: POST a file (checked, nothing written), read the errors, then confirm.

    A file with any error imports nothing; ``confirm`` checks it again and writes every row or none.
    """

    write_roles = (*REGISTRARS, Role.ADMIN)

    serializer_class = JobSerializer
    queryset = Job.objects.none()
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    filterset_fields = ["import_kind", "status"]

    def get_queryset(self):
        return selectors.job_list(user=self.request.user).filter(kind=registry.IMPORT)

    def _respond(self, job, code=status.HTTP_202_ACCEPTED):
        return Response(self.get_serializer(self.get_queryset().get(pk=job.pk)).data, status=code)

    @extend_schema(request={"multipart/form-data": ImportUploadSerializer}, responses={202: JobSerializer})
    def create(self, request):
        data = ImportUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        job = services.import_start(by=request.user, **data.validated_data)
        return self._respond(job)

    @extend_schema(request=None, responses={202: JobSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return self._respond(services.import_confirm(by=request.user, job=self.get_object()))

    @extend_schema(request=None, responses={200: JobSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._respond(services.import_cancel(by=request.user, job=self.get_object()), code=status.HTTP_200_OK)
