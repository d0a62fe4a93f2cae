"""Reads about users."""

from functools import cache

from django.db import DEFAULT_DB_ALIAS, connection

from accounts.models import User

_USER_PLACEHOLDER = -7_654_321_456


@cache
def _user_statement() -> tuple[str, tuple, int, tuple[str, ...]]:
    """The signed-in user's read as SQL, compiled by the ORM once per process, where the
    id goes in its parameters, and the columns it reads. Every signed-in request reads
    the user; compiling the query each time was most of that read's time."""
    query = User.objects.filter(pk=_USER_PLACEHOLDER)
    sql, params = query.query.sql_with_params()
    columns = tuple(field.attname for field in User._meta.concrete_fields)
    return sql, params, params.index(_USER_PLACEHOLDER), columns


def user_by_id(user_id) -> User | None:
    """The user with this id, or None."""
    sql, params, slot, columns = _user_statement()
    with connection.cursor() as cursor:
        cursor.execute(sql, (*params[:slot], user_id, *params[slot + 1 :]))
        row = cursor.fetchone()
    return None if row is None else User.from_db(DEFAULT_DB_ALIAS, columns, row)
