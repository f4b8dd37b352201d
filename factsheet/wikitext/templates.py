"""The templates articles use inside their text, each converted as it reads on the page: flags
and lists, dates, languages, figures with units, notes and references. A template with no
handler here is left out and reported; housekeeping templates (maintenance tags, hatnotes,
reference lists) are left out quietly, since they say nothing about the subject."""

from __future__ import annotations

from collections.abc import Callable

from mwparserfromhell.nodes import Template

from factsheet.wikitext.markup import Render

Handler = Callable[[Template, Render], str]
HANDLERS: dict[str, Handler] = {}

FLAG_ALIASES = {
    "ussr": "Soviet Union",
    "uk": "United Kingdom",
    "gbr": "United Kingdom",
    "us": "United States",
    "usa": "United States",
    "prc": "China",
    "roc": "Republic of China",
    "rok": "South Korea",
    "dprk": "North Korea",
    "frg": "West Germany",
    "gdr": "East Germany",
    "rus": "Russia",
    "aut": "Austria",
    "fra": "France",
    "ger": "Germany",
    "deu": "Germany",
    "ita": "Italy",
    "jpn": "Japan",
    "chn": "China",
    "esp": "Spain",
    "ned": "Netherlands",
    "nld": "Netherlands",
    "bel": "Belgium",
    "pol": "Poland",
    "swe": "Sweden",
    "den": "Denmark",
    "nor": "Norway",
    "fin": "Finland",
    "hun": "Hungary",
    "rou": "Romania",
    "tur": "Turkey",
    "can": "Canada",
    "aus": "Australia",
    "nzl": "New Zealand",
    "ind": "India",
    "kor": "South Korea",
    "prk": "North Korea",
    "mng": "Mongolia",
}
"""Country codes the flag templates take for a name (`{{flag|USSR}}` shows Soviet Union)."""
FATES = {
    "kia": "killed",
    "dow": "died",
    "died of wounds": "died",
    "wia": "wounded",
    "pow": "captured",
    "executed": "executed",
    "exec": "executed",
}
"""The marks infoboxes put after a commander's name, and the fate each records."""
FATE_MARKS = {"killed": "†", "died": "†", "executed": "‡", "wounded": "(WIA)", "captured": "(POW)"}
QUIET = frozenset(
    (
        "short description|use dmy dates|use mdy dates|use british english|"
        "use american english|use australian english|use canadian english|use indian english|"
        "use new zealand english|engvarb|engvara|good article|featured article|featured list|"
        "italic title|displaytitle|defaultsort|multiple issues|more citations needed|"
        "refimprove|unreferenced|cleanup|citation style|use shortened footnotes|"
        "use list-defined references|improve lead|lead too short|pp|pp-protected|pp-semi-indef|"
        "pp-move-indef|pp-vandalism|pp-pc1|pp-semi|pp-extended|main|see also|further|about|for|"
        "redirect|distinguish|other uses|hatnote|selfref|spoken wikipedia|clear|clr|toc limit|"
        "toc right|toc left|anchor|anchors|coord missing|noprint|citation needed|cn|fact|"
        "clarify|when|who|which|by whom|dubious|according to whom|page needed|"
        "full citation needed|verify source|better source needed|failed verification|vague|"
        "dead link|cbignore|webarchive|rp|reflist|notelist|notelist-ua|notelist-lr|refbegin|"
        "refend|references|authority control|portal|portal bar|portal-inline|commons category|"
        "commons|commonscat|wikiquote|wiktionary|wikisource|wikivoyage|sister project links"
        "|main article|see|further2|further information|for2|see also2|details|col-2|col-3|col-4"
        "|col-begin|col-start|col-break|col-end|div col|div col end|clear left|clear right"
        "|unreferenced section|refimprove section|update|attribution needed|where"
        "|nowrap begin|nowrap end|legend|wikipedia books|subject bar|internet archive author"
        "|internet archive film clip|librivox author|nyttopic|incubator|official website"
        "|ru icon|pt icon|de icon|fr icon|ja icon|zh icon|in lang|citation needed span"
        "|commonscat-inline|commons category-inline|nbsp|snf|good article|sfn whitelist"
    ).split("|")
)
"""Templates left out without a word: they are about the page, not the subject."""


