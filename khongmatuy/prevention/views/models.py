"""Drug-free models: list (counts by status), create, correct, detail with its events, reviews and
replicas, status steps, yearly review, the establishing decision's scan."""

from __future__ import annotations

from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from khongmatuy.common.access import scoped
from khongmatuy.common.forms import post_data
from khongmatuy.common.http import AuthenticatedHttpRequest
from khongmatuy.common.ids import parse_id
from khongmatuy.common.roles import Capability
from khongmatuy.common.views import form_page

from .. import forms, services
from ..models import DrugFreeModel
from ..rules.models import next_statuses

VIEW = Capability.VIEW_PREVENTION
RECORD = Capability.RECORD_PREVENTION


def _get(request: AuthenticatedHttpRequest, pk: int) -> DrugFreeModel:
    qs = DrugFreeModel.objects.for_user(request.user).select_related(
        "area", "host", "replicated_from"
    )
    return get_object_or_404(qs, pk=pk)


def _label(status: str) -> str:
    return str(DrugFreeModel.Status(status).label) if status else ""


@require_GET
@scoped(VIEW)
def model_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    qs = DrugFreeModel.objects.for_user(request.user)
    status = request.GET.get("status", "")
    kind = request.GET.get("kind", "")
    by_status = dict(qs.order_by().values_list("status").annotate(n=Count("pk")))
    if status in DrugFreeModel.Status.values:
        qs = qs.filter(status=status)
    if kind in DrugFreeModel.Kind.values:
        qs = qs.filter(kind=kind)
    context = {
        "models": qs.select_related("area", "host").order_by("kind", "name", "pk")[:500],
        "counts": [(s, by_status.get(s.value, 0)) for s in DrugFreeModel.Status],
        "kinds": DrugFreeModel.Kind.choices,
        "status": status,
        "kind": kind,
        "can_record": request.user.can(RECORD),
    }
    return render(request, "prevention/models/list.html", context)


@require_http_methods(["GET", "POST"])
@scoped(RECORD)
def model_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    data, files = post_data(request, files=True)
    origin = parse_id(request.GET.get("replicated_from"))
    form = forms.DrugFreeModelForm(
        data, files, user=request.user, initial={"replicated_from": origin}
    )
    return form_page(
        request,
        form=form,
        save=lambda: services.model_create(
            actor=request.user, today=timezone.localdate(), **form.cleaned_data
        ),
        template="prevention/models/form.html",
        done=_("Đã ghi nhận mô hình."),
        success_url=lambda m: m.get_absolute_url(),
    )


def _model_initial(model: DrugFreeModel) -> dict[str, object]:
    return {
        "kind": model.kind,
        "name": model.name,
        "area": model.area_id,
        "host": model.host_id,
        "decision_number": model.decision_number,
        "decision_date": model.decision_date,
        "decision_issuer": model.decision_issuer,
        "members_count": model.members_count,
        "members_named": model.members_named,
        "replicated_from": model.replicated_from_id,
    }


@require_http_methods(["GET", "POST"])
@scoped(RECORD)
def model_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Correct a model's details; its status moves on the status page only."""
    model = _get(request, pk)
    data, files = post_data(request, files=True)
    form = forms.DrugFreeModelForm(data, files, user=request.user, initial=_model_initial(model))
    form.fields["replicated_from"].queryset = form.fields[  # type: ignore[attr-defined]
        "replicated_from"
    ].queryset.exclude(pk=model.pk)
    return form_page(
        request,
        form=form,
        save=lambda: services.model_update(
            actor=request.user, model=model, today=timezone.localdate(), **form.cleaned_data
        ),
        template="prevention/models/form.html",
        context={"model": model},
        done=_("Đã sửa thông tin mô hình."),
        success_url=lambda m: m.get_absolute_url(),
    )


@require_GET
@scoped(VIEW)
def model_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    model = _get(request, pk)
    today = timezone.localdate()
    transition = forms.ModelTransitionForm()
    transition.fields["to_status"].choices = [  # type: ignore[attr-defined]
        (s, DrugFreeModel.Status(s).label) for s in next_statuses(model.status)
    ]
    context = {
        "model": model,
        "events": [
            (e, _label(e.from_status), _label(e.to_status))
            for e in model.events.order_by("on", "pk")
        ],
        "reviews": model.reviews.all(),
        "replicas": DrugFreeModel.objects.for_user(request.user).filter(replicated_from=model),
        "transition": transition,
        "review": forms.ModelReviewForm(initial={"year": today.year}),
        "can_record": request.user.can(RECORD),
    }
    return render(request, "prevention/models/detail.html", context)


@require_http_methods(["GET", "POST"])
@scoped(RECORD)
def model_transition(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    model = _get(request, pk)
    form = forms.ModelTransitionForm(post_data(request))
    form.fields["to_status"].choices = [  # type: ignore[attr-defined]
        (s, DrugFreeModel.Status(s).label) for s in next_statuses(model.status)
    ]
    return form_page(
        request,
        form=form,
        save=lambda: services.model_transition(
            actor=request.user, model=model, today=timezone.localdate(), **form.cleaned_data
        ),
        template="prevention/models/step.html",
        context={"model": model, "title": _("Chuyển tình trạng")},
        done=_("Đã chuyển tình trạng mô hình."),
        success_url=lambda m: m.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
@scoped(RECORD)
def model_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    model = _get(request, pk)
    form = forms.ModelReviewForm(post_data(request), initial={"year": timezone.localdate().year})
    return form_page(
        request,
        form=form,
        save=lambda: services.model_review(
            actor=request.user, model=model, today=timezone.localdate(), **form.cleaned_data
        ),
        template="prevention/models/step.html",
        context={"model": model, "title": _("Đánh giá hằng năm")},
        done=_("Đã ghi đánh giá."),
        success_url=lambda _r: model.get_absolute_url(),
    )


@require_GET
@scoped(VIEW)
def model_decision(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    model = _get(request, pk)
    if not model.decision_file:
        raise Http404
    try:
        handle = model.decision_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = model.decision_file.name or ""
    extension = name.rsplit(".", 1)[-1] if "." in name else "bin"
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"quyet-dinh-mo-hinh-{model.pk}.{extension}",
        content_type=model.decision_file_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response  # type: ignore[return-value]  # a streaming response; the decorators' type
