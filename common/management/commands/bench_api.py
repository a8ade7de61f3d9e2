"""Benchmark the API under gunicorn on a synthetic province (``generate_synthetic`` first).

Starts two gunicorn servers with the same number of workers: the project, and the floor
(``common/bench_floor.py``: the persons list as hand-written SQL + JSON). Then measures:
single-client latency (p50/p95) of the persons list with an area filter, an accent-insensitive
search, a person's detail and the indicator list of the province and of its largest commune (today's
figures, stored first as the figures timer does); throughput and p95 with 20 concurrent clients
for the persons list, ours and the floor's, in interleaved rounds (the median ratio); and the number of
queries of a list page of 10 and of 100 rows (it must not grow with the page).
"""

import http.client
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import unicodedata

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from accounts.tokens import token_issue
from areas.models import Area
from beneficiaries.management.commands.bench_search import GIVEN, MIDDLE, SURNAMES
from beneficiaries.models import Person
from common.bench import percentile_ms
from indicators.services import snapshot_indicators


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in text if unicodedata.category(c) != "Mn").lower()


class Command(BaseCommand):
    help = "Đo độ trễ và thông lượng API (gunicorn) trên dữ liệu tổng hợp, so với SQL viết tay."

    def add_arguments(self, parser):
        parser.add_argument("--province", default="24")
        parser.add_argument("--requests", type=int, default=200, help="per endpoint, single client")
        parser.add_argument("--clients", type=int, default=20)
        parser.add_argument("--seconds", type=float, default=10, help="per side and round, under load")
        parser.add_argument("--rounds", type=int, default=3, help="rounds of ours then the floor, under load")
        parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2)
        parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker (gthread when > 1)")
        parser.add_argument("--port", type=int, default=8765)

    def handle(self, *args, province, requests, clients, seconds, rounds, workers, threads, port, **options):
        user = User.objects.filter(username=f"synthetic.{province}").first()
        if user is None:
            raise CommandError(f"Chưa có dữ liệu tổng hợp: chạy generate_synthetic --province {province} trước.")
        token = token_issue(user=user)[1]
        communes = list(Area.objects.filter(parent__code=province, is_active=True).values_list("code", flat=True))
        ids = list(Person.objects.filter(created_by=user).values_list("id", flat=True)[:50_000])
        total = Person.objects.filter(area__path__startswith=f"/{province}/").count()
        rng = random.Random(7)
        self.stdout.write(f"{total:,} người trong tỉnh {province}; gunicorn {workers} worker × {threads} luồng mỗi "
                          f"máy chủ")
        self._query_counts(user, communes[0])
        largest = Area.objects.filter(parent__code=province, is_active=True).annotate(n=Count("persons"))\
            .order_by("-n").values_list("code", flat=True).first()
        started = time.perf_counter()
        stored = snapshot_indicators(as_of=timezone.localdate(), province_code=province)
        self.stdout.write(f"Số liệu chỉ tiêu hôm nay tính và lưu ({stored:,}; việc của an-sinh-figures.timer mỗi "
                          f"{settings.INDICATORS_REFRESH_MINUTES} phút): {time.perf_counter() - started:.2f} s")

        env = {**os.environ, "DJANGO_DEBUG": "false", "DJANGO_SECURE_SSL_REDIRECT": "false",
               "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost", "DJANGO_LOG_LEVEL": "WARNING"}
        gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
        servers = [subprocess.Popen([gunicorn, app, "--bind", f"127.0.0.1:{p}", "--workers", str(workers),
                                     "--threads", str(threads), "--log-level", "warning"], env=env)
                   for app, p in (("config.wsgi", port), ("common.bench_floor:app", port + 1))]
        try:
            self._wait(port, "/api/v1/auth/me/", token)
            self._wait(port + 1, f"/?area={communes[0]}", None)
            headers = {"Authorization": f"Token {token}"}
            cases = {
                "danh sách theo xã (50 dòng)": lambda: f"/api/v1/persons/?area={rng.choice(communes)}&page_size=50",
                "tìm không dấu (họ tên)": lambda: "/api/v1/persons/?q=" + _plain(
                    f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}").replace(" ", "+"),
                "chi tiết một người": lambda: f"/api/v1/persons/{rng.choice(ids)}/",
                "danh sách chỉ tiêu (tỉnh)": lambda: f"/api/v1/indicators/?area={province}",
                f"danh sách chỉ tiêu (xã lớn nhất {largest})": lambda: f"/api/v1/indicators/?area={largest}",
            }
            self.stdout.write("Một người dùng, tuần tự:")
            for label, make in cases.items():
                timings = _sequential(port, make, headers, requests)
                self.stdout.write(f"  {label:<32} p50 {percentile_ms(timings, 50):7.1f} ms   "
                                  f"p95 {percentile_ms(timings, 95):7.1f} ms")
            floor = _sequential(port + 1, lambda: f"/?area={rng.choice(communes)}&page_size=50", {}, requests)
            self.stdout.write(f"  {'sàn: SQL viết tay, cùng danh sách':<32} p50 {percentile_ms(floor, 50):7.1f} ms   "
                              f"p95 {percentile_ms(floor, 95):7.1f} ms")

            self.stdout.write(f"{clients} người dùng đồng thời, danh sách theo xã: {rounds} lượt xen kẽ hệ thống / "
                              f"sàn, mỗi bên {seconds:.0f} s một lượt (máy chậm hay nhanh lên: cả hai cùng chịu):")
            ratios = []
            for round_no in range(1, rounds + 1):
                ours = _concurrent(port, cases["danh sách theo xã (50 dòng)"], headers, clients, seconds)
                raw = _concurrent(port + 1, lambda: f"/?area={rng.choice(communes)}&page_size=50", {}, clients,
                                  seconds)
                for label, (count, timings) in (("hệ thống", ours), ("sàn SQL viết tay", raw)):
                    self.stdout.write(f"  lượt {round_no}  {label:<18} {count / seconds:7.1f} yêu cầu/s   "
                                      f"p50 {percentile_ms(timings, 50):7.1f} ms   "
                                      f"p95 {percentile_ms(timings, 95):7.1f} ms")
                ratios.append(raw[0] / max(ours[0], 1))
            self.stdout.write(f"  tỷ lệ thông lượng sàn/hệ thống: trung vị {statistics.median(ratios):.2f}× "
                              f"(các lượt: {', '.join(f'{r:.2f}×' for r in ratios)})")
        finally:
            for server in servers:
                server.terminate()
            for server in servers:
                server.wait(timeout=30)

    def _query_counts(self, user, commune):
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        client.get("/api/v1/persons/", {"area": commune, "page_size": 1})  # the session and the unit, read once
        counts = []
        for size in (10, 100):
            with CaptureQueriesContext(connection) as captured:
                response = client.get("/api/v1/persons/", {"area": commune, "page_size": size})
            if response.status_code != 200:  # DEBUG off without localhost in DJANGO_ALLOWED_HOSTS: 400
                raise CommandError(f"/api/v1/persons/ answered {response.status_code} in-process "
                                   f"(DJANGO_DEBUG=true or DJANGO_ALLOWED_HOSTS=localhost)")
            counts.append(len(captured))
        self.stdout.write(f"Số truy vấn của danh sách: {counts[0]} với 10 dòng, {counts[1]} với 100 dòng "
                          f"({'TĂNG theo số dòng' if counts[1] > counts[0] else 'không tăng theo số dòng'})")

    def _wait(self, port, path, token):
        headers = {"Authorization": f"Token {token}"} if token else {}
        for _ in range(100):
            try:
                if _get(http.client.HTTPConnection("127.0.0.1", port, timeout=5), path, headers) == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise CommandError(f"gunicorn on port {port} did not answer {path}")


def _get(conn, path, headers) -> int:
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    response.read()
    return response.status


def _sequential(port, make, headers, n):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    _get(conn, make(), headers)  # warm up
    timings = []
    for _ in range(n):
        path = make()
        started = time.perf_counter()
        status = _get(conn, path, headers)
        timings.append(time.perf_counter() - started)
        if status != 200:
            raise CommandError(f"{path} answered {status}")
    return timings


def _concurrent(port, make, headers, clients, seconds):
    timings, lock, stop = [], threading.Lock(), time.perf_counter() + seconds

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine = []
        while time.perf_counter() < stop:
            started = time.perf_counter()
            _get(conn, make(), headers)
            mine.append(time.perf_counter() - started)
        with lock:
            timings.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(timings), timings
