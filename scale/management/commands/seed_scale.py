"""Fill the database with realistic trainee records at scale, fast and deterministically.

    python manage.py seed_scale --providers 700 --trainees 1000000 --seed 1 --reset

PostgreSQL loads with COPY, with the list indexes dropped during the load and built
afterwards, then VACUUM ANALYZE. SQLite (for the test suite's small runs) uses batched
inserts. It also creates bench@example.com (password Register-demo-2026), a member of 20
providers (fewer when there are fewer): the first with --bench-hat-size trainees, and
together about --bench-scope trainees. Its roles are mixed as in a real team (the first
provider "manage", the last quarter "view", the rest "edit"), and it is a member of two
training partners whose linked records it sees: one linked to records of its own providers
and of a provider it does not work for, so the list's partner part is measured too.
"""

import random
import sys
import time

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from demo.personas import DEMO_PASSWORD
from edge.database_waits import longer_statement_timeout
from providers.models import Membership, Partnership, Provider, Role
from scale.generator import (
    DEGREE_COLUMNS,
    TRAINEE_COLUMNS,
    TraineeRows,
    make_providers,
    provider_sizes,
)
from trainees.indexes import create_list_indexes, drop_list_indexes
from trainees.models import Degree, Trainee, TrnCounter
from trainees.services import recount_trainees
from trainees.trn import FIRST_TRN

BENCH_EMAIL = "bench@example.com"
BENCH_PROVIDERS = 20
BENCH_PARTNERS = (
    # name, code, UKPRN, the bench user's role there
    ("Bench Teaching School Hub", "BT1", "19000001", Role.EDIT),
    ("Bench Partner Academy", "BT2", "19000002", Role.VIEW),
)
HISTORY_EXCLUDED = {"search_text", "updated_at"}
# Building a million rows' indexes and vacuuming them outlast a web request's statement
# bound (DB_STATEMENT_TIMEOUT); an hour still stops a build that never ends.
SEED_STATEMENT_TIMEOUT = 60 * 60


