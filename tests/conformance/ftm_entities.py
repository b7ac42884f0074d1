"""interdict's entities, loaded by FollowTheMoney itself (the `followthemoney` package):
every property must be one the schema has, and every value must survive FtM's cleaning of
its type. Run by `crates/cli/tests/serve.rs` against a live `interdict serve`:

    python ftm_entities.py BASE_URL QUERIES_FILE SHOW_JSON_FILE...

QUERIES_FILE holds one search text per line: each is searched in every dataset of
`/catalog` and every entity found is fetched from `/entities/{id}`; the `/search` and
`/match` answers themselves are checked too, and each SHOW_JSON_FILE (the output of
`interdict show --json`). Nested entities (yente's form: a `Sanction` under `sanctions`)
are checked as the separate entities FtM models them as. Prints the problems, then
"N passed, M failed" (one check per entity); exits 1 when any failed.
"""

import sys
from collections import Counter

import httpx
from followthemoney import model

BASE, QUERIES, SHOWN = sys.argv[1], sys.argv[2], sys.argv[3:]
passed, failed = 0, 0
problems = Counter()
examples = {}


def flatten(entity):
    """The entity and the entities nested in its properties, each with ids in their place."""
    out = []
    props = {}
    for prop, values in entity.get("properties", {}).items():
        kept = []
        for v in values:
            if isinstance(v, dict):
                out.extend(flatten(v))
                kept.append(v["id"])
            else:
                kept.append(v)
        props[prop] = kept
    out.append({"id": entity["id"], "schema": entity["schema"], "properties": props})
    return out


def check(entity):
    """Problems FtM has with one flat entity: unknown schema or property, rejected value."""
    schema = model.get(entity["schema"])
    if schema is None:
        return [f"schema {entity['schema']} unknown"]
    found = []
    proxy = model.make_entity(schema)
    proxy.id = entity["id"]
    props = entity["properties"]
    # Countries first: FtM reads phone numbers in the light of the entity's countries.
    order = sorted(props, key=lambda p: 0 if p in ("country", "nationality", "jurisdiction") else 1)
    for name in order:
        prop = schema.get(name)
        if prop is None:
            found.append(f"{schema.name}.{name} is not a property")
            continue
        if prop.stub:
            # A reverse property (e.g. `sanctions`): its entities point back at this one.
            continue
        for value in props[name]:
            # FtM's cleaning of the value's type, with this entity as context (its
            # countries, for phone numbers): None is a value FtM would drop.
            if prop.type.clean(value, proxy=proxy) is None:
                found.append(f"{schema.name}.{name} rejects {value!r}")
            proxy.add(name, value, quiet=True)
    return found


def check_all(where, entity):
    global passed, failed
    bad = []
    for flat in flatten(entity):
        bad.extend(check(flat))
    if bad:
        failed += 1
        for b in bad:
            key = b.split(" rejects ")[0] if " rejects " in b else b
            problems[key] += 1
            examples.setdefault(key, f"{where} {entity['id']}: {b}")
    else:
        passed += 1


datasets = [d["name"] for d in httpx.get(BASE + "/catalog", timeout=60).json()["datasets"]]
seen = set()
for q in [line.strip() for line in open(QUERIES, encoding="utf-8") if line.strip()]:
    for ds in datasets:
        answer = httpx.get(f"{BASE}/search/{ds}", params={"q": q, "limit": 50}, timeout=60).json()
        for hit in answer["results"]:
            check_all(f"/search/{ds}?q={q}", hit)
            if hit["id"] in seen:
                continue
            seen.add(hit["id"])
            check_all("/entities", httpx.get(f"{BASE}/entities/{hit['id']}", timeout=60).json())
    body = {"queries": {"q": {"schema": "LegalEntity", "properties": {"name": [q]}}}}
    matched = httpx.post(f"{BASE}/match/default", json=body, timeout=60).json()
    for result in matched["responses"]["q"]["results"]:
        check_all(f"/match {q}", result)
for path in SHOWN:
    import json

    check_all(f"show --json ({path})", json.load(open(path, encoding="utf-8")))

for key, n in problems.most_common():
    print(f"{n:6}  {examples[key]}")
print(f"{len(seen)} entities fetched")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
