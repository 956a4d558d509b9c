"""The learning centre's pages with 10,000 learners' progress stored, and the two PDFs' render times.

    .venv/bin/python benchmarks/learning_pages.py [--learners 10000] [--requests 200]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tb_learning_bench .venv/bin/python benchmarks/learning_pages.py

It builds its own database (a fresh SQLite file in a temporary folder unless DATABASE_URL is given; the
PostgreSQL database must exist and is migrated and filled), loads the starter curriculum and the readiness
requirements, stores each learner's progress (lessons done, quiz attempts, certificates for those who passed),
then requests each page through Django's full stack in the process (test client: middleware, sessions,
templates; no HTTP server) as a signed-in learner with progress and as an anonymous reader. Times are per
request, after one warm-up request per page; p50 / p95 / max over `--requests` requests. The PDFs: the readiness
gap report of a firm and a certificate of completion, `--pdf-runs` renders each after one warm-up (the first
render imports WeasyPrint and loads the fonts: reported apart).
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def setup(database_url: str | None) -> None:
    var = Path(tempfile.mkdtemp(prefix="tb-learning-bench-"))
    os.environ["TENDERBRIDGE_VAR_DIR"] = str(var)
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{var / 'bench.sqlite3'}"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tenderbridge.settings")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_curriculum", verbosity=0, stdout=open(os.devnull, "w"))


def fill(learners: int) -> tuple[object, object]:
    """Learners with progress; returns (a learner with progress and a certificate, that certificate)."""
    from django.contrib.auth.hashers import make_password

    from tenderbridge.accounts.models import User
    from tenderbridge.learning import services
    from tenderbridge.learning.models import Certificate, Lesson, LessonProgress, Quiz, QuizAttempt

    rng = random.Random(16)
    password = make_password(None)
    User.objects.bulk_create(
        [User(username=f"l{i}@bench.local", email=f"l{i}@bench.local", password=password, full_name=f"学员 {i}")
         for i in range(learners)], batch_size=2000,
    )  # fmt: skip
    users = list(User.objects.filter(email__endswith="@bench.local").order_by("pk"))
    lessons, quizzes = list(Lesson.objects.all()), list(Quiz.objects.all())
    progress, attempts = [], []
    for user in users:
        for lesson in rng.sample(lessons, rng.randint(0, len(lessons))):
            progress.append(LessonProgress(user=user, lesson=lesson))
        for quiz in rng.sample(quizzes, rng.randint(0, 3)):
            passed = rng.random() < 0.6
            attempts.append(QuizAttempt(user=user, quiz=quiz, nonce=f"{user.pk}-{quiz.pk}", answers={}, correct=4,
                                        total=5, score=80 if passed else 40, passed=passed))  # fmt: skip
    LessonProgress.objects.bulk_create(progress, batch_size=5000)
    QuizAttempt.objects.bulk_create(attempts, batch_size=5000)
    Certificate.objects.bulk_create(
        [Certificate(number=services.new_number(), user_id=a.user_id, course=a.quiz.course, name="学员",
                     course_title_en=a.quiz.course.title_en, course_title_zh=a.quiz.course.title_zh)
         for a in QuizAttempt.objects.filter(passed=True).select_related("quiz__course")], batch_size=5000,
        ignore_conflicts=True,
    )  # fmt: skip
    from django.db import connection

    if connection.vendor == "postgresql":  # plans follow the statistics: a bulk load leaves none
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    certificate = Certificate.objects.select_related("user").order_by("pk").first()
    print(f"stored: {len(users):,} learners, {len(progress):,} lessons done, {len(attempts):,} quiz attempts, "
          f"{Certificate.objects.count():,} certificates")  # fmt: skip
    return certificate.user, certificate


def measure(client, path: str, requests: int) -> tuple[float, float, float]:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], times[-1]


def pages(learner, certificate, requests: int) -> None:
    from django.test import Client

    signed_in, anonymous = Client(), Client()
    signed_in.force_login(learner)
    paths = [
        "/zh-hans/learn/", "/en/learn/", "/zh-hans/learn/ungm-registration/",
        "/zh-hans/learn/ungm-registration/documents-and-translation/", "/zh-hans/learn/ungm-registration/quiz/",
        f"/zh-hans/learn/certificates/{certificate.number}/", "/api/v1/learn/courses",
        "/api/v1/learn/courses/ungm-registration/lessons/create-account",
    ]  # fmt: skip
    print(f"\n{'page':72} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}")
    for who, client in (("learner", signed_in), ("anonymous", anonymous)):
        for path in paths:
            if who == "anonymous" and path.endswith("/quiz/"):
                continue
            p50, p95, worst = measure(client, path, requests)
            print(f"{who + ' ' + path:72} {p50:7.1f} {p95:7.1f} {worst:7.1f}")


def pdfs(certificate, runs: int) -> None:
    from django.test import Client

    from tenderbridge.accounts import personas
    from tenderbridge.readiness import services as readiness
    from tenderbridge.suppliers import services as suppliers

    owner = personas.ensure(personas.SUPPLIER_OWNER)
    profile = suppliers.profile_for(owner.organisation)
    suppliers.do_update_company(profile, {"name_en": "Suzhou Medtex Co., Ltd.", "city": "苏州市", "founded_year": 2006})
    readiness.do_start_check(owner.organisation, owner)
    client = Client()
    client.force_login(owner)
    report = "/zh-hans/readiness/report.pdf"
    started = time.perf_counter()
    client.get(report)
    print(f"\nfirst PDF in the process (imports WeasyPrint, loads the fonts): {(time.perf_counter() - started):.2f} s")
    learner = Client()
    learner.force_login(certificate.user)
    for label, who, path in (
        ("readiness gap report (zh-hans)", client, report),
        ("readiness gap report (en)", client, "/en/readiness/report.pdf"),
        ("certificate of completion (zh-hans)", learner, f"/zh-hans/learn/certificates/{certificate.number}/certificate.pdf"),
    ):  # fmt: skip
        who.get(path)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            response = who.get(path)
            times.append((time.perf_counter() - started) * 1000)
        assert response["Content-Type"] == "application/pdf"
        print(f"{label:40} median {statistics.median(times):6.0f} ms  max {max(times):6.0f} ms  "
              f"({len(response.content) / 1024:.0f} KB)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--pdf-runs", type=int, default=10)
    args = parser.parse_args()
    setup(os.environ.get("DATABASE_URL"))
    from django.db import connection

    print(f"database: {connection.vendor}")
    started = time.perf_counter()
    learner, certificate = fill(args.learners)
    print(f"filled in {time.perf_counter() - started:.1f} s")
    pages(learner, certificate, args.requests)
    pdfs(certificate, args.pdf_runs)


if __name__ == "__main__":
    main()
