"""Writes of parks and what hangs off them. Each function is one transaction; row changes are
audited by the audit app's model signals, bulk writes and imports explicitly here."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from hrparks.audit.services import record_event, record_rows

from .dossier import enterprises_of, park_fields, sites_of
from .dossier_validation import DossierError, area_error, validate_dossier
from .models import Enterprise, Jurisdiction, Park, Site
from .selectors import jurisdictions_for_new_park, park_named


class DossierRejected(Exception):
    """A dossier that was not imported, with every reason (JSON pointer + reason)."""

    def __init__(self, errors: list[DossierError]):
        super().__init__("; ".join(str(error) for error in errors))
        self.errors = errors


def _name_taken_message(jurisdiction: Jurisdiction) -> str:
    return _("%(jurisdiction)s already has a park of this name.") % {"jurisdiction": jurisdiction}


def _check_park_name(park: Park) -> None:
    other = park_named(park.jurisdiction, park.name)
    if other is not None and other.pk != park.pk:
        raise ValidationError({"name": _name_taken_message(park.jurisdiction)})


# --- Dossier import -------------------------------------------------------------------------------


def import_dossier(data, *, park: Park | None = None) -> Park:
    """Create or update one park from a dossier, all or nothing.

    Without `park`, the park of the dossier's jurisdiction and name is updated, or created when there
    is none. With `park`, that park is updated; the dossier must be of its jurisdiction and may rename it.
    Updating replaces the park's sites, enterprises and code lists; its other records are kept.
    """
    _reject_invalid(data)
    jurisdiction = Jurisdiction.objects.get(name=data["jurisdiction"])
    with transaction.atomic():
        if park is None:
            target = Park.objects.select_for_update().filter(jurisdiction=jurisdiction, name=data["name"]).first()
        else:
            target = Park.objects.select_for_update().get(pk=park.pk)
            _reject_other_identity(target, jurisdiction, data["name"])
        return _write_dossier(target or Park(jurisdiction=jurisdiction), data)


def create_park_from_dossier(data, *, user) -> Park:
    """A new park from a dossier uploaded on the web: only in a jurisdiction where the user may create
    parks, never over an existing park, and an operator becomes the new park's operator."""
    _reject_invalid(data)
    jurisdiction = jurisdictions_for_new_park(user).filter(name=data["jurisdiction"]).first()
    if jurisdiction is None:
        raise DossierRejected([DossierError("/jurisdiction", _("you may not create parks in this jurisdiction"))])
    with transaction.atomic():
        if park_named(jurisdiction, data["name"]) is not None:
            message = (
                _name_taken_message(jurisdiction) + " " + _("Upload the dossier on that park's page to update it.")
            )
            raise DossierRejected([DossierError("/name", message)])
        park = _write_dossier(Park(jurisdiction=jurisdiction), data)
        if user.is_operator:
            user.parks.add(park)
    return park


def _reject_invalid(data) -> None:
    """Invalid dossiers, and parks outside the area the deployment hosts: the area of the policy in
    force (吉林省 today). `check_dossier --policy` checks a dossier of anywhere against any policy."""
    from hrparks.policy.registry import get_policy  # the policy app builds on this one

    errors = validate_dossier(data)
    if not errors:
        outside = area_error(data, get_policy().jurisdiction_code)
        errors = [outside] if outside else []
    if errors:
        raise DossierRejected(errors)


def _reject_other_identity(park: Park, jurisdiction: Jurisdiction, name: str) -> None:
    if jurisdiction.pk != park.jurisdiction_id:
        message = _("must be the park's jurisdiction, %(jurisdiction)s") % {"jurisdiction": park.jurisdiction}
        raise DossierRejected([DossierError("/jurisdiction", message)])
    other = park_named(jurisdiction, name)
    if other is not None and other.pk != park.pk:
        raise DossierRejected([DossierError("/name", _name_taken_message(jurisdiction))])


