"""Writer backends: one small ABC, validated options, and a plugin registry.

A writer turns a fact sheet into a structured draft in a style. It never
decides what is published: every draft goes through the verifier. Backends
are plugins (``newsdesk.hookspecs``): the built-in ones (``extractive``,
``openai``, ``local``) register through the same hook a third-party package
uses, so adding a writer never means editing newsdesk.

A backend declares its options as a nested pydantic ``Options`` model that
rejects unknown keys; they come from the ``[write.<name>]`` table of the
settings. Secrets are never options: a backend names the environment
variable its key is read from (``key_env``), and the key itself is held
only in memory.
"""

from __future__ import annotations

import importlib
import logging
import threading
from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any, ClassVar

import pluggy
from pydantic import BaseModel, ConfigDict, ValidationError

from newsdesk import hookspecs
from newsdesk.analyze.facts import FactSheet
from newsdesk.errors import ConfigError, NewsdeskError
from newsdesk.write.draft import Draft

log = logging.getLogger(__name__)

BUILTIN_PLUGINS = (
    "newsdesk.write.extractive",
    "newsdesk.write.llm.openai",
    "newsdesk.write.llm.local",
)


class WriterError(NewsdeskError):
    """A writer could not produce a draft (unreachable, bad answer, budget spent …).

    The pipeline catches it and falls back to the extractive writer; the
    message goes into the verification report, so it must never hold a secret.
    """


class Writer(ABC):
    """Realizes a fact sheet as a draft. Subclasses set ``name`` and implement ``write``."""

    name: ClassVar[str]
    # True: the writer states things in its own words, so its drafts get one bounded revision
    # with the verifier's findings (``revise``) and fall back to the extractive writer on failure.
    generative: ClassVar[bool] = False

    class Options(BaseModel):
        model_config = ConfigDict(extra="forbid", frozen=True)

    def __init__(self, options: Options | Mapping[str, Any] | None = None) -> None:
        if isinstance(options, BaseModel):
            self.options = options
        else:
            try:
                self.options = self.Options(**dict(options or {}))
            except ValidationError as exc:
                problems = "; ".join(
                    f"{'.'.join(str(p) for p in e['loc']) or 'options'}: {e['msg']}"
                    for e in exc.errors()
                )
                raise ConfigError(f"[write.{self.name}]: {problems}") from exc

    @property
    def label(self) -> str:
        """How drafts and versions name this writer ("openai:gpt-4o-mini")."""
        return self.name

    @property
    def concurrency(self) -> int:
        """How many drafts the writer may work on at once (a story's styles)."""
        return 1

    @abstractmethod
    def write(self, sheet: FactSheet, style: str) -> Draft:
        """A draft of ``sheet`` in ``style``; raise WriterError when none can be made."""

    def revise(self, sheet: FactSheet, draft: Draft, findings: list[str]) -> Draft:
        """A corrected draft, given what the verifier found wrong with ``draft``."""
        raise WriterError(f"the {self.name} writer cannot revise a draft")

    def close(self) -> None:  # noqa: B027 - optional hook: most writers hold nothing
        """Release what the writer holds (connections, a loaded model)."""


_lock = threading.Lock()
_manager: pluggy.PluginManager | None = None


def plugin_manager() -> pluggy.PluginManager:
    """The plugin manager: built-in writers, then the ``newsdesk`` entry points."""
    global _manager
    with _lock:
        if _manager is None:
            pm = pluggy.PluginManager("newsdesk")
            pm.add_hookspecs(hookspecs)
            for module in BUILTIN_PLUGINS:
                pm.register(importlib.import_module(module), name=module)
            pm.load_setuptools_entrypoints("newsdesk")
            _manager = pm
        return _manager


def writers() -> dict[str, type[Writer]]:
    """Every registered writer backend by name."""
    found: dict[str, type[Writer]] = {}

    def register(cls: type[Any]) -> None:
        if not (isinstance(cls, type) and issubclass(cls, Writer)):
            raise ConfigError(f"a plugin registered {cls!r}, which is not a Writer subclass")
        if cls.name in found and found[cls.name] is not cls:
            raise ConfigError(f"two plugins register a writer named {cls.name!r}")
        found[cls.name] = cls

    plugin_manager().hook.register_writers(register=register)
    return found


def get_writer(name: str, options: Mapping[str, Any] | None = None) -> Writer:
    """An instance of the writer ``name`` with its options validated."""
    known = writers()
    if name not in known:
        raise ConfigError(f"unknown writer {name!r}: choose one of {', '.join(sorted(known))}")
    return known[name](options)
