"""`GET /v1/export/datapackage.zip`: every table as CSV plus a Frictionless `datapackage.json`
(table schemas, keys, licence, sources). Built in a spooled temporary file and streamed."""

import contextlib
import tempfile
import zipfile

import orjson
from fastapi import Depends, Request, Response
from sqlalchemy import BigInteger, Boolean, Connection, DateTime, Integer, select

from app.db import SessionDep
from app.errors import problem_responses, refuse_query_parameters
from app.export.releasing import ReleasingStream
from app.export.tables import write_table
from app.head import asked_head
from app.meta.router import ARTICLE, LICENCE
from app.meta.version import current
from app.routing import new_router
from app.sources.models import Source

router = new_router(tags=["meta"])
CHUNK = 1 << 16
PACKAGE_ANSWER = {
    "media_type": "application/zip",
    "headers": {"Content-Disposition": 'attachment; filename="kca-datapackage.zip"'},
}


@router.get(
    "/v1/export/datapackage.zip",
    summary="Download the whole dataset",
    description="A zip with one CSV per table (the `seeds/` format) and a Frictionless Data "
    "Package descriptor, `datapackage.json`, giving every table's schema, keys, the licence "
    "and the sources.",
    operation_id="export_datapackage",
    response_class=Response,
    responses={
        200: {"content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}}},
        **problem_responses(400),
    },
    dependencies=[Depends(refuse_query_parameters)],
)
def datapackage(request: Request, session: SessionDep):
    if asked_head(request):
        return ReleasingStream.headers_only(request, **PACKAGE_ANSWER)
    with contextlib.ExitStack() as holding:
        holding.enter_context(request.app.state.streams.claim(request))
        archive = holding.enter_context(tempfile.SpooledTemporaryFile(max_size=16 << 20))
        connection = session.connection()
        seed_tables = request.app.state.registry.seed_tables
        with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as package:
            for spec in seed_tables:
                with package.open(spec.file_name, "w") as member:
                    write_table(connection, spec, member)
            package.writestr(
                "datapackage.json",
                orjson.dumps(descriptor(connection, seed_tables), option=orjson.OPT_INDENT_2),
            )
        # Built: the connection goes back to the pool before the first byte is sent.
        session.close()
        archive.seek(0)
        holds = holding.pop_all()

    def chunks():
        while block := archive.read(CHUNK):
            yield block

    return ReleasingStream(request, chunks(), holds, **PACKAGE_ANSWER)


def descriptor(connection: Connection, seed_tables) -> dict:
    version, changed_at = current(connection)
    sources = connection.execute(
        select(Source.title, Source.url, Source.footnote).order_by(Source.id)
    )
    return {
        "profile": "tabular-data-package",
        "name": "kca",
        "title": "Korea–Central Asia Relations dataset",
        "version": str(version),
        "created": changed_at.isoformat(),
        "licenses": [{"name": "CC-BY-4.0", "path": LICENCE["url"], "title": LICENCE["name"]}],
        "sources": [
            {"title": f"{ARTICLE['author']}, “{ARTICLE['title']}”, {ARTICLE['publisher']}"},
            *(
                {"title": f"[{footnote}] {title}", **({"path": url} if url else {})}
                for title, url, footnote in sources
                if footnote is not None
            ),
        ],
        "resources": [_resource(spec) for spec in seed_tables],
    }


def _resource(spec) -> dict:
    table = spec.table
    columns = [table.c[name] for name in spec.columns]
    schema: dict = {
        "fields": [_field(column) for column in columns],
        "primaryKey": [column.name for column in table.primary_key.columns],
        "missingValues": [""],
    }
    foreign = [
        {
            "fields": [column.name],
            "reference": {"resource": fk.column.table.name, "fields": [fk.column.name]},
        }
        for column in columns
        for fk in column.foreign_keys
    ]
    if foreign:
        schema["foreignKeys"] = foreign
    return {
        "name": table.name,
        "path": spec.file_name,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


def _field(column) -> dict:
    field: dict = {"name": column.name, "type": _type(column.type)}
    if isinstance(column.type, Boolean):
        field.update(trueValues=["true"], falseValues=["false"])
    if not column.nullable:
        field["constraints"] = {"required": True}
    return field


def _type(sql_type) -> str:
    if isinstance(sql_type, Boolean):
        return "boolean"
    if isinstance(sql_type, Integer | BigInteger):
        return "integer"
    if isinstance(sql_type, DateTime):
        return "datetime"
    return "string"
