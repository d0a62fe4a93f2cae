"""Teacher reference numbers (TRNs).

This is the one place where the national TRN service would be called. Here TRNs come
from a counter row that is locked while a number is taken, so two records submitted at
the same moment can never get the same TRN (and the unique constraint on Trainee.trn
would refuse it if they did).
"""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from trainees.constants import TraineeState
from trainees.models import Trainee, TrnCounter

FIRST_TRN = 3_000_001
LAST_TRN = 9_999_999


class TrnsExhausted(Exception):
    pass


def allocate_trns(count: int = 1) -> list[str]:
    """Take the next ``count`` TRNs. Must run inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate_trns must run inside a transaction")
    counter = TrnCounter.objects.select_for_update().filter(pk=1).first()
    if counter is None:
        # A flushed database (tests) or a restored one: never reuse a TRN already given.
        highest = Trainee.objects.aggregate(highest=Max("trn"))["highest"]
        start = max(int(highest or 0), FIRST_TRN - 1)
        TrnCounter.objects.get_or_create(pk=1, defaults={"last_trn": start})
        counter = TrnCounter.objects.select_for_update().get(pk=1)
    first = counter.last_trn + 1
    last = counter.last_trn + count
    if last > LAST_TRN:
        raise TrnsExhausted("no 7-digit TRNs are left")
    counter.last_trn = last
    counter.save(update_fields=["last_trn"])
    return [f"{number:07d}" for number in range(first, last + 1)]


def request_trn(trainee: Trainee) -> Trainee:
    """Ask for the trainee's TRN; the answer comes back at once here."""
    trainee.trn = allocate_trns(1)[0]
    trainee.state = TraineeState.TRN_RECEIVED
    trainee.trn_received_at = timezone.now()
    trainee._change_reason = "TRN received"
    trainee.save()
    return trainee
