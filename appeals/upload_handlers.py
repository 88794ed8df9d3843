"""A8 while the request streams: the count, per-file and total limits stop a file before it is kept.

Installed for every request (``FILE_UPLOAD_HANDLERS``) because the CSRF check may parse the body before
any view runs. On the evidence-upload URLs it looks up the appeal's remaining budget and parses the body
itself (Django's parser, see ``_EvidenceParser``); elsewhere it is Django's temporary-file handler. Every
file goes to a temporary file on disk, never whole into memory. Refusals are kept on
``request.upload_refusals`` for the view to report; a refused file is deleted and never reaches the view,
let alone the storage.
"""

from __future__ import annotations

from django.core.exceptions import TooManyFilesSent
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.http import QueryDict
from django.http.multipartparser import MultiPartParser, exhaust
from django.utils.datastructures import MultiValueDict

from . import uploads
from .uploads import limits
from .uploads.budget import EvidenceBudget, check_evidence_budget, evidence_budget

#: URL names whose POST bodies are appeal evidence: the URL kwarg that holds the appeal id, and how many file
#: parts one request may carry (the API takes one file per request; the page's form may send several).
EVIDENCE_URLS = {"api-appeal-evidence": ("appeal_pk", 1), "appeal-evidence-upload": ("pk", limits.MAX_FILES)}


class _EvidenceParser(MultiPartParser):
    """Django's multipart parser, telling the handler the file name as the client sent it.

    Django cleans names before any handler sees them (HTML references decoded, path parts and unprintable
    characters dropped) and skips a part whose name cleans to nothing ("..", "/"). A8 refuses such names
    instead (README: names are refused, never silently repaired), so the handler must see the original.
    """

    def __init__(self, *args, handler: EvidenceUploadHandler, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.handler = handler

    def sanitize_file_name(self, file_name):
        cleaned = super().sanitize_file_name(file_name)
        self.handler.client_name = file_name
        self.handler.name_rewritten = cleaned != file_name
        # A name Django would drop entirely ("..") still reaches new_file, where it is refused with a message; the
        # temporary file needs some valid name meanwhile.
        return cleaned or ("refused" if file_name else None)


def _budget(request):
    from .models import Appeal

    match = getattr(request, "resolver_match", None)
    kwarg, _parts = EVIDENCE_URLS.get(getattr(match, "url_name", None) or "", (None, 0))
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
        self.parts = 0
        self.max_parts = limits.MAX_FILES
        self.client_name: str | None = None
        self.name_rewritten = False
        self._parsing = False

    def _refuse(self, refusal: uploads.UploadRefused) -> None:
        refusals = getattr(self.request, "upload_refusals", None)
        if refusals is None:
            refusals = self.request.upload_refusals = []
        refusals.append(refusal)

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if self._parsing:
            return None  # called again by our own parser below: let it parse
        self.budget = _budget(self.request)
        if self.budget is None:
            return None
        limit = limits.MAX_REQUEST_BYTES
        if content_length and content_length > limit:
            # Larger than any acceptable upload: refused before a byte of the body is read.
            self._refuse(
                uploads.UploadRefused(
                    "",
                    f"The upload is {content_length:,} bytes: {uploads.over_by(content_length, limit)} the "
                    f"{uploads.format_bytes(limit)} an upload request may carry "
                    f"({uploads.format_bytes(limits.MAX_TOTAL_BYTES)} per appeal, "
                    f"{uploads.format_bytes(limits.MAX_FILE_BYTES)} per file, 1 MB = 1,048,576 bytes).",
                    reason="request",
                    limit=limit,
                )
            )
            return QueryDict(), MultiValueDict()
        match = self.request.resolver_match
        self.max_parts = EVIDENCE_URLS[match.url_name][1]
        parser = _EvidenceParser(META, input_data, [self], encoding, handler=self)
        self._parsing = True
        try:
            return parser.parse()
        except TooManyFilesSent:
            # Django stops at the 11th file part (DATA_UPLOAD_MAX_NUMBER_FILES) with a SuspiciousOperation, which
            # would be a bare 400 page. The files read so far are already closed (deleted) by the parser; the
            # fields read so far (the CSRF token comes first in our form) are kept, the rest of the body (at most
            # 31 MB, checked above) is drained so the browser gets the answer instead of a reset connection.
            exhaust(input_data)
            self.request.upload_refusals = [self._too_many_files()]
            post = getattr(parser, "_post", None) or QueryDict(mutable=True)
            post._mutable = False
            return post, MultiValueDict()
        finally:
            self._parsing = False

    def _too_many_files(self) -> uploads.UploadRefused:
        left = self.budget.files_left if self.budget is not None else limits.MAX_FILES
        return uploads.UploadRefused(
            "",
            f"This upload has more than {limits.MAX_FILES} files and an appeal holds at most {limits.MAX_FILES}, "
            f"so none of them was added; this appeal has room for {left} more file{'s' if left != 1 else ''}.",
            reason="count",
            limit=limits.MAX_FILES,
        )

    def new_file(self, field_name, file_name, *args, **kwargs) -> None:
        super().new_file(field_name, file_name, *args, **kwargs)
        self.seen = 0
        self.over = False
        self.refused_name = False
        client_name, rewritten = self.client_name, self.name_rewritten
        self.client_name, self.name_rewritten = None, False
        if self.budget is None:
            return
        self.parts += 1
        if self.parts > self.max_parts:
            # Said once; every further part is only counted. The view adds nothing when there is a refusal, so the
            # files already received are not half-kept either.
            if self.parts == self.max_parts + 1:
                self._refuse(
                    uploads.UploadRefused(
                        "",
                        f"Send one file per request, in the multipart field “file”: this request carried more than "
                        f"{self.max_parts}, so none of them was added.",
                        reason="parts",
                        limit=self.max_parts,
                    )
                )
            self.refused_name = True
            return
        try:
            if rewritten and client_name is not None:
                raise uploads.rewritten_name_refusal(client_name, file_name)
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
        room = min(limits.MAX_FILE_BYTES, limits.MAX_TOTAL_BYTES - self.budget.bytes - self.bytes_before)
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
            if file_size > limits.MAX_FILE_BYTES:
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
