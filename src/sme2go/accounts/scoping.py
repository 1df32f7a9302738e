"""Who may see and change what. Every page, API endpoint and CLI command asks here.

- programme manager: everything;
- advisor: reads every company, edits the companies their partner supports,
  reads only their own partner's private notes;
- company representative: only their own company.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet

from sme2go.accounts.models import Membership, Role
from sme2go.registry.models import Company, CompanyNote, Contact, Partner


def membership_of(user: Any) -> Membership | None:
    if user is None or not user.is_authenticated:
        return None
    try:
        return user.membership
    except Membership.DoesNotExist:
        return None


def role_of(user: Any) -> str | None:
    """The user's programme role; a superuser without a membership counts as manager."""
    membership = membership_of(user)
    if membership is not None:
        return membership.role
    if user is not None and user.is_authenticated and user.is_superuser:
        return Role.MANAGER
    return None


def advisor_partner(user: Any) -> Partner | None:
    """The partner organisation an advisor works for (None for managers, company users and anonymous users)."""
    membership = membership_of(user)
    if membership is not None and membership.role == Role.ADVISOR:
        return membership.partner
    return None


def visible_companies(user: Any) -> QuerySet[Company]:
    """The companies this user may see (merged-away records excluded)."""
    role = role_of(user)
    live = Company.objects.filter(merged_into__isnull=True)
    if role in (Role.MANAGER, Role.ADVISOR):
        return live
    if role == Role.COMPANY:
        membership = membership_of(user)
        assert membership is not None
        return live.filter(pk=membership.company_id)
    return live.none()


def can_edit_company(user: Any, company: Company) -> bool:
    role = role_of(user)
    if role == Role.MANAGER:
        return True
    membership = membership_of(user)
    if role == Role.ADVISOR and membership is not None:
        return company.partners.filter(pk=membership.partner_id).exists()
    if role == Role.COMPANY and membership is not None:
        return company.pk == membership.company_id
    return False


def can_create_company(user: Any) -> bool:
    return role_of(user) in (Role.MANAGER, Role.ADVISOR)


def visible_notes(user: Any, company: Company) -> QuerySet[CompanyNote]:
    """Private notes: the manager sees all, an advisor only their partner's, a company none."""
    role = role_of(user)
    notes = company.notes.all()
    if role == Role.MANAGER:
        return notes
    membership = membership_of(user)
    if role == Role.ADVISOR and membership is not None:
        return notes.filter(partner_id=membership.partner_id)
    return notes.none()


def require_edit(user: Any, company: Company) -> None:
    if not can_edit_company(user, company):
        raise PermissionDenied(f"you may not change {company.legal_name}")


def can_see_contacts(user: Any, company: Company) -> bool:
    """Contacts are personal data: the manager and advisors see them, a company user only their own."""
    role = role_of(user)
    if role in (Role.MANAGER, Role.ADVISOR):
        return True
    membership = membership_of(user)
    return role == Role.COMPANY and membership is not None and membership.company_id == company.pk


def visible_contacts(user: Any, company: Company) -> QuerySet[Contact]:
    """The company's contacts if `user` may see them (`can_see_contacts`), else none."""
    contacts = company.contacts.all()
    return contacts if can_see_contacts(user, company) else contacts.none()


def can_change_programme_fields(user: Any) -> bool:
    """Status and supporting partners are the programme's business, not the company's."""
    return role_of(user) in (Role.MANAGER, Role.ADVISOR)


def linkable_partner_ids(user: Any) -> set[int] | None:
    """The partner organisations whose support `user` may add to a company (in a form, the API
    or an import): None means any (the programme manager); an advisor only their own; others none.
    Support already given by other partners stays as it is."""
    role = role_of(user)
    if role == Role.MANAGER:
        return None
    own = advisor_partner(user)
    return {own.pk} if own is not None else set()


def note_partner_for(user: Any, company: Company, requested: Partner | None = None) -> Partner:
    """The partner a new private note belongs to, or PermissionDenied.

    An advisor writes notes only for their own partner (on any company they can read);
    the manager may write for any partner (default: the lead partner); a company user never.
    """
    role = role_of(user)
    membership = membership_of(user)
    if role == Role.ADVISOR and membership is not None and membership.partner is not None:
        if requested is not None and requested.pk != membership.partner_id:
            raise PermissionDenied("an advisor writes notes only for their own partner organisation")
        if not visible_companies(user).filter(pk=company.pk).exists():
            raise PermissionDenied(f"you may not see {company.legal_name}")
        return membership.partner
    if role == Role.MANAGER:
        partner = requested or Partner.objects.filter(is_lead=True).first()
        if partner is None:
            raise PermissionDenied("no partner organisation to write the note for")
        return partner
    raise PermissionDenied("only advisors and the programme manager write private notes")


