"""newsdesk's extension surface: the hooks a plugin implements (pluggy).

A plugin is a module or object with ``@hookimpl`` functions, registered
through the ``newsdesk`` entry-point group of its package::

    # pyproject.toml of a third-party package
    [project.entry-points.newsdesk]
    mywriter = "mywriter.plugin"

    # mywriter/plugin.py
    from newsdesk.hookspecs import hookimpl

    @hookimpl
    def register_writers(register):
        register(MyWriter)          # a newsdesk.write.backend.Writer subclass

newsdesk's own writers register through the same hook.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pluggy

hookspec = pluggy.HookspecMarker("newsdesk")
hookimpl = pluggy.HookimplMarker("newsdesk")


@hookspec
def register_writers(register: Callable[[type[Any]], None]) -> None:
    """Call ``register(cls)`` for each Writer subclass the plugin provides."""
