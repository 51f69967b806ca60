from app.citations.fields import cited, record_fields, source_of
from app.forum_sessions.models import ForumSession
from app.forum_sessions.schemas import ForumSessionFilter, ForumSessionOut, ForumSessionRecord
from app.query.filters import RecordId
from app.query.resource import Resource, one


def title(r, names) -> str:
    where = f", {r['city']}" if r["city"] else ""
    when = f" ({r['year']})" if r["year"] else ""
    return f"Forum session {r['number']}{where}{when}"


FORUM_SESSIONS = Resource(
    name="forum session",
    plural="forum_sessions",
    description="Numbered sessions of the Republic of Korea – Central Asia Cooperation Forum.",
    from_clause=cited(ForumSession.__table__, ForumSession),
    fields=record_fields(ForumSession, ForumSessionOut),
    key=ForumSession.id,
    item_schema=ForumSessionOut,
    filters=ForumSessionFilter,
    key_param=RecordId,
    row_schema=ForumSessionRecord,
    title=title,
    relations={
        "source": source_of(ForumSession),
        "organisation": one("organisations", ForumSession.organisation_id, "the forum that met"),
    },
    groups={
        "organisation": ForumSession.organisation_id,
        "year": ForumSession.year,
        "level": ForumSession.level,
    },
)
