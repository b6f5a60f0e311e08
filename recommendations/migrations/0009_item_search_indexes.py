"""Indexes for searching items by words, on PostgreSQL only (``recommendations.search``).

A search looks for each word in the quote and the two summaries with ``icontains``, which Django
writes on PostgreSQL as ``UPPER("col"::text) LIKE UPPER('%word%')``: a B-tree cannot serve a
pattern with a leading wildcard, and without these indexes every search reads the whole table
(1.4 s at a million items).

- Trigrams (pg_trgm, GIN) of that very expression, ``UPPER(col)`` (the cast of a text column to
  text is no cast): a word of three characters or more, in either language (on a C.UTF-8 cluster
  pg_trgm counts CJK ideographs as word characters).
- Two characters have no trigram, and two-character words are most of what is searched in Chinese:
  a GIN index of the pairs of adjacent CJK ideographs in the three columns, ``item_cjk_bigrams``,
  which ``search`` asks with ``@> ARRAY[word]`` beside the LIKE. Only ideographs: they have no case,
  so UPPER changes none of them and the pair index agrees with the LIKE.

SQLite (the embedded default) has none of this: its searches stay a scan of a small table. The
model's state is untouched, so ``makemigrations`` sees nothing to add on either database.
"""

from django.db import migrations

COLUMNS = ("quote", "summary", "summary_zh")
IDEOGRAPHS = r"[\u3400-\u9fff\uf900-\ufaff]"  # CJK Unified Ideographs, Extension A, Compatibility

# The distinct pairs of adjacent ideographs in the texts: runs of two or more, then each pair in
# them (the regular expression skips the texts without any, most English ones, at once).
BIGRAMS = rf"""
CREATE OR REPLACE FUNCTION item_cjk_bigrams(VARIADIC texts text[]) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT coalesce(array_agg(DISTINCT substr(run[1], i, 2)), '{{}}')
  FROM unnest(texts) AS t(text),
       regexp_matches(t.text, '{IDEOGRAPHS}{{2,}}', 'g') AS run,
       generate_series(1, length(run[1]) - 1) AS i
$$
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # Trusted since PostgreSQL 13: the database's owner may create it without being a superuser.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS item_{column}_trgm_idx "
            f'ON recommendations_item USING gin (UPPER("{column}") gin_trgm_ops)'
        )
    schema_editor.execute(BIGRAMS)
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS item_cjk_bigrams_idx "
        "ON recommendations_item USING gin (item_cjk_bigrams(quote, summary, summary_zh))"
    )
    # An expression index has no statistics until the table is analysed: without them the planner
    # takes a frequent pair for a rare one.
    schema_editor.execute("ANALYZE recommendations_item")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS item_{column}_trgm_idx")
    schema_editor.execute("DROP INDEX IF EXISTS item_cjk_bigrams_idx")
    schema_editor.execute("DROP FUNCTION IF EXISTS item_cjk_bigrams(VARIADIC text[])")


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0008_item_quotes"),
    ]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
    ]