def can_import_companies(user: Any) -> bool:
    """Programme managers and advisors import company files; company users may not."""
    return role_of(user) in (Role.MANAGER, Role.ADVISOR)


def editable_company_ids(user: Any, company_ids: Iterable[int]) -> set[int]:
    """Of these companies, the ones `user` may change (a few queries, for bulk work such as imports)."""
    ids = set(company_ids)
    role = role_of(user)
    if role == Role.MANAGER:
        return ids
    membership = membership_of(user)
    if role == Role.ADVISOR and membership is not None:
        links = Company.partners.through.objects.filter(partner_id=membership.partner_id)
        ids_list = sorted(ids)
        editable: set[int] = set()
        for start in range(0, len(ids_list), 5000):  # SQLite limits the parameters of one query
            chunk = ids_list[start:start + 5000]
            editable.update(links.filter(company_id__in=chunk).values_list("company_id", flat=True))
        return editable
    if role == Role.COMPANY and membership is not None:
        return ids & {membership.company_id}
    return set()


def can_delete_company(user: Any) -> bool:
    """Removing a company (with its solutions, contacts and notes) is the programme manager's decision."""
    return role_of(user) == Role.MANAGER


def visible_partners(user: Any) -> QuerySet[Partner]:
    """Partner organisations: staff see all; a company representative only those supporting their company."""
    role = role_of(user)
    if role in (Role.MANAGER, Role.ADVISOR):
        return Partner.objects.all()
    membership = membership_of(user)
    if role == Role.COMPANY and membership is not None:
        # A subquery, not a join: counts annotated on the result must see all of a partner's companies.
        supporting = Company.partners.through.objects.filter(company_id=membership.company_id)
        return Partner.objects.filter(pk__in=supporting.values("partner_id"))
    return Partner.objects.none()


def can_read_market_data(user: Any) -> bool:
    """Markets and opportunities are public-data intelligence, not company-scoped: every logged-in user reads them."""
    return user is not None and user.is_authenticated


def can_review_duplicates(user: Any) -> bool:
    """The duplicates and merges pages: the programme manager and advisors."""
    return role_of(user) in (Role.MANAGER, Role.ADVISOR)


def can_merge(user: Any, a: Company, b: Company) -> bool:
    """Merging two companies: the programme manager, or an advisor whose partner supports both."""
    role = role_of(user)
    if role == Role.MANAGER:
        return True
    membership = membership_of(user)
    if role == Role.ADVISOR and membership is not None and membership.partner_id is not None:
        # `partners.all()` reads partners prefetched for a list of pairs instead of querying per pair.
        partner_id = membership.partner_id
        return all(any(p.pk == partner_id for p in company.partners.all()) for company in (a, b))
    return False


def can_undo_merge(user: Any, partners_of_keep: Iterable[int], partners_of_duplicate: Iterable[int]) -> bool:
    """Undoing a merge: whoever could have made it (the partners are those before the merge)."""
    role = role_of(user)
    if role == Role.MANAGER:
        return True
    membership = membership_of(user)
    if role == Role.ADVISOR and membership is not None and membership.partner_id is not None:
        return membership.partner_id in set(partners_of_keep) and membership.partner_id in set(partners_of_duplicate)
    return False


def can_propose_consortia(user: Any) -> bool:
    """Anyone with a programme role may see proposals (built only from companies they may see)."""
    return role_of(user) is not None


def can_form_consortia(user: Any) -> bool:
    """Saving a consortium is for programme staff."""
    return role_of(user) in (Role.MANAGER, Role.ADVISOR)


def visible_consortia(user: Any) -> QuerySet[Any]:
    """Staff see every consortium; a company representative those their company belongs to."""
    from sme2go.consortia.models import Consortium

    role = role_of(user)
    if role in (Role.MANAGER, Role.ADVISOR):
        return Consortium.objects.all()
    membership = membership_of(user)
    if role == Role.COMPANY and membership is not None:
        return Consortium.objects.filter(members__company_id=membership.company_id).distinct()
    return Consortium.objects.none()


def can_change_consortium(user: Any, consortium: Any) -> bool:
    """The manager, or an advisor of the partner that formed it (or who created it)."""
    role = role_of(user)
    if role == Role.MANAGER:
        return True
    membership = membership_of(user)
    if role == Role.ADVISOR and membership is not None:
        return consortium.partner_id == membership.partner_id or consortium.created_by_id == user.pk
    return False


