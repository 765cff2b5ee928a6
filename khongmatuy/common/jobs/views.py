"""The user's own jobs: the list, one job's progress (polled by htmx), its file."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from ..access import own_account
from ..http import AuthenticatedHttpRequest
from . import runner
from .models import Job

LIST_SIZE = 50


@require_GET
@own_account
def job_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    jobs = list(Job.objects.for_user(request.user).defer("file_content")[:LIST_SIZE])
    runner.mark_seen(jobs)
    return render(request, "jobs/list.html", {"jobs": jobs})


@require_GET
@own_account
def detail(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    """The progress page; htmx polls it every second and swaps the bar until the job ends."""
    job = get_object_or_404(Job.objects.for_user(request.user).defer("file_content"), pk=pk)
    if job.finished:
        runner.mark_seen([job])
    template = "jobs/detail.html#progress" if request.htmx else "jobs/detail.html"
    return render(request, template, {"job": job})


@require_GET
@own_account
def notice(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The header's notice: how many of the user's jobs finished since they last looked."""
    finished = (
        Job.objects.for_user(request.user)
        .filter(status__in=Job.FINISHED, seen_at__isnull=True)
        .count()
    )
    running = (
        Job.objects.for_user(request.user)
        .filter(status__in=(Job.Status.QUEUED, Job.Status.RUNNING))
        .count()
    )
    return render(request, "jobs/notice.html", {"finished": finished, "running": running})


@require_GET
@own_account
def download(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    """The file a finished job wrote (a job whose file needs a password has its own page)."""
    job = get_object_or_404(Job.objects.for_user(request.user), pk=pk, status=Job.Status.DONE)
    if job.file_content is None or job.params.get("download_url"):
        raise Http404
    response = HttpResponse(bytes(job.file_content), content_type=job.file_type)
    response["Content-Disposition"] = f'attachment; filename="{job.file_name}"'
    response["Cache-Control"] = "no-store"
    return response
