from celery import shared_task
from django.core.management import call_command


@shared_task(name="curriculum.tasks.pages_publish_scheduled_task")
def pages_publish_scheduled_task() -> None:
    """Publish pages whose scheduled time has come and unpublish expired ones.

    Wagtail's command is idempotent: a page already published is not published twice.
    """
    call_command("publish_scheduled")