def can_see_partner_suggestions(user: Any) -> bool:
    """Who most likely completes a team: programme staff (it ranks other companies of the registry)."""
    return role_of(user) in (Role.MANAGER, Role.ADVISOR)


def can_see_support(user: Any) -> bool:
    """The training and support overview (every partner's sessions and the programme's KPI): staff."""
    return role_of(user) in (Role.MANAGER, Role.ADVISOR)


def can_see_readiness_cohort(user: Any) -> bool:
    """Export readiness compared across a partner's companies (or the programme's): staff. A company
    sees only its own readiness, on its page."""
    return role_of(user) in (Role.MANAGER, Role.ADVISOR)


def can_run_missions(user: Any) -> bool:
    """Export missions and the lead pipeline across companies: staff."""
    return role_of(user) in (Role.MANAGER, Role.ADVISOR)


def can_see_report(user: Any) -> bool:
    """The programme's KPIs and the funder's report: staff."""
    return role_of(user) in (Role.MANAGER, Role.ADVISOR)


def can_set_targets(user: Any) -> bool:
    """The targets agreed with the funder: the programme manager."""
    return role_of(user) == Role.MANAGER


def can_handle_personal_data_requests(user: Any) -> bool:
    """Access and erasure requests: the programme manager (the data controller's contact)."""
    return role_of(user) == Role.MANAGER


def can_log_support(user: Any, company: Company) -> bool:
    """Support is logged by the manager or by an advisor of a partner that supports the company."""
    return role_of(user) in (Role.MANAGER, Role.ADVISOR) and can_edit_company(user, company)


def manager_or_advisor_of(user: Any, partner_id: int | None) -> bool:
    """The programme manager, or an advisor of that partner: who changes what a partner runs or gave."""
    role = role_of(user)
    if role == Role.MANAGER:
        return True
    membership = membership_of(user)
    return role == Role.ADVISOR and membership is not None and partner_id == membership.partner_id


def acting_partner(user: Any, chosen: Partner | None) -> Partner:
    """The partner a session, support action, mission or lead belongs to: an advisor's own (choosing
    another is refused), while the manager chooses one (ValidationError on "partner" when none)."""
    own = advisor_partner(user)
    if own is not None:
        if chosen is not None and chosen.pk != own.pk:
            raise PermissionDenied("advisors act for their own partner only")
        return own
    if chosen is None:
        raise ValidationError({"partner": "choose the partner"})
    return chosen


def can_change_session(user: Any, session: Any) -> bool:
    """A training session is changed by the manager or an advisor of the partner that runs it."""
    return manager_or_advisor_of(user, session.partner_id)


def can_change_support_action(user: Any, action: Any) -> bool:
    """A support action is changed by the manager or an advisor of the partner that gave it."""
    return manager_or_advisor_of(user, action.partner_id)


def can_change_mission(user: Any, mission: Any) -> bool:
    """A mission is changed by the manager or an advisor of the partner that organises it."""
    return manager_or_advisor_of(user, mission.partner_id)


def can_follow_leads(user: Any, company: Company) -> bool:
    """A company's leads are added and moved by staff who may edit the company (its partners' advisors,
    the manager); other staff read them, and the company reads its own."""
    return role_of(user) in (Role.MANAGER, Role.ADVISOR) and can_edit_company(user, company)


def visible_leads(user: Any) -> QuerySet[Any]:
    """Leads of the companies the user may see: staff read every company's (they move only those
    `can_follow_leads` allows), a company representative their own company's."""
    from sme2go.missions.models import Lead

    return Lead.objects.filter(company__in=visible_companies(user))


def visible_sessions(user: Any) -> QuerySet[Any]:
    """Training sessions: staff see all; a company representative those their company attended
    (as its page shows them)."""
    from sme2go.support.models import TrainingSession

    role = role_of(user)
    if role in (Role.MANAGER, Role.ADVISOR):
        return TrainingSession.objects.all()
    membership = membership_of(user)
    if role == Role.COMPANY and membership is not None:
        return TrainingSession.objects.filter(attendances__company_id=membership.company_id)
    return TrainingSession.objects.none()


def visible_attendances(user: Any) -> QuerySet[Any]:
    """Attendance at training sessions: staff see every list, a company representative only their
    company's lines (not who else came)."""
    from sme2go.support.models import Attendance

    role = role_of(user)
    if role in (Role.MANAGER, Role.ADVISOR):
        return Attendance.objects.all()
    membership = membership_of(user)
    if role == Role.COMPANY and membership is not None:
        return Attendance.objects.filter(company_id=membership.company_id)
    return Attendance.objects.none()
