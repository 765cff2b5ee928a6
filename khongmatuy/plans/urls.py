"""URLs of the plans app (included under /plans/). Every view declares its access."""

from __future__ import annotations

from django.urls import URLPattern, path

from .api import api_urlpatterns
from .views import documents, meetings, tasks

app_name = "plans"

__all__ = ["api_urlpatterns", "app_name", "urlpatterns"]

urlpatterns: list[URLPattern] = [
    path("", documents.document_list, name="documents"),
    path("export/", documents.document_export, name="documents_export"),
    path("new/", documents.document_create, name="document_create"),
    path("<int:pk>/", documents.document_detail, name="document"),
    path("<int:pk>/edit/", documents.document_edit, name="document_edit"),
    path("<int:pk>/file/", documents.document_file, name="document_file"),
    path("<int:pk>/tasks/new/", tasks.task_create, name="task_create"),
    path("tasks/", tasks.task_list, name="tasks"),
    path("tasks/export/", tasks.task_export, name="tasks_export"),
    path("tasks/overdue/", tasks.overdue, name="overdue"),
    path("tasks/<int:pk>/", tasks.task_detail, name="task"),
    path("tasks/<int:pk>/edit/", tasks.task_edit, name="task_edit"),
    path("tasks/<int:pk>/progress/", tasks.task_progress, name="task_progress"),
    path("tasks/<int:pk>/review/", tasks.task_review, name="task_review"),
    path("evidence/<int:pk>/", tasks.evidence, name="evidence"),
    path("meetings/", meetings.meeting_list, name="meetings"),
    path("meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("meetings/export/", meetings.meeting_export, name="meetings_export"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/task/", meetings.conclusion_task, name="conclusion_task"),
    path("rewards/", meetings.reward_list, name="rewards"),
    path("rewards/new/", meetings.reward_create, name="reward_create"),
    path("rewards/export/", meetings.reward_export, name="rewards_export"),
    path("rewards/<int:pk>/", meetings.reward_detail, name="reward"),
    path("rewards/<int:pk>/decide/", meetings.reward_decide, name="reward_decide"),
]
