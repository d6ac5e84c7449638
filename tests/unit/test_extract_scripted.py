"""Pages whose scripts load or write their content: an empty-looking list there is not judged."""

from __future__ import annotations

import pytest

from auditor.extract.scripted import scripts_write_content


@pytest.mark.parametrize("script", [
    "$.getJSON('/api/list.do', function (rows) { render(rows); });",
    "$.ajax({url: 'list.jsp', success: function (d) { $('#list').html(d); }});",
    "document.write('<li><a href=\"' + u + '\">' + t + '</a></li>');",
    "el.innerHTML = rows.join('');",
    "fetch('/api/news').then(r => r.json());",
    "var xhr = new XMLHttpRequest();",
])
def test_scripts_that_load_or_write_content(script: str) -> None:
    assert scripts_write_content(f"<html><body><ul id='list'></ul><script>{script}</script></body></html>")


@pytest.mark.parametrize("page", [
    "<html><body><ul class='list'></ul><script>var _hmt = _hmt || [];</script></body></html>",  # statistics only
    "<html><body><script src='/js/jquery.js'></script><p>暂无信息</p></body></html>",
    # a Hanweb jpage list is read (datastore and data proxy), not guessed at
    "<html><body><script type='text/xml'><datastore><recordset></recordset></datastore></script>"
    "<script>$('#div').jpage({totalRecord: 0, dataStore: []});document.write('x');</script></body></html>",
])
def test_pages_whose_emptiness_can_be_read(page: str) -> None:
    assert not scripts_write_content(page)
