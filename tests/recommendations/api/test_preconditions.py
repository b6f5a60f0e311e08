"""If-Match on its own: which headers let a write through, and with which versions for the check under the lock."""

from types import SimpleNamespace

import pytest

from recommendations.api.preconditions import (
    MALFORMED,
    PreconditionFailed,
    PreconditionRequired,
    etag,
    expected_version,
)

ITEM = SimpleNamespace(pk=5, version=2)


def _expected(header):
    return expected_version(SimpleNamespace(headers={} if header is None else {"If-Match": header}), ITEM)


def test_the_etag_is_the_items_id_and_version_quoted():
    assert etag(ITEM) == '"5-2"'


@pytest.mark.parametrize("header", [None, "", " \t "])
def test_no_if_match_is_428(header):
    with pytest.raises(PreconditionRequired):
        _expected(header)


@pytest.mark.parametrize("header", ["*", " * "])
def test_a_star_accepts_whatever_version_is_current(header):
    assert _expected(header) is None


@pytest.mark.parametrize(
    ("header", "versions"),
    [
        ('"5-2"', {2}),
        (' "5-2" ', {2}),
        ('"5-1", "5-2"', {1, 2}),  # every listed version of this item goes on to the check under the lock
        ('"4-2", "5-2", W/"5-1"', {2}),  # another item's tag and a weak one are not versions of this item
        (',"5-2",,', {2}),
    ],
)
def test_a_list_with_the_current_tag_passes_with_the_versions_it_names(header, versions):
    assert _expected(header) == frozenset(versions)


@pytest.mark.parametrize(
    "header",
    [
        '"5-1"',  # stale
        '"5-3"',  # not yet
        'W/"5-2"',  # weak: If-Match compares strongly
        '"4-2"',  # another item
        '"15-2"',
        '"5-02"',
        '"5-2x"',
        '"5-' + "9" * 20 + '"',
    ],
)
def test_a_tag_list_without_the_current_tag_is_412(header):
    with pytest.raises(PreconditionFailed) as failed:
        _expected(header)
    assert str(failed.value.detail) != MALFORMED


@pytest.mark.parametrize("header", ["5-2", '"5-2', "'5-2'", '"5-2" "5-2"', "**", 'w/"5-2"', '"5-2";', '"5-2 "'])
def test_a_malformed_if_match_is_412_saying_so(header):
    with pytest.raises(PreconditionFailed) as failed:
        _expected(header)
    assert str(failed.value.detail) == MALFORMED
