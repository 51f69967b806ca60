from fastapi import Depends, Request
from sqlalchemy import func, select

from app.db import SessionDep
from app.errors import problem_responses, refuse_query_parameters
from app.http import json_response
from app.meta.schemas import DatasetMeta
from app.meta.version import current
from app.routing import new_router
from app.sources.models import Source

router = new_router(tags=["meta"])

LICENCE = {
    "name": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/",
    "note": "Applies to this compilation. The facts come from an article by Ainura "
    "Akmatalieva on CABAR.asia, which asks for an active link to it when its material is used.",
}
ARTICLE = {
    "title": "Central Asia and South Korea: Seeking Opportunities for Increased Cooperation",
    "author": "Ainura Akmatalieva",
    "publisher": "CABAR.asia (Central Asian Bureau for Analytical Reporting)",
    "url": "https://cabar.asia/",
    "url_note": "The publisher's home page: no stored copy of CABAR.asia's pages could confirm "
    "the article's own address (searched 2026-11-30 by its title and author), so source 0 "
    "links to the site that published it.",
}


def record_counts(connection, registry) -> dict[str, int]:
    """How many records each resource of the registry holds, by plural."""
    return {
        resource.plural: connection.execute(
            select(func.count()).select_from(resource.table)
        ).scalar_one()
        for resource in registry.resources
    }


@router.get(
    "/v1/meta",
    summary="Dataset version, licence and citation",
    description="The dataset's version (bumped by every change; ETags derive from it), when it "
    "last changed, how many records each resource holds (and, for cited records, how many come "
    "from the article and how many from external pages), the licence and how to cite it.",
    operation_id="dataset_meta",
    responses={200: {"model": DatasetMeta}, **problem_responses(400)},
    dependencies=[Depends(refuse_query_parameters)],
)
def meta(request: Request, session: SessionDep):
    connection = session.connection()
    version, changed_at = current(connection)
    counts = record_counts(connection, request.app.state.registry)
    provenance = {
        resource.plural: _by_origin(connection, resource.table)
        for resource in request.app.state.registry.resources
        if "source_id" in resource.table.c
    }
    cite = (
        f"Korea–Central Asia Relations API (kca), dataset version {version} "
        f"({changed_at.date().isoformat()}), compiled from {ARTICLE['author']}, "
        f"“{ARTICLE['title']}”, {ARTICLE['publisher']}, {ARTICLE['url']}."
    )
    return json_response(
        {
            "name": "Korea–Central Asia Relations dataset",
            "version": version,
            "changed_at": changed_at.isoformat(),
            "records": counts,
            "records_by_origin": provenance,
            "licence": LICENCE,
            "article": ARTICLE,
            "cite_as": cite,
        }
    )


def _by_origin(connection, table) -> dict[str, int]:
    """Records citing the article (itself or a footnote), records citing an external page, and
    generated benchmark rows when there are any."""
    statement = (
        select(Source.origin, func.count())
        .select_from(table.join(Source, Source.id == table.c.source_id))
        .group_by(Source.origin)
    )
    found = dict(connection.execute(statement).all())
    counts = {
        "article": found.get("article", 0) + found.get("footnote", 0),
        "external": found.get("external", 0),
    }
    if found.get("synthetic"):
        counts["synthetic"] = found["synthetic"]
    return counts
