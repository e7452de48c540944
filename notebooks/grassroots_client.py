"""A small client for the Grassroots (基层治理指标) JSON API, for notebooks and scripts.

Every call goes through the server's public interface; nothing here reads the warehouse files.
The server address comes from the environment variable ``GRASSROOTS_URL``
(default ``http://127.0.0.1:7070``); when ``GRASSROOTS_TOKEN`` is set, every request carries it as
``Authorization: Bearer <token>`` (a signed-in user's API token).

Nothing the catalog declares is re-declared here: forms and their rules come from ``/api/forms``,
levels, plan periods and quality thresholds from ``/api/meta``, indicators from ``/api/indicators``.

Needs only the standard library and pandas (matplotlib for :func:`setup_matplotlib`).

    >>> import grassroots_client as gc
    >>> gc.values("urban_facility_coverage", level="province", year=2025)   # DataFrame
    >>> gc.trend("social_work_station_coverage", "CN", start=2019)          # DataFrame
    >>> gc.sql("SELECT level, count(*) AS n FROM regions GROUP BY level")   # DataFrame

Errors from the server are raised as :class:`GrassrootsError`, whose message carries the
server's bilingual text (``{"error": {"zh": ..., "en": ...}}``) and the request that caused it.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import pandas as pd

__all__ = [
    "BASE_URL", "GrassrootsError",
    "get", "post", "sql", "views",
    "health", "meta", "boundaries_params", "indicators", "indicator", "label",
    "forms", "form", "rule_violations", "plan", "default_form", "years_note",
    "provinces_in_warehouse", "scope_note",
    "values", "trend", "trends", "targets", "ranking", "distribution", "peers", "correlation",
    "region", "regions", "completeness", "quarantine",
    "BELTS", "belt", "setup_matplotlib",
]

BASE_URL = os.environ.get("GRASSROOTS_URL", "http://127.0.0.1:7070").rstrip("/")
"""The server the module talks to, read once from ``GRASSROOTS_URL`` at import."""

TIMEOUT_S = 120
"""Seconds to wait for one answer (SQL over the unit-level views can take a few seconds)."""

RETRIES = 2
"""Extra attempts when the server cannot be reached (it may be restarting); 5 s apart."""


class GrassrootsError(RuntimeError):
    """The server answered with an error, or could not be reached.

    Attributes: ``status`` (HTTP status, or None when unreachable), ``zh`` and ``en`` (the server's
    message in both languages), ``url`` (the request).
    """

    def __init__(self, status: int | None, zh: str, en: str, url: str):
        self.status, self.zh, self.en, self.url = status, zh, en, url
        where = f"HTTP {status}" if status else "no answer"
        super().__init__(f"{where} from {url}\n  中文: {zh}\n  English: {en}")


# ---------------------------------------------------------------------------------------------
# Transport
# ---------------------------------------------------------------------------------------------

def _url(path: str, params: dict[str, Any] | None = None) -> str:
    if not path.startswith("/"):
        path = "/" + path
    query = {k: v for k, v in (params or {}).items() if v is not None}
    return BASE_URL + path + ("?" + urllib.parse.urlencode(query) if query else "")


def _request(method: str, url: str, body: dict | None = None) -> Any:
    data = None if body is None else json.dumps(body).encode("utf-8")
    headers = {"Accept": "application/json"}
    token = os.environ.get("GRASSROOTS_TOKEN")
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if data is not None:
        headers["Content-Type"] = "application/json; charset=utf-8"
    for attempt in range(RETRIES + 1):
        req = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=TIMEOUT_S) as resp:
                return json.loads(resp.read().decode("utf-8"))
        except urllib.error.HTTPError as e:
            text = e.read().decode("utf-8", errors="replace")
            try:
                err = json.loads(text)["error"]
                zh, en = err.get("zh", ""), err.get("en", "")
            except (ValueError, KeyError, TypeError):
                zh = en = text[:500]
            raise GrassrootsError(e.code, zh, en, url) from None
        except (urllib.error.URLError, ConnectionError) as e:
            if attempt < RETRIES:
                time.sleep(5)
                continue
            reason = getattr(e, "reason", e)
            raise GrassrootsError(
                None,
                f"无法连接服务器 {BASE_URL}（{reason}）。请先启动：./grassroots demo，或设置 GRASSROOTS_URL。",
                f"cannot reach the server at {BASE_URL} ({reason}). Start it with ./grassroots demo, "
                f"or set GRASSROOTS_URL.",
                url,
            ) from None


def get(path: str, **params: Any) -> Any:
    """GET ``path`` with query ``params`` (None values are left out); returns the parsed JSON."""
    return _request("GET", _url(path, params))


def post(path: str, body: dict) -> Any:
    """POST a JSON ``body`` to ``path``; returns the parsed JSON."""
    return _request("POST", _url(path), body)


def _frame(rows: Any) -> pd.DataFrame:
    return pd.DataFrame(rows if rows else [])


# ---------------------------------------------------------------------------------------------
# SQL
# ---------------------------------------------------------------------------------------------

_SQL_DTYPES = {
    "BOOLEAN": "boolean", "TINYINT": "Int64", "SMALLINT": "Int64", "INTEGER": "Int64",
    "BIGINT": "Int64", "HUGEINT": "Int64", "UTINYINT": "Int64", "USMALLINT": "Int64",
    "UINTEGER": "Int64", "UBIGINT": "Int64", "FLOAT": "float64", "DOUBLE": "float64",
}


def sql(query: str, allow_truncated: bool = False) -> pd.DataFrame:
    """Run a read-only ``SELECT`` on the server (``POST /api/sql``) and return a DataFrame.

    Column types follow the server's (integers become nullable ``Int64``, DECIMAL becomes float).
    The server returns at most 10,000 rows; a truncated answer raises unless ``allow_truncated``:
    aggregate in SQL rather than pulling unit-level rows. ``df.attrs`` keeps ``elapsed_ms``.
    """
    ans = post("/api/sql", {"sql": query})
    names = [c["name"] for c in ans["columns"]]
    df = pd.DataFrame(ans["rows"], columns=names)
    for col in ans["columns"]:
        typ = col["type"].upper()
        if typ in _SQL_DTYPES:
            df[col["name"]] = df[col["name"]].astype(_SQL_DTYPES[typ])
        elif typ.startswith("DECIMAL"):
            df[col["name"]] = pd.to_numeric(df[col["name"]])
    if ans.get("truncated") and not allow_truncated:
        raise GrassrootsError(
            200,
            f"结果被截断为 {ans['row_count']} 行；请在 SQL 中先聚合，或传 allow_truncated=True。",
            f"the answer was truncated to {ans['row_count']} rows; aggregate in SQL, "
            f"or pass allow_truncated=True.",
            _url("/api/sql"),
        )
    df.attrs["elapsed_ms"] = ans.get("elapsed_ms")
    df.attrs["truncated"] = ans.get("truncated", False)
    return df


def views() -> pd.DataFrame:
    """The SQL views (``GET /api/sql/views``): one row per view and column."""
    out = []
    for v in get("/api/sql/views"):
        for c in v["columns"]:
            out.append({"view": v["name"], "column": c["name"], "type": c["type"],
                        "view_zh": v["description"]["zh"], "view_en": v["description"]["en"]})
    return pd.DataFrame(out)


# ---------------------------------------------------------------------------------------------
# Catalog and metadata
# ---------------------------------------------------------------------------------------------

def health() -> dict:
    """``GET /api/health``: ``{status, snapshot, years}``."""
    return get("/api/health")


def meta() -> dict:
    """``GET /api/meta``: snapshot id, years, levels, plan periods, low-completeness threshold."""
    return get("/api/meta")


def boundaries_params() -> dict:
    """Query parameters that ask for values on today's boundaries, if the server offers the choice.

    Returns ``{"boundaries": "current"}`` when ``/api/meta`` has a ``boundaries`` key, else ``{}``
    (the server then serves every year on the current region codes, which is the same thing).
    """
    return {"boundaries": "current"} if "boundaries" in meta() else {}


_INDICATORS: pd.DataFrame | None = None


def indicators(refresh: bool = False) -> pd.DataFrame:
    """The indicator catalog (``GET /api/indicators``), indexed by indicator id.

    Columns: name_zh, name_en, unit_zh, unit_en, population (urban/rural/all), counted_zh, form,
    numerator, denominator, factor, share (a bounded share in %), decimals, direction, targets (list of dicts).
    """
    global _INDICATORS
    if _INDICATORS is None or refresh:
        rows = []
        for i in get("/api/indicators"):
            rows.append({
                "id": i["id"], "name_zh": i["name"]["zh"], "name_en": i["name"]["en"],
                "unit_zh": i["unit"]["zh"], "unit_en": i["unit"]["en"],
                "population": i.get("population"), "form": i.get("form"),
                "numerator": i.get("numerator"), "denominator": i.get("denominator"),
                "factor": i.get("factor"), "share": i.get("share"), "decimals": i.get("decimals"),
                "counted_zh": (i.get("counted") or {}).get("zh"),
                "direction": i.get("direction"), "targets": i.get("targets", []),
            })
        _INDICATORS = pd.DataFrame(rows).set_index("id")
    return _INDICATORS


def indicator(indicator_id: str) -> pd.Series:
    """One catalog entry; raises ``KeyError`` listing the known ids if it does not exist."""
    cat = indicators()
    if indicator_id not in cat.index:
        raise KeyError(f"unknown indicator {indicator_id!r}; known: {', '.join(cat.index)}")
    return cat.loc[indicator_id]


def label(indicator_id: str, lang: str = "zh") -> str:
    """A chart label: the indicator's name with its unit, e.g. ``城市社区综合服务设施覆盖率（%）``."""
    i = indicator(indicator_id)
    if lang == "zh":
        return f"{i['name_zh']}（{i['unit_zh']}）"
    return f"{i['name_en']} ({i['unit_en']})"