class Progress:
    """A one-line progress bar on stderr."""

    def __init__(self, total: int, label: str, stream, enabled: bool):
        self.total, self.label, self.stream, self.enabled = total, label, stream, enabled
        self.started = time.monotonic()
        self.shown = -1

    def update(self, done: int) -> None:
        percent = int(done * 100 / self.total) if self.total else 100
        if not self.enabled or percent == self.shown:
            return
        self.shown = percent
        elapsed = max(time.monotonic() - self.started, 1e-6)
        bar = "#" * (percent // 4) + "." * (25 - percent // 4)
        self.stream.write(
            f"\r{self.label} [{bar}] {percent:3d}% {done:,}/{self.total:,} "
            f"{done / elapsed:,.0f} rows/s"
        )
        self.stream.flush()

    def finish(self) -> None:
        if self.enabled:
            self.stream.write("\n")


class Command(BaseCommand):
    help = "Load realistic trainee records at scale (PostgreSQL: COPY) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--providers", type=int, default=700)
        parser.add_argument("--trainees", type=int, default=1_000_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--bench-hat-size", type=int, default=1500)
        parser.add_argument("--bench-scope", type=int, default=30_000)
        parser.add_argument(
            "--no-history",
            action="store_true",
            help="skip the Timeline's 'Record imported' row per trainee",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="delete every provider, membership and trainee first",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        providers_count, total = options["providers"], options["trainees"]
        if providers_count < 2:
            raise CommandError("--providers must be at least 2")
        bench_providers = min(BENCH_PROVIDERS, providers_count - 1)
        hat_size = min(options["bench_hat_size"], total // 4)
        scope = min(options["bench_scope"], int(total * 0.3))
        if scope < hat_size + bench_providers - 1 or total < scope + providers_count:
            raise CommandError("--trainees is too small for the bench user's providers")
        if Trainee.objects.exists() or Provider.objects.exists():
            if not options["reset"]:
                raise CommandError("The database already has providers or trainees: use --reset")
            self.reset()
        started = time.monotonic()
        rng = random.Random(options["seed"])
        now = timezone.now().replace(microsecond=0)
        postgres = connection.vendor == "postgresql"

        providers = self.create_providers(providers_count, rng)
        others = (scope - hat_size) // max(bench_providers - 1, 1)
        fixed = {0: hat_size, **dict.fromkeys(range(1, bench_providers), others)}
        sizes = provider_sizes(total, providers_count, fixed, rng)
        bench = self.create_bench_user(providers[:bench_providers])

        if postgres:
            with connection.cursor() as cursor:
                drop_list_indexes(cursor)
        progress = Progress(total, "trainees", sys.stderr, not options["no_progress"])
        with transaction.atomic(), longer_statement_timeout(SEED_STATEMENT_TIMEOUT):
            loaded = self.load(
                providers,
                sizes,
                rng,
                now,
                bench.pk,
                progress,
                history=not options["no_history"],
                postgres=postgres,
            )
        progress.finish()
        load_seconds = time.monotonic() - started
        self.stdout.write(
            f"Loaded {loaded['trainees']:,} trainees, {loaded['degrees']:,} degrees "
            f"in {load_seconds:.1f} s; building indexes"
        )
        with longer_statement_timeout(SEED_STATEMENT_TIMEOUT):
            partner_linked = self.add_partners(bench, providers, bench_providers)
            self.finish(postgres)
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"seed_scale: {providers_count} providers, {loaded['trainees']:,} trainees "
                f"({loaded['trainees'] / seconds:,.0f} per second) in {seconds:.1f} s. "
                f"{BENCH_EMAIL} works for {bench_providers} providers: {providers[0].name} "
                f"({sizes[0]:,} trainees), {sum(sizes[:bench_providers]):,} in all, and "
                f"for {len(BENCH_PARTNERS)} training partners with {partner_linked:,} "
                "linked records."
            )
        )

    def reset(self):
        # Every record goes, so every TRN is free again: the same seed gives the same TRNs.
        TrnCounter.objects.update_or_create(pk=1, defaults={"last_trn": FIRST_TRN - 1})
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "TRUNCATE trainees_historicaldegree, trainees_historicaltrainee, "
                    "trainees_degree, trainees_trainee, providers_membership, "
                    "providers_provider RESTART IDENTITY CASCADE"
                )
        else:
            Degree.history.all().delete()
            Trainee.history.all().delete()
            Degree.objects.all().delete()
            Trainee.objects.all().delete()
            Membership.objects.all().delete()
            Provider.objects.all().delete()

    def create_providers(self, count, rng):
        specs = make_providers(count, rng)
        Provider.objects.bulk_create(
            [
                Provider(
                    name=s.name, code=s.code, ukprn=s.ukprn, accreditation_id=s.accreditation_id
                )
                for s in specs
            ],
            batch_size=1000,
        )
        by_code = {p.code: p for p in Provider.objects.all()}
        return [by_code[s.code] for s in specs]

    def create_bench_user(self, providers):
        user, created = User.objects.get_or_create(
            email=BENCH_EMAIL, defaults={"first_name": "Bench", "last_name": "Marker"}
        )
        if created or not user.check_password(DEMO_PASSWORD):
            user.password = make_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        Membership.objects.filter(user=user).delete()
        view_from = len(providers) - len(providers) // 4
        Membership.objects.bulk_create(
            [
                Membership(
                    user=user,
                    provider=provider,
                    role=Role.MANAGE
                    if index == 0
                    else Role.VIEW
                    if index >= view_from
                    else Role.EDIT,
                )
                for index, provider in enumerate(providers)
            ]
        )
        return user

    def add_partners(self, bench, providers, bench_providers) -> int:
        """The bench user's two training partners, their partnerships and linked records.

        The first partner works with the bench user's hat provider (drafting allowed) and
        with a provider the user does not work for; the second with its second provider.
        A tenth of the hat provider's and the second provider's records, and half of the
        outside provider's, are linked. Returns how many records are linked in all."""
        hub, academy = Provider.objects.bulk_create(
            [
                Provider(name=name, code=code, ukprn=ukprn, kind=Provider.Kind.TRAINING_PARTNER)
                for name, code, ukprn, _role in BENCH_PARTNERS
            ]
        )
        hat, second, outside = providers[0], providers[1], providers[bench_providers]
        Partnership.objects.bulk_create(
            [
                Partnership(accredited_provider=hat, training_partner=hub, partner_may_draft=True),
                Partnership(accredited_provider=outside, training_partner=hub),
                Partnership(accredited_provider=second, training_partner=academy),
            ]
        )
        Membership.objects.bulk_create(
            [
                Membership(user=bench, provider=partner, role=role)
                for partner, (*_, role) in zip((hub, academy), BENCH_PARTNERS, strict=True)
            ]
        )
        linked = 0
        for provider, partner, every in ((hat, hub, 10), (outside, hub, 2), (second, academy, 10)):
            ids = (
                Trainee.objects.filter(provider=provider)
                .order_by("id")
                .values_list("id", flat=True)
            )
            linked += Trainee.objects.filter(id__in=list(ids[::every])).update(
                training_partner=partner
            )
        return linked

    def load(self, providers, sizes, rng, now, created_by_id, progress, *, history, postgres):
        """Generate every row and write it; returns how many trainees and degrees."""
        generator = TraineeRows(rng, now, created_by_id)
        # Providers' records interleave, as they would after years of use.
        order = [index for index, size in enumerate(sizes) for _ in range(size)]
        rng.shuffle(order)
        numbers = [0] * len(providers)
        next_trn = self.first_free_trn()
        trainees, degrees, histories = [], [], []
        writer = CopyWriter() if postgres else OrmWriter()
        counts = {"trainees": 0, "degrees": 0}
        for row_id, provider_index in enumerate(order, start=1):
            provider = providers[provider_index]
            numbers[provider_index] += 1
            row, needs_degree, start_year = generator.row(
                row_id, provider.pk, provider.code, numbers[provider_index], f"{next_trn:07d}"
            )
            if row[TRN_INDEX] is not None:
                next_trn += 1
            trainees.append(row)
            if needs_degree:
                degrees.append(generator.degree(row_id, start_year))
            if history:
                histories.append(history_row(row, row_id, now, created_by_id))
            if len(trainees) >= 20_000:
                counts["trainees"] += writer.trainees(trainees)
                counts["degrees"] += writer.degrees(degrees)
                writer.history(histories)
                trainees, degrees, histories = [], [], []
                progress.update(counts["trainees"])
        counts["trainees"] += writer.trainees(trainees)
        counts["degrees"] += writer.degrees(degrees)
        writer.history(histories)
        progress.update(counts["trainees"])
        TrnCounter.objects.update_or_create(pk=1, defaults={"last_trn": next_trn - 1})
        return counts

    def first_free_trn(self) -> int:
        counter = TrnCounter.objects.filter(pk=1).first()
        return max(FIRST_TRN, (counter.last_trn + 1) if counter else FIRST_TRN)

    def finish(self, postgres):
        with connection.cursor() as cursor:
            if postgres:
                cursor.execute("SET maintenance_work_mem = '512MB'")
                create_list_indexes(cursor, "postgresql")
                for table in ("trainees_trainee", "trainees_degree", "trainees_historicaltrainee"):
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', "
                        f"'{'history_id' if 'historical' in table else 'id'}'), "
                        f"COALESCE((SELECT MAX({'history_id' if 'historical' in table else 'id'}) "
                        f"FROM {table}), 1))"
                    )
                # Index-only scans need the visibility map; the planner needs statistics.
                for table in (
                    "trainees_trainee",
                    "trainees_degree",
                    "trainees_historicaltrainee",
                    "providers_provider",
                    "providers_membership",
                ):
                    cursor.execute(f"VACUUM ANALYZE {table}")
            else:
                create_list_indexes(cursor, connection.vendor)
        # Once the indexes and statistics are there: before, each provider's count read
        # the whole table (seen: more than ten minutes at a million records).
        recount_trainees()


