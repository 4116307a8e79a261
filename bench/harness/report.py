"""Prints figures, ratios and goals as they are measured, and keeps them for results.json."""

import json
import os


class Report:
    def __init__(self):
        self.sections = []
        self._recalled = {}

    def section(self, title, description):
        # Other work on the machine slows every tool alike, so the load is kept beside the figures.
        load = os.getloadavg()[0]
        print(f"\n## {title}: {description} (load average {load:.1f} at the end)", flush=True)
        self.sections.append({"title": title, "description": description, "load_average": load, "lines": []})

    def figure(self, name, value, unit, range_text="", summary="median, range"):
        self._line(f"{name:<45} {value:>12.4g} {unit:<10} {summary} {range_text}",
                   {"figure": name, "median": value, "unit": unit, "range": range_text})

    def ratio(self, name, value):
        self._line(f"{name:<45} {value:>12.3g} x", {"ratio": name, "value": value})

    def goal(self, text, met):
        self._line(f"goal: {text}: {'met' if met else 'MISSED'}", {"goal": text, "met": met})

    def note(self, text):
        self._line(f"note: {text}", {"note": text})

    def remember(self, key, values):
        self._recalled[key] = values

    def recalled(self, key):
        return self._recalled.get(key)

    def save(self, path, machine):
        path.write_text(json.dumps({"machine": machine, "sections": self.sections}, indent=2) + "\n")

    def _line(self, text, record):
        print(text, flush=True)
        self.sections[-1]["lines"].append(record)