def forms() -> list[dict]:
    """``GET /api/forms``: every returns form with its fields (id, label, type, range), rules, grain and deadline."""
    return get("/api/forms")


def form(form_id: str) -> dict:
    """One form from :func:`forms`; raises ``KeyError`` listing the known ids if it does not exist."""
    found = {f["id"]: f for f in forms()}
    if form_id not in found:
        raise KeyError(f"unknown form {form_id!r}; known: {', '.join(found)}")
    return found[form_id]


def rule_violations(form_id: str, where: str | None = None) -> pd.DataFrame:
    """Rows of a form's SQL view that break each of its rules, counted on the server.

    The rules are the form's own (``/api/forms``, each with the ``violation`` condition the ETL applies), so
    a check written here cannot drift from the one the ETL runs. One row per rule: rule, fields, message_zh,
    rows_checked, violations. ``where`` narrows the rows (a SQL condition over the view's columns).
    """
    f = form(form_id)
    if not f["rules"]:
        return pd.DataFrame(columns=["rule", "fields", "message_zh", "rows_checked", "violations"])
    counts = ", ".join(f'count(*) FILTER (WHERE {r["violation"]}) AS "{r["id"]}"' for r in f["rules"])
    row = sql(f'SELECT count(*) AS rows_checked, {counts} FROM {f["table"]}' + (f" WHERE {where}" if where else "")).iloc[0]
    return pd.DataFrame([{"rule": r["id"], "fields": ", ".join(r["fields"]), "message_zh": r["message"]["zh"],
                          "rows_checked": int(row["rows_checked"]), "violations": int(row[r["id"]])} for r in f["rules"]])


