"""newsdesk: scan breaking news, group it into stories, write cited articles."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
