"""Generated gRPC stubs of lifecue.v1 (``python clients/python/generate.py``); never edited by hand."""
