"""lifecue: life-event-driven personalisation for retail.

This package holds what every part shares: the typed settings (`lifecue.config`),
the exception tree (`lifecue.errors`) and the generated gRPC API (`lifecue.v1`,
produced by `make proto`, never edited by hand).
"""

__version__ = "0.1.0"
