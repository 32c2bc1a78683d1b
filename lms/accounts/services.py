"""Writes for people and roles: the role groups with their permissions, the curriculum review
workflow, and the demo accounts (created only by the demo seed)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
    WorkflowTask,
)

from curriculum.models import CataloguePage, Video
from lms.accounts.models import User
from lms.core.roles import Role

REVIEW_WORKFLOW = "Curriculum review"
REVIEW_TASK = "Reviewer approval"

_ADMIN = ["wagtailadmin.access_admin"]
# Authors add videos and draft changes to them; only reviewers publish (approve) or delete.
_AUTHORING = [
    *_ADMIN,
    "curriculum.add_video",
    "curriculum.change_video",
    "curriculum.view_video",
    "wagtail_localize.submit_translation",
    # The rules that suggest refresher lessons from an entrepreneur's business book.
    *(f"business.{action}_suggestionrule" for action in ("add", "change", "delete", "view")),
]
_REVIEWING = [*_AUTHORING, "curriculum.publish_video", "curriculum.delete_video"]
# Programme managers keep their country's programmes, targets and imported results in the
# admin (the admin narrows every view to the programmes of their country).
_PROGRAMMES = [
    *_ADMIN,
    *(
        f"programmes.{action}_{model}"
        for model in ("programme", "target", "importedparticipant", "institution")
        for action in ("add", "change", "delete", "view")
    ),
]
MODEL_PERMISSIONS: dict[Role, list[str]] = {
    Role.AUTHOR: _AUTHORING,
    Role.REVIEWER: _REVIEWING,
    Role.LEARNER: [],
    Role.FACILITATOR: [],
    Role.MANAGER: _PROGRAMMES,
}
# Authors draft and submit; only reviewers publish (through the review workflow).
PAGE_PERMISSIONS: dict[Role, list[str]] = {
    Role.AUTHOR: ["add_page", "change_page", "lock_page"],
    Role.REVIEWER: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
# Authors add and choose images and documents (and, as Wagtail lets uploaders, edit their own
# while no published lesson uses them: see curriculum.media_guard); reviewers change any.
_COLLECTION_AUTHORING = [
    "wagtailimages.add_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.choose_document",
]
COLLECTION_PERMISSIONS: dict[Role, list[str]] = {
    Role.AUTHOR: _COLLECTION_AUTHORING,
    Role.REVIEWER: [
        *_COLLECTION_AUTHORING,
        "wagtailimages.change_image",
        "wagtailimages.delete_image",
        "wagtaildocs.change_document",
        "wagtaildocs.delete_document",
    ],
}
# Permissions earlier versions gave authors, taken back when setup_roles runs again.
_WITHDRAWN_FROM_AUTHORS = ["curriculum.delete_video"]
_WITHDRAWN_COLLECTION_FROM_AUTHORS = ["wagtailimages.change_image", "wagtaildocs.change_document"]


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def roles_setup() -> dict[Role, Group]:
    """Create the role groups, give authors and reviewers the curriculum (and nothing else),
    and put the curriculum and its videos under the review workflow. Safe to run again."""
    groups = {role: Group.objects.get_or_create(name=role.value)[0] for role in Role}
    catalogues = list(CataloguePage.objects.all())
    root_collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    for role, perms in MODEL_PERMISSIONS.items():
        groups[role].permissions.add(*(_permission(p) for p in perms))
    for role, codenames in PAGE_PERMISSIONS.items():
        for codename in codenames:
            permission = _permission(f"wagtailcore.{codename}")
            for page in catalogues:
                GroupPagePermission.objects.get_or_create(
                    group=groups[role], page=page, permission=permission
                )
        for dotted in COLLECTION_PERMISSIONS[role]:
            GroupCollectionPermission.objects.get_or_create(
                group=groups[role], collection=root_collection, permission=_permission(dotted)
            )
    author = groups[Role.AUTHOR]
    author.permissions.remove(*(_permission(p) for p in _WITHDRAWN_FROM_AUTHORS))
    GroupCollectionPermission.objects.filter(
        group=author,
        permission__in=[_permission(p) for p in _WITHDRAWN_COLLECTION_FROM_AUTHORS],
    ).delete()
    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=REVIEW_TASK)
    task.groups.set([groups[Role.REVIEWER]])
    workflow, _ = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for page in catalogues:
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    # Videos (with their captions) go through the same review as pages.
    WorkflowContentType.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(Video), defaults={"workflow": workflow}
    )
    return groups


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role | None
    first_name: str
    language: str
    email: str = ""
    superuser: bool = False


DEMO_PASSWORD = "rumo-demo-2026"  # noqa: S105 - demo seed only, listed in the README
DEMO_ACCOUNTS = (
    DemoAccount("learner", Role.LEARNER, "Ana", "pt-br"),
    DemoAccount("aprendiz", Role.LEARNER, "Rosa", "es"),
    DemoAccount("facilitator", Role.FACILITATOR, "Camila", "pt-br", "camila@example.org"),
    DemoAccount("author", Role.AUTHOR, "Davi", "pt-br", "davi@example.org"),
    DemoAccount("reviewer", Role.REVIEWER, "Lucía", "es", "lucia@example.org"),
    DemoAccount("manager", Role.MANAGER, "Marta", "es", "marta@example.org"),
    DemoAccount("admin", None, "Admin", "pt-br", "admin@example.org", superuser=True),
)


@transaction.atomic
def demo_accounts_create() -> list[str]:
    """Create the demo accounts that do not exist yet; return the usernames created."""
    groups = roles_setup()
    created = []
    for account in DEMO_ACCOUNTS:
        if User.objects.filter(username=account.username).exists():
            continue
        user = User(
            username=account.username,
            first_name=account.first_name,
            email=account.email,
            preferred_language=account.language,
            is_staff=account.superuser,
            is_superuser=account.superuser,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        if account.role is not None:
            user.groups.add(groups[account.role])
        created.append(account.username)
    return created


def user_password_choose(*, user: User, password: str) -> None:
    """The person's own new password (already validated): replaces one that someone else
    chose, so nothing asks for a change any more."""
    user.set_password(password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])


def user_data_saver_set(*, user: User, enabled: bool) -> None:
    """Turn data saver on or off for ``user``; the next page they open follows it."""
    if user.data_saver != enabled:
        user.data_saver = enabled
        user.save(update_fields=["data_saver"])
