"""Random and malformed form posts: known field names with hostile values, and junk.

A post is a list of (key, value) byte pairs, url-encoded by hand so that anything
(NUL, invalid UTF-8, a 5,000-digit row index) reaches the server as a browser or a
script could send it.
"""

from urllib.parse import quote_from_bytes

from hypothesis import strategies as st

FORM = "application/x-www-form-urlencoded"
HOSTILE = [
    "",
    " ",
    "\x00",
    "on",
    "yes",
    "no",
    "unsure",
    "-1",
    "0",
    "1e308",
    "NaN",
    "9" * 5000,
    "2024-02-30",
    "1900-01-01",
    "9999-12-31",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\u202eevil",
    "%00",
    "Margaret Lee",
]

texts = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(max_codepoint=0xA0), max_size=40),
    st.sampled_from(HOSTILE),
    st.builds(lambda c, n: c * n, st.characters(codec="utf-8"), st.integers(0, 3000)),
)
values = st.one_of(texts.map(lambda t: t.encode()), st.binary(max_size=30))


def row_keys(fields):
    index = st.one_of(
        st.integers(-3, 40).map(str),
        st.sampled_from(["9" * 5000, "00", "٣", "1.5", ""]),
    )
    name = st.sampled_from([*fields, "TOTAL_FORMS", "INITIAL_FORMS", "x"])
    return st.builds(lambda i, f: f"rows-{i}-{f}", index, name)


def keys(fields, row_fields=()):
    choices = [st.sampled_from(sorted(fields)), st.text(max_size=20)]
    if row_fields:
        choices.append(row_keys(row_fields))
        choices.append(st.sampled_from(["rows-TOTAL_FORMS", "rows-INITIAL_FORMS"]))
    return st.one_of(*choices).map(lambda k: k.encode())


def posts(fields, *, valid=None, row_fields=()):
    """Lists of (key, value) pairs: a valid post with random changes, or junk."""
    changes = st.lists(st.tuples(keys(fields, row_fields), values), max_size=25)
    base = [(k.encode(), v.encode()) for k, v in _pairs(valid or {})]
    return st.one_of(changes, changes.map(lambda extra: base + extra))


def _pairs(data):
    for key, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            yield key, str(item)


def body(pairs):
    return "&".join(
        f"{quote_from_bytes(k, safe='')}={quote_from_bytes(v, safe='')}"
        for k, v in pairs
    )
