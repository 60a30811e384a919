"""casebase: an open knowledge base of innovative public-procurement cases."""

__version__ = "0.1.0"