TRN_INDEX = TRAINEE_COLUMNS.index("trn")
HISTORY_COLUMNS = tuple(c for c in TRAINEE_COLUMNS if c not in HISTORY_EXCLUDED) + (
    "history_date",
    "history_change_reason",
    "history_type",
    "acting_provider_id",
    "history_user_id",
    "history_relation_id",
)
HISTORY_POSITIONS = [i for i, c in enumerate(TRAINEE_COLUMNS) if c not in HISTORY_EXCLUDED]
PROVIDER_INDEX = TRAINEE_COLUMNS.index("provider_id")
CREATED_INDEX = TRAINEE_COLUMNS.index("created_at")


def history_row(row, row_id, now, user_id):
    values = tuple(row[i] for i in HISTORY_POSITIONS)
    return values + (
        row[CREATED_INDEX],
        "Record imported",
        "+",
        row[PROVIDER_INDEX],
        user_id,
        row_id,
    )


class CopyWriter:
    """PostgreSQL COPY, through the connection Django already holds."""

    def _copy(self, table, columns, rows) -> int:
        if not rows:
            return 0
        with connection.cursor() as cursor:
            sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
        return len(rows)

    def trainees(self, rows):
        return self._copy("trainees_trainee", TRAINEE_COLUMNS, rows)

    def degrees(self, rows):
        return self._copy("trainees_degree", DEGREE_COLUMNS, rows)

    def history(self, rows):
        return self._copy("trainees_historicaltrainee", HISTORY_COLUMNS, rows)


class OrmWriter:
    """Batched inserts for other databases (the test suite's SQLite)."""

    def trainees(self, rows):
        objects = [Trainee(**dict(zip(TRAINEE_COLUMNS, row, strict=True))) for row in rows]
        for trainee in objects:
            trainee.disabilities = []
        Trainee.objects.bulk_create(objects, batch_size=500)
        # bulk_create sets auto_now fields to now; put back the generated times.
        updated = TRAINEE_COLUMNS.index("updated_at")
        for trainee, row in zip(objects, rows, strict=True):
            trainee.updated_at = row[updated]
        Trainee.objects.bulk_update(objects, ["updated_at"], batch_size=500)
        return len(objects)

    def degrees(self, rows):
        Degree.objects.bulk_create(
            [Degree(**dict(zip(DEGREE_COLUMNS, row, strict=True))) for row in rows], batch_size=500
        )
        return len(rows)

    def history(self, rows):
        model = Trainee.history.model
        objects = []
        for row in rows:
            values = dict(zip(HISTORY_COLUMNS, row, strict=True))
            values["disabilities"] = []
            objects.append(model(**values))
        model.objects.bulk_create(objects, batch_size=500)
        return len(objects)