def plan(plan_id: str) -> dict:
    """A five-year plan period from ``/api/meta`` (``{id, name, from, to}``), e.g. ``plan("十四五")``."""
    for p in meta()["plans"]:
        if p["id"] == plan_id:
            return p
    raise KeyError(f"unknown plan {plan_id!r}")


def default_form() -> str:
    """The form the quality pages open on (``/api/meta`` → quality.default_form)."""
    return meta()["quality"]["default_form"]


def years_note(needed: int, what: str) -> str | None:
    """None when the warehouse has at least ``needed`` years; otherwise a bilingual sentence saying what
    cannot be shown here, for a notebook to print instead of a figure."""
    years = meta()["years"]
    if len(years) >= needed:
        return None
    return (f"本仓库只有 {len(years)} 个年份（{min(years)}–{max(years)}），{what[0]}需要至少 {needed} 个年份，此处不显示。 — "
            f"This warehouse has {len(years)} year(s) ({min(years)}–{max(years)}); {what[1]} needs at least {needed}, so it is not shown here.")


# ---------------------------------------------------------------------------------------------
# Indicator values
# ---------------------------------------------------------------------------------------------

def values(indicator: str, level: str, year: int, parent: str | None = None, **extra: Any) -> pd.DataFrame:
    """``GET /api/values``: one row per region of ``level`` (under ``parent``) for ``year``.

    Columns: region_code, region_name, short_name, level, year, value, numerator, denominator,
    reported_units, expected_units, completeness, low_completeness.
    """
    return _frame(get("/api/values", indicator=indicator, level=level, year=year, parent=parent, **extra))


