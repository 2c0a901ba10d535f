"""The OpenAPI schema and its documentation page."""

import yaml

RUN_DETAIL = "/api/v1/runs/{id}/"


def load_schema(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    content_type = response["Content-Type"]
    assert "openapi" in content_type or "yaml" in content_type
    return yaml.safe_load(response.content)


def test_the_schema_is_openapi_3(anon, db):
    schema = load_schema(anon)
    assert str(schema["openapi"]).startswith("3.")
    assert schema["info"]["title"] == "Footnote API"
    for path in ("/api/v1/runs/", RUN_DETAIL, "/api/v1/me/", "/api/v1/flags/", "/api/v1/conditions/"):
        assert path in schema["paths"], path
    # Every reference resolves to a component.
    components = schema["components"]["schemas"]
    refs = set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "$ref":
                    refs.add(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(schema["paths"])
    for ref in refs:
        assert ref.startswith("#/components/schemas/")
        assert ref.rsplit("/", 1)[1] in components, ref


def test_run_put_documents_its_errors(anon, db):
    put = load_schema(anon)["paths"][RUN_DETAIL]["put"]
    responses = {str(code) for code in put["responses"]}
    assert {"200", "201", "400", "404", "409", "412"} <= responses
    assert any(p["name"] == "If-Match" and p["in"] == "header" for p in put["parameters"])


def test_the_docs_page_uses_no_third_party_urls(anon, db):
    response = anon.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode().lower()
    # The page's script is served by the page itself (no inline script under the CSP), and it is the
    # script that points Swagger UI at the schema.
    assert "?script=" in html
    script = anon.get("/api/docs/", {"script": ""})
    assert script.status_code == 200
    code = script.content.decode().lower()
    assert "/api/schema/" in code
    for third_party in ("cdn", "unpkg", "jsdelivr", "googleapis", "cloudflare"):
        assert third_party not in html, third_party
        assert third_party not in code, third_party
