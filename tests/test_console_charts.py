"""Server-side SVG charts: labelled for screen readers, every value written as text, input escaped."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from services.console.charts import bar_chart, heat_grid

SVG = "{http://www.w3.org/2000/svg}"


def test_bar_chart_names_itself_writes_every_value_and_patterns_each_bar() -> None:
    svg = str(
        bar_chart("c1", "Consumers per tier", [("none", 13), ("silver", 14), ("gold", 0), ("<b>x</b>", 2.5)])
    )
    root = ET.fromstring(svg)  # well-formed XML, so the label was escaped
    assert root.get("role") == "img" and root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG}title").text == "Consumers per tier"
    assert root.find(f"{SVG}desc").text == "none: 13; silver: 14; gold: 0; <b>x</b>: 2.50"
    values = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "value"]
    assert values == ["13", "14", "0", "2.50"]
    fills = [r.get("fill") for r in root.iter(f"{SVG}rect") if (r.get("fill") or "").startswith("url(")]
    assert len(set(fills)) == 4  # one pattern per bar: told apart without colour


def test_heat_grid_prints_every_cell_and_darkens_with_contrast() -> None:
    values = {("none", "silver"): 5, ("silver", "silver"): 9}
    svg = str(heat_grid("g", "Transitions", ["none", "silver"], ["none", "silver"], values, "from", "to"))
    root = ET.fromstring(svg)
    cells = [g for g in root.iter(f"{SVG}g") if g.get("class") == "cell"]
    assert [c.find(f"{SVG}text").text for c in cells] == ["0", "5", "0", "9"]
    inks = [c.find(f"{SVG}text").get("fill") for c in cells]
    assert inks == ["#111111", "#ffffff", "#111111", "#ffffff"]
    assert "none / silver: 5; silver / silver: 9" in root.find(f"{SVG}desc").text
    assert not re.search(r"<script", svg)