def trend(indicator: str, region: str, start: int | None = None, end: int | None = None,
          **extra: Any) -> pd.DataFrame:
    """``GET /api/trend``: one row per year for one region (``start``/``end`` are ``from``/``to``)."""
    return _frame(get("/api/trend", indicator=indicator, region=region, **{"from": start, "to": end}, **extra))


def trends(indicator: str, regions: list[str], start: int | None = None, end: int | None = None,
           **extra: Any) -> pd.DataFrame:
    """:func:`trend` for several regions, stacked into one long DataFrame."""
    return pd.concat([trend(indicator, r, start, end, **extra) for r in regions], ignore_index=True)


def targets(indicator: str, region: str) -> pd.DataFrame:
    """``GET /api/targets``: plan targets that apply to ``region`` with the latest value, gap and status."""
    return _frame(get("/api/targets", indicator=indicator, region=region))


def ranking(indicator: str, level: str, year: int, parent: str | None = None, **extra: Any) -> pd.DataFrame:
    """``GET /api/ranking``: values with rank, number of siblings, percentile and the parent's value."""
    return _frame(get("/api/ranking", indicator=indicator, level=level, year=year, parent=parent, **extra))


def distribution(indicator: str, region: str, level: str, year: int) -> tuple[dict, pd.DataFrame]:
    """``GET /api/distribution``: (summary dict with min/p25/median/p75/max, the children's rows)."""
    ans = get("/api/distribution", indicator=indicator, region=region, level=level, year=year)
    children = _frame(ans.pop("children", []))
    return ans, children


def peers(indicator: str, region: str, year: int) -> tuple[dict, pd.DataFrame]:
    """``GET /api/peers``: (the region's row, its peers by population and urban share)."""
    ans = get("/api/peers", indicator=indicator, region=region, year=year)
    return ans["region"], _frame(ans["peers"])


def correlation(x: str, y: str, level: str, year: int, parent: str | None = None) -> tuple[dict, pd.DataFrame]:
    """``GET /api/correlation``: (summary with n, pearson, spearman; the points as a DataFrame).

    Points carry region_code, region_name, x, y, population, completeness_x, completeness_y.
    """
    ans = get("/api/correlation", x=x, y=y, level=level, year=year, parent=parent)
    points = _frame(ans.pop("points", []))
    return ans, points


# ---------------------------------------------------------------------------------------------
# Regions and data quality
# ---------------------------------------------------------------------------------------------

def region(code: str) -> dict:
    """``GET /api/regions/{code}``: the region with its ancestors."""
    return get(f"/api/regions/{urllib.parse.quote(code)}")


def regions(parent: str) -> pd.DataFrame:
    """``GET /api/regions?parent=CODE``: the direct children of a region (``CN`` for provinces)."""
    return _frame(get("/api/regions", parent=parent))


def completeness(form: str | None = None, level: str = "province", year: int | None = None,
                 parent: str | None = None) -> pd.DataFrame:
    """``GET /api/quality/completeness``: reported vs expected returns per region (and year); ``form``
    defaults to the catalog's default form (:func:`default_form`)."""
    return _frame(get("/api/quality/completeness", form=form or default_form(), level=level, year=year, parent=parent))


def quarantine() -> dict:
    """``GET /api/quality/quarantine``: ``rows`` (count) and DataFrames ``by_rule``, ``by_region``, ``sample``."""
    ans = get("/api/quality/quarantine")
    return {"rows": ans.get("rows", 0),
            **{k: _frame(ans.get(k, [])) for k in ("by_rule", "by_region", "sample")}}


