"""Locust users for the load test: caseworkers browsing, filtering, opening and exporting.

Each simulated user logs in once as one of the regional caseworkers that bench/bench_web.py
creates (sb0 … sb9, password "bench"), then picks tasks by weight with 1–3 s of thinking
between them, as a person at work would. Run by bench/load/run.sh against 127.0.0.1 only.
"""

from __future__ import annotations

import itertools
import os
import random
import re
from typing import Any

from locust import HttpUser, between, task

YEARS = [2022, 2023, 2024, 2025, 2026]
NETWORKS = ["Salten", "Indre Helgeland", "Lofoten", "Vesterålen", "Ofoten", "RKK Vefsn"]
WORDS = ["lesing", "skolemiljø", "ledelse", "inkludering", "matematikk"]
DETAIL = re.compile(r'href="/behovsmeldinger/(\d+)/"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_numbers = itertools.count()


class Saksbehandler(HttpUser):
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.ids: list[str] = []
        number = next(_numbers)
        made = [k for k in os.environ.get("LOAD_SESSIONS", "").split(",") if k]
        if made:  # sessions made by run_load.py: measure the work, not the password hash
            self.client.cookies.set("sessionid", made[number % len(made)])
            return
        username = f"sb{number % 10}"
        page = self.client.get("/logg-inn/", name="logg inn (skjema)")
        token = CSRF.search(page.text)
        response = self.client.post(
            "/logg-inn/",
            {
                "username": username,
                "password": "bench",
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": f"{self.host}/logg-inn/"},
            name="logg inn",
        )
        if "/logg-inn/" in response.url:
            response.failure(f"innlogging som {username} mislyktes")

    def _get(self, url: str, name: str, **kwargs: Any) -> str:
        """GET that counts as a failure unless it answers 200 without a detour to the login."""
        with self.client.get(url, name=name, catch_response=True, **kwargs) as r:
            if r.status_code != 200 or "/logg-inn/" in r.url:
                r.failure(f"{r.status_code} {r.url}")
            return str(r.text)

    def _remember(self, html: str) -> None:
        found = DETAIL.findall(html)
        if found:
            self.ids = found[:50]

    @task(3)
    def oversikt(self) -> None:
        self._remember(self._get("/", "oversikt"))

    @task(3)
    def filter_aar_nettverk(self) -> None:
        params = {"aar": random.choice(YEARS), "nettverk": random.choice(NETWORKS)}
        self._remember(self._get("/", "oversikt ?aar&nettverk", params=params))

    @task(2)
    def filter_htmx(self) -> None:
        self._get(
            "/",
            "oversikt htmx ?aar&feil",
            params={"aar": random.choice(YEARS), "feil": random.choice(["ja", "nei"])},
            headers={"HX-Request": "true"},
        )

    @task(2)
    def sok(self) -> None:
        self._get("/", "oversikt ?q", params={"q": random.choice(WORDS)})

    @task(1)
    def sortert_side(self) -> None:
        self._get("/", "side ?sort", params={"sort": "-sum_totalt", "side": random.randint(1, 10)})

    @task(3)
    def detalj(self) -> None:
        if not self.ids:
            self.oversikt()
            return
        self._get(f"/behovsmeldinger/{random.choice(self.ids)}/", "detalj")

    @task(1)
    def eksport_excel(self) -> None:
        params = {"aar": random.choice(YEARS), "nettverk": random.choice(NETWORKS)}
        self._get("/eksport/excel/", "eksport excel ?aar&nettverk", params=params)

    @task(1)
    def eksport_json(self) -> None:
        params = {"aar": random.choice(YEARS), "nettverk": random.choice(NETWORKS)}
        self._get("/eksport/json/", "eksport json ?aar&nettverk", params=params)