LIST_TEMPLATES = frozenset(
    "plainlist|plain list|flatlist|flat list|hlist|ubl|unbulleted list|ublist|bulleted list"
    "|bulleted|blist|ordered list|unordered list".split("|")
)
"""Templates whose unnamed parameters are the items of a list, one per line."""
FLAG_TEMPLATES = frozenset(
    "flag|flagcountry|flag country|flagu|flagc|flagicon|flag icon|flagdeco|flag deco|flag+link"
    "|flagg|flaglink".split("|")
)
"""Templates that show a country's flag (and, most of them, its name)."""


def handles(*names: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        for name in names:
            HANDLERS[name] = handler
        return handler

    return register


def template_name(template: Template) -> str:
    """`Infobox_military conflict`, `Template:Flag` → `infobox military conflict`, `flag`."""
    name = " ".join(str(template.name).replace("_", " ").split()).lower()
    return name.removeprefix("template:").strip()


NAVIGATION = ("navbox", "campaignbox", "campaign box", "sidebar", "timeline of", "topics")
"""Words in the names of navigation boxes, which stand on a line of their own."""


def convert_template(template: Template, render: Render, block: bool = False) -> str:
    """A template as the page shows it; `block`: it stands on a line of its own, where an
    unknown one is most often a navigation box."""
    name = template_name(template)
    handler = HANDLERS.get(name)
    if handler is not None:
        return handler(template, render)
    if name.startswith("cite ") or name == "citation":
        citations = render.gathered.citations
        return citations.as_text(template, render) if citations is not None else ""
    if name in QUIET or name.startswith(
        ("pp-", "use ", "wikiproject", "defaultsort:", "displaytitle:")
    ):
        return ""
    if name.startswith("formatnum:"):
        return render.escape(str(template.name).split(":", 1)[1].strip())
    if name.startswith(("multiple image", "wide image", "photomontage", "image frame")):
        render.gathered.report(
            render.where,
            f"left out: the images of {{{{{template.name.strip()}}}}} (images are not imported)",
        )
        return ""
    if name.startswith("lang-"):
        from factsheet.wikitext.template_values import language

        return language(name.removeprefix("lang-"), render.param(template, 1), render, True)
    if block and any(word in name for word in NAVIGATION):
        render.gathered.report(
            render.where, f"left out: the navigation box {{{{{template.name.strip()}}}}}"
        )
        return ""
    render.gathered.report(
        render.where,
        f"left out: the template {{{{{template.name.strip()}}}}}, which import does not know",
    )
    return ""


def _items(template: Template, render: Render) -> list[str]:
    """The unnamed parameters' values, converted, empty ones dropped."""
    found = []
    for param in template.params:
        if param.showkey:
            continue
        value = render(param.value).strip()
        if value:
            found.append(value)
    return found


@handles(*LIST_TEMPLATES, "plainlist top")
def _list(template: Template, render: Render) -> str:
    items = _items(template, render)
    return "\n" + "\n".join(items) + "\n" if items else ""


@handles("br", "break", "crlf", "plainlist/end", "endplainlist", "end plainlist")
def _break(template: Template, render: Render) -> str:
    return "\n"


@handles(*FLAG_TEMPLATES, "flagicon image")
def _flag(template: Template, render: Render) -> str:
    name = template_name(template)
    if name in ("flagicon", "flag icon", "flagdeco", "flag deco", "flagicon image"):
        return ""
    shown = render.param(template, "name") or render.param(template, 1)
    return render.escape(FLAG_ALIASES.get(shown.lower(), shown)) if shown else ""


@handles("kia", "dow", "died of wounds", "wia", "pow", "executed", "exec")
def _fate(template: Template, render: Render) -> str:
    fate = FATES[template_name(template)]
    render.gathered.fates.append(fate)
    return "" if render.plain else f" {FATE_MARKS[fate]}"


@handles(
    "nowrap",
    "nobr",
    "nobreak",
    "avoid wrap",
    "small",
    "smaller",
    "big",
    "larger",
    "midsize",
    "sup",
    "sub",
    "abbr",
    "tooltip",
    "em",
    "strong",
    "highlight",
    "small caps",
    "smallcaps",
    "sc",
    "nowrap begin",
    "center",
    "centre",
    "left",
    "right",
    "noitalic",
    "no italic",
    "nobold",
    "keypress",
    "resize",
    "bold",
    "b",
    "i",
    "ill",
    "interlanguage link",
    "interlanguage link multi",
    "pslink",
    "abbrlink",
)
def _first(template: Template, render: Render) -> str:
    name = template_name(template)
    position = 2 if name in ("resize",) and template.has("2") else 1
    shown = render.param(template, position)
    if name in ("em", "i") and shown and not render.plain:
        return f"*{shown}*"
    if name in ("strong", "bold", "b") and shown and not render.plain:
        return f"**{shown}**"
    return shown


@handles("coat of arms")
def _coat_of_arms(template: Template, render: Render) -> str:
    """`{{Coat of arms|Brunswick-Lüneburg}}`: the arms (an image, left out) and the name."""
    return render.param(template, "text") or render.param(template, 1)


@handles("h:title", "hover title")
def _hover(template: Template, render: Render) -> str:
    return render.param(template, 2)


@handles(
    "ndash",
    "nd",
    "snd",
    "spaced ndash",
    "spnd",
    "snds",
    "mdash",
    "md",
    "spaced mdash",
    "•",
    "dot",
    "middot",
    "bull",
    "nbsp",
    "'",
    "!",
    "=",
    "thinsp",
    "zwsp",
    "en dash",
)
def _sign(template: Template, render: Render) -> str:
    signs = {
        "ndash": "–",
        "nd": "–",
        "en dash": "–",
        "snd": " – ",
        "spaced ndash": " – ",
        "spnd": " – ",
        "snds": " – ",
        "mdash": "—",
        "md": "—",
        "spaced mdash": " — ",
        "•": " • ",
        "dot": " · ",
        "middot": " · ",
        "bull": " • ",
        "nbsp": "\u00a0",
        "'": "'",
        "!": "|",
        "=": "=",
        "thinsp": "\u2009",
        "zwsp": "",
    }
    return render.escape(signs[template_name(template)])


@handles("circa", "c.", "ca", "ca.", "c")
def _circa(template: Template, render: Render) -> str:
    figure = render.param(template, 1)
    return f"c. {figure}" if figure else "c. "


@handles("surrendered")
def _surrendered(template: Template, render: Render) -> str:
    render.gathered.fates.append("captured")
    return "" if render.plain else " (surrendered)"


@handles("marriage")
def _marriage(template: Template, render: Render) -> str:
    who, since = render.param(template, 1), render.raw(template, 2)
    return f"{who} (m. {since})" if since else who


@handles(
    "efn",
    "efn-ua",
    "efn-lr",
    "efn-la",
    "efn-lg",
    "efn-ur",
    "refn",
    "notetag",
    "note tag",
    "nts",
    "efn-ll",
)
def _note(template: Template, render: Render) -> str:
    """An explanatory note: a footnote of the text; in a name or a figure, gathered for the
    caller as a note."""
    text = Render(render.gathered, False, render.where).param(template, 1)
    if not text:
        return ""
    if render.plain or not render.footnotes:
        render.gathered.notes.append(text)
        return ""
    return f"[^{render.gathered.footnote(text)}]"


SHORT_CITATIONS = frozenset(
    {"sfn", "sfnp", "sfnm", "harvnb", "harv", "harvp", "harvtxt", "harvcoltxt", "r"}
)
"""Short citations: of a work the bibliography lists (`{{sfn|Coox|1985}}`), or a named ref."""
IN_THE_SENTENCE = frozenset({"harvtxt", "harvcoltxt"})
"""Short citations whose names the sentence reads: `{{harvtxt|Smith|2000}} argues` →
Smith (2000) argues."""


@handles(*SHORT_CITATIONS)
def _short_citation(template: Template, render: Render) -> str:
    citations = render.gathered.citations  # None while only the title is read
    cited = citations.of_template(template, render) if citations is not None else None
    shown = ""
    if template_name(template) in IN_THE_SENTENCE:
        named = [render.raw(template, str(p.name)) for p in template.params if not p.showkey]
        if len(named) >= 2:
            shown = f"{' and '.join(named[:-1])} ({named[-1]})"
    return render.escape(shown) + (render.citation(cited) if cited else "")


# The value templates register themselves with `handles` when their module is imported.
from factsheet.wikitext import template_values  # noqa: E402, F401
