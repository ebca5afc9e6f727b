"""mkdocs hooks: wires mkdocs events to the wegweiser package and nothing else.

mkdocs imports this file once per process; after editing the package, restart `mkdocs serve`.
"""
from wegweiser.engine import Build

_build = Build()

on_startup = _build.on_startup
on_config = _build.on_config
on_files = _build.on_files
on_nav = _build.on_nav
on_env = _build.on_env
on_page_markdown = _build.on_page_markdown
on_page_content = _build.on_page_content
on_page_context = _build.on_page_context
on_post_page = _build.on_post_page
on_post_build = _build.on_post_build
on_build_error = _build.on_build_error
on_shutdown = _build.on_shutdown
