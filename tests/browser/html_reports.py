#!/usr/bin/env python3
"""Renders every HTML output of cskpi on the demo data in headless Chromium and checks it.

For each page: no console message of level error or above, nothing fetched (the page has no
network, and Chromium none either), each chart draws the marks its data-marks attribute
announces and the number the JSON output of the same command implies (a point per period, a
dot per group with a denominator, a bar per interval, a cell per cohort and offset), the
sorting script runs (its hash matches the page's Content-Security-Policy), and a screenshot
is saved. A report on records whose agent names are markup shows the names as text and runs
nothing.

    html_reports.py --cskpi build/release/tools/cskpi/cskpi --out build/release/screenshots

scripts/report-screenshots runs it with --out docs/images to make the pictures of
docs/report.md.
"""

import argparse
import json
import pathlib
import subprocess
import sys
import tempfile

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

ROOT = pathlib.Path(__file__).resolve().parents[2]
CONTACTS = ROOT / "examples" / "data" / "contacts.ndjson"
CDNOW = ROOT / "tests" / "cli" / "data" / "cdnow.csv"  # the CDNOW 1/10 sample as CSV

DOC_PICTURES = {"report-by-agent.png", "report-by-week.png", "retention.png", "clv.png",
                "staffing-by-interval.png"}

HOSTILE_NAMES = [
    "<script>window.__pwned = 'script'</script>",
    '"><img src=x onerror="window.__pwned = \'img\'">',
    "Ann & <b>Bob</b>",
]


def run(cskpi, *args):
    done = subprocess.run([cskpi, *args], capture_output=True, check=True)
    return done.stdout


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                 # No network: every host name fails to resolve, every proxy connection fails.
                 "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9",
                 "--window-size=1100,900"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


MAX_HEIGHT = 6000


def check_page(driver, path, expected_marks, shot):
    driver.get(path.as_uri())
    errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
    assert not errors, f"{path.name}: console errors {errors}"
    fetched = driver.execute_script("return performance.getEntriesByType('resource').length")
    assert fetched == 0, f"{path.name}: {fetched} resources fetched"
    charts = {}
    for svg in driver.find_elements(By.CSS_SELECTOR, "svg[data-chart]"):
        chart = svg.get_attribute("data-chart")
        drawn = len(svg.find_elements(By.CSS_SELECTOR, ".mark"))
        assert drawn == int(svg.get_attribute("data-marks")), f"{path.name}: {chart} drew {drawn}"
        charts[chart] = drawn
    for chart, marks in expected_marks.items():
        assert charts.get(chart) == marks, f"{path.name}: {chart} has {charts.get(chart)}, want {marks}"
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1100, min(max(height, 600), MAX_HEIGHT))
    driver.save_screenshot(str(shot))
    driver.set_window_size(1100, 900)
    return charts


def check_sorting(driver):
    """Clicking the Contacts header sorts the groups by it, ascending, then descending."""
    table = driver.find_element(By.ID, "groups")
    header = [h for h in table.find_elements(By.CSS_SELECTOR, "th") if h.text.startswith("Contacts")][0]
    column = table.find_elements(By.CSS_SELECTOR, "th").index(header)

    def contacts():
        return [int(row.find_elements(By.TAG_NAME, "td")[column].text)
                for row in table.find_elements(By.CSS_SELECTOR, "tbody tr")]

    header.click()
    assert contacts() == sorted(contacts()), "the table did not sort ascending"
    header.click()
    assert contacts() == sorted(contacts(), reverse=True), "the table did not sort descending"


def rate_denominators(report, key):
    return sum(1 for g in report["groups"] if g["kpis"][key]["denominator"] > 0)


def report_pages(cskpi, work):
    """(page, marks expected) of the report: by agent, by week, by team and month."""
    pages = []
    by_agent = json.loads(run(cskpi, "report", str(CONTACTS), "--by", "agent_id"))
    marks = {f"funnel-{chart}": rate_denominators(by_agent, key) for chart, key in
             [("fcr", "fcr"), ("service_level", "service_level"),
              ("abandonment", "abandonment_rate")]}
    marks["funnel-csat"] = sum(1 for g in by_agent["groups"] if g["kpis"]["csat"]["denominator"] > 0)
    (work / "report-by-agent.html").write_bytes(
        run(cskpi, "report", str(CONTACTS), "--by", "agent_id", "--format", "html"))
    pages.append(("report-by-agent.html", marks))
    by_week = json.loads(run(cskpi, "report", str(CONTACTS), "--period", "week"))
    weeks = sum(1 for g in by_week["groups"] if g["kpis"]["fcr"]["value"] is not None)
    (work / "report-by-week.html").write_bytes(
        run(cskpi, "report", str(CONTACTS), "--period", "week", "--format", "html"))
    pages.append(("report-by-week.html", {"trend-fcr": weeks}))
    by_team = json.loads(run(cskpi, "report", str(CONTACTS), "--by", "team", "--period", "month"))
    cells = sum(1 for g in by_team["groups"] if g["kpis"]["fcr"]["value"] is not None)
    (work / "report-by-team-and-month.html").write_bytes(
        run(cskpi, "report", str(CONTACTS), "--by", "team", "--period", "month", "--format", "html"))
    pages.append(("report-by-team-and-month.html",
                  {"trend-fcr": cells, "funnel-fcr": rate_denominators(by_team, "fcr")}))
    return pages


