"""JUnit XML for CI: build/test-results/junit.xml.

Owns the file format only; the results come from runner.py.
"""
import xml.etree.ElementTree as ET
from pathlib import Path


def write(path: Path, results: list, total_seconds: float):
    failures = sum(1 for r in results if not r.passed)
    suites = ET.Element("testsuites", tests=str(len(results)), failures=str(failures),
                        errors="0", time=f"{total_seconds:.3f}")
    suite = ET.SubElement(suites, "testsuite", name="cobalt", tests=str(len(results)),
                          failures=str(failures), errors="0", skipped="0",
                          time=f"{total_seconds:.3f}")
    for r in results:
        tc = ET.SubElement(suite, "testcase", classname=r.group or "cases",
                           name=f"{r.id} {r.name}", time=f"{r.seconds:.3f}")
        if not r.passed:
            first = r.message.splitlines()[0] if r.message else "failed"
            fail = ET.SubElement(tc, "failure", message=first, type="Fail")
            fail.text = r.message + (f"\nresults: {r.folder}" if r.folder else "")
        if r.log:
            ET.SubElement(tc, "system-out").text = r.log
    tree = ET.ElementTree(suites)
    ET.indent(tree)
    path.parent.mkdir(parents=True, exist_ok=True)
    tree.write(path, encoding="utf-8", xml_declaration=True)
