"""The JSON Schema of the front matter and of collection.yaml, generated from the model, so that
editors complete and check fields as people type; no I/O here."""

from __future__ import annotations

import json

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from factsheet.collection import Collection
from factsheet.model import FrontMatter

DIALECT = "https://json-schema.org/draft/2020-12/schema"
FRONT_MATTER_SCHEMA = "front-matter.schema.json"
"""The schema's file name in a project `factsheet init` makes, beside its content folder."""
COLLECTION_SCHEMA = "collection.schema.json"
MODELINE = f"# yaml-language-server: $schema=../{FRONT_MATTER_SCHEMA}"
"""The first line of a new document's front matter: the YAML language server's schema."""
COLLECTION_MODELINE = f"# yaml-language-server: $schema=../{COLLECTION_SCHEMA}"


class _AsWritten(GenerateJsonSchema):
    """Pydantic's schema less what an editor would show as noise: titles that repeat a field's
    name, and `default: null` (an absent field), which completion would insert as a value."""

    def field_title_should_be_set(self, schema: object) -> bool:
        return False

    def default_schema(self, schema: core_schema.WithDefaultSchema) -> JsonSchemaValue:
        if schema.get("default", ...) is None:
            return self.generate_inner(schema["schema"])
        return super().default_schema(schema)


def json_schema(model: type[BaseModel], title: str) -> dict[str, object]:
    """The schema of what authors write: field names as the file spells them (`from`, `print`),
    and the short forms the model also reads (a name alone, a figure alone, one or a list)."""
    schema = model.model_json_schema(by_alias=True, mode="validation", schema_generator=_AsWritten)
    return {"$schema": DIALECT, **schema, "title": title}


def front_matter_schema() -> dict[str, object]:
    return json_schema(FrontMatter, "factsheet front matter")


def collection_schema() -> dict[str, object]:
    return json_schema(Collection, "factsheet collection.yaml")


def as_text(schema: dict[str, object]) -> str:
    """The schema as a file holds it: indented, keys in the model's order, UTF-8 as it is."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
