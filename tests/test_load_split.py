"""scripts/load.py --model split, in miniature: its simulated users of a split deployment,
run against a live test server, find out their model, take every research step (the
chooser's helper, moving a draft, a refused form, feedback), and their events fill the
dashboard that the run saves. The full run (nginx, gunicorn, PostgreSQL, seed_scale and a
minute of users) is too slow for the suite; this runs the same users in seconds."""

import random
import sys
from pathlib import Path

import pytest

from research.models import Feedback, UsageEvent
from tests.factories import ProviderFactory, member_of
from tests.research.conftest import pin
from tests.routes import make_record
from trainees.models import Trainee

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
import load  # noqa: E402


class EveryStep(random.Random):
    """Takes every optional step (each is "if rng.random() < share"); choices stay seeded."""

    def random(self):
        return 0.0


class FirstChoice(random.Random):
    def choice(self, seq):
        return seq[0]


@pytest.fixture
def split_server(settings, live_server, transactional_db):
    settings.PROVIDER_MODEL = "split"
    settings.RESEARCH_EVENTS = True
    settings.DEMO_MODE = False
    providers = [ProviderFactory() for _ in range(3)]
    for provider in providers:
        make_record(provider, "trn_received")
    for email, model in (("hat@example.com", "hat"), ("blended@example.com", "blended")):
        pin(member_of(*providers, email=email, password=load.PASSWORD), model)
    researcher = member_of(
        providers[0], email=load.RESEARCHER, password=load.PASSWORD, is_staff=True
    )
    pin(researcher, "hat")
    return live_server.url, providers


def test_split_users_take_every_research_step_and_fill_the_dashboard(
    split_server, monkeypatch, tmp_path
):
    split_server, _ = split_server
    monkeypatch.setattr(load.VirtualUser, "think", lambda self: None)
    stats = load.Stats()
    users = [
        load.VirtualUser(split_server, email, "auto", stats, float("inf"), EveryStep(seed))
        for seed, email in enumerate(("hat@example.com", "blended@example.com"))
    ]
    for user in users:
        assert user.sign_in()
        user.journey()
    assert [user.model for user in users] == ["hat", "blended"]
    assert stats.failures == []
    assert stats.server_errors == 0
    # Each user's draft was moved, then filled in and registered.
    assert len(stats.acknowledged) == 2
    drafts = Trainee.objects.filter(public_id__in=stats.acknowledged)
    assert all(draft.trn for draft in drafts)

    events = UsageEvent.objects.all()
    hat_switches = {
        event.detail["source"] for event in events.filter(kind="provider_chosen", model="hat")
    }
    assert {"chooser", "header", "after_move", "stale_form"} <= hat_switches
    assert not events.filter(kind="provider_chosen", model="blended").exists()
    moved = events.filter(kind="record_moved", detail__mover="provider_user")
    assert sorted(moved.values_list("model", flat=True)) == ["blended", "hat"]
    assert events.filter(kind="stale_form_choice", model="hat").exists()
    assert events.filter(kind="list_viewed", model="blended", detail__providers=1).exists()
    assert sorted(Feedback.objects.values_list("model", flat=True)) == ["blended", "hat"]

    saved = load.save_research_figures(split_server, tmp_path)
    users_row = {row["group"]: row["value"] for row in saved["csv"] if row["figure"] == "users"}
    # The researcher's own sign-in is a hat user's too, as in a real run.
    assert users_row == {"hat": "2", "blended": "1"}
    assert saved["charts"]
    assert all((tmp_path / f"{key}.svg").is_file() for key in saved["charts"])


def test_the_chooser_helper_prefers_avoids_and_posts_the_choice(split_server):
    """VirtualUser.choose_provider, the one way the users pick on the chooser page (sign
    in, a change of provider, before a refused form): with an rng that would take the
    first provider offered, ``prefer`` and ``avoid`` decide."""
    base, (first, second, third) = split_server
    user = load.VirtualUser(base, "hat@example.com", "hat", load.Stats(), 0, FirstChoice())
    user.provider_id = third.pk
    assert user.sign_in()
    chosen = UsageEvent.objects.filter(kind="provider_chosen").order_by("pk")
    assert chosen.last().detail["to_provider"] == third.pk
    assert user.choose_provider("change provider").status_code == 302
    assert chosen.last().detail["to_provider"] == first.pk
    assert user.choose_provider("change provider", avoid=str(first.pk)).status_code == 302
    assert chosen.last().detail == {
        "source": "header",
        "from_provider": first.pk,
        "to_provider": second.pk,
    }
    assert user.stats.failures == []