def _write_dossier(park: Park, data: dict) -> Park:
    created = park.pk is None
    for field, value in park_fields(data).items():
        setattr(park, field, value)
    park.save()

    replaced = {"sites": 0, "enterprises": 0}
    if not created:
        replaced = {
            "sites": _delete_replaced(park.sites.all()),
            "enterprises": _delete_replaced(park.enterprises.all()),
        }

    # Bulk inserts keep large rosters fast; bulk_create sends no signals, so they are audited here.
    sites = Site.objects.bulk_create(sites_of(data, park))
    enterprises = Enterprise.objects.bulk_create(enterprises_of(data, park))
    record_rows("create", sites)
    record_rows("create", enterprises)
    record_event(
        "dossier_import",
        park,
        data={
            "created": created,
            "sites": len(sites),
            "enterprises": len(enterprises),
            "replaced_sites": replaced["sites"],
            "replaced_enterprises": replaced["enterprises"],
        },
    )
    return park


def _delete_replaced(rows) -> int:
    """Delete rows a dossier replaces; how many there were.

    Rows nothing refers to (enterprises) go in one statement, audited in one batch: per-row delete
    signals would cost several queries for each of hundreds of enterprises. Rows other tables refer
    to (a site a branch-park proposal points at) go through the ORM, so that its on_delete rules apply;
    its signals audit each of those few rows."""
    if rows.model._meta.related_objects:
        return rows.delete()[1].get(rows.model._meta.label, 0)
    replaced = list(rows)
    record_rows("delete", replaced)
    rows._raw_delete(rows.db)
    return len(replaced)


# --- Parks ----------------------------------------------------------------------------------------


@transaction.atomic
def create_park(park: Park, *, user) -> Park:
    """Save a new park (built by a form); an operator who creates a park becomes its operator."""
    _check_park_name(park)
    park.save()
    if user.is_operator:
        user.parks.add(park)
    return park


@transaction.atomic
def update_park(park: Park) -> Park:
    _check_park_name(park)
    park.save()
    return park


# --- Sites: exactly one main site per park (第五条（二） counts branch parks against the main park) --


@transaction.atomic
def save_site(site: Site) -> Site:
    """Save a site; making it the main park demotes the previous main site in the same transaction."""
    other_sites = site.park.sites.select_for_update().exclude(pk=site.pk)
    if site.is_main:
        for previous in other_sites.filter(is_main=True):
            previous.is_main = False
            previous.save(update_fields=["is_main"])
    elif not other_sites.filter(is_main=True).exists():
        raise ValidationError(
            {
                "is_main": _(
                    "A park needs one main site: keep this one as the main park, or make another site the main park."
                )
            }
        )
    if site.pk is None:
        site.sort_order = _next_position(site.park.sites)
    site.save()
    return site


@transaction.atomic
def delete_site(site: Site) -> None:
    if site.is_main and site.park.sites.exclude(pk=site.pk).exists():
        raise ValidationError(
            _("The main site cannot be deleted while the park has branch sites: make another site the main park first.")
        )
    site.delete()


# --- Enterprises: the credit code is unique within a park -------------------------------------------


def _duplicate_uscc(enterprise: Enterprise) -> ValidationError | None:
    other = enterprise.park.enterprises.filter(uscc=enterprise.uscc).exclude(pk=enterprise.pk).first()
    if other is None:
        return None
    return ValidationError(
        {"uscc": _("This park already has an enterprise with this credit code: %(name)s.") % {"name": other.name}}
    )


def save_enterprise(enterprise: Enterprise) -> Enterprise:
    duplicate = _duplicate_uscc(enterprise)
    if duplicate:
        raise duplicate
    try:
        with transaction.atomic():
            if enterprise.pk is None:
                enterprise.sort_order = _next_position(enterprise.park.enterprises)
            enterprise.save()
    except IntegrityError:
        # Someone added the same code between the check and the insert.
        raise _duplicate_uscc(enterprise) or ValidationError(_("The enterprise could not be saved.")) from None
    return enterprise


# --- Support policies, platforms, exchange events, publicity (第九条–第十二条) ----------------------


@transaction.atomic
def save_record(record):
    """Save one of a park's plain records (no rule beyond its form's field validation)."""
    record.save()
    return record


@transaction.atomic
def delete_record(record) -> None:
    record.delete()


def _next_position(rows) -> int:
    last = rows.aggregate(last=Max("sort_order"))["last"]
    return 0 if last is None else last + 1
