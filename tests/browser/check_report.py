"""Opens a `boussole report` page in a real headless Chromium (Debian's, driven
by Playwright) and checks it as a reader would see it. Run by
tests/report_browser.rs:

    python3 check_report.py PAGE.html EVAL.json OUT_PREFIX AXE_JS

- the page loads with no console error, no dialog, and no request but its own;
- with JavaScript off, every card and its status are visible;
- each card's period, status and exact value are those of `eval --format json`
  for the same inputs, and its badge says the status in words;
- axe-core (injected) finds no serious or critical accessibility violation;
- the print stylesheet keeps every card;
- OUT_PREFIX.png (a screenshot) and OUT_PREFIX.pdf (the print) are written.

Exits non-zero with the reasons on stderr.
"""

import json
from decimal import Decimal
import os
import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

# each status's word on the page, by the page's language (<html lang>)
WORDS = {
    "en": {"met": "met", "missed": "missed", "no-data": "no data", "in-progress": "in progress"},
    "fr": {"met": "atteinte", "missed": "manquée", "no-data": "sans données", "in-progress": "en cours"},
}


def chromium_path():
    found = os.environ.get("BOUSSOLE_CHROMIUM") or shutil.which("chromium") or shutil.which(
        "chromium-browser"
    )
    if not found:
        sys.exit("no chromium on PATH (Debian's `chromium` package), nor BOUSSOLE_CHROMIUM")
    return found


def main():
    page_path, eval_path, out_prefix, axe_js = sys.argv[1:5]
    url = Path(page_path).resolve().as_uri()
    # exact digits, as eval writes them
    evaluation = json.loads(Path(eval_path).read_text(), parse_float=Decimal, parse_int=Decimal)
    targets = evaluation["targets"]
    problems = []

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])

        # 1. as it is: no console error, no dialog, no request but the page
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        page = context.new_page()
        requests, console, dialogs = [], [], []
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: console.append(m) if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: console.append(e))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(url, wait_until="load")
        lang = page.locator("html").get_attribute("lang")
        if lang not in WORDS:
            problems.append(f"the page's language is {lang!r}")
            lang = "en"
        page.wait_for_timeout(200)
        others = [r for r in requests if r != url]
        if others:
            problems.append(f"requests besides the page: {others}")
        if console:
            problems.append(f"console messages: {[str(getattr(m, 'text', m)) for m in console]}")
        if dialogs:
            problems.append(f"dialogs opened: {dialogs}")

        # 2. each card against eval's JSON
        cards = page.locator("article.card")
        names = []
        for i in range(cards.count()):
            card = cards.nth(i)
            target = card.get_attribute("data-target")
            period = card.get_attribute("data-period")
            status = card.get_attribute("data-status")
            value = card.get_attribute("data-value")
            names.append(target)
            if not card.is_visible():
                problems.append(f"card {target} is not visible")
            row = next(
                (t for t in targets if t["target"] == target and t["period"] == period), None
            )
            if row is None:
                problems.append(f"card {target} shows {period}, which eval has no row for")
                continue
            if row["status"] != status:
                problems.append(f"card {target} {period}: {status}, eval says {row['status']}")
            shown = None if value == "" else Decimal(value)
            if shown != row["value"]:
                problems.append(f"card {target} {period}: value {value}, eval says {row['value']}")
            badge = card.locator(".badge").first.inner_text()
            word = WORDS[lang][status]
            if word not in badge:
                problems.append(f"card {target}: the badge reads {badge!r}, not {word!r}")
        expected = list(dict.fromkeys(t["target"] for t in targets))
        if names != expected:
            problems.append(f"cards {names}, the spec's targets {expected}")

        page.screenshot(path=out_prefix + ".png", full_page=True)

        # 3. printed: every card still there
        page.emulate_media(media="print")
        printed = page.locator("article.card")
        hidden = [i for i in range(printed.count()) if not printed.nth(i).is_visible()]
        if hidden:
            problems.append(f"cards hidden in print: {hidden}")
        page.pdf(path=out_prefix + ".pdf")
        context.close()

        # 4. JavaScript off: the same cards, visible
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(url, wait_until="load")
        plain = page.locator("article.card")
        if plain.count() != len(names) or not all(
            plain.nth(i).is_visible() for i in range(plain.count())
        ):
            problems.append("with JavaScript off, cards are missing or hidden")
        context.close()

        # 5. axe-core, injected past the page's Content-Security-Policy
        context = browser.new_context(bypass_csp=True)
        page = context.new_page()
        page.goto(url, wait_until="load")
        page.add_script_tag(content=Path(axe_js).read_text())
        result = page.evaluate("() => axe.run(document)")
        for v in result["violations"]:
            if v["impact"] in ("serious", "critical"):
                where = [n["target"] for n in v["nodes"]][:5]
                problems.append(f"axe {v['impact']}: {v['id']} — {v['help']} at {where}")
        context.close()
        browser.close()

    if problems:
        for p in problems:
            print(p, file=sys.stderr)
        sys.exit(1)
    print(f"{len(names)} cards checked; {len(result['violations'])} minor axe findings")


if __name__ == "__main__":
    main()
