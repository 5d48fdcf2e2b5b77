#!/usr/bin/env python3
"""Marks every optional request-body field of the admin API `nullable: true` in openapi.yaml (issue 13,
Found 7). The admin API binds bodies with Jackson to records, where an explicit null and a field left out
reach the constructor as the same value, so null already means "the default" (and in PATCH, a JSON Merge
Patch, "clear"). A `$ref` property becomes `allOf: [$ref]` + `nullable` (OpenAPI 3.0 ignores siblings of
`$ref`; openapi-typescript breaks on nullable object schemas carrying enums, so never on the component).
  bin/openapi-nullable.py [--check]   (--check lists what is missing and exits 1 instead of editing)
"""
import sys
import yaml

PATH = "admin-api/src/main/resources/io/switchboard/admin/openapi.yaml"


def get(node, key):
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == key:
                return v
    return None


def main():
    text = open(PATH, encoding="utf-8").read()
    root = yaml.compose(text)
    schemas = get(get(root, "components"), "schemas")
    seen, edits = set(), {}

    def resolve(ref):
        name = ref.split("/")[-1]
        return name, get(schemas, name)

    def inline_enum_object(node, top=True):
        # openapi-typescript (--enum-values) cannot index a nullable object whose own subtree holds an enum.
        if not isinstance(node, yaml.MappingNode) or get(node, "$ref") is not None:
            return False
        if not top and get(node, "enum") is not None:
            return True
        kids = [get(node, "items"), get(node, "additionalProperties")]
        props = get(node, "properties")
        if isinstance(props, yaml.MappingNode):
            kids += [v for _, v in props.value]
        for key in ("allOf", "oneOf", "anyOf"):
            alts = get(node, key)
            if isinstance(alts, yaml.SequenceNode):
                kids += alts.value
        return any(inline_enum_object(kid, False) for kid in kids)

    def walk(node):
        if not isinstance(node, yaml.MappingNode) or id(node) in seen:
            return
        seen.add(id(node))
        ref = get(node, "$ref")
        if ref is not None:
            walk(resolve(ref.value)[1])
        for key in ("allOf", "oneOf", "anyOf"):
            alts = get(node, key)
            if isinstance(alts, yaml.SequenceNode):
                for alt in alts.value:
                    walk(alt)
        for key in ("items", "additionalProperties", "not"):
            walk(get(node, key))
        props = get(node, "properties")
        if not isinstance(props, yaml.MappingNode):
            return
        req = get(node, "required")
        required = {r.value for r in req.value} if isinstance(req, yaml.SequenceNode) else set()
        for k, v in props.value:
            walk(v)
            if k.value in required or not isinstance(v, yaml.MappingNode):
                continue
            nullable = get(v, "nullable")
            if nullable is not None and nullable.value == "true":
                continue
            if get(v, "readOnly") is not None or inline_enum_object(v):
                continue
            edits[v.start_mark.line] = (k.value, v)

    paths = get(root, "paths")
    for p, item in paths.value:
        if not p.value.startswith("/admin/v1/"):
            continue
        for method, op in item.value:
            body = get(op, "requestBody")
            if body is None:
                continue
            if get(body, "$ref") is not None:
                body = get(get(get(root, "components"), "requestBodies"), get(body, "$ref").value.split("/")[-1])
            content = get(body, "content")
            json_media = get(content, "application/json") if content is not None else None
            if json_media is not None:
                walk(get(json_media, "schema"))

    if "--check" in sys.argv:
        for line, (name, _) in sorted(edits.items()):
            print(f"{PATH}:{line + 1}: optional request field '{name}' is not nullable")
        sys.exit(1 if edits else 0)
    lines = text.split("\n")
    for line in sorted(edits, reverse=True):
        name, v = edits[line]
        if v.flow_style:
            print(f"skipped flow-style field {name} at line {line + 1}", file=sys.stderr)
            continue
        indent = " " * v.start_mark.column
        ref = get(v, "$ref")
        if ref is not None:
            rl = ref.start_mark.line
            assert lines[rl].lstrip().startswith("$ref:"), lines[rl]
            lines[rl:rl + 1] = [indent + "allOf:", indent + "- " + lines[rl].lstrip()]
        lines.insert(line, indent + "nullable: true")
    open(PATH, "w", encoding="utf-8").write("\n".join(lines))
    print(f"{len(edits)} fields marked nullable", file=sys.stderr)


main()
