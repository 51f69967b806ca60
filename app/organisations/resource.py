from app.citations.fields import cited, record_fields, source_of
from app.forum_sessions.models import ForumSession
from app.organisations.models import Organisation
from app.organisations.schemas import OrganisationFilter, OrganisationOut, OrganisationRecord
from app.projects.models import Project
from app.query.filters import RecordId
from app.query.resource import Resource, many, one

ORGANISATIONS = Resource(
    name="organisation",
    plural="organisations",
    description="Agencies, services, platforms, companies, the cooperation forum and its "
    "secretariat, with the year each began working in the region or at all.",
    from_clause=cited(Organisation.__table__, Organisation),
    fields=record_fields(Organisation, OrganisationOut),
    key=Organisation.id,
    item_schema=OrganisationOut,
    filters=OrganisationFilter,
    key_param=RecordId,
    row_schema=OrganisationRecord,
    title=lambda r, names: f"{r['name']} ({r['acronym']})" if r["acronym"] else r["name"],
    relations={
        "source": source_of(Organisation),
        "country": one("countries", Organisation.country_code, "the country it belongs to"),
        "parent": one("organisations", Organisation.parent_id, "the organisation it is part of"),
        "parts": many("organisations", Organisation.parent_id, "organisations under it"),
        "projects": many("projects", Project.organisation_id, "projects it runs or backs"),
        "sessions": many("forum_sessions", ForumSession.organisation_id, "its numbered sessions"),
    },
    groups={
        "country": Organisation.country_code,
        "kind": Organisation.kind,
        "started_scope": Organisation.started_scope,
        "year": Organisation.started_year,
    },
)
