"""Lets no one in: the chat binds the loopback address, an optional login closes every route, no route serves
files, nothing is unpickled anywhere in the project, and the dependencies exclude known-vulnerable versions."""

import re
import tomllib
from pathlib import Path

import httpx
import psutil
import pytest
from gradio_client import Client
from packaging.requirements import Requirement

from app import TITLE, EXAMPLES, create_demo
from bench.load import running_app
from test_app import assert_one_line_error, run_app

PROJECT = Path(__file__).resolve().parent.parent
QUESTION = "中国式现代化的中国特色有哪些？"
USER, PASSWORD = "reader", "correct horse 电池 staple"
# What any Gradio page needs before a login (its scripts, styles, icons, the login form itself): the same for
# every Gradio app, none of it from the collection; the test still checks that no collection text is in them.
PUBLIC = {"/", "/favicon.ico", "/theme.css", "/gradio_api/theme.css", "/robots.txt", "/manifest.json",
          "/openapi.json", "/gradio_api/openapi.json", "/login", "/login/", "/logout", "/gradio_api/login_check",
          "/gradio_api/login_check/", "/static/{path:path}", "/assets/{path:path}", "/svelte/{path:path}",
          "/pwa_icon", "/pwa_icon/{size}", "/gradio_api/app_id", "/gradio_api/app_id/",  # app_id: a random number
          "/gradio_api/heartbeat/{session_hash}",  # a keep-alive stream: "data: ALIVE", nothing else
          "/gradio_api/startup-events",  # "false" or "true": whether the app's start-up events have run
          "/gradio_api/token", "/gradio_api/token/", "/gradio_api/user", "/gradio_api/user/"}  # who is logged in: null
REFUSED = {401, 403, 404, 405, 422}  # not logged in, forbidden, nothing there, or the request itself is wrong


def reply_of(client: Client, question: str = QUESTION, k: int = 2) -> str:
    history, _ = client.predict(question, [], k, [], api_name="/ask")
    return history[-1]["content"][0]["text"]


def routes() -> list[tuple[str, str]]:
    """(path, method) of every route the chat's server has."""
    from gradio.routes import App

    from rag.config import Settings

    def walk(items):
        for route in items:
            if hasattr(route, "path"):
                yield from ((route.path, m) for m in sorted(getattr(route, "methods", None) or ["GET"]))
            elif hasattr(route, "original_router"):
                yield from walk(route.original_router.routes)

    return sorted(set(walk(App.create_app(create_demo(None, Settings())).routes)))


def fetch(method: str, url: str) -> tuple[int, str]:
    """Status and body; of an event stream (which never ends) only its first message."""
    with httpx.stream(method, url, timeout=30) as response:
        body = b""
        for chunk in response.iter_bytes():
            body += chunk
            if response.headers.get("content-type", "").startswith("text/event-stream"):
                break
        return response.status_code, body.decode("utf-8", errors="replace")


def login_page(body: str) -> bool:
    return '"auth_required":true' in body.replace(" ", "") and '"components":[]' in body.replace(" ", "")


def filled(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "x", path).replace("file=x", "file=/etc/passwd")


def collection_words(searcher) -> list[str]:
    titles = list(dict.fromkeys(p.article for p in searcher.passages))
    return [*titles[:5], searcher.passages[0].text[:30], *EXAMPLES]


def test_the_chat_binds_the_loopback_address_and_answers_without_a_login(built_settings):
    with running_app(str(built_settings.index_dir)) as url:
        port = int(url.rstrip("/").rsplit(":", 1)[1])
        listening = {c.laddr.ip for c in psutil.net_connections(kind="inet") if c.laddr and c.laddr.port == port
                     and c.status == psutil.CONN_LISTEN}
        assert listening == {"127.0.0.1"}
        assert reply_of(Client(url, verbose=False)).count('class="ev-card"') == 2
        page = httpx.get(url).text
        assert TITLE in page  # without a login the page itself is served


def test_with_a_login_every_route_refuses_without_it_and_the_reader_who_logs_in_is_answered(built_settings, searcher):
    env = {"RAG_AUTH_USER": USER, "RAG_AUTH_PASSWORD": PASSWORD}
    with running_app(str(built_settings.index_dir), env=env) as url:
        base = url.rstrip("/")
        secrets = collection_words(searcher)
        checked, let_through = 0, []
        for path, method in routes():
            status, body = fetch(method, base + filled(path))
            # A page route answers with the login page; a public one with Gradio's own files.
            if (path not in PUBLIC and status not in REFUSED and not login_page(body)) or any(s in body for s in secrets):
                let_through.append((method, path, status, body[:100]))
            checked += 1
        assert let_through == [], let_through
        assert checked > 60
        # The requests that would ask, read the page's setup, fetch or upload a file, with a proper body.
        asked = {"data": [QUESTION, [], 2, []], "fn_index": 0, "session_hash": "x"}
        for method, path, body in [("POST", "/gradio_api/queue/join", asked), ("POST", "/gradio_api/call/ask", {"data": asked["data"]}),
                                   ("POST", "/gradio_api/run/ask", {"data": asked["data"]}), ("GET", "/config", None),
                                   ("GET", "/gradio_api/info", None), ("GET", "/gradio_api/file=app.py", None)]:
            assert httpx.request(method, base + path, json=body, timeout=30).status_code == 401, path
        assert httpx.post(base + "/gradio_api/upload", files={"files": ("a.txt", b"x")}).status_code == 401
        assert login_page(httpx.get(url).text)
        with pytest.raises(Exception, match="credentials|login|401"):
            Client(url, verbose=False)
        with pytest.raises(Exception):
            Client(url, auth=(USER, "wrong"), verbose=False)
        assert reply_of(Client(url, auth=(USER, PASSWORD), verbose=False)).count('class="ev-card"') == 2


