"""Open the HTML report in headless Chromium (Debian's /usr/bin/chromium) with the network off.

Playwright's own browser download is never used: the browser is Debian's, installed by
scripts/setup_system.sh. Every request other than file:// is aborted and recorded; console
errors and page errors are recorded; for each figure the drawn elements are counted.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

# For each figure: the element kinds, counted as elements whose id starts with
# "<figure>-ewm-<kind>-" (matplotlib gids, prefixed by the report) and which drew something
# (a path or shape with a non-empty bounding box).
COUNT_SCRIPT = """
() => {
  const manifest = JSON.parse(document.getElementById('report-manifest').textContent);
  const result = {};
  for (const [key, kinds] of Object.entries(manifest.figures)) {
    const figure = document.getElementById('fig-' + key);
    result[key] = {};
    for (const kind of Object.keys(kinds)) {
      const nodes = figure ? figure.querySelectorAll('[id^="' + key + '-ewm-' + kind + '-"]') : [];
      let drawn = 0;
      nodes.forEach((node) => {
        const shapes = node.querySelectorAll('path, rect, use, polyline, line, circle');
        const visible = Array.from(shapes).some((shape) => {
          const box = shape.getBBox();
          return box.width > 0 || box.height > 0;
        });
        if (visible) drawn += 1;
      });
      result[key][kind] = drawn;
    }
  }
  return {manifest: manifest, drawn: result};
}
"""


@dataclass
class PageCheck:
    manifest: dict
    drawn: dict[str, dict[str, int]]
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    blocked_requests: list[str] = field(default_factory=list)
    text: str = ""
    banner: str = ""
    screenshot: Path | None = None
    table_rows: dict[str, int] = field(default_factory=dict)


def require_browser() -> None:
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} is missing: run scripts/setup_system.sh browser as root "
            "(Debian package chromium) to run the browser test"
        )
    pytest.importorskip("playwright.sync_api", reason="playwright is in requirements-dev.txt")


def open_report(page_path: Path, screenshot: Path | None = None) -> PageCheck:
    """Load the report offline, count what each chart drew, save a full-page screenshot."""
    from playwright.sync_api import sync_playwright

    console_errors: list[str] = []
    page_errors: list[str] = []
    blocked: list[str] = []

    def route(request_route) -> None:
        url = request_route.request.url
        if url.startswith("file://") or url.startswith("data:") or url.startswith("about:"):
            request_route.continue_()
        else:
            blocked.append(url)
            request_route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            context = browser.new_context(offline=True, viewport={"width": 1280, "height": 900})
            context.route("**/*", route)
            page = context.new_page()
            page.on(
                "console",
                lambda message: (
                    console_errors.append(message.text) if message.type == "error" else None
                ),
            )
            page.on("pageerror", lambda error: page_errors.append(str(error)))
            page.goto(page_path.resolve().as_uri(), wait_until="load")
            page.wait_for_selector("html[data-ready='1']", timeout=120_000)
            counted = page.evaluate(COUNT_SCRIPT)
            rows = page.evaluate(
                """() => Object.fromEntries(Array.from(document.querySelectorAll('table[id]'))
                    .map((t) => [t.id, t.tBodies[0] ? t.tBodies[0].rows.length : 0]))"""
            )
            text = page.inner_text("body")
            banner = page.inner_text("#provenance")
            if screenshot is not None:
                screenshot.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(screenshot), full_page=True)
            context.close()
        finally:
            browser.close()
    return PageCheck(
        manifest=counted["manifest"],
        drawn=counted["drawn"],
        console_errors=console_errors,
        page_errors=page_errors,
        blocked_requests=blocked,
        text=text,
        banner=banner,
        screenshot=screenshot,
        table_rows=rows,
    )


def keep_screenshot(path: Path, name: str) -> Path:
    """A copy of the screenshot in target/screenshots/ (ignored by git) to look at."""
    folder = Path(__file__).resolve().parents[2] / "target" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    destination = folder / name
    shutil.copyfile(path, destination)
    return destination
