"""Print web pages to PDF with Chromium: ``python -m tests.recommendations.ingest.printer JOB``.

A process of its own, because Playwright's sync API keeps an event loop in the thread that
starts it: a second one cannot start while the browser tests' session browser runs, and the
ORM refuses to run beside one. JOB is a JSON file: the executable, its arguments, and a list
of pages (html, header and footer options or null, the path to write the PDF to).
"""

import json
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright


def main(job: Path) -> None:
    spec = json.loads(job.read_text(encoding="utf-8"))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=spec["executable"], args=spec["args"])
        try:
            for page_spec in spec["pages"]:
                page = browser.new_page()
                page.set_content(page_spec["html"])
                bands = page_spec["bands"]
                options = {"display_header_footer": True, **bands} if bands is not None else {}
                Path(page_spec["out"]).write_bytes(page.pdf(prefer_css_page_size=True, **options))
                page.close()
        finally:
            browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
