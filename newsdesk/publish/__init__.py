"""Readers meet newsdesk here: the website, the JSON API, the Atom and JSON feeds, the static
export, and what changed between two versions of a developing story."""
