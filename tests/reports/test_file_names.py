"""Issue 14.10: report file names are unique per site, even for sites named by URL."""

from __future__ import annotations

from reports.files import file_stem


def test_sites_named_by_url_get_files_of_their_own() -> None:
    names = ["127.0.0.1:8771", "127.0.0.1:8772", "a/b", "a:b", "青山市人民政府"]
    stems = [file_stem(n) for n in names]
    assert len(set(stems)) == len(names)
    assert stems[-1] == "青山市人民政府"  # a name that needs no change keeps it
    assert all(not set(s) & set('\\/:*?"<>| ') for s in stems)