def test_half_a_login_stops_the_app_with_one_line(tmp_path):
    completed = run_app("--index-dir", str(tmp_path), env={"RAG_AUTH_USER": USER, "RAG_AUTH_PASSWORD": ""})
    assert_one_line_error(completed, "RAG_AUTH_PASSWORD")


def test_the_password_is_not_shown_with_the_settings():
    from rag.config import Settings

    assert PASSWORD not in repr(Settings.from_env({"RAG_AUTH_USER": USER, "RAG_AUTH_PASSWORD": PASSWORD}))


@pytest.fixture(scope="module")
def open_chat(searcher, built_settings):
    from chat_helpers import serving

    with serving(searcher, built_settings) as url:
        yield url.rstrip("/")


@pytest.mark.parametrize("path", [
    "/gradio_api/file=/etc/passwd", "/gradio_api/file=%2Fetc%2Fpasswd", "/gradio_api/file=../../../../etc/passwd",
    "/gradio_api/file=..%2F..%2F..%2F..%2Fetc%2Fpasswd", "/gradio_api/file=app.py", "/gradio_api/file=rag/config.py",
    "/gradio_api/file/etc/passwd", "/file=/etc/passwd", "/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/app.py",
    "/assets/..%2F..%2Fapp.py", "/gradio_api/proxy=http://127.0.0.1/",
])
def test_no_route_serves_a_file_of_the_machine_or_the_project(open_chat, path):
    response = httpx.get(open_chat + path, timeout=30)
    assert response.status_code in {400, 403, 404}, (path, response.status_code)
    assert "root:" not in response.text and "def " not in response.text


def test_no_route_serves_a_file_of_the_index(open_chat, built_settings):
    for file in [p for p in built_settings.index_dir.rglob("*") if p.is_file()]:
        assert httpx.get(f"{open_chat}/gradio_api/file={file}", timeout=30).status_code in {403, 404}, file


# ---- nothing unpickled ------------------------------------------------------------------------------------

UNSAFE = [
    (re.compile(r"^\s*(import|from)\s+(c?pickle|joblib|dill|cloudpickle|shelve)\b", re.M), "imports a pickle library"),
    (re.compile(r"\b(c?pickle|joblib|dill|shelve)\.(loads?|Unpickler|open)\b"), "unpickles"),
    (re.compile(r"allow_pickle\s*=\s*True"), "lets numpy unpickle"),
    (re.compile(r"\btorch\.load\((?![^)]*weights_only\s*=\s*True)"), "torch.load without weights_only=True"),
    (re.compile(r"\.read_pickle\("), "reads a pickle"),
]


def project_sources() -> list[Path]:
    return [PROJECT / "app.py", *[p for folder in ("rag", "bench", "tests", "scripts") for p in (PROJECT / folder).rglob("*.py")]]


def test_nothing_in_the_project_unpickles():
    found = [f"{path.relative_to(PROJECT)}: {why}" for path in project_sources() if path != Path(__file__)
             for pattern, why in UNSAFE if pattern.search(path.read_text(encoding="utf-8"))]
    assert found == []
    assert len(project_sources()) > 20


def test_the_scan_would_see_each_unsafe_load():
    for line in ["import pickle", "from joblib import load", "x = pickle.loads(b)", "np.load(p, allow_pickle=True)",
                 "torch.load(path)", "torch.load(path, map_location='cpu')", "pd.read_pickle(p)"]:
        assert any(pattern.search(line) for pattern, _ in UNSAFE), line
    for line in ["np.load(p, allow_pickle=False)", "torch.load(path, weights_only=True)", "# no pickle here"]:
        assert not any(pattern.search(line) for pattern, _ in UNSAFE), line


# ---- dependencies -----------------------------------------------------------------------------------------

# A version each pin must exclude, and why: the published vulnerabilities that reach this project's use.
KNOWN_VULNERABLE = {
    "gradio": "4.44.1",  # 4.x: the file, proxy and queue routes (CVE-2024-47167, CVE-2024-47168 and others, fixed in 5.0)
    "torch": "2.5.1",  # torch.load(weights_only=True) could still run code (CVE-2025-32434, fixed in 2.6.0)
    "transformers": "4.47.1",  # unsafe deserialisation in model loaders (CVE-2024-11392, fixed in 4.48.0)
    "tqdm": "4.66.2",  # CLI arguments passed to eval (CVE-2024-34062, fixed in 4.66.3)
    "jinja2": "3.1.5",  # sandbox escape (CVE-2025-27516, fixed in 3.1.6); Gradio renders its pages with Jinja
}


def test_dependencies_exclude_known_vulnerable_versions():
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = [Requirement(r) for r in project["dependencies"] + sum(project["optional-dependencies"].values(), [])]
    pins = {r.name.lower(): r.specifier for r in requirements}
    for name, vulnerable in KNOWN_VULNERABLE.items():
        assert pins.get(name), f"{name} has no version range"
        assert not pins[name].contains(vulnerable, prereleases=True), f"{name}{pins[name]} allows {vulnerable}"
