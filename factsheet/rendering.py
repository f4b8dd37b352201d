"""Where a build's products render: here and in forked worker processes (`--jobs`), or on a
Dask cluster (`--scheduler`). Either way the pipeline gets each product back with its files
and stores it itself."""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from factsheet.products import Product, Rendered, render, render_into
from factsheet.run import Options, Run
from factsheet.workers import mapped
from factsheet.writers import prepare

Rendering = Callable[[list[Product]], Iterator[tuple[Product, Rendered]]]
"""Renders products, giving each back with its files as it finishes."""


def absolute(options: Options) -> Options:
    """The folders as absolute paths, which a cluster's workers, elsewhere, read alike."""
    templates, style = options.templates, options.style
    return replace(
        options,
        content=Path(os.path.abspath(options.content)),
        out=Path(os.path.abspath(options.out)),
        templates=None if templates is None else Path(os.path.abspath(templates)),
        style=None if style is None else Path(os.path.abspath(style)),
    )


@contextlib.contextmanager
def renderer(run: Run, first: Product | None) -> Iterator[Rendering]:
    """The build's rendering: a cluster is reached only once there is something to render,
    and its workers are checked against this machine on `first`'s files."""
    options = run.options
    if options.scheduler is None:

        def here(products: list[Product]) -> Iterator[tuple[Product, Rendered]]:
            if products:  # the rendering libraries load once, here, before any worker forks
                prepare(options.formats)
            made = mapped(render, products, options.jobs, options.time_limit)
            return zip(products, made, strict=True)

        yield here
        return
    from factsheet import cluster

    work = render
    if options.shared_out:
        work = functools.partial(render_into, options.out, options.strict)
    sample = tuple(first.job.files.values()) if first is not None else ()
    with contextlib.ExitStack() as stack:
        reached: list[cluster.Cluster] = []

        def there(products: list[Product]) -> Iterator[tuple[Product, Rendered]]:
            if not products:
                return iter(())
            if not reached:
                shared = options.out if options.shared_out else None
                session = cluster.session(options.scheduler, options.templates, sample, shared)
                reached.append(stack.enter_context(session))
            return reached[0].rendered(work, products, options.time_limit)

        yield there
