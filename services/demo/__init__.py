"""The demo that ``lifecue up`` runs: seeded data loaded through the real gRPC API.

Each step is a module of this package with a ``TITLE`` and a ``run(ctx)`` that talks to
the server only through stubs on ``ctx.channel`` and returns lines for the summary.
`steps.STEPS` fixes the order.
"""
