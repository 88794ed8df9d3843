"""A8 while the request streams: the count, per-file and total limits stop a file before it is kept.

Installed for every request (``FILE_UPLOAD_HANDLERS``) because the CSRF check may parse the body before
any view runs. On the evidence-upload URLs it looks up the appeal's remaining budget; elsewhere it is
Django's temporary-file handler. Every file goes to a temporary file on disk, never whole into memory.
Refusals are kept on ``request.upload_refusals`` for the view to report; a refused file is deleted
and never reaches the view, let alone the storage.
"""

from __future__ import annotations

from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict

from . import uploads

#: URL names whose POST bodies are appeal evidence, and the URL kwarg that holds the appeal id.
EVIDENCE_URLS = {"api-appeal-evidence": "appeal_pk", "appeal-evidence-upload": "pk"}
#: Multipart overhead allowed on top of the largest acceptable payload before we refuse unread.
REQUEST_SLACK = 1 * uploads.MIB


def _budget(request):
    from .models import Appeal
    from .services import EvidenceBudget, evidence_budget

    match = getattr(request, "resolver_match", None)
    kwarg = EVIDENCE_URLS.get(getattr(match, "url_name", None) or "")
    if kwarg is None:
        return None
    user = getattr(request, "user", None)
    appeal = None
    if user is not None and user.is_authenticated:
        appeal = Appeal.objects.visible_to(user).filter(pk=match.kwargs.get(kwarg)).first()
    # An unknown appeal gets a full budget here; the view then answers 404/409 and nothing is stored.
    return evidence_budget(appeal) if appeal is not None else EvidenceBudget(files=0, bytes=0)


class EvidenceUploadHandler(TemporaryFileUploadHandler):
    def __init__(self, request=None) -> None:
        super().__init__(request)
        self.budget = None
        self.files_before = 0
        self.bytes_before = 0
        self.seen = 0
        self.display_name = ""
        self.over = False
        self.refused_name = False

    def _refuse(self, refusal: uploads.UploadRefused) -> None:
        refusals = getattr(self.request, "upload_refusals", None)
        if refusals is None:
            refusals = self.request.upload_refusals = []
        refusals.append(refusal)

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.budget = _budget(self.request)
        if self.budget is None:
            return None
        limit = uploads.MAX_TOTAL_BYTES + REQUEST_SLACK
        if content_length and content_length > limit:
            # Larger than any acceptable upload: refused before a byte of the body is read.
            self._refuse(
                uploads.UploadRefused(
                    "",
                    f"The upload is {content_length:,} bytes: {uploads.over_by(content_length, limit)} the "
                    f"{uploads.format_bytes(limit)} an upload request may carry (30 MB per appeal, 10 MB per file, "
                    "1 MB = 1,048,576 bytes).",
                    limit="total",
                )
            )
            return QueryDict(), MultiValueDict()
        return None

    def new_file(self, field_name, file_name, *args, **kwargs) -> None:
        super().new_file(field_name, file_name, *args, **kwargs)
        self.seen = 0
        self.over = False
        self.refused_name = False
        if self.budget is None:
            return
        from .services import EvidenceBudget, check_evidence_budget

        try:
            self.display_name = uploads.clean_filename(file_name)
            check_evidence_budget(
                self.display_name, 0, EvidenceBudget(files=self.budget.files + self.files_before, bytes=0)
            )
        except uploads.UploadRefused as refusal:
            self._refuse(refusal)
            self.refused_name = True

    def receive_data_chunk(self, raw_data, start):
        self.seen += len(raw_data)
        if self.budget is None:
            return super().receive_data_chunk(raw_data, start)
        if self.refused_name or self.over:
            return None  # counted, never kept
        room = min(uploads.MAX_FILE_BYTES, uploads.MAX_TOTAL_BYTES - self.budget.bytes - self.bytes_before)
        if self.seen > room:
            # Past a limit: drop what was written so far; the rest is only counted, for "by how much".
            self.over = True
            self.upload_interrupted()
            return None
        return super().receive_data_chunk(raw_data, start)

    def file_complete(self, file_size):
        if self.budget is None:
            return super().file_complete(file_size)
        if self.refused_name:
            self.upload_interrupted()
            return None
        if self.over:
            from .services import EvidenceBudget, check_evidence_budget

            if file_size > uploads.MAX_FILE_BYTES:
                self._refuse(uploads.size_refusal(self.display_name, file_size))
            else:
                try:
                    check_evidence_budget(
                        self.display_name,
                        file_size,
                        EvidenceBudget(files=0, bytes=self.budget.bytes + self.bytes_before),
                    )
                except uploads.UploadRefused as refusal:
                    self._refuse(refusal)
            return None
        self.files_before += 1
        self.bytes_before += file_size
        return super().file_complete(file_size)
