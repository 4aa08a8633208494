"""Issue 10: the performance tree, its PDF and its API. Every government role may open them; what each sees is scoped
(a department role its own department, another department's tree 404 — tested in tests/test_tree_pages.py, since the
department is a query parameter the matrix cannot give)."""

from . import everyone

EXPECTED = {
    "tree:page": (None, everyone(200)),
    "tree:pdf": (None, everyone(200)),
    "api-tree": (None, everyone(200, anonymous=401)),
}