def provinces_in_warehouse() -> pd.DataFrame:
    """The provinces that sent at least one return of any form, in code order (columns as :func:`regions`).

    A warehouse may be built from a few provinces' returns (``./grassroots generate --provinces 32,64``); it still
    expects every province's, so the others show as provinces that reported nothing. Notebooks compare the
    provinces that are here.
    """
    comp = pd.concat([completeness(f["id"], "province") for f in forms()], ignore_index=True)
    codes = set(comp.loc[comp.reported_units > 0, "region_code"])
    prov = regions("CN")
    return prov[prov.code.isin(codes)].sort_values("code").reset_index(drop=True)


def scope_note() -> str | None:
    """None when every province sent returns; otherwise a bilingual sentence saying which provinces this
    warehouse holds and that national figures then cover only them."""
    here, every = provinces_in_warehouse(), regions("CN")
    if len(here) == len(every):
        return None
    names = "、".join(here.short_name)
    return (f"本仓库只有 {len(here)} 个省份的报表（{names}，共 {len(every)} 个）：“全国”值只是这些省份的合计，"
            f"与公开的全国数字不可比；其余省份视为未报送。 — This warehouse holds returns from {len(here)} of {len(every)} "
            f"provinces ({', '.join(here.code)}): national values add up only those, are not comparable with published "
            f"national figures, and the other provinces count as not reporting.")


BELTS = {
    "东部": ("11", "12", "13", "21", "31", "32", "33", "35", "37", "44", "46"),
    "中部": ("14", "22", "23", "34", "36", "41", "42", "43"),
    "西部": ("15", "45", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65"),
}
"""The three economic belts (东部/中部/西部) by province code, as used since the Western Development
programme (2000): 11 eastern, 8 central and 12 western provinces."""

_BELT_EN = {"东部": "east", "中部": "central", "西部": "west"}


def belt(code: str, lang: str = "zh") -> str:
    """The belt of a region (by its first two digits): 东部/中部/西部, or east/central/west."""
    for name, codes in BELTS.items():
        if str(code)[:2] in codes:
            return name if lang == "zh" else _BELT_EN[name]
    raise KeyError(f"not a province-or-below code: {code!r}")


# ---------------------------------------------------------------------------------------------
# Charts
# ---------------------------------------------------------------------------------------------

_CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans SC", "Source Han Sans SC",
              "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei", "PingFang SC")
_CJK_FILES = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
              "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")


def setup_matplotlib(size: tuple[float, float] = (9, 5)) -> str:
    """Make matplotlib draw Chinese: pick an installed CJK font and keep minus signs drawable.

    Prefers Noto Sans CJK (Debian: ``apt-get install fonts-noto-cjk``); matplotlib registers a
    ``.ttc`` collection under its first face, "Noto Sans CJK JP", which has the same simplified
    Chinese glyphs as the SC face. Returns the font's name; raises if no CJK font is installed.
    """
    import matplotlib
    from matplotlib import font_manager

    def installed() -> set[str]:
        return {f.name for f in font_manager.fontManager.ttflist}

    names = installed()
    if not any(n in names for n in _CJK_FONTS):
        # A font cache built before the font was installed does not know it: register it directly.
        for path in _CJK_FILES:
            if os.path.exists(path):
                font_manager.fontManager.addfont(path)
        names = installed()
    chosen = next((n for n in _CJK_FONTS if n in names), None)
    if chosen is None:
        raise RuntimeError("没有可用的中文字体；请安装 fonts-noto-cjk。 "
                           "No CJK font found; install fonts-noto-cjk (apt-get install fonts-noto-cjk).")
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = [chosen, "DejaVu Sans"]
    matplotlib.rcParams["axes.unicode_minus"] = False
    matplotlib.rcParams["figure.figsize"] = size
    matplotlib.rcParams["figure.dpi"] = 100
    matplotlib.rcParams["savefig.dpi"] = 120
    matplotlib.rcParams["axes.grid"] = True
    matplotlib.rcParams["grid.alpha"] = 0.3
    return chosen
