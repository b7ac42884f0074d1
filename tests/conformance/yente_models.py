"""interdict's yente-compatible routes, read by yente's own response models (the pydantic
classes of the `yente` package) and called through `yente-client`, synchronously and
asynchronously. Run by `crates/cli/tests/serve.rs` against a live `interdict serve`:

    python yente_models.py BASE_URL LINKED_ENTITY_ID

LINKED_ENTITY_ID is an entity with relations (for `/entities/{id}/adjacent`). Prints each
check, then "N passed, M failed"; exits 1 when any check failed.
"""

import asyncio
import sys
import traceback

import httpx
from yente.data.common import (
    AdjacentResultsResponse,
    AlgorithmResponse,
    DataCatalogModel,
    EntityAdjacentResponse,
    EntityMatchResponse,
    EntityResponse,
    SearchResponse,
)
from yente_client import AsyncClient, Client, Person

BASE, LINKED = sys.argv[1], sys.argv[2]
passed, failed = 0, 0


def check(name, fn):
    global passed, failed
    try:
        fn()
        passed += 1
        print(f"ok   {name}")
    except Exception:
        failed += 1
        print(f"FAIL {name}\n{traceback.format_exc()}")


def get(path, **params):
    r = httpx.get(BASE + path, params=params, timeout=60)
    r.raise_for_status()
    return r.json()


def post(path, body):
    r = httpx.post(BASE + path, json=body, timeout=60)
    r.raise_for_status()
    return r.json()


QUERIES = {
    "person": {
        "schema": "Person",
        "properties": {"name": ["Saddam Hussein Al-Tikriti"], "birthDate": ["1937"]},
    },
    "company": {"schema": "Company", "properties": {"name": ["AO OEZ PPT ALABUGA"]}},
    "nothing": {"schema": "Person", "properties": {"name": ["Xqzv Wvxq"]}},
}


def match_response():
    raw = post("/match/default", {"queries": QUERIES})
    EntityMatchResponse.model_validate(raw)
    documented = set(get("/algorithms")["algorithms"][0]["docs"]["features"])
    results = raw["responses"]["person"]["results"]
    assert results, "the listed person is found"
    for r in results + raw["responses"]["company"]["results"]:
        x = r["explanations"]
        assert x["name_score"]["query"] and x["name_score"]["candidate"], x
        assert set(x) <= documented, f"undocumented features {set(x) - documented}"
    # Saddam Hussein is listed by the EU, the UN, OFAC and the UK: one merged result, its
    # lists in `datasets` and its other records in `referents`, each of them fetchable.
    top = results[0]
    assert len(top["datasets"]) >= 3 and top["referents"], top
    for rid in top["referents"]:
        EntityResponse.model_validate(get(f"/entities/{rid}"))
    per_record = post("/match/default?by_record=true", {"queries": QUERIES})
    EntityMatchResponse.model_validate(per_record)
    assert all(not r["referents"] for r in per_record["responses"]["person"]["results"])


def search_response():
    for path, params in [
        ("/search/default", {"q": "ali"}),
        ("/search/us_ofac_sdn", {"q": "bank", "schema": "Organization"}),
        ("/search/default", {"q": "hussein", "schema": "Person", "countries": "iq"}),
    ]:
        raw = get(path, **params)
        SearchResponse.model_validate(raw)
        assert raw["results"], (path, params)


def entity_response():
    hit = get("/search/default", q="alabuga")["results"][0]
    EntityResponse.model_validate(get(f"/entities/{hit['id']}"))
    EntityResponse.model_validate(get(f"/entities/{LINKED}"))


def adjacent_response():
    raw = get(f"/entities/{LINKED}/adjacent", limit=2)
    EntityAdjacentResponse.model_validate(raw)
    assert raw["adjacent"], "the linked entity has relations"
    for prop, page in raw["adjacent"].items():
        for relation in page["results"]:
            assert relation["caption"] != relation["id"], f"{relation['id']} has no caption"
        one = get(f"/entities/{LINKED}/adjacent/{prop}", limit=2)
        AdjacentResultsResponse.model_validate(one)
        assert one["total"] == page["total"], (prop, one["total"], page["total"])


check("/match answers fit yente's EntityMatchResponse, with documented explanations", match_response)
check("/search answers fit yente's SearchResponse", search_response)
check("/entities answers fit yente's EntityResponse", entity_response)
check("/entities/{id}/adjacent fits EntityAdjacentResponse", adjacent_response)
check("/catalog fits yente's DataCatalogModel", lambda: DataCatalogModel.model_validate(get("/catalog")))
check("/algorithms fits yente's AlgorithmResponse", lambda: AlgorithmResponse.model_validate(get("/algorithms")))


def client_calls():
    with Client(base_url=BASE, app_name="interdict-conformance") as c:
        assert c.datasets().datasets
        assert c.algorithms().algorithms
        assert c.search("alabuga").results
        m = c.match(Person(name=["Saddam Hussein Al-Tikriti"], birthDate=["1937"]))
        assert m.results and m.results[0].explanations, m
        assert c.fetch(LINKED).id == LINKED
        adj = c.adjacent(LINKED)
        assert adj.adjacent
        prop = next(iter(adj.adjacent))
        assert c.adjacent(LINKED, prop=prop).results


async def async_client_calls():
    async with AsyncClient(base_url=BASE, app_name="interdict-conformance") as c:
        assert (await c.datasets()).datasets
        assert (await c.search("alabuga")).results
        m = await c.match(Person(name=["Saddam Hussein Al-Tikriti"]))
        assert m.results and m.results[0].explanations, m
        assert (await c.fetch(LINKED)).id == LINKED
        assert (await c.adjacent(LINKED)).adjacent


check("yente-client (sync): datasets, algorithms, search, match, fetch, adjacent", client_calls)
check("yente-client (async): datasets, search, match, fetch, adjacent", lambda: asyncio.run(async_client_calls()))

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
