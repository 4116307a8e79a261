"""The pieces of imgpipe's benchmark harness; bench/driver.py is the entry point."""
