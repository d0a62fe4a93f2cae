"""Querysets compiled to SQL once a process, for the reads every record page makes.

The ORM compiles a queryset to SQL on every evaluation: for a record with its provider,
training partner and history (some 60 columns each), compiling cost more than running
the query and making the objects. A ``CompiledQuery`` compiles once, with placeholder
values standing where the real ones go, and on each call runs that SQL with the real
values, then makes the rows into model instances as the ORM does: the same converters,
the same ``select_related`` objects.
"""

from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models.query import get_related_populators


class CompiledQuery:
    def __init__(self, queryset, placeholders):
        """``placeholders``: the values in ``queryset``'s filters that a call replaces,
        each distinct from every other parameter of the query."""
        compiler = queryset.query.get_compiler(DEFAULT_DB_ALIAS)
        self.sql, params = compiler.as_sql()
        self.params = list(params)
        self.slots = {
            placeholder: [i for i, param in enumerate(self.params) if param == placeholder]
            for placeholder in placeholders
        }
        missing = [placeholder for placeholder, slots in self.slots.items() if not slots]
        if missing:
            raise ValueError(f"placeholders not in the query's parameters: {missing}")
        select, klass_info = compiler.select, compiler.klass_info
        self.model = klass_info["model"]
        fields = klass_info["select_fields"]
        self.own_columns = slice(fields[0], fields[-1] + 1)
        self.init_list = [column[0].target.attname for column in select[self.own_columns]]
        self.related_populators = get_related_populators(klass_info, select, DEFAULT_DB_ALIAS)
        self.converters = list(
            compiler.get_converters([column[0] for column in select[: compiler.col_count]]).items()
        )

    def __call__(self, values: dict) -> list:
        """The instances the query finds with ``values`` (placeholder: value) in place."""
        params = list(self.params)
        for placeholder, value in values.items():
            for slot in self.slots[placeholder]:
                params[slot] = value
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        instances = []
        for row in rows:
            row = list(row)
            for position, (converters, expression) in self.converters:
                value = row[position]
                for converter in converters:
                    value = converter(value, expression, connection)
                row[position] = value
            instance = self.model.from_db(DEFAULT_DB_ALIAS, self.init_list, row[self.own_columns])
            for populator in self.related_populators:
                populator.populate(row, instance)
            instances.append(instance)
        return instances
