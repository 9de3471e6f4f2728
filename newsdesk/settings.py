"""Layered settings: shipped defaults, then a user TOML file, then the environment.

``load_settings()`` reads ``default_settings.toml`` from the package, overlays
the user file (only the keys it sets), then ``NEWSDESK_DB`` and
``NEWSDESK_HOME``. Unknown keys are errors, so a typo never silently does
nothing.
"""

from __future__ import annotations

import os
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from newsdesk import __version__
from newsdesk.errors import ConfigError


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StoreSettings(_Section):
    url: str = ""


class FetchSettings(_Section):
    user_agent: str
    connect_timeout: float = Field(gt=0)
    read_timeout: float = Field(gt=0)
    deadline: float = Field(gt=0)
    max_bytes: int = Field(gt=0)
    max_redirects: int = Field(ge=0)
    retries: int = Field(ge=0)
    backoff: float = Field(ge=0)
    max_retry_after: float = Field(ge=0)
    concurrency: int = Field(ge=1)
    per_host: int = Field(ge=1)
    host_interval: float = Field(ge=0)
    respect_robots: bool
    allow_private: bool


class IngestSettings(_Section):
    interval: float = Field(gt=0)
    require_date: bool
    max_future_skew: float = Field(ge=0)
    min_text_chars: int = Field(ge=0)
    batch: int = Field(ge=1)
    retry_delay: float = Field(ge=0)
    extract_processes: int = Field(ge=0)
    pool_min_pages: int = Field(ge=1)
    reprint_threshold: float = Field(gt=0, le=1)
    reprint_window_days: float = Field(gt=0)


class ClusterSettings(_Section):
    window_days: float = Field(gt=0)
    related_days: float = Field(gt=0)
    batch: int = Field(ge=1)


class PublishSettings(_Section):
    base_url: str
    host: str
    port: int = Field(ge=0, le=65535)
    page_size: int = Field(ge=1, le=1000)


class WatchSettings(_Section):
    min_interval: float = Field(ge=0)
    max_interval: float = Field(gt=0)
    default_interval: float = Field(gt=0)
    max_backoff: float = Field(gt=0)


class WriteSettings(_Section):
    """``writer`` and the cascade's limit; each backend's options are a table of their own
    (``[write.openai]``), validated by that backend's ``Options`` when it is made."""

    model_config = ConfigDict(extra="allow", frozen=True)
    writer: str
    max_unsupported: float = Field(ge=0, le=1)

    def options(self, name: str) -> dict[str, Any]:
        value = (self.model_extra or {}).get(name, {})
        if not isinstance(value, dict):
            raise ConfigError(f"[write.{name}] must be a table of options, not {value!r}")
        return value


class Settings(_Section):
    store: StoreSettings
    fetch: FetchSettings
    ingest: IngestSettings
    cluster: ClusterSettings
    publish: PublishSettings
    watch: WatchSettings
    write: WriteSettings
    home: Path

    @property
    def store_url(self) -> str:
        return self.store.url or f"sqlite:///{self.home / 'newsdesk.db'}"


def default_home() -> Path:
    """The data directory: ``$NEWSDESK_HOME`` or the platform's user data dir."""
    env = os.environ.get("NEWSDESK_HOME")
    return Path(env).expanduser() if env else platformdirs.user_data_path("newsdesk")


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from exc
    except OSError as exc:
        raise ConfigError(f"cannot read settings file {path}: {exc.strerror}") from exc


def load_settings(
    config: Path | None = None,
    *,
    home: Path | None = None,
    overrides: dict[str, Any] | None = None,
) -> Settings:
    """Build the effective settings; ``overrides`` (a nested dict) wins over all."""
    home = (home or default_home()).expanduser()
    raw = tomllib.loads(
        resources.files("newsdesk").joinpath("default_settings.toml").read_text("utf-8")
    )
    user_file = config or home / "newsdesk.toml"
    if config is not None and not config.exists():
        raise ConfigError(f"settings file {config} does not exist")
    if user_file.exists():
        raw = _merge(raw, _read_toml(user_file))
    if os.environ.get("NEWSDESK_DB"):
        raw = _merge(raw, {"store": {"url": os.environ["NEWSDESK_DB"]}})
    if overrides:
        raw = _merge(raw, overrides)
    raw["fetch"]["user_agent"] = str(raw["fetch"]["user_agent"]).format(version=__version__)
    try:
        return Settings(home=home, **raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise ConfigError(f"invalid settings ({user_file}): {problems}") from exc