def other_pages(cskpi, work):
    """(page, marks expected) of retention, staffing and CLV."""
    pages = []
    retention = json.loads(run(cskpi, "retention", str(CONTACTS), "--cohorts"))
    cells = sum(len(c["retention"]) for c in retention["cohorts"])
    rated = sum(1 for p in retention["periods"] if p["retention_rate"]["value"] is not None)
    (work / "retention.html").write_bytes(run(cskpi, "retention", str(CONTACTS), "--format", "html"))
    pages.append(("retention.html", {"cohorts": cells, "retention-rate": rated}))
    hourly = work / "hourly.json"
    hourly.write_bytes(run(cskpi, "report", str(CONTACTS), "--period", "1h"))
    intervals = len(json.loads(hourly.read_bytes())["groups"])
    (work / "staffing-by-interval.html").write_bytes(
        run(cskpi, "staffing", "--from-report", str(hourly), "--target", "80/20s", "--format", "html"))
    pages.append(("staffing-by-interval.html", {"agents": intervals, "contacts": intervals}))
    (work / "staffing.html").write_bytes(
        run(cskpi, "staffing", "--contacts", "120", "--interval", "30m", "--aht", "240s",
            "--target", "80/20s", "--format", "html"))
    pages.append(("staffing.html", {}))
    clv_args = [str(CDNOW), "--calibration-end", "1997-09-30", "--holdout-end", "1998-06-30",
                "--customer-col", "customer", "--amount-col", "dollars"]
    holdout = json.loads(run(cskpi, "clv", *clv_args, "--top", "0"))["holdout"]
    (work / "clv.html").write_bytes(run(cskpi, "clv", *clv_args, "--format", "html"))
    # A bar per P(alive) bin of 0.05; a point per calibration frequency for model and actual.
    pages.append(("clv.html", {"p-alive": 20,
                               "holdout": 2 * len(holdout["by_calibration_frequency"])}))

    return pages


def check_hostile(driver, cskpi, work, out):
    records = work / "hostile.ndjson"
    with records.open("w") as f:
        for i, name in enumerate(HOSTILE_NAMES * 3):
            f.write(json.dumps({"id": f"c{i}", "started_at": "2025-01-06T10:00:00Z",
                                "agent_id": name, "handle_seconds": 300, "wait_seconds": 10,
                                "resolved": True, "csat": 5}) + "\n")
    page = work / "report-hostile.html"
    page.write_bytes(run(cskpi, "report", str(records), "--by", "agent_id", "--format", "html"))
    check_page(driver, page, {}, out / "report-hostile.png")
    assert driver.execute_script("return window.__pwned === undefined"), "an injected script ran"
    assert not driver.find_elements(By.CSS_SELECTOR, "img, b"), "markup from the data was parsed"
    text = driver.find_element(By.ID, "groups").text
    for name in HOSTILE_NAMES:
        assert name in text, f"{name!r} is not shown as text"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cskpi", required=True)
    parser.add_argument("--out", required=True, type=pathlib.Path)
    parser.add_argument("--docs", action="store_true",
                        help="keep only the screenshots docs/report.md shows, at most 1800 px high")
    args = parser.parse_args()
    if args.docs:
        global MAX_HEIGHT
        MAX_HEIGHT = 1800
    args.out.mkdir(parents=True, exist_ok=True)
    driver = browser()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            work = pathlib.Path(tmp)
            for name, marks in report_pages(args.cskpi, work) + other_pages(args.cskpi, work):
                charts = check_page(driver, work / name, marks, args.out / name.replace(".html", ".png"))
                print(f"{name}: {len(charts)} charts, marks {charts}")
                if name == "report-by-agent.html":
                    check_sorting(driver)
            check_hostile(driver, args.cskpi, work, args.out)
            print("hostile names: shown as text, nothing ran")
        if args.docs:
            for shot in args.out.glob("*.png"):
                if shot.name not in DOC_PICTURES:
                    shot.unlink()
    finally:
        driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
